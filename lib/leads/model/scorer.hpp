#pragma once

#include <leads/model/model.hpp>

#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace leads::model {

// One feature's part of a prediction, for explanations.
struct ModelContribution {
  std::string_view feature; // lives as long as the Scorer's model
  std::string value;        // the row's value, "(missing)", or "Foo (other)"
  double contribution = 0;  // added to the log-odds: weight * x
};

// A model compiled for one input: each feature bound to its column. Predicting
// is const and allocates nothing (unless asked to explain): one Scorer may
// serve several threads.
class Scorer {
public:
  // Binds the model's features to `columns`; a feature the input lacks is a
  // leads::Error(config) at its place in `model_file`.
  Scorer(Model model, const std::vector<std::string>& columns, const std::string& model_file);

  // The probability of the label for one row (fields in the order of `columns`).
  double probability(std::span<const std::string_view> row) const;
  // Same, and every feature's contribution, largest |contribution| first.
  double probability(std::span<const std::string_view> row, std::vector<ModelContribution>& explain) const;

  const Model& model() const { return m_model; }

private:
  struct TextHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view text) const noexcept;
  };
  struct Categorical {
    std::size_t column = 0;
    std::unordered_map<std::string, double, TextHash, std::equal_to<>> weights;
  };

  bool is_null(std::string_view cell) const;
  double log_odds(std::span<const std::string_view> row, std::vector<ModelContribution>* explain) const;

  Model m_model;
  std::vector<std::size_t> m_numeric_columns;
  std::vector<Categorical> m_categorical;
};

// A probability as the output writes it: 4 decimals ("0.0731").
void append_probability(std::string& out, double probability);

} // namespace leads::model
