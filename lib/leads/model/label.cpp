#include <leads/model/label.hpp>

#include <leads/normalize/text.hpp>

#include <algorithm>
#include <array>

namespace leads::model {

namespace {

bool equals_ignoring_case(std::string_view a, std::string_view lower) {
  return a.size() == lower.size() && text::starts_with_ignoring_case(a, lower);
}

} // namespace

std::optional<bool> label_from_text(std::string_view cell) {
  cell = text::trim(cell);
  constexpr std::array<std::string_view, 3> k_true = {"1", "true", "yes"};
  constexpr std::array<std::string_view, 3> k_false = {"0", "false", "no"};
  for (std::string_view word : k_true) {
    if (equals_ignoring_case(cell, word)) {
      return true;
    }
  }
  for (std::string_view word : k_false) {
    if (equals_ignoring_case(cell, word)) {
      return false;
    }
  }
  return std::nullopt;
}

std::optional<bool> label_from_stages(const config::Config& config, std::string_view current_stage,
                                      bool ever_won) {
  const config::Stage* stage = config.find_stage(text::trim(current_stage));
  if (ever_won || (stage != nullptr && stage->won)) {
    return true;
  }
  if (stage == nullptr || !stage->exit) {
    return std::nullopt;
  }
  const bool dead_end = std::all_of(stage->next.begin(), stage->next.end(), [&](const std::string& next) {
    const config::Stage* to = config.find_stage(next);
    return to != nullptr && to->exit;
  });
  return dead_end ? std::optional<bool>(false) : std::nullopt;
}

} // namespace leads::model
