#include <leads/scoring/promotion.hpp>

#include <leads/config/config.hpp>

#include <doctest/doctest.h>

using leads::scoring::decide_promotion;
using leads::scoring::EventText;
using leads::scoring::PromotionOutcome;
using leads::scoring::Result;
using leads::scoring::RuleSet;
using leads::scoring::score_events;

TEST_SUITE_BEGIN("scoring");

TEST_CASE("scoring::decide_promotion") {
  const leads::config::Config& config = leads::config::defaults();
  auto outcome = [&](std::string_view stage, std::string_view dnc = "", bool qualifies = true) {
    return decide_promotion(stage, dnc, qualifies, config).outcome;
  };

  SUBCASE("a qualifying lead moves when the graph allows") {
    const auto promotion = decide_promotion("engaged", "false", true, config);
    CHECK(promotion.promoted());
    CHECK(promotion.to == "mql");
    CHECK(outcome("new") == PromotionOutcome::promoted);
    CHECK(outcome("recycled") == PromotionOutcome::promoted); // recycled: next [engaged, mql]
    CHECK(outcome("") == PromotionOutcome::promoted);         // empty: the first stage, new
    CHECK(outcome(" new ") == PromotionOutcome::promoted);
  }

  SUBCASE("and stays otherwise") {
    CHECK(outcome("engaged", "", false) == PromotionOutcome::not_qualified);
    CHECK(outcome("engaged", "true") == PromotionOutcome::do_not_contact);
    CHECK(outcome("engaged", "Yes") == PromotionOutcome::do_not_contact);
    CHECK(outcome("mql") == PromotionOutcome::already_there);
    CHECK(outcome("sal") == PromotionOutcome::not_allowed); // never demoted
    CHECK(outcome("customer") == PromotionOutcome::not_allowed);
    CHECK(outcome("lost") == PromotionOutcome::not_allowed); // lost: next [recycled]
    CHECK(outcome("disqualified") == PromotionOutcome::not_allowed);
    CHECK(outcome("Engaged") == PromotionOutcome::unknown_stage);
    CHECK(outcome("prospect") == PromotionOutcome::unknown_stage);
    CHECK(!decide_promotion("sal", "", true, config).promoted());
    CHECK(decide_promotion("sal", "", true, config).to.empty());
  }

  SUBCASE("to the configured stage, along the configured graph") {
    const leads::config::Config own =
        leads::config::load_string("stages:\n"
                                   "  - {name: open, side: marketing, next: [warm, hot]}\n"
                                   "  - {name: warm, side: marketing, next: [open]}\n"
                                   "  - {name: hot, side: sales}\n"
                                   "import: {values: {stage: {}}}\n"
                                   "scoring: {mql: {stage: hot}}\n"
                                   "routing: {from_stage: open, handoff_stage: hot}\n",
                                   "t.yaml");
    CHECK(decide_promotion("", "", true, own).to == "hot"); // empty: open
    CHECK(decide_promotion("open", "", true, own).outcome == PromotionOutcome::promoted);
    CHECK(decide_promotion("warm", "", true, own).outcome == PromotionOutcome::not_allowed);
    CHECK(decide_promotion("hot", "", true, own).outcome == PromotionOutcome::already_there);
    CHECK(decide_promotion("mql", "", true, own).outcome == PromotionOutcome::unknown_stage);
  }
}

TEST_CASE("scoring::score_events") {
  const RuleSet rules = RuleSet::compile(leads::config::defaults(), {}, 0); // mql: score 60, min_fit 10
  auto result = [](leads::scoring::Points fit, leads::scoring::Points engagement, std::string_view grade,
                   bool qualifies) {
    return Result{fit, engagement, fit + engagement, grade, qualifies};
  };
  const leads::scoring::Promotion stay{PromotionOutcome::not_qualified, {}};

  SUBCASE("nothing when grade and qualification stay, whatever the score does") {
    CHECK(score_events({"B3", "21", "15", "new"}, result(1500, 800, "B3", false), stay, rules).empty());
    CHECK(score_events({"A1", "80", "30", "mql"}, result(3000, 4500, "A1", true),
                       {PromotionOutcome::already_there, {}}, rules)
              .empty());
  }

  SUBCASE("a new grade") {
    const auto events = score_events({"B3", "48", "15", "new"}, result(1500, 3300, "B2", false), stay, rules);
    REQUIRE(events.size() == 1);
    CHECK(events[0].kind == "score");
    CHECK(events[0].from == "B3");
    CHECK(events[0].to == "B2");
    CHECK(events[0].note == "score 48 -> 48"); // 15 + 33
  }

  SUBCASE("a first score") {
    const auto events = score_events({"", "", "", ""}, result(-1000, 25, "D4", false), stay, rules);
    REQUIRE(events.size() == 1);
    CHECK(events[0].from.empty());
    CHECK(events[0].note == "score -9.75");
  }

  SUBCASE("qualifying, promoted") {
    const leads::scoring::Promotion up{PromotionOutcome::promoted, "mql"};
    const auto events =
        score_events({"A3", "48", "25", "engaged"}, result(2500, 3800, "A3", true), up, rules);
    REQUIRE(events.size() == 2);
    CHECK(events[0].kind == "score");
    CHECK(events[0].from == "A3");
    CHECK(events[0].to == "A3");
    CHECK(events[0].note == "score 48 -> 63; qualifies");
    CHECK(events[1].kind == "stage");
    CHECK(events[1].from == "engaged");
    CHECK(events[1].to == "mql");
    CHECK(events[1].note == "score 63 >= 60 and fit 25 >= 10");
  }

  SUBCASE("no longer qualifying, and not demoted") {
    const auto events = score_events({"A2", "61.5", "25", "mql"}, result(2500, 3400, "A2", false),
                                     {PromotionOutcome::not_qualified, {}}, rules);
    REQUIRE(events.size() == 1);
    CHECK(events[0].note == "score 61.5 -> 59; no longer qualifies");
  }

  SUBCASE("an old score that is no number counts as not qualified") {
    const auto events =
        score_events({"A1", "high", "25", "new"}, result(2500, 4500, "A1", true), stay, rules);
    REQUIRE(events.size() == 1);
    CHECK(events[0].note == "score 70; qualifies");
  }
}

TEST_SUITE_END();

TEST_CASE("scoring::decide_promotion of a recycled lead") {
  const leads::config::Config& config = leads::config::defaults();
  const std::int64_t recycled_at = 1'000'000;
  auto outcome = [&](std::optional<std::int64_t> latest) {
    return decide_promotion("recycled", "", true, config, recycled_at, latest).outcome;
  };
  // Sent back to marketing: its old activities do not bring it back...
  CHECK(outcome(std::nullopt) == PromotionOutcome::no_new_engagement);
  CHECK(outcome(recycled_at - 3600) == PromotionOutcome::no_new_engagement);
  CHECK(outcome(recycled_at) == PromotionOutcome::no_new_engagement);
  // ...an activity after it was recycled does.
  CHECK(outcome(recycled_at + 60) == PromotionOutcome::promoted);
  // A stage that is no exit, or an unreadable stage_at, asks for nothing new.
  CHECK(decide_promotion("engaged", "", true, config, recycled_at, std::nullopt).outcome ==
        PromotionOutcome::promoted);
  CHECK(decide_promotion("recycled", "", true, config, std::nullopt, std::nullopt).outcome ==
        PromotionOutcome::promoted);
}
