#include <leads/report/numbers.hpp>

#include <leads/normalize/date.hpp>

#include <fmt/format.h>

#include <cmath>

namespace leads::report::detail {

namespace {

constexpr double k_day = 86400;

// "-0.0" and "+0.0" read as no change.
std::string signed_one_decimal(double x) {
  const std::string text = fmt::format("{:+.1f}", x);
  return text == "-0.0" || text == "+0.0" ? "0.0" : text;
}

} // namespace

std::string count(long n) {
  const std::string digits = std::to_string(n < 0 ? -n : n);
  std::string out = n < 0 ? "-" : "";
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) {
      out += ',';
    }
    out += digits[i];
  }
  return out;
}

std::string percent(const Ratio& r) {
  const auto v = r.value();
  return v ? fmt::format("{:.1f}%", *v * 100) : "-";
}

std::string days(double seconds) {
  return fmt::format("{:.1f}", seconds / k_day);
}

std::string count_change(const Compared<long>& c) {
  const long d = c.current - c.previous;
  return d == 0 ? "0" : (d > 0 ? "+" : "-") + count(d < 0 ? -d : d);
}

std::string share_change(const Compared<Ratio>& c) {
  const auto now = c.current.value();
  const auto before = c.previous.value();
  if (!now || !before) {
    return "-";
  }
  return signed_one_decimal((*now - *before) * 100) + " pp";
}

std::string days_change(std::optional<double> current_seconds, std::optional<double> previous_seconds) {
  if (!current_seconds || !previous_seconds) {
    return "-";
  }
  return signed_one_decimal((*current_seconds - *previous_seconds) / k_day);
}

double rounded(double x) {
  const double r = std::round(x * 10000) / 10000;
  return r == 0 ? 0 : r; // no -0
}

std::string decimal(double x) {
  return fmt::format("{}", rounded(x));
}

std::optional<double> share(const Ratio& r) {
  const auto v = r.value();
  return v ? std::optional<double>(rounded(*v)) : std::nullopt;
}

std::string timestamp(std::int64_t at) {
  return normalize::format_iso(at);
}

} // namespace leads::report::detail
