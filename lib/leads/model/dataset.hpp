#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace leads::model {

// Which columns may become features, and what counts as no value.
struct FeatureOptions {
  std::string label;                        // the label column ("" when labels come from elsewhere)
  std::vector<std::string> features;        // --features: only these (empty: every column)
  std::vector<std::string> exclude;         // --exclude
  std::vector<std::string> outcome_columns; // columns that carry the outcome (in a workspace: stage, owner)
  std::vector<std::string> null_values;     // the config's null_values (compared trimmed, any case)
};

// How a column is used, or why not.
struct ColumnReport {
  enum class Use { numeric, categorical, dropped };
  std::string name;
  Use use = Use::dropped;
  std::string reason; // why dropped; for a used column, a summary ("7 values")
};
std::string_view use_name(ColumnReport::Use use); // "numeric" | "categorical" | "dropped"

// The labelled rows of a training input, held compactly: each kept column is
// dictionary-encoded (a 4-byte code per cell, the text of each distinct value
// once), rows one after another. Columns that can never be features (the
// label, identity columns by name, --exclude, outside --features) are not held.
class Dataset {
public:
  // One held column: its distinct values (code 0 is "no value": empty or a
  // null value; code c > 0 is values[c - 1]) and how many rows have each code.
  struct Column {
    std::string name;
    std::size_t source = 0; // index in the input's header
    std::vector<std::string> values;
    std::vector<std::uint32_t> counts; // per code, over the held rows
  };

  // Checks the options against the header: --label, --features and --exclude
  // must name columns of it (leads::Error(usage) otherwise, with did-you-mean).
  Dataset(const std::vector<std::string>& header, const FeatureOptions& options);

  // Adds a row (fields in header order; missing ones are empty) with its label;
  // nullopt counts it as unlabelled and holds nothing.
  void add(std::span<const std::string_view> fields, std::optional<bool> label);
  // Same, with the label read from the label column (see label_from_text()).
  void add(std::span<const std::string_view> fields);

  std::size_t rows() const { return m_labels.size(); }
  std::size_t positives() const { return m_positives; }
  std::size_t unlabelled() const { return m_unlabelled; }
  const std::vector<Column>& columns() const { return m_columns; }
  // The code of a held column in a row.
  std::uint32_t code(std::size_t row, std::size_t column) const {
    return m_codes[row * m_columns.size() + column];
  }
  // 1 or 0 per held row.
  std::span<const std::uint8_t> labels() const { return m_labels; }
  // The input's header, and for each of its columns why it is not held ("" when it is).
  const std::vector<std::string>& header() const { return m_header; }
  const std::vector<std::string>& drop_reasons() const { return m_drop_reasons; }
  const std::vector<std::string>& null_values() const { return m_null_values; }
  const std::string& label_name() const { return m_label_name; }

private:
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view text) const noexcept;
  };
  bool is_null(std::string_view cell) const;

  std::vector<Column> m_columns;
  std::vector<std::unordered_map<std::string, std::uint32_t, Hash, std::equal_to<>>> m_dictionaries;
  std::vector<std::uint32_t> m_codes;
  std::vector<std::uint8_t> m_labels;
  std::size_t m_positives = 0;
  std::size_t m_unlabelled = 0;
  std::optional<std::size_t> m_label_column;
  std::string m_label_name;
  std::vector<std::string> m_header;
  std::vector<std::string> m_drop_reasons;
  std::vector<std::string> m_null_values;
};

} // namespace leads::model
