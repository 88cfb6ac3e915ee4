#pragma once

#include <leads/config/config.hpp>
#include <leads/import/presets.hpp>

#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

// The options of an import that date stages and fill in values for a whole
// file (`--stage-date`, `--set`): reading them, and checking them against
// the configuration and the inputs' headers.
namespace leads::import {

// The target of a stage-date column that dates the stage a row gives the
// lead (the `stage_at` field) rather than naming a stage.
inline constexpr std::string_view k_stage_at_target = "stage_at";

// Splits a `--stage-date 'Source Column=stage'` option at its last '='.
// Throws leads::Error(usage) when a side is empty; the stage is checked
// against the configuration by resolve_stage_dates().
std::pair<std::string, std::string> parse_stage_date(std::string_view option);

// Splits a `--set FIELD=VALUE` option at its first '=' and checks the field:
// a canonical field, but none that identifies a lead (id, email,
// external_id, phone: one value for every row would make them one lead).
// Throws leads::Error(usage), with a did-you-mean for a mistyped field.
std::pair<std::string, std::string> parse_set(std::string_view option);

// The --stage-date options with their stages as leads.yaml names them
// (compared without regard to ASCII case), or stage_at. Throws
// leads::Error(usage), with a did-you-mean, for a stage leads.yaml lacks.
std::vector<std::pair<std::string, std::string>>
resolve_stage_dates(const config::Config& config,
                    std::span<const std::pair<std::string, std::string>> options);

// Throws leads::Error(usage) when the header of an input (named `input` in
// the message) has no column of a --stage-date option, naming the columns it has.
void check_stage_date_columns(std::span<const std::pair<std::string, std::string>> stage_dates,
                              std::span<const std::string> header, const std::string& input);

// The stage that a preset's stage-date column dates: its lifecycle value
// mapped through import.values.stage of leads.yaml over the preset's own
// values (HubSpot's "marketingqualifiedlead" is mql); nullptr when that is
// no stage of leads.yaml.
const config::Stage* preset_date_stage(const config::Config& config, const Preset& preset,
                                       std::string_view value);

} // namespace leads::import
