#include <leads/lead/fields.hpp>

#include <charconv>
#include <cmath>

namespace leads {

std::optional<Field> field_from_name(std::string_view name) {
  for (std::size_t i = 0; i < k_field_names.size(); ++i) {
    if (k_field_names[i] == name) {
      return static_cast<Field>(i);
    }
  }
  return std::nullopt;
}

std::optional<double> parse_number(std::string_view value) {
  double number = 0;
  const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), number);
  if (ec != std::errc() || end != value.data() + value.size() || !std::isfinite(number)) {
    return std::nullopt;
  }
  return number;
}

} // namespace leads
