#pragma once

#include <leads/config/config.hpp>

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace leads::stages {

// What check_move() says of a move.
enum class MoveVerdict {
  allowed,       // next: lists it
  no_change,     // the lead is already there
  refused,       // next: does not list it (--force overrides)
  unknown_stage, // either stage is not in stages: (nothing overrides)
};

// A verdict with the words that explain it (empty for allowed and no_change).
struct MoveCheck {
  MoveVerdict verdict = MoveVerdict::allowed;
  std::string message;
};

// The funnel of leads.yaml's `stages:` as a graph. A stage is named by its
// index, which is its place in stages: (the order reports count "reached" by).
class StageGraph {
public:
  explicit StageGraph(std::span<const config::Stage> stages);
  explicit StageGraph(const config::Config& config) : StageGraph(config.stages) {}

  std::size_t size() const { return m_stages.size(); }
  // The index of the stage called name, or nullopt.
  std::optional<std::size_t> find(std::string_view name) const;
  // The stage a lead's stage column puts it in: empty counts as the first stage.
  std::optional<std::size_t> current(std::string_view stage_column) const {
    return stage_column.empty() ? std::optional<std::size_t>(first()) : find(stage_column);
  }
  // Where a new lead starts.
  std::size_t first() const { return 0; }

  const std::string& name(std::size_t stage) const { return m_stages[stage].name; }
  // "marketing", "sales" or "" (an exit that belongs to nobody).
  const std::string& side(std::size_t stage) const { return m_stages[stage].side; }
  bool is_won(std::size_t stage) const { return m_stages[stage].won; }
  bool is_exit(std::size_t stage) const { return m_stages[stage].exit; }
  // Neither won nor exit: a lead here is still being worked (a rep's open load).
  bool is_open(std::size_t stage) const { return !is_won(stage) && !is_exit(stage); }
  // Whether a move into the stage must say why (`reason: required`).
  bool needs_reason(std::size_t stage) const { return m_stages[stage].reason_required; }

  // The stages next: allows from `from`, in the order written.
  std::span<const std::size_t> next(std::size_t from) const { return m_next[from]; }
  bool allows(std::size_t from, std::size_t to) const { return m_allowed[from * size() + to]; }

  // Whether a lead now in `current` has reached `stage`, for reports: a later
  // non-exit stage has reached every earlier non-exit one; an exit stage is
  // counted apart and reaches only itself.
  bool has_reached(std::size_t current, std::size_t stage) const;

  // Whether a lead in stage `from` (empty: the first stage) may move to `to`:
  // "mql -> customer is not a move stages: allows (mql may go to sal, recycled,
  // disqualified); use --force to override", or an unknown stage with a
  // did-you-mean.
  MoveCheck check_move(std::string_view from, std::string_view to) const;

  // "unknown stage 'custmer'; did you mean 'customer'?"
  std::string unknown_stage_message(std::string_view name) const;
  // "new, engaged, mql, ...": every stage, in order, for hints.
  std::string names_text() const;

private:
  std::vector<config::Stage> m_stages;
  std::vector<std::string> m_names;
  std::vector<std::vector<std::size_t>> m_next;
  std::vector<bool> m_allowed; // size() x size(), row = from
};

} // namespace leads::stages
