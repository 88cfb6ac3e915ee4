#include <leads/model/model.hpp>

#include <leads/error.hpp>
#include <leads/model/encoding.hpp>
#include <leads/normalize/date.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace leads::model {

namespace {

// label: the label column, or "" for a workspace's stage history.
void check_labels(std::size_t rows, std::size_t positives, const std::string& label) {
  const std::string where =
      label.empty() ? "leads are labelled by their stage history: 1 when they reached a won stage, 0 when lost "
                      "or disqualified, none while still open"
                    : fmt::format("the label column {} needs 1/0, true/false or yes/no values", label);
  if (rows == 0) {
    throw Error(ErrorKind::data, "no labelled rows to learn from", "", 0, 0, where);
  }
  if (positives == 0 || positives == rows) {
    throw Error(ErrorKind::data,
                fmt::format("every labelled row is {} ({} rows): nothing to tell apart",
                            positives == 0 ? 0 : 1, rows),
                "", 0, 0, "a model needs rows of both labels; " + where);
  }
}

// The encodings and weights fitted on `rows` (the plan is shared by all folds).
Fit fit_rows(const Dataset& data, const Encoding& encoding, std::span<const std::uint32_t> rows,
             const TrainOptions& options) {
  const EncodedDesign design(data, encoding);
  FitOptions fit_options;
  fit_options.l2 = options.l2;
  fit_options.threads = options.threads;
  fit_options.newton_max_features = options.newton_max_features;
  return fit_logistic(design, rows, data.labels(), fit_options);
}

// The probability of each of `rows`.
std::vector<double> predict(const Dataset& data, const Encoding& encoding, const Fit& fit,
                            std::span<const std::uint32_t> rows) {
  const EncodedDesign design(data, encoding);
  std::vector<double> out;
  out.reserve(rows.size());
  std::vector<FeatureValue> entries(design.max_entries());
  for (std::uint32_t i : rows) {
    const std::size_t count = design.row(i, entries.data());
    double z = fit.intercept;
    for (std::size_t a = 0; a < count; ++a) {
      z += fit.weights[entries[a].feature] * entries[a].value;
    }
    out.push_back(sigmoid(z));
  }
  return out;
}

std::vector<std::uint32_t> all_rows(const Dataset& data) {
  std::vector<std::uint32_t> rows(data.rows());
  std::iota(rows.begin(), rows.end(), 0);
  return rows;
}

Plan usable_plan(const Dataset& data) {
  Plan plan = plan_columns(data);
  if (plan.used.empty()) {
    throw Error(ErrorKind::data, "no column can be a feature", "", 0, 0,
                "see why each column was left out; --features names the columns to use");
  }
  return plan;
}

} // namespace

Training train(const Dataset& data, const TrainOptions& options) {
  check_labels(data.rows(), data.positives(), data.label_name());
  Training out;
  const Plan plan = usable_plan(data);
  out.columns = plan.report;
  const std::vector<std::uint32_t> rows = all_rows(data);
  const Encoding encoding = fit_encoding(data, plan, rows);
  out.fit = fit_rows(data, encoding, rows, options);

  Model& model = out.model;
  model.label = data.label_name().empty() ? "won" : data.label_name();
  model.trained_at = normalize::format_iso(options.now);
  model.rows = data.rows();
  model.positives = data.positives();
  model.l2 = options.l2;
  model.null_values = data.null_values();
  model.intercept = out.fit.intercept;
  const std::vector<double> predictions = predict(data, encoding, out.fit, rows);
  model.auc = roc_auc(predictions, data.labels()).value_or(0);
  // Features in input column order, numeric and categorical apart.
  const auto& columns = data.columns();
  for (const Encoding::Numeric& numeric : encoding.numeric) {
    model.numeric.push_back(
        {columns[numeric.column].name,
         numeric.mean,
         numeric.sd,
         out.fit.weights[numeric.feature],
         numeric.missing_feature == Encoding::k_none ? 0 : out.fit.weights[numeric.missing_feature],
         {}});
  }
  for (const Encoding::Categorical& categorical : encoding.categorical) {
    CategoricalFeature feature;
    feature.feature = columns[categorical.column].name;
    for (std::size_t l = 0; l < categorical.levels.size(); ++l) {
      feature.weights.emplace_back(categorical.levels[l], out.fit.weights[categorical.first_level + l]);
    }
    feature.other = out.fit.weights[categorical.other];
    feature.missing = out.fit.weights[categorical.missing];
    model.categorical.push_back(std::move(feature));
  }
  return out;
}

Evaluation evaluate(const Dataset& data, const TrainOptions& options, std::size_t folds,
                    std::optional<std::size_t> top) {
  check_labels(data.rows(), data.positives(), data.label_name());
  const std::size_t negatives = data.rows() - data.positives();
  if (folds < 2 || folds > std::min(data.positives(), negatives)) {
    throw Error(ErrorKind::usage,
                fmt::format("cannot split {} positive and {} negative rows into {} folds", data.positives(),
                            negatives, folds),
                "", 0, 0, "use from 2 folds to as many as the rarer label has rows (5 is usual)");
  }
  const Plan plan = usable_plan(data);
  const std::span<const std::uint8_t> labels = data.labels();
  std::vector<std::uint32_t> fold_of(data.rows());
  std::size_t seen[2] = {0, 0};
  for (std::size_t i = 0; i < data.rows(); ++i) {
    fold_of[i] = static_cast<std::uint32_t>(seen[labels[i]]++ % folds);
  }

  Evaluation out;
  out.folds = folds;
  out.predictions.assign(data.rows(), 0);
  double auc_sum = 0;
  std::size_t auc_count = 0;
  for (std::uint32_t k = 0; k < folds; ++k) {
    std::vector<std::uint32_t> train_rows;
    std::vector<std::uint32_t> test_rows;
    for (std::uint32_t i = 0; i < data.rows(); ++i) {
      (fold_of[i] == k ? test_rows : train_rows).push_back(i);
    }
    const Encoding encoding = fit_encoding(data, plan, train_rows);
    const Fit fit = fit_rows(data, encoding, train_rows, options);
    const std::vector<double> predicted = predict(data, encoding, fit, test_rows);
    std::vector<std::uint8_t> test_labels;
    for (std::size_t t = 0; t < test_rows.size(); ++t) {
      out.predictions[test_rows[t]] = predicted[t];
      test_labels.push_back(labels[test_rows[t]]);
    }
    const std::optional<double> auc = roc_auc(predicted, test_labels);
    out.fold_auc.push_back(auc);
    if (auc) {
      auc_sum += *auc;
      ++auc_count;
    }
  }
  out.mean_auc = auc_count > 0 ? auc_sum / static_cast<double>(auc_count) : 0;
  out.top = std::min(data.rows(), top.value_or(std::max<std::size_t>(1, data.rows() / 10)));
  out.precision_at_top = precision_at(out.predictions, labels, out.top).value_or(0);
  out.base_rate = static_cast<double>(data.positives()) / static_cast<double>(data.rows());
  out.calibration = calibration(out.predictions, labels);
  out.brier = brier_score(out.predictions, labels);
  return out;
}

} // namespace leads::model
