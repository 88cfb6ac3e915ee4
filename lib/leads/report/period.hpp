#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace leads::report {

// What a period is a run of, which decides the period before it.
enum class PeriodKind {
  day,   // 2026-11-27, today, yesterday
  week,  // 2026-W47, this-week, last-week (ISO weeks, Monday 00:00 UTC)
  month, // 2026-11, this-month, last-month
  range, // 2026-11-01..2026-11-30, last-7-days: whole days, both ends included
};

// A span of time [start, end) in UTC epoch seconds, on day boundaries.
struct Period {
  std::int64_t start = 0;
  std::int64_t end = 0;
  PeriodKind kind = PeriodKind::day;
  // The canonical name: "2026-W47", "2026-11", "2026-11-27" or "2026-11-01..2026-11-30".
  std::string label;

  // "2026-11-16" and "2026-11-22": the first and the last day in it.
  std::string first_day() const;
  std::string last_day() const;
  bool contains(std::int64_t at) const { return at >= start && at < end; }
  friend bool operator==(const Period&, const Period&) = default;
};

// Reads a --period value (see leads-report(1)): this-week, last-week,
// this-month, last-month, today, yesterday, last-N-days (the N whole days
// before today's), YYYY-Www, YYYY-MM, YYYY-MM-DD and YYYY-MM-DD..YYYY-MM-DD,
// relative to now. Throws leads::Error(usage) naming the forms it knows.
Period parse_period(std::string_view spec, std::int64_t now);

// The period of equal kind just before: the week, month or day before, or
// the span of equal length that ends where a range starts.
Period previous(const Period& period);

// The unit of a trend (--every).
enum class Every { week, month };
std::optional<Every> parse_every(std::string_view name); // "week" | "month"
std::string_view every_name(Every every);

// The buckets of a trend, oldest first: the calendar weeks (ISO) or months
// that overlap the period, or, when fewer than two do, the 8 that end with
// the one holding the period's last day.
std::vector<Period> trend_buckets(const Period& period, Every every);

// How many buckets a trend shows when the period holds fewer than two.
inline constexpr int k_trend_default_buckets = 8;

// "YYYY-MM-DD" of the day holding the epoch second.
std::string iso_day(std::int64_t at);

} // namespace leads::report
