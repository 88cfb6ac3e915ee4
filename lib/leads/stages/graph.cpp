#include <leads/stages/graph.hpp>

#include <leads/text/did_you_mean.hpp>

#include <fmt/format.h>

namespace leads::stages {

StageGraph::StageGraph(std::span<const config::Stage> stages)
    : m_stages(stages.begin(), stages.end()), m_next(stages.size()),
      m_allowed(stages.size() * stages.size(), false) {
  for (const config::Stage& stage : m_stages) {
    m_names.push_back(stage.name);
  }
  for (std::size_t from = 0; from < m_stages.size(); ++from) {
    for (const std::string& to_name : m_stages[from].next) {
      // The config loader has checked that next: names stages; a graph built
      // from anything else ignores the names it does not know.
      if (std::optional<std::size_t> to = find(to_name)) {
        m_next[from].push_back(*to);
        m_allowed[from * size() + *to] = true;
      }
    }
  }
}

std::optional<std::size_t> StageGraph::find(std::string_view name) const {
  for (std::size_t i = 0; i < m_names.size(); ++i) {
    if (m_names[i] == name) {
      return i;
    }
  }
  return std::nullopt;
}

bool StageGraph::has_reached(std::size_t current, std::size_t stage) const {
  if (current == stage) {
    return true;
  }
  return !is_exit(current) && !is_exit(stage) && current > stage;
}

MoveCheck StageGraph::check_move(std::string_view from, std::string_view to) const {
  const std::optional<std::size_t> source = current(from);
  if (!source) {
    return {MoveVerdict::unknown_stage,
            fmt::format("current stage '{}' is not in stages:{}", from, text::did_you_mean(from, m_names))};
  }
  const std::optional<std::size_t> target = find(to);
  if (!target) {
    return {MoveVerdict::unknown_stage, unknown_stage_message(to)};
  }
  if (*source == *target) {
    return {MoveVerdict::no_change, {}};
  }
  if (allows(*source, *target)) {
    return {MoveVerdict::allowed, {}};
  }
  std::string choices;
  for (std::size_t next_stage : next(*source)) {
    choices += fmt::format("{}{}", choices.empty() ? "" : ", ", name(next_stage));
  }
  return {MoveVerdict::refused,
          fmt::format("{} -> {} is not a move stages: allows ({} may go to {}); use --force to override",
                      name(*source), name(*target), name(*source),
                      choices.empty() ? "no other stage" : choices)};
}

std::string StageGraph::unknown_stage_message(std::string_view name) const {
  return fmt::format("unknown stage '{}'{}", name, text::did_you_mean(name, m_names));
}

std::string StageGraph::names_text() const {
  return fmt::format("{}", fmt::join(m_names, ", "));
}

} // namespace leads::stages
