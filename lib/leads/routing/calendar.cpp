#include <leads/routing/calendar.hpp>

#include <leads/normalize/date.hpp>

#include <algorithm>

namespace leads::routing {

namespace {

constexpr std::int64_t k_seconds_per_day = 86400;

} // namespace

Day day_of(std::int64_t epoch_seconds) {
  // Floor division: a time before 1970 is on the day before, not the one after.
  Day day = epoch_seconds / k_seconds_per_day;
  return epoch_seconds % k_seconds_per_day < 0 ? day - 1 : day;
}

std::optional<Day> parse_day(std::string_view date) {
  if (date.size() != 10) {
    return std::nullopt;
  }
  const std::optional<std::int64_t> epoch = normalize::parse_iso(date);
  return epoch ? std::optional<Day>(day_of(*epoch)) : std::nullopt;
}

std::string format_day(Day day) {
  return normalize::format_iso(day * k_seconds_per_day).substr(0, 10);
}

AwayDays::AwayDays(std::span<const std::string> entries) {
  for (const std::string& entry : entries) {
    const std::size_t dots = entry.find("..");
    const std::string_view text(entry);
    const std::optional<Day> first = parse_day(text.substr(0, dots));
    const std::optional<Day> last = dots == std::string::npos ? first : parse_day(text.substr(dots + 2));
    if (first && last && *first <= *last) {
      m_ranges.emplace_back(*first, *last);
    }
  }
  std::sort(m_ranges.begin(), m_ranges.end());
  std::vector<std::pair<Day, Day>> merged;
  for (const auto& range : m_ranges) {
    if (!merged.empty() && range.first <= merged.back().second + 1) {
      merged.back().second = std::max(merged.back().second, range.second);
    } else {
      merged.push_back(range);
    }
  }
  m_ranges = std::move(merged);
}

std::optional<Day> AwayDays::until(Day day) const {
  // The last range that starts on or before the day.
  auto it = std::upper_bound(m_ranges.begin(), m_ranges.end(), day,
                             [](Day d, const std::pair<Day, Day>& range) { return d < range.first; });
  if (it == m_ranges.begin()) {
    return std::nullopt;
  }
  --it;
  return day <= it->second ? std::optional<Day>(it->second) : std::nullopt;
}

} // namespace leads::routing
