#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace leads::routing {

// A UTC calendar day, counted in days since 1970-01-01: what "today" means for
// capacity and away dates.
using Day = std::int64_t;

// The UTC day of a time in epoch seconds.
Day day_of(std::int64_t epoch_seconds);
// The day of "YYYY-MM-DD", or nullopt.
std::optional<Day> parse_day(std::string_view date);
// "YYYY-MM-DD".
std::string format_day(Day day);

// The days a rep is away, from routing.reps[].away: "YYYY-MM-DD" or an
// inclusive "YYYY-MM-DD..YYYY-MM-DD" (entries that are neither are ignored:
// the config loader has refused them).
class AwayDays {
public:
  AwayDays() = default;
  explicit AwayDays(std::span<const std::string> entries);

  bool contains(Day day) const { return until(day).has_value(); }
  // The last day of the absence that holds `day` (ranges that overlap or touch
  // make one absence), or nullopt when the rep is not away that day.
  std::optional<Day> until(Day day) const;

private:
  std::vector<std::pair<Day, Day>> m_ranges; // sorted, merged
};

} // namespace leads::routing
