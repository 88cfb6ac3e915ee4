#include <leads/model/metrics.hpp>

#include <algorithm>
#include <numeric>

namespace leads::model {

std::optional<double> roc_auc(std::span<const double> scores, std::span<const std::uint8_t> labels) {
  const std::size_t n = scores.size();
  std::vector<std::uint32_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::uint32_t a, std::uint32_t b) { return scores[a] < scores[b]; });
  // Sum of the positives' ranks, a tie group sharing its average rank.
  double rank_sum = 0;
  std::size_t positives = 0;
  for (std::size_t i = 0; i < n;) {
    std::size_t j = i;
    std::size_t group_positives = 0;
    while (j < n && scores[order[j]] == scores[order[i]]) {
      group_positives += labels[order[j]];
      ++j;
    }
    const double average_rank = (static_cast<double>(i + 1) + static_cast<double>(j)) / 2;
    rank_sum += average_rank * static_cast<double>(group_positives);
    positives += group_positives;
    i = j;
  }
  const std::size_t negatives = n - positives;
  if (positives == 0 || negatives == 0) {
    return std::nullopt;
  }
  const double p = static_cast<double>(positives);
  const double u = rank_sum - p * (p + 1) / 2;
  return u / (p * static_cast<double>(negatives));
}

std::optional<double> precision_at(std::span<const double> scores, std::span<const std::uint8_t> labels,
                                   std::size_t k) {
  k = std::min(k, scores.size());
  if (k == 0) {
    return std::nullopt;
  }
  std::vector<std::uint32_t> order(scores.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::uint32_t a, std::uint32_t b) { return scores[a] > scores[b]; });
  std::size_t hits = 0;
  for (std::size_t i = 0; i < k; ++i) {
    hits += labels[order[i]];
  }
  return static_cast<double>(hits) / static_cast<double>(k);
}

std::vector<CalibrationBin> calibration(std::span<const double> probabilities,
                                        std::span<const std::uint8_t> labels, std::size_t bins) {
  std::vector<CalibrationBin> out(bins);
  std::vector<double> predicted(bins, 0);
  std::vector<double> positives(bins, 0);
  for (std::size_t b = 0; b < bins; ++b) {
    out[b].low = static_cast<double>(b) / static_cast<double>(bins);
    out[b].high = static_cast<double>(b + 1) / static_cast<double>(bins);
  }
  for (std::size_t i = 0; i < probabilities.size(); ++i) {
    const double p = std::clamp(probabilities[i], 0.0, 1.0);
    const auto b = std::min(bins - 1, static_cast<std::size_t>(p * static_cast<double>(bins)));
    ++out[b].count;
    predicted[b] += p;
    positives[b] += labels[i];
  }
  for (std::size_t b = 0; b < bins; ++b) {
    if (out[b].count > 0) {
      out[b].mean_predicted = predicted[b] / static_cast<double>(out[b].count);
      out[b].observed_rate = positives[b] / static_cast<double>(out[b].count);
    }
  }
  return out;
}

double brier_score(std::span<const double> probabilities, std::span<const std::uint8_t> labels) {
  if (probabilities.empty()) {
    return 0;
  }
  double sum = 0;
  for (std::size_t i = 0; i < probabilities.size(); ++i) {
    const double d = probabilities[i] - labels[i];
    sum += d * d;
  }
  return sum / static_cast<double>(probabilities.size());
}

} // namespace leads::model
