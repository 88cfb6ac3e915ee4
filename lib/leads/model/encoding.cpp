#include <leads/model/encoding.hpp>

#include <leads/expr/functions.hpp>
#include <leads/lead/fields.hpp>
#include <leads/normalize/date.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <numeric>

namespace leads::model {

namespace {

constexpr double k_numeric_share = 0.95;
constexpr double k_date_share = 0.95;
constexpr double k_identity_share = 0.90;
constexpr std::array<std::string_view, 3> k_date_columns = {"created_at", "updated_at", "stage_at"};

bool is_date(std::string_view value) {
  return expr::parse_timestamp(value).has_value() ||
         normalize::timestamp(value, normalize::DateOrder::mdy).has_value();
}

std::string percent(double share) {
  return fmt::format("{}%", static_cast<long>(std::floor(share * 100)));
}

// Why a held column is no feature ("" when it is one); fills its numbers.
std::string judge(const Dataset::Column& column, std::size_t rows, ColumnPlan& plan) {
  const std::size_t with_value = rows - column.counts[0];
  const std::size_t distinct = column.values.size();
  if (std::find(k_date_columns.begin(), k_date_columns.end(), column.name) != k_date_columns.end()) {
    return "dates";
  }
  if (distinct + (column.counts[0] > 0 ? 1 : 0) <= 1) {
    return distinct == 0 ? "no values" : fmt::format("a single value ('{}')", column.values[0]);
  }
  plan.numbers.assign(distinct + 1, std::numeric_limits<double>::quiet_NaN());
  std::size_t numeric = 0;
  std::size_t dates = 0;
  for (std::size_t c = 1; c <= distinct; ++c) {
    const std::string& value = column.values[c - 1];
    if (const std::optional<double> number = parse_number(value)) {
      plan.numbers[c] = *number;
      numeric += column.counts[c];
    } else if (is_date(value)) {
      dates += column.counts[c];
    }
  }
  const auto share = [&](std::size_t count) {
    return with_value == 0 ? 0.0 : static_cast<double>(count) / static_cast<double>(with_value);
  };
  if (share(dates) >= k_date_share) {
    return "dates";
  }
  const double distinct_share =
      static_cast<double>(distinct) / static_cast<double>(std::max<std::size_t>(1, rows));
  if (distinct_share >= k_identity_share) {
    return fmt::format("identifies rows (values distinct in {} of the rows)", percent(distinct_share));
  }
  plan.kind = share(numeric) >= k_numeric_share ? ColumnPlan::Kind::numeric : ColumnPlan::Kind::categorical;
  if (plan.kind == ColumnPlan::Kind::categorical) {
    plan.numbers.clear();
  }
  return {};
}

} // namespace

Plan plan_columns(const Dataset& data) {
  Plan plan;
  const std::vector<Dataset::Column>& columns = data.columns();
  std::size_t held = 0;
  for (std::size_t i = 0; i < data.header().size(); ++i) {
    const std::string& name = data.header()[i];
    if (!data.drop_reasons()[i].empty()) {
      plan.report.push_back({name, ColumnReport::Use::dropped, data.drop_reasons()[i]});
      continue;
    }
    const Dataset::Column& column = columns[held];
    ColumnPlan column_plan;
    column_plan.column = held++;
    std::string reason = judge(column, data.rows(), column_plan);
    if (!reason.empty()) {
      plan.report.push_back({name, ColumnReport::Use::dropped, std::move(reason)});
      continue;
    }
    const bool numeric = column_plan.kind == ColumnPlan::Kind::numeric;
    std::size_t missing = column.counts[0];
    if (numeric) {
      for (std::size_t c = 1; c < column.counts.size(); ++c) {
        missing += std::isnan(column_plan.numbers[c]) ? column.counts[c] : 0;
      }
    }
    std::string summary =
        numeric ? "numbers"
                : fmt::format("{} value{}", column.values.size(), column.values.size() == 1 ? "" : "s");
    if (missing > 0) {
      summary += fmt::format(", {} missing", missing);
    }
    plan.report.push_back(
        {name, numeric ? ColumnReport::Use::numeric : ColumnReport::Use::categorical, std::move(summary)});
    plan.used.push_back(std::move(column_plan));
  }
  return plan;
}

Encoding fit_encoding(const Dataset& data, const Plan& plan, std::span<const std::uint32_t> rows) {
  Encoding encoding;
  std::uint32_t next = 0;
  const double n = static_cast<double>(rows.size());
  const std::size_t threshold = std::max<std::size_t>(10, static_cast<std::size_t>(std::ceil(0.005 * n)));
  for (const ColumnPlan& column_plan : plan.used) {
    const Dataset::Column& column = data.columns()[column_plan.column];
    // Counts per code over these rows.
    std::vector<std::uint32_t> counts(column.counts.size(), 0);
    for (std::uint32_t row : rows) {
      ++counts[data.code(row, column_plan.column)];
    }
    if (column_plan.kind == ColumnPlan::Kind::numeric) {
      Encoding::Numeric numeric;
      numeric.column = column_plan.column;
      double count = 0;
      double sum = 0;
      bool missing = false;
      for (std::size_t c = 0; c < counts.size(); ++c) {
        const double value = column_plan.numbers[c];
        if (std::isnan(value)) {
          missing = missing || counts[c] > 0;
          continue;
        }
        count += counts[c];
        sum += counts[c] * value;
      }
      numeric.mean = count > 0 ? sum / count : 0;
      double squares = 0;
      for (std::size_t c = 0; c < counts.size(); ++c) {
        const double value = column_plan.numbers[c];
        if (!std::isnan(value)) {
          squares += counts[c] * (value - numeric.mean) * (value - numeric.mean);
        }
      }
      const double sd = count > 0 ? std::sqrt(squares / count) : 0;
      numeric.sd = sd > 0 ? sd : 1;
      numeric.values.reserve(column_plan.numbers.size());
      for (const double value : column_plan.numbers) {
        numeric.values.push_back((value - numeric.mean) / numeric.sd); // NaN stays NaN
      }
      numeric.feature = next++;
      if (missing) {
        numeric.missing_feature = next++;
      }
      encoding.numeric.push_back(numeric);
    } else {
      Encoding::Categorical categorical;
      categorical.column = column_plan.column;
      std::vector<std::uint32_t> kept;
      for (std::uint32_t c = 1; c < counts.size(); ++c) {
        const std::string& value = column.values[c - 1];
        if (counts[c] >= threshold && value != k_other && value != k_missing) {
          kept.push_back(c);
        }
      }
      std::sort(kept.begin(), kept.end(), [&](std::uint32_t a, std::uint32_t b) {
        return column.values[a - 1] < column.values[b - 1];
      });
      categorical.first_level = next;
      categorical.other = next + static_cast<std::uint32_t>(kept.size());
      categorical.missing = categorical.other + 1;
      categorical.feature_of_code.assign(counts.size(), categorical.other);
      categorical.feature_of_code[0] = categorical.missing;
      for (std::uint32_t c : kept) {
        categorical.levels.push_back(column.values[c - 1]);
        categorical.feature_of_code[c] = next++;
      }
      next += 2;
      encoding.categorical.push_back(std::move(categorical));
    }
  }
  encoding.features = next;
  return encoding;
}

std::size_t EncodedDesign::row(std::size_t i, FeatureValue* out) const {
  FeatureValue* next = out;
  for (const Encoding::Numeric& numeric : m_encoding.numeric) {
    const double value = numeric.values[m_data.code(i, numeric.column)];
    if (!std::isnan(value)) {
      *next++ = {numeric.feature, value};
    } else if (numeric.missing_feature != Encoding::k_none) {
      *next++ = {numeric.missing_feature, 1};
    }
  }
  for (const Encoding::Categorical& categorical : m_encoding.categorical) {
    *next++ = {categorical.feature_of_code[m_data.code(i, categorical.column)], 1};
  }
  return static_cast<std::size_t>(next - out);
}

} // namespace leads::model
