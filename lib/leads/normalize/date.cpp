#include <leads/normalize/date.hpp>

#include <leads/normalize/civil.hpp>
#include <leads/normalize/text.hpp>
#include <leads/text/strings.hpp>

#include <algorithm>
#include <array>
#include <utility>

namespace leads::normalize {

namespace {

constexpr std::int64_t k_seconds_per_day = 86400;

bool is_alpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

struct Civil {
  std::int64_t year;
  int month;
  int day;
};

// The inverse of days_from_civil.
Civil civil_from_days(std::int64_t z) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const auto d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const auto m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2 ? 1 : 0);
  return {y, m, d};
}

// A left-to-right reader over the text of one date.
class Cursor {
public:
  explicit Cursor(std::string_view s) : m_s(s) {}

  bool done() const { return m_i >= m_s.size(); }
  char peek() const { return done() ? '\0' : m_s[m_i]; }
  char peek_at(std::size_t ahead) const { return m_i + ahead < m_s.size() ? m_s[m_i + ahead] : '\0'; }
  void skip(std::size_t n = 1) { m_i += n; }
  bool eat(char c) {
    if (peek() != c) {
      return false;
    }
    ++m_i;
    return true;
  }
  std::size_t skip_spaces() {
    const std::size_t start = m_i;
    while (peek() == ' ' || peek() == '\t') {
      ++m_i;
    }
    return m_i - start;
  }
  // A run of digits: its value and length (at most 18 digits).
  bool number(std::int64_t& value, std::size_t& length) {
    value = 0;
    length = 0;
    while (text::is_digit(peek()) && length < 18) {
      value = value * 10 + (peek() - '0');
      ++m_i;
      ++length;
    }
    return length > 0;
  }
  std::string_view word() {
    const std::size_t start = m_i;
    while (is_alpha(peek())) {
      ++m_i;
    }
    return m_s.substr(start, m_i - start);
  }

private:
  std::string_view m_s;
  std::size_t m_i = 0;
};

// 1..12 for an English month name or its abbreviation ("Nov", "Sept", "november"), else 0.
int month_from_name(std::string_view w) {
  static constexpr std::array<std::string_view, 12> k_months = {
      "january", "february", "march",     "april",   "may",      "june",
      "july",    "august",   "september", "october", "november", "december"};
  if (w.size() < 3) {
    return 0;
  }
  for (std::size_t i = 0; i < k_months.size(); ++i) {
    if (text::equals_ignoring_case(w, k_months[i]) ||
        text::equals_ignoring_case(w, k_months[i].substr(0, 3))) {
      return static_cast<int>(i) + 1;
    }
  }
  return text::equals_ignoring_case(w, "sept") ? 9 : 0;
}

bool is_weekday_name(std::string_view w) {
  static constexpr std::array<std::string_view, 7> k_days = {"monday", "tuesday",  "wednesday", "thursday",
                                                             "friday", "saturday", "sunday"};
  for (std::string_view d : k_days) {
    if (text::equals_ignoring_case(w, d) || text::equals_ignoring_case(w, d.substr(0, 3))) {
      return true;
    }
  }
  return false;
}

struct DateTime {
  std::int64_t year = 0;
  int month = 0;
  int day = 0;
  int hour = 0;
  int minute = 0;
  int second = 0;
  int offset_seconds = 0; // local time minus UTC
};

bool valid_date(const DateTime& t) {
  return t.year >= 1 && t.year <= 9999 && t.month >= 1 && t.month <= 12 && t.day >= 1 &&
         t.day <= days_in_month(t.year, t.month);
}

// Two-digit years: 00-69 -> 2000-2069, 70-99 -> 1970-1999; four digits as they are.
bool year_from(std::int64_t value, std::size_t length, std::int64_t& year) {
  if (length == 2) {
    year = value < 70 ? 2000 + value : 1900 + value;
    return true;
  }
  if (length == 4) {
    year = value;
    return true;
  }
  return false;
}

// "27 November 2026", "27-Nov-2026", "27 Nov, 2026": the day was read, the cursor is at the month.
bool day_month_name_year(Cursor& c, std::int64_t day, char separator, DateTime& t) {
  t.month = month_from_name(c.word());
  if (t.month == 0) {
    return false;
  }
  c.eat('.');
  if (separator == ' ') {
    c.eat(',');
    if (c.skip_spaces() == 0) {
      return false;
    }
  } else if (!c.eat(separator)) {
    return false;
  }
  std::int64_t value = 0;
  std::size_t length = 0;
  if (!c.number(value, length) || !year_from(value, length, t.year)) {
    return false;
  }
  t.day = static_cast<int>(day);
  return true;
}

// "Nov 27, 2026", "November 27 2026", "Nov. 27th, 2026": the cursor is at the month.
bool month_name_day_year(Cursor& c, DateTime& t) {
  t.month = month_from_name(c.word());
  if (t.month == 0) {
    return false;
  }
  c.eat('.');
  if (c.skip_spaces() == 0 && !c.eat('-')) {
    return false;
  }
  std::int64_t day = 0;
  std::size_t length = 0;
  if (!c.number(day, length) || length > 2) {
    return false;
  }
  const std::string_view suffix = c.word();
  if (!suffix.empty() && !text::equals_ignoring_case(suffix, "st") &&
      !text::equals_ignoring_case(suffix, "nd") && !text::equals_ignoring_case(suffix, "rd") &&
      !text::equals_ignoring_case(suffix, "th")) {
    return false;
  }
  const bool comma = c.eat(',');
  if (c.skip_spaces() == 0 && !comma && !c.eat('-')) {
    return false;
  }
  std::int64_t year = 0;
  if (!c.number(year, length) || length != 4) {
    return false;
  }
  t.year = year;
  t.day = static_cast<int>(day);
  return true;
}

// The date part of any accepted shape; the cursor ends just after it.
bool parse_date(Cursor& c, DateOrder order, DateTime& t) {
  if (is_alpha(c.peek())) {
    Cursor probe = c;
    if (is_weekday_name(probe.word())) { // "Fri, 27 Nov 2026", "Friday, November 27, 2026"
      c = probe;
      c.eat('.');
      c.eat(',');
      if (c.skip_spaces() == 0) {
        return false;
      }
    }
    if (is_alpha(c.peek())) {
      return month_name_day_year(c, t);
    }
  }
  std::int64_t a = 0;
  std::size_t a_length = 0;
  if (!c.number(a, a_length)) {
    return false;
  }
  if (a_length == 8 && c.done()) { // 20261127
    t.year = a / 10000;
    t.month = static_cast<int>(a / 100 % 100);
    t.day = static_cast<int>(a % 100);
    return true;
  }
  const char separator = c.peek();
  if (separator != '-' && separator != '/' && separator != '.' && separator != ' ') {
    return false;
  }
  c.skip();
  if (separator == ' ') {
    c.skip_spaces();
  }
  if (a_length <= 2 && is_alpha(c.peek())) {
    return day_month_name_year(c, a, separator, t);
  }
  if (separator == ' ') {
    return false;
  }
  std::int64_t b = 0;
  std::size_t b_length = 0;
  if (!c.number(b, b_length) || b_length > 2 || !c.eat(separator)) {
    return false;
  }
  std::int64_t d = 0;
  std::size_t d_length = 0;
  if (!c.number(d, d_length)) {
    return false;
  }
  if (a_length == 4) {
    if (d_length > 2) {
      return false;
    }
    t.year = a;
    t.month = static_cast<int>(b);
    t.day = static_cast<int>(d);
    return true;
  }
  if (a_length > 2) {
    return false;
  }
  // Dates written with dots are day first wherever they are written (Germany,
  // Russia, Poland, ...) and the US never writes them, so the order does not
  // apply; a year first (four digits) was read above.
  switch (separator == '.' ? DateOrder::dmy : order) {
  case DateOrder::mdy:
    t.month = static_cast<int>(a);
    t.day = static_cast<int>(b);
    return year_from(d, d_length, t.year);
  case DateOrder::dmy:
    t.day = static_cast<int>(a);
    t.month = static_cast<int>(b);
    return year_from(d, d_length, t.year);
  case DateOrder::ymd:
    if (d_length > 2 || !year_from(a, a_length, t.year)) {
      return false;
    }
    t.month = static_cast<int>(b);
    t.day = static_cast<int>(d);
    return true;
  }
  return false;
}

// Two digits, for minutes, seconds and offset parts.
bool two_digits(Cursor& c, int& value) {
  if (!text::is_digit(c.peek()) || !text::is_digit(c.peek_at(1))) {
    return false;
  }
  value = (c.peek() - '0') * 10 + (c.peek_at(1) - '0');
  c.skip(2);
  return true;
}

// "Z", "UTC", "GMT", "+01:00", "-0530", "+01"; absent is UTC.
bool parse_zone(Cursor& c, DateTime& t) {
  c.skip_spaces();
  if (c.done()) {
    return true;
  }
  if (c.peek() == 'Z' || c.peek() == 'z') {
    c.skip();
    return c.done();
  }
  if (is_alpha(c.peek())) {
    const std::string_view w = c.word();
    if (!text::equals_ignoring_case(w, "utc") && !text::equals_ignoring_case(w, "gmt")) {
      return false;
    }
    if (c.done()) {
      return true;
    }
  }
  const char sign = c.peek();
  if (sign != '+' && sign != '-') {
    return false;
  }
  c.skip();
  int hours = 0;
  int minutes = 0;
  if (!two_digits(c, hours)) {
    return false;
  }
  if (!c.done()) {
    c.eat(':');
    if (!two_digits(c, minutes)) {
      return false;
    }
  }
  if (!c.done() || hours > 14 || minutes > 59) {
    return false;
  }
  t.offset_seconds = (sign == '+' ? 1 : -1) * (hours * 3600 + minutes * 60);
  return true;
}

// "16:15", "16:15:41", "16:15:41.123", "4:15 PM", "4:15:41 p.m.", then a zone.
bool parse_time(Cursor& c, DateTime& t) {
  std::int64_t hour = 0;
  std::size_t length = 0;
  if (!c.number(hour, length) || length > 2 || !c.eat(':') || !two_digits(c, t.minute)) {
    return false;
  }
  if (c.eat(':')) {
    if (!two_digits(c, t.second)) {
      return false;
    }
    if (c.peek() == '.' || c.peek() == ',') {
      c.skip();
      std::int64_t fraction = 0;
      if (!c.number(fraction, length)) {
        return false;
      }
      while (text::is_digit(c.peek())) {
        c.skip();
      }
    }
  }
  Cursor probe = c;
  probe.skip_spaces();
  const char m = text::ascii_lower_char(probe.peek());
  if ((m == 'a' || m == 'p') &&
      (text::ascii_lower_char(probe.peek_at(1)) == 'm' ||
       (probe.peek_at(1) == '.' && text::ascii_lower_char(probe.peek_at(2)) == 'm'))) {
    if (hour < 1 || hour > 12) {
      return false;
    }
    probe.skip(probe.peek_at(1) == '.' ? 3 : 2);
    probe.eat('.');
    hour = (hour % 12) + (m == 'p' ? 12 : 0);
    c = probe;
  }
  if (hour > 23 || t.minute > 59 || t.second > 59) {
    return false;
  }
  t.hour = static_cast<int>(hour);
  return parse_zone(c, t);
}

std::int64_t to_epoch(const DateTime& t) {
  return days_from_civil(t.year, t.month, t.day) * k_seconds_per_day + t.hour * 3600 + t.minute * 60 +
         t.second - t.offset_seconds;
}

std::int64_t digits_value(std::string_view s) {
  std::int64_t v = 0;
  for (char c : s) {
    v = v * 10 + (c - '0');
  }
  return v;
}

void put2(char* p, std::int64_t v) {
  p[0] = static_cast<char>('0' + v / 10);
  p[1] = static_cast<char>('0' + v % 10);
}

} // namespace

std::optional<std::string> timestamp(std::string_view raw, DateOrder order) {
  const std::string_view s = text::trim(raw);
  if (s.empty()) {
    return std::nullopt;
  }
  if (text::all_digits(s) && (s.size() == 10 || s.size() == 13)) {
    const std::int64_t v = digits_value(s);
    return format_iso(s.size() == 13 ? v / 1000 : v);
  }
  Cursor c(s);
  DateTime t;
  if (!parse_date(c, order, t) || !valid_date(t)) {
    return std::nullopt;
  }
  if (!c.done()) {
    const bool iso_t = c.peek() == 'T' || c.peek() == 't';
    if (iso_t) {
      c.skip();
    } else {
      const bool comma = c.eat(',');
      if (c.skip_spaces() == 0 && !comma) {
        return std::nullopt;
      }
    }
    if (!parse_time(c, t)) {
      return std::nullopt;
    }
  }
  const std::int64_t epoch = to_epoch(t);
  if (epoch < days_from_civil(1, 1, 1) * k_seconds_per_day ||
      epoch >= days_from_civil(10000, 1, 1) * k_seconds_per_day) {
    return std::nullopt;
  }
  return format_iso(epoch);
}

std::optional<std::int64_t> parse_iso(std::string_view iso) {
  const auto digits = [&](std::size_t from, std::size_t count, std::int64_t& out) {
    out = 0;
    for (std::size_t i = from; i < from + count; ++i) {
      if (!text::is_digit(iso[i])) {
        return false;
      }
      out = out * 10 + (iso[i] - '0');
    }
    return true;
  };
  if (iso.size() != 10 && iso.size() != 20) {
    return std::nullopt;
  }
  std::int64_t y = 0;
  std::int64_t mo = 0;
  std::int64_t d = 0;
  if (!digits(0, 4, y) || iso[4] != '-' || !digits(5, 2, mo) || iso[7] != '-' || !digits(8, 2, d)) {
    return std::nullopt;
  }
  DateTime t;
  t.year = y;
  t.month = static_cast<int>(mo);
  t.day = static_cast<int>(d);
  if (!valid_date(t)) {
    return std::nullopt;
  }
  if (iso.size() == 20) {
    std::int64_t h = 0;
    std::int64_t mi = 0;
    std::int64_t se = 0;
    if (iso[10] != 'T' || !digits(11, 2, h) || iso[13] != ':' || !digits(14, 2, mi) || iso[16] != ':' ||
        !digits(17, 2, se) || iso[19] != 'Z' || h > 23 || mi > 59 || se > 59) {
      return std::nullopt;
    }
    t.hour = static_cast<int>(h);
    t.minute = static_cast<int>(mi);
    t.second = static_cast<int>(se);
  }
  return to_epoch(t);
}

std::string format_iso(std::int64_t epoch_seconds) {
  std::int64_t days = epoch_seconds / k_seconds_per_day;
  std::int64_t rest = epoch_seconds % k_seconds_per_day;
  if (rest < 0) {
    rest += k_seconds_per_day;
    --days;
  }
  const Civil date = civil_from_days(days);
  std::string out(20, '0');
  put2(&out[0], date.year / 100 % 100);
  put2(&out[2], date.year % 100);
  out[4] = '-';
  put2(&out[5], date.month);
  out[7] = '-';
  put2(&out[8], date.day);
  out[10] = 'T';
  put2(&out[11], rest / 3600);
  out[13] = ':';
  put2(&out[14], rest / 60 % 60);
  out[16] = ':';
  put2(&out[17], rest % 60);
  out[19] = 'Z';
  if (date.year < 0 || date.year > 9999) {
    // Outside four digits: ISO 8601's expanded form, as many digits as the year needs.
    std::string year = std::to_string(date.year < 0 ? -date.year : date.year);
    year.insert(0, year.size() < 4 ? 4 - year.size() : 0, '0');
    return (date.year < 0 ? "-" : "+") + year + out.substr(4);
  }
  return out;
}

std::string unreadable_date_note(std::string_view raw, DateOrder order) {
  // Days since 1899-12-30, perhaps with the time as a fraction: five digits from 1954 to 2119.
  const std::string_view days = raw.substr(0, raw.find_first_of(".,"));
  if (days.size() == 5 && days[0] >= '2' && days[0] <= '7' && std::all_of(raw.begin(), raw.end(), [](char c) {
        return (c >= '0' && c <= '9') || c == '.' || c == ',';
      })) {
    return "; it looks like a spreadsheet's day number: format the column as dates and export again";
  }
  constexpr std::pair<DateOrder, std::string_view> k_orders[] = {
      {DateOrder::mdy, "mdy"}, {DateOrder::dmy, "dmy"}, {DateOrder::ymd, "ymd"}};
  for (const auto& [other, name] : k_orders) {
    if (other != order && timestamp(raw, other)) {
      return "; it reads as a date in another order: import with --date-order " + std::string(name);
    }
  }
  return {};
}

} // namespace leads::normalize
