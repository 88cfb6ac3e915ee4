#include <leads/lead/fields.hpp>

namespace leads {

std::optional<Field> field_from_name(std::string_view name) {
  for (std::size_t i = 0; i < k_field_names.size(); ++i) {
    if (k_field_names[i] == name) {
      return static_cast<Field>(i);
    }
  }
  return std::nullopt;
}

} // namespace leads
