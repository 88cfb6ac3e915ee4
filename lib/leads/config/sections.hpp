#pragma once

#include <leads/config/config.hpp>
#include <leads/config/yaml_reader.hpp>

#include <yaml-cpp/yaml.h>

#include <string_view>
#include <vector>

// Internal to the config module: one reader per section of leads.yaml. Each
// applies the keys the user gave onto a config that holds the defaults.
namespace leads::config::detail {

// Applies a parsed document (a mapping, or null for an empty file) onto config.
void apply(const YAML::Node& root, const YamlReader& reader, Config& config);

// `stages:` -- the user's list replaces the default one as a whole.
std::vector<Stage> read_stages(const YamlReader& reader, const Entry& entry);

// `scoring:`; stages are the final ones (scoring.mql.stage must name one).
// Returns whether the user gave scoring.mql.stage.
bool apply_scoring(const YamlReader& reader, const Entry& entry, Scoring& scoring,
                   const std::vector<Stage>& stages);
// The user replaced the stages but kept the built-in scoring.mql.stage: it must
// still name a stage.
void check_default_mql_stage(const YamlReader& reader, const Entry& stages, const Config& config);
// `routing:` (section may be null) onto config.routing; checks the stages it
// names against config.stages, which `stages` (when given) replaced.
void apply_routing(const YamlReader& reader, const Entry* section, const Entry* stages, Config& config);

// True for "YYYY-MM-DD" naming a real calendar date.
bool is_date(std::string_view text);

} // namespace leads::config::detail
