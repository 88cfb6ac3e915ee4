#pragma once

#include <leads/config/config.hpp>

#include <array>
#include <optional>
#include <string_view>

namespace leads::model {

// A label cell: 1, true or yes (any case, spaces around) is true; 0, false or
// no is false; anything else (empty too) leaves the row unlabelled.
std::optional<bool> label_from_text(std::string_view cell);

// A workspace lead's label from its stage history: true when it ever reached a
// `won: true` stage (or is in one now); false when its current stage is an exit
// stage whose `next` leads only to exit stages (lost, disqualified: not
// recycled, which leads back into the funnel); else unlabelled (still open).
std::optional<bool> label_from_stages(const config::Config& config, std::string_view current_stage,
                                      bool ever_won);

// Store columns that follow from a lead's outcome, or from scoring it: in a
// workspace they are never features (pass them as FeatureOptions::outcome_columns).
inline constexpr std::array<std::string_view, 8> k_outcome_columns = {
    "stage", "stage_at", "owner", "score", "fit", "engagement", "grade", "probability"};

} // namespace leads::model
