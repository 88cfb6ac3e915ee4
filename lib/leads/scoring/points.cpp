#include <leads/scoring/points.hpp>

#include <leads/lead/fields.hpp>
#include <leads/normalize/text.hpp>

#include <charconv>
#include <cmath>

namespace leads::scoring {

Points round_hundredths(double hundredths) {
  // Snap to millionths first: a decimal figure such as 1.005 is a hair below
  // its value in binary, and should round as written.
  if (std::abs(hundredths) < 1e9) {
    hundredths = std::round(hundredths * 1e6) / 1e6;
  }
  return static_cast<Points>(std::llround(hundredths));
}

void append_points(std::string& out, Points points) {
  if (points < 0) {
    out += '-';
  }
  const std::uint64_t magnitude =
      points < 0 ? std::uint64_t{0} - static_cast<std::uint64_t>(points) : static_cast<std::uint64_t>(points);
  char digits[24];
  out.append(digits, std::to_chars(digits, digits + sizeof digits, magnitude / 100).ptr);
  const auto cents = static_cast<unsigned>(magnitude % 100);
  if (cents != 0) {
    out += '.';
    out += static_cast<char>('0' + cents / 10);
    if (cents % 10 != 0) {
      out += static_cast<char>('0' + cents % 10);
    }
  }
}

std::string format_points(Points points) {
  std::string out;
  append_points(out, points);
  return out;
}

std::optional<Points> parse_points(std::string_view text) {
  const std::optional<double> value = parse_number(text::trim(text));
  if (!value || std::abs(*value) > 1e13) {
    return std::nullopt;
  }
  return to_points(*value);
}

} // namespace leads::scoring
