#include <leads/model/scorer.hpp>

#include <leads/error.hpp>
#include <leads/lead/fields.hpp>
#include <leads/model/encoding.hpp>
#include <leads/model/logistic.hpp>
#include <leads/normalize/text.hpp>
#include <leads/text/did_you_mean.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <iterator>

namespace leads::model {

namespace {

std::size_t column_of(const std::vector<std::string>& columns, const std::string& feature, config::Mark mark,
                      const std::string& model_file) {
  auto found = std::find(columns.begin(), columns.end(), feature);
  if (found == columns.end()) {
    throw Error(ErrorKind::config,
                fmt::format("the model's feature '{}' is not a column of the input{}", feature,
                            text::did_you_mean(feature, columns)),
                model_file, mark.line, mark.column,
                "score input with the columns the model was trained on, or train the model again");
  }
  return static_cast<std::size_t>(found - columns.begin());
}

std::string_view cell(std::span<const std::string_view> row, std::size_t column) {
  return column < row.size() ? text::trim(row[column]) : std::string_view();
}

} // namespace

std::size_t Scorer::TextHash::operator()(std::string_view text) const noexcept {
  return std::hash<std::string_view>{}(text);
}

Scorer::Scorer(Model model, const std::vector<std::string>& columns, const std::string& model_file)
    : m_model(std::move(model)) {
  for (std::string& value : m_model.null_values) {
    value = std::string(text::trim(value));
  }
  for (const NumericFeature& feature : m_model.numeric) {
    m_numeric_columns.push_back(column_of(columns, feature.feature, feature.mark, model_file));
  }
  for (const CategoricalFeature& feature : m_model.categorical) {
    Categorical categorical;
    categorical.column = column_of(columns, feature.feature, feature.mark, model_file);
    for (const auto& [value, weight] : feature.weights) {
      categorical.weights.emplace(value, weight);
    }
    m_categorical.push_back(std::move(categorical));
  }
}

bool Scorer::is_null(std::string_view value) const {
  return value.empty() ||
         std::any_of(m_model.null_values.begin(), m_model.null_values.end(), [&](const std::string& null) {
           return null.size() == value.size() &&
                  std::equal(null.begin(), null.end(), value.begin(), [](char a, char b) {
                    return text::ascii_lower_char(a) == text::ascii_lower_char(b);
                  });
         });
}

double Scorer::log_odds(std::span<const std::string_view> row,
                        std::vector<ModelContribution>* explain) const {
  double z = m_model.intercept;
  for (std::size_t f = 0; f < m_model.numeric.size(); ++f) {
    const NumericFeature& feature = m_model.numeric[f];
    const std::string_view value = cell(row, m_numeric_columns[f]);
    const std::optional<double> number = is_null(value) ? std::nullopt : parse_number(value);
    const double part =
        number ? feature.weight * (*number - feature.mean) / feature.sd : feature.missing_weight;
    z += part;
    if (explain != nullptr) {
      explain->push_back({feature.feature, number ? std::string(value) : std::string(k_missing), part});
    }
  }
  for (std::size_t f = 0; f < m_model.categorical.size(); ++f) {
    const CategoricalFeature& feature = m_model.categorical[f];
    const std::string_view value = cell(row, m_categorical[f].column);
    double part = feature.missing;
    bool other = false;
    if (!is_null(value)) {
      auto found = m_categorical[f].weights.find(value);
      other = found == m_categorical[f].weights.end();
      part = other ? feature.other : found->second;
    }
    z += part;
    if (explain != nullptr) {
      explain->push_back({feature.feature,
                          is_null(value) ? std::string(k_missing)
                          : other        ? fmt::format("{} {}", value, k_other)
                                         : std::string(value),
                          part});
    }
  }
  return z;
}

double Scorer::probability(std::span<const std::string_view> row) const {
  return sigmoid(log_odds(row, nullptr));
}

double Scorer::probability(std::span<const std::string_view> row,
                           std::vector<ModelContribution>& explain) const {
  explain.clear();
  const double p = sigmoid(log_odds(row, &explain));
  std::stable_sort(explain.begin(), explain.end(),
                   [](const ModelContribution& a, const ModelContribution& b) {
                     return std::abs(a.contribution) > std::abs(b.contribution);
                   });
  return p;
}

void append_probability(std::string& out, double probability) {
  fmt::format_to(std::back_inserter(out), "{:.4f}", std::clamp(probability, 0.0, 1.0));
}

} // namespace leads::model
