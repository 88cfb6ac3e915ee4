#pragma once

#include <leads/model/model.hpp>

#include <string>
#include <string_view>

namespace leads::model {

// The model file: YAML that people can read and diff, written the same way
// for the same model (keys in a fixed order, numbers in their shortest form
// that reads back to the same double).
//
//   kind: logistic_regression
//   label: Converted
//   trained_at: 2026-11-27T12:00:00Z
//   rows: 9240
//   positives: 3561
//   auc: 0.9187
//   cv_auc: 0.9102          (when evaluated)
//   l2: 0.001
//   null_values: ["", Select]
//   intercept: -0.41
//   numeric:
//     - feature: TotalVisits
//       mean: 3.4
//       sd: 4.8
//       weight: 0.21
//       missing_weight: 0
//   categorical:
//     - feature: Lead Origin
//       weights:
//         API: -0.3
//         (other): 0.1
//         (missing): 0
std::string write_model(const Model& model);

// Reads a model file's text, checking it: unknown keys (with did-you-mean),
// wrong types, a kind other than logistic_regression, sd <= 0, a feature
// given twice. Errors are leads::Error(config) at source:line:col.
Model read_model(std::string_view text, const std::string& source);

// Reads a model file; leads::Error(no_input) when it cannot be read.
Model load_model(const std::string& path);

} // namespace leads::model
