#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace leads::model {

// Figures of how well predicted probabilities rank and fit labels (1 or 0).

// Area under the ROC curve: the chance that a random positive is ranked above
// a random negative, ties counting half (the Mann-Whitney U statistic over
// positives x negatives). nullopt without both a positive and a negative.
std::optional<double> roc_auc(std::span<const double> scores, std::span<const std::uint8_t> labels);

// Share of positives among the k highest scores (ties broken by input order:
// the earlier row first). nullopt when k is 0.
std::optional<double> precision_at(std::span<const double> scores, std::span<const std::uint8_t> labels,
                                   std::size_t k);

// One bin of predicted probability.
struct CalibrationBin {
  double low = 0; // the bin is [low, high); the last one includes 1
  double high = 0;
  std::size_t count = 0;
  double mean_predicted = 0; // 0 when empty
  double observed_rate = 0;  // share of positives; 0 when empty
};

// The rows in `bins` equal bins of predicted probability (10: [0, 0.1), ... [0.9, 1]).
std::vector<CalibrationBin> calibration(std::span<const double> probabilities,
                                        std::span<const std::uint8_t> labels, std::size_t bins = 10);

// Mean squared difference between probability and label (0 is perfect).
double brier_score(std::span<const double> probabilities, std::span<const std::uint8_t> labels);

} // namespace leads::model
