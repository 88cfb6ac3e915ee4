#include <leads/import/header_map.hpp>

#include <leads/error.hpp>
#include <leads/import/stage_dates.hpp>
#include <leads/normalize/text.hpp>
#include <leads/text/did_you_mean.hpp>
#include <leads/text/strings.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <unordered_set>

namespace leads::import {

namespace {

constexpr std::string_view k_full_name = "full_name";

struct Alias {
  std::string_view header;
  std::string_view target;
};

// Common spellings of the canonical fields in exports, beyond the field names themselves.
constexpr Alias k_builtin_aliases[] = {
    {"E-mail", "email"},
    {"Email Address", "email"},
    {"E-mail Address", "email"},
    {"Work Email", "email"},
    {"Business Email", "email"},
    {"First Name", "first_name"},
    {"Given Name", "first_name"},
    {"Last Name", "last_name"},
    {"Surname", "last_name"},
    {"Family Name", "last_name"},
    {"Full Name", k_full_name},
    {"Name", k_full_name},
    {"Contact Name", k_full_name},
    {"Mobile", "phone"},
    {"Phone Number", "phone"},
    {"Mobile Phone", "phone"},
    {"Mobile Number", "phone"},
    {"Telephone", "phone"},
    {"Work Phone", "phone"},
    {"Company Name", "company"},
    {"Organization", "company"},
    {"Organisation", "company"},
    {"Account Name", "company"},
    {"Job Title", "title"},
    {"Position", "title"},
    {"Country/Region", "country"},
    {"Country Code", "country"},
    {"Employees", "employees"},
    {"Number of Employees", "employees"},
    {"No. of Employees", "employees"},
    {"Employee Count", "employees"},
    {"Company Size", "employees"},
    {"Website URL", "website"},
    {"Web Site", "website"},
    {"Company Website", "website"},
    {"Lead Source", "source"},
    {"Campaign Name", "campaign"},
    {"Lifecycle Stage", "stage"},
    {"Lead Owner", "owner"},
    {"Contact Owner", "owner"},
    {"Prospect ID", "external_id"},
    {"Record ID", "external_id"},
    {"Lead ID", "external_id"},
    {"Contact ID", "external_id"},
    {"Do Not Email", "do_not_contact"},
    {"Email Opt Out", "do_not_contact"},
    {"Unsubscribed", "do_not_contact"},
    {"Opted Out", "do_not_contact"},
    {"Create Date", "created_at"},
    {"Created Date", "created_at"},
    {"Created", "created_at"},
    {"Date Created", "created_at"},
    {"Last Modified Date", "updated_at"},
    {"Last Modified", "updated_at"},
    {"Updated", "updated_at"},
    {"Timestamp", "created_at"}, // Google Forms: when the form was sent
    {"Referred By", "referred_by"},
};

bool is_extra_name(std::string_view name) {
  return !name.empty() && normalize::snake_case(name) == name;
}

std::string field_list() {
  std::string out;
  for (std::string_view name : k_field_names) {
    if (!out.empty()) {
      out += ", ";
    }
    out += name;
  }
  return out;
}

} // namespace

std::pair<std::string, std::string> parse_column_map(std::string_view option) {
  const std::size_t eq = option.rfind('=');
  if (eq == std::string_view::npos || eq == 0) {
    throw Error(ErrorKind::usage, fmt::format("--map '{}': expected 'Source Column=field'", option), {}, 0, 0,
                "write e.g. --map 'E-mail Address=email', or --map 'Notes=' to leave a column out");
  }
  std::string column(option.substr(0, eq));
  std::string field(text::trim(option.substr(eq + 1)));
  if (!field.empty() && field != k_full_name && !field_from_name(field) && !is_extra_name(field)) {
    // "Stage", "E-mail": a field written another way.
    if (const std::string snake = normalize::snake_case(field); field_from_name(snake)) {
      throw Error(
          ErrorKind::usage,
          fmt::format("--map '{}': '{}' is not a field name; did you mean '{}'?", option, field, snake), {},
          0, 0,
          fmt::format("fields are named in snake_case: --map '{}={}' (Source Column=field)", column, snake));
    }
    throw Error(ErrorKind::usage, fmt::format("--map '{}': '{}' is not a field name", option, field), {}, 0,
                0,
                fmt::format("map to a canonical field ({}), to full_name, or to an extra column name in "
                            "snake_case such as '{}'",
                            field_list(), normalize::snake_case(field)));
  }
  // A name one typo away from a canonical field is a mistake, not a new extra column.
  if (!field.empty() && field != k_full_name && !field_from_name(field)) {
    std::vector<std::string> canonical(k_field_names.begin(), k_field_names.end());
    if (auto close = text::closest(field, canonical); close && text::edit_distance(field, *close) <= 2) {
      throw Error(
          ErrorKind::usage,
          fmt::format("--map '{}': '{}' is not a field; did you mean '{}'?", option, field, *close), {}, 0, 0,
          fmt::format("to keep the column as an extra column, give it another name, e.g. 'x_{}'", field));
    }
  }
  return {std::move(column), std::move(field)};
}

HeaderMapper::HeaderMapper(const config::Config& config, const Preset* preset,
                           std::span<const std::pair<std::string, std::string>> maps,
                           std::span<const std::pair<std::string, std::string>> stage_dates)
    : m_preset(preset), m_maps(maps.begin(), maps.end()), m_map_used(maps.size(), false) {
  // Earlier entries win: add() keeps the first target of a header key.
  for (std::size_t i = 0; i < m_maps.size(); ++i) {
    add(m_maps[i].first, m_maps[i].second, false, static_cast<int>(i));
  }
  for (const auto& [column, stage] : stage_dates) {
    add_stage_date(config, column, stage);
  }
  if (preset != nullptr) {
    for (const PresetHeader& h : preset->headers) {
      add(h.header, h.target, h.presence, -1);
    }
    for (const PresetStageDate& date : preset->stage_dates) {
      // (A stage the configuration maps to none of its stages leaves the column an extra one.)
      if (const config::Stage* stage = preset_date_stage(config, *preset, date.stage)) {
        add_stage_date(config, date.header, stage->name);
      }
    }
  }
  for (const auto& [column, stage] : config.import.stage_dates) {
    add_stage_date(config, column, stage);
  }
  for (const auto& [field, spellings] : config.import.aliases) {
    for (const std::string& spelling : spellings) {
      add(spelling, field, false, -1);
    }
  }
  for (std::string_view name : k_field_names) {
    add(name, name, false, -1);
  }
  for (const Alias& alias : k_builtin_aliases) {
    add(alias.header, alias.target, false, -1);
  }
}

void HeaderMapper::add(std::string_view header, std::string_view target, bool presence, int map_index,
                       int stage) {
  m_entries.try_emplace(normalize::header_key(header),
                        Entry{std::string(target), presence, map_index, stage});
}

void HeaderMapper::add_stage_date(const config::Config& config, std::string_view header,
                                  std::string_view stage) {
  if (stage == k_stage_at_target) {
    add(header, stage, false, -1);
    return;
  }
  constexpr std::size_t k_stage_places = 0xFF; // a stage's place travels in a byte
  const config::Stage* found = config.find_stage(stage);
  const auto index =
      found == nullptr ? config.stages.size() : static_cast<std::size_t>(found - config.stages.data());
  if (index < k_stage_places) {
    add(header, stage, false, -1, static_cast<int>(index));
  }
}

std::string HeaderMapper::extra_name(std::string_view header) const {
  if (m_preset != nullptr && !m_preset->header_prefix.empty() &&
      header.size() > m_preset->header_prefix.size() &&
      text::ascii_lower(header.substr(0, m_preset->header_prefix.size())) ==
          text::ascii_lower(m_preset->header_prefix)) {
    header.remove_prefix(m_preset->header_prefix.size());
  }
  return normalize::snake_case(header);
}

namespace {

// The columns a rejects file puts before the input's own (file, line,
// reason in filter mode; line, reason in a workspace): how many the header
// starts with, counting those of a rejects file of a rejects file too. A
// rejects file imported again once its rows are fixed brings them along, and
// they are no part of the leads.
std::size_t rejects_columns(std::span<const std::string> header) {
  std::size_t at = 0;
  auto starts_with = [&](std::initializer_list<std::string_view> names) {
    return header.size() - at > names.size() && std::equal(names.begin(), names.end(), header.begin() + at);
  };
  for (;;) {
    if (starts_with({"file", "line", "reason"})) {
      at += 3;
    } else if (starts_with({"line", "reason"})) {
      at += 2;
    } else {
      return at;
    }
  }
}

} // namespace

HeaderMapping HeaderMapper::map(std::span<const std::string> header) {
  HeaderMapping mapping;
  mapping.field_column.fill(-1);
  mapping.columns.resize(header.size());
  const std::size_t rejects_prefix = rejects_columns(header);
  int full_name_column = -1;
  // Columns that fall back to an extra column: (column, preferred name).
  std::vector<std::pair<std::size_t, std::string>> extras;

  for (std::size_t i = 0; i < header.size(); ++i) {
    ColumnTarget& column = mapping.columns[i];
    const std::string key = normalize::header_key(header[i]);
    const auto it = key.empty() ? m_entries.end() : m_entries.find(key);
    if (text::trim(header[i]).empty()) {
      column.unnamed = true;
      extras.emplace_back(i, fmt::format("column_{}", i + 1));
      continue;
    }
    if (i < rejects_prefix && (it == m_entries.end() || it->second.map_index < 0)) {
      column.kind = ColumnTarget::Kind::drop; // see rejects_columns(); a --map keeps it
      continue;
    }
    if (it == m_entries.end()) {
      extras.emplace_back(i, extra_name(header[i]));
      continue;
    }
    const Entry& entry = it->second;
    if (entry.map_index >= 0) {
      m_map_used[static_cast<std::size_t>(entry.map_index)] = true;
    }
    if (entry.stage >= 0) {
      column.kind = ColumnTarget::Kind::stage_date;
      column.stage = static_cast<std::uint8_t>(entry.stage);
    } else if (entry.target.empty()) {
      column.kind = ColumnTarget::Kind::drop;
    } else if (entry.target == k_full_name) {
      if (full_name_column < 0) {
        full_name_column = static_cast<int>(i);
        column.kind = ColumnTarget::Kind::full_name;
      } else {
        extras.emplace_back(i, extra_name(header[i]));
      }
    } else if (auto field = field_from_name(entry.target)) {
      int& owner = mapping.field_column[field_index(*field)];
      column.field = *field;
      column.presence = entry.presence;
      if (owner < 0) {
        owner = static_cast<int>(i);
        column.kind = ColumnTarget::Kind::field;
      } else {
        column.fallback = true;
        extras.emplace_back(i, extra_name(header[i]));
      }
    } else {
      extras.emplace_back(i, entry.target);
    }
  }
  // A full name is split only when no first or last name column is present.
  if (full_name_column >= 0 && (mapping.field_column[field_index(Field::first_name)] >= 0 ||
                                mapping.field_column[field_index(Field::last_name)] >= 0)) {
    const auto i = static_cast<std::size_t>(full_name_column);
    mapping.columns[i].kind = ColumnTarget::Kind::extra;
    mapping.columns[i].full_name_fallback = true;
    extras.emplace_back(i, extra_name(header[i]));
    std::sort(extras.begin(), extras.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  }

  if (m_preset != nullptr && !header.empty()) {
    std::vector<std::string> keys;
    for (const std::string& name : header) {
      keys.push_back(normalize::header_key(name));
    }
    if (preset_matches(*m_preset, keys) == 0) {
      mapping.better_preset = best_preset(keys);
      mapping.preset_misfit = mapping.better_preset != nullptr || preset_matches(*m_preset, keys, true) == 0;
    }
  }

  std::unordered_set<std::string> used;
  for (std::string_view name : k_field_names) {
    used.emplace(name);
  }
  for (std::string_view name : k_derived_field_names) {
    used.emplace(name); // HubSpot's "Email Domain" becomes email_domain_2
  }
  for (auto& [i, name] : extras) {
    std::string unique = name;
    for (int n = 2; used.count(unique) != 0; ++n) {
      unique = fmt::format("{}_{}", name, n);
    }
    used.insert(unique);
    mapping.columns[i].kind = ColumnTarget::Kind::extra;
    mapping.columns[i].extra = std::move(unique);
  }
  return mapping;
}

bool HeaderMapping::can_identify() const {
  const auto has = [this](Field field) { return field_column[field_index(field)] >= 0; };
  const bool named = has(Field::first_name) || has(Field::last_name) ||
                     std::any_of(columns.begin(), columns.end(), [](const ColumnTarget& column) {
                       return column.kind == ColumnTarget::Kind::full_name;
                     });
  return has(Field::email) || has(Field::external_id) || has(Field::phone) || has(Field::id) ||
         (named && has(Field::company));
}

std::vector<std::string> HeaderMapper::unused_maps() const {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < m_maps.size(); ++i) {
    if (!m_map_used[i]) {
      out.push_back(m_maps[i].first + "=" + m_maps[i].second);
    }
  }
  return out;
}

} // namespace leads::import
