#include <leads/config/sections.hpp>

#include <leads/error.hpp>
#include <leads/lead/fields.hpp>

#include <leads/normalize/country.hpp>
#include <leads/normalize/text.hpp>
#include <leads/report/period.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <map>

namespace leads::config::detail {

namespace {

const Entry* find(const std::vector<Entry>& entries, std::string_view key) {
  for (const Entry& entry : entries) {
    if (entry.key == key) {
      return &entry;
    }
  }
  return nullptr;
}

std::string non_empty_text(const YamlReader& r, const Entry& entry) {
  std::string value = r.text(entry);
  if (value.empty()) {
    r.fail(entry, fmt::format("{} must not be empty", entry.path));
  }
  return value;
}

bool is_identifier(std::string_view name) {
  if (name.empty() || std::isdigit(static_cast<unsigned char>(name[0])) != 0) {
    return false;
  }
  return std::all_of(name.begin(), name.end(),
                     [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_'; });
}

// A key naming a canonical lead field (import.aliases.email, import.values.stage).
void check_field(const YamlReader& r, const Entry& entry, std::string_view section) {
  if (!field_from_name(entry.key)) {
    r.fail(entry.key_node,
           fmt::format("unknown field '{}' in {}{}", entry.key, section,
                       did_you_mean(entry.key, std::span<const std::string_view>(k_field_names))),
           fmt::format("{} is keyed by canonical lead fields: {}", section,
                       join(std::span<const std::string_view>(k_field_names))));
  }
}

std::vector<std::string> stage_list(const std::vector<Stage>& stages) {
  std::vector<std::string> names;
  for (const Stage& stage : stages) {
    names.push_back(stage.name);
  }
  return names;
}

std::map<std::string, std::string> read_value_map(const YamlReader& r, const Entry& field,
                                                  const Config& config) {
  std::map<std::string, std::string> out;
  for (const Entry& value : r.named_entries(field.value, field.path)) {
    std::string target = r.text(value);
    if (field.key == "stage" && config.find_stage(target) == nullptr) {
      r.fail(value,
             fmt::format("{} maps to unknown stage '{}'{}", value.path, target,
                         did_you_mean(target, stage_list(config.stages))),
             fmt::format("stages are: {}", join(stage_list(config.stages))));
    }
    if (field.key == "do_not_contact" && target != "true" && target != "false") {
      r.fail(value, fmt::format("{} must map to true or false, not '{}'", value.path, target));
    }
    out[value.key] = std::move(target);
  }
  return out;
}

// Returns whether the user gave import.values.stage.
bool apply_import(const YamlReader& r, const Entry& section, Config& config) {
  bool gave_stage_values = false;
  for (const Entry& entry : r.entries(section.value, "import",
                                      {"aliases", "values", "stage_dates", "date_order", "email_identity"})) {
    if (entry.key == "aliases") {
      // A spelling names one field, and not another field by that one's own name
      // (headers match without regard to case, spaces and punctuation).
      std::map<std::string, std::string> owner;
      for (std::string_view name : k_field_names) {
        owner.emplace(normalize::header_key(name), name);
      }
      for (const Entry& field : r.named_entries(entry.value, entry.path)) {
        check_field(r, field, entry.path);
        const std::vector<std::string> spellings = r.texts(field, "a list of header spellings");
        for (std::size_t i = 0; i < spellings.size(); ++i) {
          const auto [at, fresh] = owner.emplace(normalize::header_key(spellings[i]), field.key);
          if (!fresh && at->second != field.key) {
            r.fail(field.value[i],
                   fmt::format("'{}' in {} is already {}", spellings[i], field.path,
                               normalize::header_key(at->second) == at->first
                                   ? fmt::format("the name of the field {}", at->second)
                                   : fmt::format("an alias of {}", at->second)),
                   "a header can feed one field: keep the spelling under one of them");
          }
        }
        config.import.aliases[field.key] = spellings;
      }
    } else if (entry.key == "values") {
      for (const Entry& field : r.named_entries(entry.value, entry.path)) {
        check_field(r, field, entry.path);
        config.import.values[field.key] = read_value_map(r, field, config);
        gave_stage_values = gave_stage_values || field.key == "stage";
      }
    } else if (entry.key == "stage_dates") {
      config.import.stage_dates.clear();
      for (const Entry& column : r.named_entries(entry.value, entry.path)) {
        std::string target = r.text(column);
        if (target != "stage_at" && config.find_stage(target) == nullptr) {
          std::vector<std::string> names = stage_list(config.stages);
          names.emplace_back("stage_at");
          r.fail(
              column,
              fmt::format("{} names unknown stage '{}'{}", column.path, target, did_you_mean(target, names)),
              fmt::format("a stage date column maps to one of the stages ({}), or to stage_at",
                          join(stage_list(config.stages))));
        }
        config.import.stage_dates.emplace_back(column.key, std::move(target));
      }
    } else if (entry.key == "email_identity") {
      const std::string identity = r.text(entry);
      const std::optional<normalize::EmailIdentity> parsed = normalize::email_identities.parse(identity);
      if (!parsed) {
        r.fail(entry,
               fmt::format("import.email_identity must be {}, not '{}'{}",
                           normalize::email_identities.listed(), identity,
                           did_you_mean(identity, normalize::email_identities.names())),
               "exact tells addresses apart as written; mailbox folds Gmail's dots and +tags");
      }
      config.import.email_identity = *parsed;
    } else {
      const std::string order = r.text(entry);
      const std::optional<normalize::DateOrder> parsed = normalize::date_orders.parse(order);
      if (!parsed) {
        r.fail(entry,
               fmt::format("import.date_order must be {}, not '{}'{}", normalize::date_orders.listed(), order,
                           did_you_mean(order, normalize::date_orders.names())),
               "mdy reads 03/05/2026 as March 5, dmy as 3 May; ymd is for 2026/03/05");
      }
      config.import.date_order = *parsed;
    }
  }
  return gave_stage_values;
}

// The user replaced the stages but kept the built-in import.values.stage:
// every value it maps to must still be a stage.
void check_default_stage_values(const YamlReader& r, const Entry& stages, const Config& config) {
  auto found = config.import.values.find("stage");
  if (found == config.import.values.end()) {
    return;
  }
  for (const auto& [source, target] : found->second) {
    if (config.find_stage(target) == nullptr) {
      r.fail(stages.key_node,
             fmt::format("stages leaves out '{}', which the built-in import.values.stage maps '{}' to",
                         target, source),
             "add import.values.stage to leads.yaml to map source values to your stages");
    }
  }
}

void apply_lists(const YamlReader& r, const Entry& section, Config& config) {
  for (const Entry& list : r.named_entries(section.value, "lists")) {
    if (!is_identifier(list.key)) {
      r.fail(list.key_node, fmt::format("list name '{}' is not a name expressions can use", list.key),
             "use letters, digits and '_', not starting with a digit (free_mail, competitors)");
    }
    config.lists[list.key] = r.texts(list, "a list of values");
  }
}

// report: its period must read as one (relative periods as of any day).
void apply_report(const YamlReader& r, const Entry& section, Report& report) {
  for (const Entry& entry : r.entries(section.value, "report", {"period", "every", "top"})) {
    if (entry.key == "period") {
      std::string period = non_empty_text(r, entry);
      try {
        report::parse_period(period, 0);
      } catch (const Error& e) {
        r.fail(entry, fmt::format("report.period: {}", e.message()), e.hint());
      }
      report.period = std::move(period);
    } else if (entry.key == "every") {
      std::string every = r.text(entry);
      if (!report::parse_every(every)) {
        r.fail(entry, fmt::format("report.every must be week or month, not '{}'", every));
      }
      report.every = std::move(every);
    } else {
      const long rows = r.integer(entry);
      if (rows < 1) {
        r.fail(entry, fmt::format("report.top must be 1 or more, not {}", rows),
               "it is how many rows of each long list the table, md and html formats show");
      }
      report.top = rows;
    }
  }
}

} // namespace

void apply(const YAML::Node& root, const YamlReader& r, Config& config) {
  std::vector<Entry> top = r.entries(root, "",
                                     {"store", "default_country", "null_values", "import", "stages",
                                      "scoring", "routing", "report", "lists"});
  if (const Entry* e = find(top, "store")) {
    config.store = non_empty_text(r, *e);
  }
  if (const Entry* e = find(top, "default_country")) {
    std::string code = r.text(*e);
    bool letters = code.size() == 2 && std::all_of(code.begin(), code.end(), [](char c) {
                     return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
                   });
    if (!letters) {
      r.fail(*e, fmt::format("default_country must be a 2-letter country code, not '{}'", code),
             "use the ISO 3166 alpha-2 code: US, DE, GB, ...");
    }
    std::transform(code.begin(), code.end(), code.begin(),
                   [](char c) { return static_cast<char>(std::toupper(static_cast<unsigned char>(c))); });
    // "XX" would only turn phone normalization off without a word; "UK" is GB.
    if (const std::optional<std::string> iso = normalize::country(code); letters && iso != code) {
      r.fail(*e, fmt::format("default_country '{}' is not an ISO 3166 country code", r.text(*e)),
             iso ? fmt::format("did you mean {}?", *iso) : "use the ISO 3166 alpha-2 code: US, DE, GB, ...");
    }
    config.default_country = code;
  }
  if (const Entry* e = find(top, "null_values")) {
    config.null_values = r.texts(*e, "a list of texts such as [\"\", \"N/A\"]");
  }
  const Entry* stages = find(top, "stages");
  if (stages != nullptr) {
    config.stages = read_stages(r, *stages);
  }
  bool gave_stage_values = false;
  if (const Entry* e = find(top, "import")) {
    gave_stage_values = apply_import(r, *e, config);
  }
  if (stages != nullptr && !gave_stage_values) {
    check_default_stage_values(r, *stages, config);
  }
  bool gave_mql_stage = false;
  if (const Entry* e = find(top, "scoring")) {
    gave_mql_stage = apply_scoring(r, *e, config.scoring, config.stages);
  }
  if (stages != nullptr && !gave_mql_stage) {
    check_default_mql_stage(r, *stages, config);
  }
  apply_routing(r, find(top, "routing"), stages, config);
  if (const Entry* e = find(top, "report")) {
    apply_report(r, *e, config.report);
  }
  if (const Entry* e = find(top, "lists")) {
    apply_lists(r, *e, config);
  }
}

bool is_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') {
    return false;
  }
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (text[i] < '0' || text[i] > '9') {
      return false;
    }
  }
  auto number = [&](std::size_t at, std::size_t n) {
    int value = 0;
    for (std::size_t i = at; i < at + n; ++i) {
      value = value * 10 + (text[i] - '0');
    }
    return value;
  };
  int year = number(0, 4);
  int month = number(5, 2);
  int day = number(8, 2);
  constexpr std::array<int, 12> k_days = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  if (month < 1 || month > 12 || day < 1) {
    return false;
  }
  int days = k_days[static_cast<std::size_t>(month - 1)] + (month == 2 && leap ? 1 : 0);
  return day <= days;
}

} // namespace leads::config::detail
