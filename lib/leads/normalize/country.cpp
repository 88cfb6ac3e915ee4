#include <leads/normalize/country.hpp>

#include <leads/normalize/country_table.hpp>
#include <leads/normalize/text.hpp>

#include <unordered_map>

namespace leads::normalize {

namespace {

using CountryIndex = std::unordered_map<std::string, std::string_view>;

// fold_key of every code, name and alias -> alpha-2; the first spelling to claim a key keeps it.
const CountryIndex& index() {
  static const CountryIndex idx = [] {
    CountryIndex m;
    m.reserve(1024);
    for (const CountryEntry& e : country_entries()) {
      m.emplace(fold_key(e.alpha2), e.alpha2);
      m.emplace(fold_key(e.alpha3), e.alpha2);
      m.emplace(fold_key(e.name), e.alpha2);
    }
    for (const CountryAlias& a : country_aliases()) {
      m.emplace(fold_key(a.text), a.alpha2);
    }
    return m;
  }();
  return idx;
}

std::optional<std::string> find(const std::string& key) {
  const CountryIndex& idx = index();
  if (const auto it = idx.find(key); it != idx.end()) {
    return std::string(it->second);
  }
  return std::nullopt;
}

bool has_ampersand(std::string_view s) {
  return s.find('&') != std::string_view::npos;
}

// "Trinidad & Tobago" -> "Trinidad and Tobago".
std::string spell_ampersand(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 8);
  for (char c : s) {
    if (c == '&') {
      out += " and ";
    } else {
      out += c;
    }
  }
  return out;
}

} // namespace

std::optional<std::string> country(std::string_view raw) {
  const std::string_view text = text::trim(raw);
  std::string key = has_ampersand(text) ? fold_key(spell_ampersand(text)) : fold_key(text);
  if (key.empty()) {
    return std::nullopt;
  }
  // "N/A" and "n/a" mean "not available", not Namibia.
  if (key.size() == 2 && text.find('/') != std::string_view::npos) {
    return std::nullopt;
  }
  if (auto found = find(key)) {
    return found;
  }
  // "The Gambia", "St. Lucia", "St Kitts & Nevis": articles and abbreviations.
  if (key.size() > 3 && key.compare(0, 3, "the") == 0) {
    if (auto found = find(key.substr(3))) {
      return found;
    }
  }
  if (key.size() > 2 && key.compare(0, 2, "st") == 0) {
    if (auto found = find("saint" + key.substr(2))) {
      return found;
    }
  }
  return std::nullopt;
}

} // namespace leads::normalize
