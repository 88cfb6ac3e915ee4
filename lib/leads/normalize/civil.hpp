#pragma once

#include <array>
#include <cstdint>

namespace leads::normalize {

// The proleptic Gregorian calendar, as dates, the expression language and
// the report count days.

constexpr bool is_leap(std::int64_t year) {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

// 28 to 31; month 1 to 12.
constexpr int days_in_month(std::int64_t year, std::int64_t month) {
  constexpr std::array<int, 12> k_days = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && is_leap(year) ? 29 : k_days[static_cast<std::size_t>(month - 1)];
}

// Days since 1970-01-01 (H. Hinnant's days_from_civil); month 1 to 12, day 1 to 31.
constexpr std::int64_t days_from_civil(std::int64_t year, std::int64_t month, std::int64_t day) {
  year -= month <= 2 ? 1 : 0;
  const std::int64_t era = (year >= 0 ? year : year - 399) / 400;
  const std::int64_t yoe = year - era * 400;
  const std::int64_t doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

static_assert(days_from_civil(1970, 1, 1) == 0);
static_assert(days_from_civil(2000, 3, 1) == 11017);
static_assert(days_from_civil(1969, 12, 31) == -1);
static_assert(days_in_month(2024, 2) == 29 && days_in_month(1900, 2) == 28 && days_in_month(2000, 2) == 29);

} // namespace leads::normalize
