#include <leads/import/stage_dates.hpp>

#include <leads/error.hpp>
#include <leads/lead/fields.hpp>
#include <leads/normalize/text.hpp>
#include <leads/text/did_you_mean.hpp>
#include <leads/text/strings.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <array>

namespace leads::import {

namespace {

// Fields whose one value for every row would make the rows one lead.
constexpr std::array<Field, 4> k_identity_fields = {Field::id, Field::email, Field::external_id,
                                                    Field::phone};

std::vector<std::string> stage_names(const config::Config& config) {
  std::vector<std::string> names;
  for (const config::Stage& stage : config.stages) {
    names.push_back(stage.name);
  }
  return names;
}

std::string listed(const std::vector<std::string>& names, std::size_t most) {
  std::string out;
  for (std::size_t i = 0; i < names.size() && i < most; ++i) {
    out += i == 0 ? "" : ", ";
    out += names[i];
  }
  if (names.size() > most) {
    out += fmt::format(", ... ({} in all)", names.size());
  }
  return out;
}

} // namespace

std::pair<std::string, std::string> parse_stage_date(std::string_view option) {
  const std::size_t eq = option.rfind('=');
  const std::string_view column = eq == std::string_view::npos ? option : option.substr(0, eq);
  const std::string_view stage = eq == std::string_view::npos ? std::string_view() : option.substr(eq + 1);
  if (text::trim(column).empty() || text::trim(stage).empty()) {
    throw Error(ErrorKind::usage, fmt::format("--stage-date '{}': expected 'Source Column=stage'", option),
                {}, 0, 0,
                "write e.g. --stage-date 'Became a Customer Date=customer', or --stage-date "
                "'close_date=stage_at' for the date of the stage each row gives");
  }
  return {std::string(column), std::string(text::trim(stage))};
}

std::pair<std::string, std::string> parse_set(std::string_view option) {
  const std::size_t eq = option.find('=');
  if (eq == std::string_view::npos || text::trim(option.substr(0, eq)).empty()) {
    throw Error(ErrorKind::usage, fmt::format("--set '{}': expected FIELD=VALUE", option), {}, 0, 0,
                "write e.g. --set stage=mql, or --set 'campaign=Spring webinar'");
  }
  std::string field(text::trim(option.substr(0, eq)));
  std::string value(option.substr(eq + 1));
  const std::optional<Field> known = field_from_name(field);
  if (!known) {
    throw Error(ErrorKind::usage,
                fmt::format("--set '{}': '{}' is not a field{}", option, field,
                            text::did_you_mean(field, std::span<const std::string_view>(k_field_names))),
                {}, 0, 0, "--set gives a canonical field (stage, source, campaign, owner, ...) to every row");
  }
  if (std::find(k_identity_fields.begin(), k_identity_fields.end(), *known) != k_identity_fields.end()) {
    throw Error(ErrorKind::usage,
                fmt::format("--set '{}': {} identifies a lead: one value for every row would make them one",
                            option, field),
                {}, 0, 0, "give the rows their own values in a column of the file");
  }
  if (text::trim(value).empty()) {
    throw Error(ErrorKind::usage, fmt::format("--set '{}': no value for {}", option, field), {}, 0, 0,
                "rows without a value keep none; leave the option out");
  }
  return {std::move(field), std::move(value)};
}

std::vector<std::pair<std::string, std::string>>
resolve_stage_dates(const config::Config& config,
                    std::span<const std::pair<std::string, std::string>> options) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& [column, stage] : options) {
    if (stage == k_stage_at_target) {
      out.emplace_back(column, stage);
      continue;
    }
    const config::Stage* found = config.find_stage(stage);
    if (found == nullptr) {
      found = config.find_stage(text::ascii_lower(stage));
    }
    if (found == nullptr) {
      std::vector<std::string> names = stage_names(config);
      names.emplace_back(k_stage_at_target);
      throw Error(
          ErrorKind::usage,
          fmt::format("--stage-date '{}={}': '{}' is not a stage{}", column, stage, stage,
                      text::did_you_mean(stage, names)),
          {}, 0, 0,
          fmt::format("name one of the stages of leads.yaml ({}), or stage_at for the date of the stage "
                      "each row gives",
                      listed(stage_names(config), 16)));
    }
    out.emplace_back(column, found->name);
  }
  return out;
}

void check_stage_date_columns(std::span<const std::pair<std::string, std::string>> stage_dates,
                              std::span<const std::string> header, const std::string& input) {
  for (const auto& [column, stage] : stage_dates) {
    const std::string key = normalize::header_key(column);
    const bool found = std::any_of(header.begin(), header.end(), [&](const std::string& name) {
      return normalize::header_key(name) == key;
    });
    if (found) {
      continue;
    }
    const std::vector<std::string> names(header.begin(), header.end());
    const std::optional<std::string> close = text::closest(column, names);
    throw Error(ErrorKind::usage,
                fmt::format("--stage-date '{}={}': {} has no column '{}'{}", column, stage, input, column,
                            close ? fmt::format("; did you mean '{}'?", *close) : std::string()),
                {}, 0, 0,
                header.empty() ? std::string("the input has no header")
                               : fmt::format("its columns are: {}", listed(names, 30)));
  }
}

const config::Stage* preset_date_stage(const config::Config& config, const Preset& preset,
                                       std::string_view value) {
  const std::string key = text::ascii_lower(value);
  std::string_view stage = value;
  for (const PresetValue& v : preset.values) {
    if (v.field == "stage" && text::ascii_lower(v.from) == key) {
      stage = v.to;
    }
  }
  const auto values = config.import.values.find("stage");
  if (values != config.import.values.end()) {
    for (const auto& [from, to] : values->second) {
      if (text::ascii_lower(text::trim(from)) == key) {
        stage = to;
      }
    }
  }
  const config::Stage* found = config.find_stage(stage);
  return found != nullptr ? found : config.find_stage(text::ascii_lower(stage));
}

} // namespace leads::import
