#include <leads/routing/roster.hpp>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace leads::routing {

namespace {

// The most leads a weighted team's cycle may span: weights with more digits
// than that are rounded instead (see shares()).
constexpr std::uint64_t k_max_cycle = 1000;

// Weights as the smallest whole numbers in the same ratio, read to three
// decimals (2:1 stays 2:1, 1.5:1 becomes 3:2, 0.5:0.25 becomes 2:1). When
// that would make a cycle longer than k_max_cycle (0.333:1 is 333:1000), the
// smallest weight becomes 1 and the others are rounded to whole numbers.
std::vector<std::uint64_t> shares(const std::vector<double>& weights) {
  std::vector<std::uint64_t> out;
  std::uint64_t divisor = 0;
  for (double weight : weights) {
    out.push_back(std::max<std::uint64_t>(1, static_cast<std::uint64_t>(std::llround(weight * 1000))));
    divisor = std::gcd(divisor, out.back());
  }
  std::uint64_t sum = 0;
  for (std::uint64_t& share : out) {
    share /= divisor;
    sum += share;
  }
  if (sum <= k_max_cycle) {
    return out;
  }
  const double smallest = *std::min_element(weights.begin(), weights.end());
  for (std::size_t i = 0; i < weights.size(); ++i) {
    const double scaled = std::min(static_cast<double>(k_max_cycle), weights[i] / smallest);
    out[i] = std::max<std::uint64_t>(1, static_cast<std::uint64_t>(std::llround(scaled)));
  }
  return out;
}

Strategy parse_strategy(std::string_view name) {
  if (name == "weighted") {
    return Strategy::weighted;
  }
  if (name == "least_loaded") {
    return Strategy::least_loaded;
  }
  return Strategy::round_robin;
}

} // namespace

std::string_view strategy_name(Strategy strategy) {
  switch (strategy) {
  case Strategy::weighted:
    return "weighted";
  case Strategy::least_loaded:
    return "least_loaded";
  case Strategy::round_robin:
    break;
  }
  return "round_robin";
}

Roster::Roster(const config::Routing& routing) {
  for (const config::Team& team : routing.teams) {
    m_teams.push_back({team.name, parse_strategy(team.strategy), {}, 1});
  }
  std::vector<double> rep_weights; // beside m_reps
  for (const config::Rep& rep : routing.reps) {
    // The loader has checked that every rep's team is defined.
    const std::optional<std::size_t> team = find_team(rep.team);
    if (!team) {
      continue;
    }
    m_teams[*team].reps.push_back(m_reps.size());
    m_reps.push_back({rep.name, *team, 1, rep.capacity_per_day, AwayDays(rep.away)});
    rep_weights.push_back(rep.weight);
  }
  for (RosterTeam& team : m_teams) {
    std::vector<double> weights;
    for (std::size_t rep : team.reps) {
      weights.push_back(rep_weights[rep]);
    }
    if (weights.empty()) {
      continue;
    }
    const std::vector<std::uint64_t> team_shares = shares(weights);
    team.cycle = 0;
    for (std::size_t i = 0; i < team.reps.size(); ++i) {
      m_reps[team.reps[i]].share = team_shares[i];
      team.cycle += team_shares[i];
    }
  }
}

std::optional<std::size_t> Roster::find_rep(std::string_view name) const {
  for (std::size_t i = 0; i < m_reps.size(); ++i) {
    if (m_reps[i].name == name) {
      return i;
    }
  }
  return std::nullopt;
}

std::optional<std::size_t> Roster::find_team(std::string_view name) const {
  for (std::size_t i = 0; i < m_teams.size(); ++i) {
    if (m_teams[i].name == name) {
      return i;
    }
  }
  return std::nullopt;
}

} // namespace leads::routing
