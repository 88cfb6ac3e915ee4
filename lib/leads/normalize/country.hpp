#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace leads::normalize {

// Country names, common variants and codes -> ISO 3166-1 alpha-2
// ("Germany", "Deutschland", "DEU", "de", "U.S.A.", "United States of America",
// "UK", "Great Britain" -> "GB"). Case- and punctuation-insensitive.
// nullopt when unknown.
std::optional<std::string> country(std::string_view raw);

} // namespace leads::normalize
