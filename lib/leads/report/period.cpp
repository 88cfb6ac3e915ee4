#include <leads/report/period.hpp>

#include <leads/error.hpp>

#include <date/date.h>
#include <date/iso_week.h>
#include <fmt/format.h>

#include <charconv>

namespace leads::report {

namespace {

constexpr std::int64_t k_day = 86400;
constexpr std::string_view k_forms =
    "use this-week, last-week, this-month, last-month, today, yesterday, last-N-days (last-7-days), "
    "2026-W47, 2026-11, 2026-11-27 or 2026-11-01..2026-11-30";

// Whole days since 1970-01-01 of the day holding `at` (floor, also before 1970).
std::int64_t day_of(std::int64_t at) {
  return at >= 0 ? at / k_day : -((-at + k_day - 1) / k_day);
}

date::sys_days as_sys_days(std::int64_t day) {
  return date::sys_days(date::days(day));
}

std::int64_t day_number(date::sys_days day) {
  return day.time_since_epoch().count();
}

[[noreturn]] void bad_period(std::string_view spec, std::string_view why) {
  throw Error(ErrorKind::usage, fmt::format("unknown period '{}'{}", spec, why), "", 0, 0,
              std::string(k_forms));
}

// Reads exactly `digits` decimal digits at text[at...].
std::optional<int> read_digits(std::string_view text, std::size_t at, std::size_t digits) {
  if (at + digits > text.size()) {
    return std::nullopt;
  }
  int value = 0;
  for (std::size_t i = at; i < at + digits; ++i) {
    if (text[i] < '0' || text[i] > '9') {
      return std::nullopt;
    }
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

// "YYYY-MM-DD" naming a real day -> days since 1970-01-01.
std::optional<std::int64_t> read_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') {
    return std::nullopt;
  }
  auto y = read_digits(text, 0, 4);
  auto m = read_digits(text, 5, 2);
  auto d = read_digits(text, 8, 2);
  if (!y || !m || !d) {
    return std::nullopt;
  }
  const date::year_month_day ymd{date::year(*y), date::month(static_cast<unsigned>(*m)),
                                 date::day(static_cast<unsigned>(*d))};
  if (!ymd.ok()) {
    return std::nullopt;
  }
  return day_number(date::sys_days(ymd));
}

Period day_period(std::int64_t day) {
  return {day * k_day, (day + 1) * k_day, PeriodKind::day, iso_day(day * k_day)};
}

// The ISO week holding the day.
Period week_period(std::int64_t day) {
  const iso_week::year_weeknum_weekday iso{as_sys_days(day)};
  // 1970-01-01 was a Thursday (3 days after a Monday).
  const std::int64_t monday = day - ((day + 3) % 7 + 7) % 7;
  return {monday * k_day, (monday + 7) * k_day, PeriodKind::week,
          fmt::format("{:04}-W{:02}", static_cast<int>(iso.year()), static_cast<unsigned>(iso.weeknum()))};
}

// The calendar month holding the day.
Period month_period(std::int64_t day) {
  const date::year_month_day ymd{as_sys_days(day)};
  const date::year_month first = ymd.year() / ymd.month();
  const std::int64_t start = day_number(date::sys_days(first / 1));
  const std::int64_t end = day_number(date::sys_days((first + date::months(1)) / 1));
  return {start * k_day, end * k_day, PeriodKind::month,
          fmt::format("{:04}-{:02}", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()))};
}

Period range_period(std::int64_t first_day, std::int64_t last_day) {
  Period p{first_day * k_day, (last_day + 1) * k_day, PeriodKind::range, {}};
  p.label = fmt::format("{}..{}", p.first_day(), p.last_day());
  return p;
}

// "last-N-days" -> N (1..3660).
std::optional<std::int64_t> last_n_days(std::string_view spec) {
  constexpr std::string_view k_prefix = "last-";
  constexpr std::string_view k_suffix = "-days";
  if (!spec.starts_with(k_prefix) || !spec.ends_with(k_suffix) ||
      spec.size() <= k_prefix.size() + k_suffix.size()) {
    return std::nullopt;
  }
  const std::string_view digits =
      spec.substr(k_prefix.size(), spec.size() - k_prefix.size() - k_suffix.size());
  std::int64_t n = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
  if (ec != std::errc() || end != digits.data() + digits.size() || digits.front() == '0' || n > 3660) {
    return std::nullopt;
  }
  return n;
}

} // namespace

std::string iso_day(std::int64_t at) {
  const date::year_month_day ymd{as_sys_days(day_of(at))};
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                     static_cast<unsigned>(ymd.day()));
}

std::string Period::first_day() const {
  return iso_day(start);
}

std::string Period::last_day() const {
  return iso_day(end - 1);
}

Period parse_period(std::string_view spec, std::int64_t now) {
  const std::int64_t today = day_of(now);
  if (spec == "today") {
    return day_period(today);
  }
  if (spec == "yesterday") {
    return day_period(today - 1);
  }
  if (spec == "this-week") {
    return week_period(today);
  }
  if (spec == "last-week") {
    return week_period(today - 7);
  }
  if (spec == "this-month") {
    return month_period(today);
  }
  if (spec == "last-month") {
    return month_period(day_of(month_period(today).start) - 1);
  }
  if (auto n = last_n_days(spec)) {
    return range_period(today - *n, today - 1);
  }
  if (spec.starts_with("last-") && spec.ends_with("-days")) {
    bad_period(spec, ": N in last-N-days is a whole number from 1 to 3660");
  }
  if (auto split = spec.find(".."); split != std::string_view::npos) {
    auto first = read_date(spec.substr(0, split));
    auto last = read_date(spec.substr(split + 2));
    if (!first || !last) {
      bad_period(spec, ": a range is two real dates, YYYY-MM-DD..YYYY-MM-DD");
    }
    if (*last < *first) {
      bad_period(spec, ": the range ends before it starts");
    }
    return range_period(*first, *last);
  }
  if (auto day = read_date(spec)) {
    return day_period(*day);
  }
  if (spec.size() == 8 && spec[4] == '-' && (spec[5] == 'W' || spec[5] == 'w')) {
    auto y = read_digits(spec, 0, 4);
    auto w = read_digits(spec, 6, 2);
    if (y && w) {
      const iso_week::year_weeknum_weekday iso{iso_week::year(*y),
                                               iso_week::weeknum(static_cast<unsigned>(*w)), iso_week::mon};
      if (*w < 1 || !iso.ok()) {
        const auto weeks = static_cast<unsigned>(iso_week::year_lastweek(iso_week::year(*y)).weeknum());
        bad_period(spec, fmt::format(": {} has weeks W01 to W{:02}", *y, weeks));
      }
      return week_period(day_number(date::sys_days(iso)));
    }
  }
  if (spec.size() == 7 && spec[4] == '-') {
    auto y = read_digits(spec, 0, 4);
    auto m = read_digits(spec, 5, 2);
    if (y && m) {
      if (*m < 1 || *m > 12) {
        bad_period(spec, ": months are 01 to 12");
      }
      return month_period(
          day_number(date::sys_days(date::year(*y) / date::month(static_cast<unsigned>(*m)) / 1)));
    }
  }
  bad_period(spec, "");
}

Period previous(const Period& period) {
  const std::int64_t first = day_of(period.start);
  switch (period.kind) {
  case PeriodKind::day:
    return day_period(first - 1);
  case PeriodKind::week:
    return week_period(first - 7);
  case PeriodKind::month:
    return month_period(first - 1);
  case PeriodKind::range:
    break;
  }
  const std::int64_t length = day_of(period.end) - first;
  return range_period(first - length, first - 1);
}

std::optional<Every> parse_every(std::string_view name) {
  if (name == "week") {
    return Every::week;
  }
  if (name == "month") {
    return Every::month;
  }
  return std::nullopt;
}

std::string_view every_name(Every every) {
  return every == Every::week ? "week" : "month";
}

std::vector<Period> trend_buckets(const Period& period, Every every) {
  auto unit = [every](std::int64_t day) {
    return every == Every::week ? week_period(day) : month_period(day);
  };
  std::vector<Period> buckets;
  for (Period bucket = unit(day_of(period.start)); bucket.start < period.end;
       bucket = unit(day_of(bucket.end))) {
    buckets.push_back(bucket);
  }
  if (buckets.size() >= 2) {
    return buckets;
  }
  buckets.assign(static_cast<std::size_t>(k_trend_default_buckets), Period{});
  Period bucket = unit(day_of(period.end - 1));
  for (auto it = buckets.rbegin(); it != buckets.rend(); ++it) {
    *it = bucket;
    bucket = previous(bucket);
  }
  return buckets;
}

} // namespace leads::report
