#pragma once

#include <leads/config/config.hpp>
#include <leads/model/dataset.hpp>
#include <leads/model/logistic.hpp>
#include <leads/model/metrics.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace leads::model {

// A numeric feature: x = (value - mean) / sd adds weight * x to the log-odds;
// a missing value (no value, or text) adds missing_weight instead.
struct NumericFeature {
  std::string feature;
  double mean = 0;
  double sd = 1;
  double weight = 0;
  double missing_weight = 0;
  config::Mark mark; // where the model file names it (for errors when applied)
};

// A categorical feature: each value's weight; values not listed weigh as
// (other), no value as (missing).
struct CategoricalFeature {
  std::string feature;
  std::vector<std::pair<std::string, double>> weights; // the listed values, in file order
  double other = 0;
  double missing = 0;
  config::Mark mark;
};

// A trained logistic regression, as its model file holds it.
struct Model {
  std::string label;      // the label column, or "won" from the stage history
  std::string trained_at; // ISO 8601, the "now" of the run
  std::size_t rows = 0;   // labelled rows trained on
  std::size_t positives = 0;
  double auc = 0;               // on the training rows
  std::optional<double> cv_auc; // cross-validated, when evaluated
  double l2 = k_default_l2;
  std::vector<std::string> null_values; // cells that count as no value
  double intercept = 0;
  std::vector<NumericFeature> numeric;
  std::vector<CategoricalFeature> categorical;
};

struct TrainOptions {
  double l2 = k_default_l2;
  std::size_t newton_max_features = FitOptions{}.newton_max_features;
  unsigned threads = 2;
  std::int64_t now = 0; // becomes trained_at
};

// A trained model with what went into it.
struct Training {
  Model model;
  std::vector<ColumnReport> columns; // every input column: how it was used or why not
  Fit fit;                           // the optimizer's account (iterations, gradient norm)
};

// Fits the model on every labelled row of `data`. Throws leads::Error(data)
// when the rows hold no positive or no negative label, or no usable column.
Training train(const Dataset& data, const TrainOptions& options);

// Cross-validation figures (see leads-score(1), EVALUATION).
struct Evaluation {
  std::size_t folds = 0;
  std::vector<std::optional<double>> fold_auc; // per fold
  double mean_auc = 0;                         // of the folds that have one
  std::size_t top = 0;                         // k of precision at k
  double precision_at_top = 0;
  double base_rate = 0; // share of positives: what precision at k would be by chance
  std::vector<CalibrationBin> calibration;
  double brier = 0;
  std::vector<double> predictions; // out-of-fold probability of every labelled row
};

// k-fold cross-validation: rows go to folds by label (the i-th positive row to
// fold i mod k, and so the negatives), each fold predicted by a model whose
// encodings and weights were fitted on the other folds. `top` is the k of
// precision at k (default: 10 % of the rows). Throws leads::Error(usage) for
// fewer than 2 folds or more folds than rows of either label.
Evaluation evaluate(const Dataset& data, const TrainOptions& options, std::size_t folds,
                    std::optional<std::size_t> top = std::nullopt);

} // namespace leads::model
