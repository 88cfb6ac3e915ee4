#pragma once

#include <leads/config/config.hpp>
#include <leads/import/cell_fast_paths.hpp>
#include <leads/import/header_map.hpp>
#include <leads/import/presets.hpp>
#include <leads/lead/fields.hpp>
#include <leads/normalize/date.hpp>
#include <leads/normalize/phone.hpp>

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace leads::import {

// Why a row was not imported: a short kind that the summary counts
// ("invalid email") and the full reason for the rejects file.
struct Rejection {
  std::string_view kind;
  std::string reason;
};

// A cell of a row that is imported all the same: left out because it could
// not be read (a phone a spreadsheet rounded, a yes/no, stage, date or number
// that means nothing here), or split (several emails in one cell). A short
// kind that the summary counts, and the full text for the warning.
struct CellWarning {
  std::string_view kind;
  std::string reason;
};

// The extra column that takes the addresses after the first of an email cell
// that holds several ("tom@acme.example, tom@gmail.com", as Pipedrive writes them).
inline constexpr std::string_view k_other_emails_column = "other_emails";

// Whether an email cell may hold several addresses (two '@' or more), so
// that the column above is needed; cheap enough for every row.
inline bool may_hold_several_emails(std::string_view cell) {
  const std::size_t at = cell.find('@');
  return at != std::string_view::npos && cell.find('@', at + 1) != std::string_view::npos;
}

// The reason given to a row that names no person.
inline constexpr std::string_view k_no_identity_kind = "no identity";
inline constexpr std::string_view k_no_identity_reason =
    "no identity (needs an email, a phone, a source id or a name with a company)";

// One input row after normalization. Reused from row to row, so that a
// million rows cost no allocation once the buffers have grown.
struct NormalizedRow {
  // Canonical fields, normalized ("" when the row has no value): views into
  // the input cells, the configuration, or `storage` when normalizing made new
  // text. `id` is empty: ids are given by the importer.
  std::array<std::string_view, k_field_count> fields;
  std::array<std::string, k_field_count> storage;
  // Extra cells that have a value: (input column, the cell as written).
  std::vector<std::pair<std::uint32_t, std::string_view>> extras;
  // The lead id the row names (an `id` column holding a 16-hex-digit id).
  std::optional<std::uint64_t> lead_id;
  // `phone` is an E.164 number (and so an identity).
  bool phone_e164 = false;
  // The place of `stage` in the configuration's stages, when it has one
  // (SpillHeader::k_unknown_stage otherwise).
  std::uint8_t stage_index = 0xFF;
  // The key the id of a new lead derives from: "e:<email>", "x:<external_id>",
  // "p:<phone>" or "n:<first last>|<company>" (lower-cased); empty when the
  // row has none (then it must name an existing lead's id).
  std::string identity;
  // The dedupe key of a name identity ("<first last>|<company>"), else empty.
  std::string name_key;
  // The addresses after the first of an email cell that held several, ';'-separated.
  std::string other_emails;
  // The cells left out or split (see CellWarning).
  std::vector<CellWarning> cell_warnings;
  // The row's stage dates (stage-date columns with a readable date), one after
  // another: the stage's place in the configuration's stages (a byte), the
  // timestamp's length (a byte), the timestamp. See for_each_stage_date().
  std::string stage_dates;

  std::string_view operator[](Field f) const { return fields[field_index(f)]; }
  // The storage of field f, to write a new value into; then stored(f).
  std::string& store(Field f) { return storage[field_index(f)]; }
  // Makes field f's value what its storage holds.
  void stored(Field f) { fields[field_index(f)] = storage[field_index(f)]; }
};

// Calls f(stage index, timestamp) for each stage date of an encoded list
// (NormalizedRow::stage_dates), in order.
template <typename F> void for_each_stage_date(std::string_view encoded, F f) {
  for (std::size_t at = 0; at + 2 <= encoded.size();) {
    const auto stage = static_cast<std::uint8_t>(encoded[at]);
    const auto size = static_cast<std::uint8_t>(encoded[at + 1]);
    f(stage, encoded.substr(at + 2, size));
    at += 2 + std::size_t{size};
  }
}

// The configuration's null_values ("N/A", "Select", ...), matched as
// config::Config::is_null_value does (trimmed, ASCII case ignored) but with a
// length and first-byte check first, since it runs for every cell.
class NullValues {
public:
  explicit NullValues(const config::Config& config);
  // Whether a trimmed cell is one of the null values.
  bool contains(std::string_view trimmed) const;
  // Whether a cell holds a value: not blank, not a null value.
  bool has_value(std::string_view cell) const {
    const std::string_view trimmed = trim_cell(cell);
    return !trimmed.empty() && !contains(trimmed);
  }

private:
  std::vector<std::string> m_values; // lower-cased
  std::size_t m_max = 0;
  std::array<bool, 256> m_first{}; // first bytes (lower-cased) of the values
};

// Turns the cells of input rows into canonical values and decides whether a
// row can be imported (DESIGN.md "Normalization"). Null values become empty;
// picklist values are mapped (the configuration's import.values over the
// preset's), emails, names, phones, countries, dates, websites, employee
// counts and yes/no flags are normalized. Only what identifies a row rejects
// it (an invalid email, a source id a spreadsheet rounded; a ragged row, and
// a row without an identity): an optional cell that cannot be read (an
// unknown stage, an unreadable date, flag or number, a rounded phone) is
// left out with a warning, and an email cell of several addresses keeps the
// first (the others go to other_emails). What an import writes, `leads
// check` accepts. Extra cells are kept as written.
class RowNormalizer {
public:
  // sets: the `--set` options (field, value) as parse_set() checked them.
  RowNormalizer(const config::Config& config, const Preset* preset, normalize::DateOrder date_order,
                std::string default_source, std::span<const std::pair<std::string, std::string>> sets = {});
  ~RowNormalizer();
  RowNormalizer(const RowNormalizer&) = delete;
  RowNormalizer& operator=(const RowNormalizer&) = delete;

  // Starts an input: its header (for messages) and how it maps.
  void begin_input(std::span<const std::string> header, const HeaderMapping& mapping);

  // Normalizes one record of the current input into row. Returns false and
  // fills rejection when the row must not be imported. The extras of row
  // point into cells.
  bool normalize(std::span<const std::string_view> cells, NormalizedRow& row, Rejection& rejection);

  // Why a `--set` value would not be imported (it would reject rows, or be
  // left out of every row: an unknown stage, an unreadable date); "" when
  // it normalizes as a cell would.
  std::string set_problem(Field field, std::string_view value);

private:
  const std::string* mapped_value(Field field, std::string_view value);
  bool normalize_field(Field field, std::string_view value, std::size_t column, NormalizedRow& row,
                       Rejection& rejection);
  bool normalize_email(std::string_view value, NormalizedRow& row, Rejection& rejection);
  bool split_emails(std::string_view value, NormalizedRow& row);
  static void warn(NormalizedRow& row, std::string_view kind, std::string reason);
  bool finish(NormalizedRow& row, Rejection& rejection);
  std::string column_label(std::size_t column) const;

  const config::Config& m_config;
  normalize::DateOrder m_date_order;
  std::string m_default_source;
  bool m_preset_used = false;
  bool m_salesforce_ids = false; // see Preset::salesforce_ids
  normalize::PhoneNormalizer m_phones;
  NullValues m_null_values;
  // Picklist values by field: lower-cased spelling -> canonical value (looked
  // up by string_view, without a copy).
  struct ViewHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::array<std::unordered_map<std::string, std::string, ViewHash, std::equal_to<>>, k_field_count> m_values;
  struct Memo;
  std::unique_ptr<Memo> m_countries;
  std::unique_ptr<Memo> m_websites;
  // What each column of the current input feeds, compactly, for the per-cell loop.
  struct Column {
    ColumnTarget::Kind kind;
    Field field;
    bool presence;
    bool mapped;        // the field has picklist values to map
    bool as_written;    // the field takes the cell as it is (trimmed)
    bool fallback;      // an extra column that fills the field when its own column is empty
    bool full_name;     // an extra column that names a row without first and last name
    std::uint8_t stage; // the stage a stage_date column dates
  };
  // A stage-date cell into row.stage_dates (row_history.cpp).
  void take_stage_date(const Column& column, std::string_view cell, std::size_t i, NormalizedRow& row);
  // The column a --set value of field is taken as.
  Column set_column(Field field) const;
  // The column index that stands for a --set option in messages.
  static constexpr std::size_t k_set_column = static_cast<std::size_t>(-1);
  bool take_field(const Column& column, std::string_view cell, std::size_t i, NormalizedRow& row,
                  Rejection& rejection);
  void take_full_name(std::string_view cell);
  std::vector<Column> m_columns;
  // The --set values, filled in where a row has none.
  struct Set {
    Column column;
    std::string value;
  };
  std::vector<Set> m_sets;
  std::vector<std::string> m_header;
  std::string m_scratch;
  std::string m_full_name;
};

} // namespace leads::import
