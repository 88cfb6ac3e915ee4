#pragma once

#include <span>
#include <string_view>

namespace leads::normalize {

// One ISO 3166-1 country: its codes and English short name.
struct CountryEntry {
  std::string_view alpha2;
  std::string_view alpha3;
  std::string_view name;
};

// Another way people write a country ("Deutschland", "U.K.") and its alpha-2 code.
struct CountryAlias {
  std::string_view text;
  std::string_view alpha2;
};

// Every ISO 3166-1 country, plus Kosovo (XK).
std::span<const CountryEntry> country_entries();

// Official, common, native and colloquial names, each for exactly one country.
std::span<const CountryAlias> country_aliases();

} // namespace leads::normalize
