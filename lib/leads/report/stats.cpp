#include <leads/report/stats.hpp>

#include <algorithm>

namespace leads::report {

std::optional<Durations> summarize(std::vector<std::int64_t>& seconds) {
  if (seconds.empty()) {
    return std::nullopt;
  }
  std::sort(seconds.begin(), seconds.end());
  const std::size_t n = seconds.size();
  Durations d;
  d.count = static_cast<long>(n);
  d.median_seconds =
      n % 2 == 1 ? static_cast<double>(seconds[n / 2])
                 : (static_cast<double>(seconds[n / 2 - 1]) + static_cast<double>(seconds[n / 2])) / 2;
  // ceil(0.9 n) in integers: (9 n + 9) / 10.
  const std::size_t rank = (9 * n + 9) / 10;
  d.p90_seconds = seconds[rank - 1];
  return d;
}

} // namespace leads::report
