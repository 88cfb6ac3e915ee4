#pragma once

#include <leads/report/model.hpp>

#include <cstdint>
#include <optional>
#include <vector>

namespace leads::report {

// The count, median and 90th percentile of durations in seconds (sorts
// them); nullopt for none. The median of an even count is the midpoint of
// the two middle values; the 90th percentile is the nearest rank, the
// ceil(0.9 n)-th smallest.
std::optional<Durations> summarize(std::vector<std::int64_t>& seconds);

} // namespace leads::report
