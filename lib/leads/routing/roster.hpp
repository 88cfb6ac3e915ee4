#pragma once

#include <leads/config/config.hpp>
#include <leads/routing/calendar.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace leads::routing {

// How a team shares its leads among its reps (routing.teams[].strategy).
enum class Strategy { round_robin, weighted, least_loaded };
std::string_view strategy_name(Strategy strategy);

// A rep of routing.reps, resolved for routing.
struct RosterRep {
  std::string name;
  std::size_t team = 0;
  // The rep's weight within its team, as the smallest whole numbers in the
  // same ratio as the weights of leads.yaml (2 and 1 stay; 1.5 and 1 are 3 and 2).
  std::uint64_t share = 1;
  std::optional<int> capacity_per_day; // unset: no limit
  AwayDays away;
};

// A team of routing.teams, with its reps in the order of routing.reps.
struct RosterTeam {
  std::string name;
  Strategy strategy = Strategy::round_robin;
  std::vector<std::size_t> reps;
  // weighted: the number of leads in which every rep gets exactly its share,
  // the sum of the reps' shares.
  std::uint64_t cycle = 1;
};

// The reps and teams of routing:, by index (reps in the order of routing.reps,
// which is the order ties go by).
class Roster {
public:
  explicit Roster(const config::Routing& routing);

  const std::vector<RosterRep>& reps() const { return m_reps; }
  const std::vector<RosterTeam>& teams() const { return m_teams; }
  std::optional<std::size_t> find_rep(std::string_view name) const;
  std::optional<std::size_t> find_team(std::string_view name) const;

private:
  std::vector<RosterRep> m_reps;
  std::vector<RosterTeam> m_teams;
};

} // namespace leads::routing
