#include <leads/report/stage_set.hpp>

#include <leads/error.hpp>

#include <fmt/format.h>

namespace leads::report::detail {

StageSet::StageSet(const config::Config& config) {
  if (config.stages.size() > k_max_stages) {
    throw Error(ErrorKind::config,
                fmt::format("leads.yaml has {} stages; a report can follow at most {}", config.stages.size(),
                            k_max_stages),
                config.source, config.stages[k_max_stages].mark.line, config.stages[k_max_stages].mark.column,
                "merge some stages");
  }
  const std::size_t n = config.stages.size();
  m_lookup.fill(k_no_stage);
  for (std::size_t i = 0; i < n; ++i) {
    const config::Stage& stage = config.stages[i];
    std::uint8_t& slot = m_lookup[hash(stage.name)];
    slot = slot == k_no_stage ? static_cast<std::uint8_t>(i) : k_pending_stage;
    info.push_back({stage.name, stage.won, stage.exit, false});
    won |= stage.won ? bit(static_cast<std::uint8_t>(i)) : 0;
    exit |= stage.exit ? bit(static_cast<std::uint8_t>(i)) : 0;
  }
  for (std::size_t i = 0; i < n; ++i) {
    const config::Stage& stage = config.stages[i];
    bool only_exits = stage.exit;
    for (const std::string& next : stage.next) {
      const std::uint8_t to = find(next);
      only_exits = only_exits && to != k_no_stage && (exit & bit(to)) != 0;
    }
    info[i].lost = only_exits;
    lost |= only_exits ? bit(static_cast<std::uint8_t>(i)) : 0;
  }
  reach.assign(n, 0);
  before.assign(n, k_no_stage);
  std::uint8_t previous = k_no_stage;
  for (std::size_t i = 0; i < n; ++i) {
    const auto index = static_cast<std::uint8_t>(i);
    if (info[i].exit) {
      reach[i] = bit(index);
      continue;
    }
    for (std::size_t j = i; j < n; ++j) {
      reach[i] |= info[j].exit ? 0 : bit(static_cast<std::uint8_t>(j));
    }
    // A won stage reaches every stage that is not won (however the stages are
    // ordered); a won stage itself is reached only by it or a later one.
    reach[i] |= info[i].won ? 0 : won;
    before[i] = previous;
    previous = index;
  }
  // Stages that only won stages lead to (churned): their leads have won
  // already, so "won" after them says nothing.
  std::vector<int> ways_in(n, 0);
  std::vector<int> ways_in_from_won(n, 0);
  for (std::size_t i = 0; i < n; ++i) {
    for (const std::string& next : config.stages[i].next) {
      if (const std::uint8_t to = find(next); to != k_no_stage) {
        ++ways_in[to];
        ways_in_from_won[to] += info[i].won ? 1 : 0;
      }
    }
  }
  std::vector<bool> after_win(n);
  for (std::size_t i = 0; i < n; ++i) {
    after_win[i] = !info[i].won && ways_in[i] > 0 && ways_in[i] == ways_in_from_won[i];
  }
  for (std::size_t i = 0; i < n; ++i) {
    if (!info[i].exit) {
      for (std::size_t j = i + 1; j < n; ++j) {
        if (!info[j].exit) {
          conversion.push_back({i, {Target::Kind::stage, j}});
          break;
        }
      }
    }
    if (!info[i].won && !after_win[i]) {
      conversion.push_back({i, {Target::Kind::won, 0}});
    }
  }
  for (std::size_t j = 0; j < n; ++j) {
    if (before[j] != k_no_stage) {
      velocity.push_back({before[j], {Target::Kind::stage, j}});
    }
  }
  for (std::size_t i = 0; i < n; ++i) {
    if (!info[i].won && !after_win[i]) {
      velocity.push_back({i, {Target::Kind::won, 0}});
    }
  }
  for (std::size_t i = 0; i < n; ++i) {
    if (!info[i].won && !info[i].lost && !after_win[i]) {
      velocity.push_back({i, {Target::Kind::closed, 0}});
    }
  }
}

std::uint8_t StageSet::find_slowly(std::string_view name) const {
  for (std::size_t i = 0; i < info.size(); ++i) {
    if (info[i].name == name) {
      return static_cast<std::uint8_t>(i);
    }
  }
  return k_no_stage;
}

bool StageSet::reached(std::uint32_t entered, const Target& target) const {
  switch (target.kind) {
  case Target::Kind::stage:
    return (entered & reach[target.stage]) != 0;
  case Target::Kind::won:
    return (entered & won) != 0;
  case Target::Kind::closed:
    return (entered & (won | lost)) != 0;
  }
  return false;
}

} // namespace leads::report::detail
