#pragma once

#include <leads/model/dataset.hpp>
#include <leads/model/logistic.hpp>

#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <vector>

namespace leads::model {

// Which held columns become features, and how: decided once from all the
// labelled rows (it uses no label, so no fold learns from another's labels).
struct ColumnPlan {
  enum class Kind { numeric, categorical };
  std::size_t column = 0; // in Dataset::columns()
  Kind kind = Kind::categorical;
  // numeric: the number of each code (NaN for no value and for text that is
  // not a number, which counts as missing)
  std::vector<double> numbers;
};

struct Plan {
  std::vector<ColumnPlan> used;     // in input column order
  std::vector<ColumnReport> report; // every column of the input, in input order
};

// A column is numeric when at least 95 % of its values (cells with a value)
// read as numbers; dropped when it is a date or timestamp column (by name, or
// 95 % of its values are dates), when its values are distinct in at least
// 90 % of the rows (it identifies rows), or when it has one value only (no
// value counting as one).
Plan plan_columns(const Dataset& data);

// Feature encodings fitted on some rows (a fold's training rows, or all):
// numeric columns standardized by their mean and standard deviation, with a
// `missing` indicator when any of those rows lacks the value; categorical
// columns one-hot, values seen in fewer than max(10, 0.5 % of the rows) rows
// pooled into (other), no value as (missing).
struct Encoding {
  static constexpr std::uint32_t k_none = std::numeric_limits<std::uint32_t>::max();

  struct Numeric {
    std::size_t column = 0;     // in Dataset::columns()
    std::vector<double> values; // per code: (number - mean) / sd, or NaN when missing
    double mean = 0;
    double sd = 1;
    std::uint32_t feature = 0;
    std::uint32_t missing_feature = k_none;
  };
  struct Categorical {
    std::size_t column = 0;
    std::vector<std::uint32_t> feature_of_code; // code -> feature
    std::vector<std::string> levels;            // the values with features of their own, sorted
    std::uint32_t first_level = 0;              // feature of levels[0]; then (other), (missing)
    std::uint32_t other = 0;
    std::uint32_t missing = 0;
  };

  std::vector<Numeric> numeric;
  std::vector<Categorical> categorical;
  std::size_t features = 0;
};

// The spelling of the pooled levels in model files and explanations.
inline constexpr std::string_view k_other = "(other)";
inline constexpr std::string_view k_missing = "(missing)";

Encoding fit_encoding(const Dataset& data, const Plan& plan, std::span<const std::uint32_t> rows);

// A Dataset's rows as features, through an Encoding.
class EncodedDesign : public Design {
public:
  EncodedDesign(const Dataset& data, const Encoding& encoding) : m_data(data), m_encoding(encoding) {}
  std::size_t features() const override { return m_encoding.features; }
  std::size_t max_entries() const override {
    return m_encoding.numeric.size() + m_encoding.categorical.size();
  }
  std::size_t row(std::size_t i, FeatureValue* out) const override;

private:
  const Dataset& m_data;
  const Encoding& m_encoding;
};

} // namespace leads::model
