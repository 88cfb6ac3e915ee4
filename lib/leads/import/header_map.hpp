#pragma once

#include <leads/config/config.hpp>
#include <leads/import/presets.hpp>
#include <leads/lead/fields.hpp>

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace leads::import {

// What one input column feeds.
struct ColumnTarget {
  enum class Kind {
    field,      // a canonical field
    full_name,  // "Full Name": split into first_name / last_name
    extra,      // an extra column of the store
    drop,       // left out (`--map 'Col='`)
    stage_date, // the date of an entry into `stage` (--stage-date, import.stage_dates, a preset's)
  };
  Kind kind = Kind::extra;
  Field field = Field::id;
  // The extra column's name (snake_case) when kind == extra.
  std::string extra;
  // A non-empty cell means "true" (Mailchimp's UNSUB_TIME -> do_not_contact).
  bool presence = false;
  // The header was empty ("column_N"): the column is kept only if a cell has a value.
  bool unnamed = false;
  // An extra column that also maps to `field`, whose own column comes before
  // it: a row whose field is still empty here takes this one's value
  // ("Email" empty, "Work Email" not).
  bool fallback = false;
  // An extra column that is a full name ("Name" beside "First Name" and
  // "Last Name"): it names the person in a row whose first and last name are empty.
  bool full_name_fallback = false;
  // The stage a stage_date column dates, by its place in the configuration's stages.
  std::uint8_t stage = 0;
};

// The mapping of one input's header, one target per column.
struct HeaderMapping {
  std::vector<ColumnTarget> columns;
  // The input column feeding each canonical field, or -1.
  std::array<int, k_field_count> field_column{};
  // With a preset that knows none of the input's own headers (see
  // preset_matches()): the preset that knows most of them, if any; and
  // whether to say so (another preset fits, or this one knows not even the
  // canonical names the input has).
  bool preset_misfit = false;
  const Preset* better_preset = nullptr;

  // Whether some column can identify a person (an email, a source id, a
  // phone, a lead id, or a name with a company). Without one, every row of
  // the input is rejected: most often a wrong -d or --encoding, or a header
  // that needs --map.
  bool can_identify() const;
};

// Splits a `--map 'Source Column=field'` option at its last '=' and checks the
// field: a canonical field, "full_name", a snake_case extra column name, or
// nothing ('Col=' drops the column). Throws leads::Error(usage) otherwise.
std::pair<std::string, std::string> parse_column_map(std::string_view option);

// Maps input headers to canonical fields and extra columns. Headers are
// compared by normalize::header_key (case-, space- and punctuation-
// insensitive). Precedence: --map options, the preset's headers, the
// configuration's import.aliases, then the built-in aliases (every canonical
// name and common spellings such as "E-mail", "Company Name", "Prospect ID").
// Unknown headers become extra columns named normalize::snake_case(header);
// an empty header becomes "column_N" (N = 1-based position). When two headers
// map to the same field, the first wins and the later one becomes an extra
// column, which fills the field in rows where the ones before it are empty
// (see ColumnTarget::fallback). Extra names are made unique within a header
// with "_2", "_3" ... (less the preset's header_prefix).
class HeaderMapper {
public:
  // maps: (source column, field) pairs, already checked by parse_column_map();
  // stage_dates: (source column, stage or stage_at) pairs of --stage-date, as
  // resolve_stage_dates() gives them. Stage-date columns come after --map,
  // then the preset's own, then import.stage_dates, before the aliases.
  HeaderMapper(const config::Config& config, const Preset* preset,
               std::span<const std::pair<std::string, std::string>> maps = {},
               std::span<const std::pair<std::string, std::string>> stage_dates = {});

  HeaderMapping map(std::span<const std::string> header);

  // The --map options (as "Col=field") that matched no header of any input mapped so far.
  std::vector<std::string> unused_maps() const;

private:
  struct Entry {
    std::string target;
    bool presence = false;
    int map_index = -1;
    int stage = -1; // a stage date's stage, by its place in the configuration's stages
  };

  void add(std::string_view header, std::string_view target, bool presence, int map_index, int stage = -1);
  // A stage-date column: of a stage (by name), or the stage_at field.
  void add_stage_date(const config::Config& config, std::string_view header, std::string_view stage);
  // The extra column name of a header: snake_case, less the preset's header_prefix.
  std::string extra_name(std::string_view header) const;

  const Preset* m_preset = nullptr;
  std::unordered_map<std::string, Entry> m_entries;
  std::vector<std::pair<std::string, std::string>> m_maps;
  std::vector<bool> m_map_used;
};

} // namespace leads::import
