#include <leads/scoring/promotion.hpp>

#include <leads/expr/functions.hpp>
#include <leads/normalize/text.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace leads::scoring {

Promotion decide_promotion(std::string_view current_stage, std::string_view do_not_contact, bool qualifies,
                           const config::Config& config, std::optional<std::int64_t> stage_at,
                           std::optional<std::int64_t> latest_activity) {
  const std::string& target = config.scoring.mql_stage;
  if (!qualifies) {
    return {PromotionOutcome::not_qualified, {}};
  }
  if (expr::truthy_text(text::trim(do_not_contact))) {
    return {PromotionOutcome::do_not_contact, {}};
  }
  current_stage = text::trim(current_stage);
  const config::Stage* stage = current_stage.empty()
                                   ? (config.stages.empty() ? nullptr : &config.stages.front())
                                   : config.find_stage(current_stage);
  if (stage == nullptr) {
    return {PromotionOutcome::unknown_stage, {}};
  }
  if (stage->name == target) {
    return {PromotionOutcome::already_there, {}};
  }
  if (std::find(stage->next.begin(), stage->next.end(), target) == stage->next.end()) {
    return {PromotionOutcome::not_allowed, {}};
  }
  if (stage->exit && stage_at && !(latest_activity && *latest_activity > *stage_at)) {
    return {PromotionOutcome::no_new_engagement, {}};
  }
  return {PromotionOutcome::promoted, target};
}

std::vector<EventText> score_events(const PreviousScore& before, const Result& now,
                                    const Promotion& promotion, const RuleSet& rules) {
  std::vector<EventText> out;
  const std::optional<Points> old_score = parse_points(before.score);
  const std::optional<Points> old_fit = parse_points(before.fit);
  const bool qualified =
      old_score && old_fit && *old_score >= rules.mql_score() && *old_fit >= rules.mql_min_fit();
  const std::string_view old_grade = text::trim(before.grade);
  if (old_grade != now.grade || qualified != now.qualifies) {
    std::string note =
        old_score ? fmt::format("score {} -> {}", format_points(*old_score), format_points(now.score))
                  : fmt::format("score {}", format_points(now.score));
    if (qualified != now.qualifies) {
      note += now.qualifies ? "; qualifies" : "; no longer qualifies";
    }
    out.push_back({"score", std::string(old_grade), std::string(now.grade), std::move(note)});
  }
  if (promotion.promoted()) {
    out.push_back({"stage", std::string(text::trim(before.stage)), std::string(promotion.to),
                   fmt::format("score {} >= {} and fit {} >= {}", format_points(now.score),
                               format_points(rules.mql_score()), format_points(now.fit),
                               format_points(rules.mql_min_fit()))});
  }
  return out;
}

} // namespace leads::scoring
