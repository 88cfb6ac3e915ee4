#pragma once

#include <leads/config/config.hpp>
#include <leads/scoring/rules.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace leads::scoring {

// Whether a scored lead moves to the MQL stage, and why (not).
enum class PromotionOutcome {
  promoted,
  not_qualified,  // score or fit below the thresholds
  do_not_contact, // qualifies, but may not be contacted
  already_there,  // already in the MQL stage
  not_allowed,    // its stage's `next` does not list the MQL stage (a later stage, an exit)
  no_new_engagement, // in an exit stage (recycled), and no activity since it went there
  unknown_stage,  // its stage is not one of `stages:`
};

struct Promotion {
  PromotionOutcome outcome = PromotionOutcome::not_qualified;
  std::string_view to; // the MQL stage when promoted; lives as long as the config

  bool promoted() const { return outcome == PromotionOutcome::promoted; }
};

// Decides a lead's promotion to scoring.mql.stage: it qualifies, its
// do_not_contact is not true (true, yes, y or 1 in any case), it is not
// already there, and the stage graph allows the move (its stage's `next`
// lists the MQL stage; an empty stage counts as the first stage of `stages:`).
// A lead is never demoted.
//
// A lead in an exit stage (recycled: sent back to marketing for nurture)
// comes back only on new engagement: an activity after it entered that stage
// (stage_at; the time of the lead's latest activity that counted). Else its
// old activities would promote it again the very next run. When stage_at
// cannot be read, that is not asked.
Promotion decide_promotion(std::string_view current_stage, std::string_view do_not_contact, bool qualifies,
                           const config::Config& config, std::optional<std::int64_t> stage_at = std::nullopt,
                           std::optional<std::int64_t> latest_activity = std::nullopt);

// A lead's scoring columns before this run, as the store holds them.
struct PreviousScore {
  std::string_view grade;
  std::string_view score;
  std::string_view fit;
  std::string_view stage;
};

// One line for events.csv (the caller adds at, lead_id and actor).
struct EventText {
  std::string kind; // "score" or "stage"
  std::string from;
  std::string to;
  std::string note;
};

// The events a run writes for one lead: a `score` event when its grade or its
// qualification changed (daily runs add no noise), from the old grade to the
// new, noted "score 48 -> 63"; and a `stage` event for a promotion, from the old
// stage to the MQL stage, noted "score 63 >= 60 and fit 25 >= 10". Whether it
// qualified before is read from the old score and fit columns (empty or not a
// number: it did not).
std::vector<EventText> score_events(const PreviousScore& before, const Result& now,
                                    const Promotion& promotion, const RuleSet& rules);

} // namespace leads::scoring
