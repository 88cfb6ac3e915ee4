#include <leads/normalize/phone.hpp>

#include <leads/normalize/text.hpp>

#include <phonenumbers/logger.h>
#include <phonenumbers/phonenumberutil.h>

#include <array>
#include <cstdint>
#include <set>
#include <unordered_map>

namespace leads::normalize {

namespace {

using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;

// Entries the slow-path cache holds before it starts over.
constexpr std::size_t k_cache_limit = 65536;

struct PhoneLibrary {
  const PhoneNumberUtil* util = nullptr;
  // Country calling codes (1..999) that libphonenumber knows.
  std::array<bool, 1000> calling_codes{};
};

// libphonenumber, silenced (it logs to stderr by default), with its calling codes.
const PhoneLibrary& library() {
  static const PhoneLibrary lib = [] {
    PhoneLibrary l;
    PhoneNumberUtil* util = PhoneNumberUtil::GetInstance();
    util->SetLogger(new i18n::phonenumbers::NullLogger()); // takes ownership
    std::set<int> codes;
    util->GetSupportedCallingCodes(&codes);
    for (int code : codes) {
      if (code > 0 && code < 1000) {
        l.calling_codes[static_cast<std::size_t>(code)] = true;
      }
    }
    l.util = util;
    return l;
  }();
  return lib;
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

bool all_digits(std::string_view s) {
  for (char c : s) {
    if (!is_digit(c)) {
      return false;
    }
  }
  return !s.empty();
}

bool starts_with_ci(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) {
    return false;
  }
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    char c = s[i];
    if (c >= 'A' && c <= 'Z') {
      c = static_cast<char>(c + 32);
    }
    if (c != prefix[i]) {
      return false;
    }
  }
  return true;
}

// "415 555 0123 ext. 12" -> "415 555 0123"; text with other letters is returned as is.
std::string_view strip_extension(std::string_view s) {
  std::size_t pos = 0;
  while (pos < s.size()) {
    const char c = s[pos];
    if (c == '#' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
      break;
    }
    ++pos;
  }
  if (pos == s.size()) {
    return s;
  }
  const std::string_view rest = s.substr(pos);
  std::size_t marker = 0;
  for (std::string_view m : {"extension", "ext.", "ext:", "ext", "x.", "x", "#"}) {
    if (starts_with_ci(rest, m)) {
      marker = m.size();
      break;
    }
  }
  const std::string_view ext = trim(rest.substr(marker));
  if (marker == 0 || ext.size() > 7 || !all_digits(ext)) {
    return s;
  }
  std::string_view head = trim(s.substr(0, pos));
  while (!head.empty() && (head.back() == ',' || head.back() == ';')) {
    head.remove_suffix(1);
  }
  return trim(head);
}

bool is_nanp_region(std::string_view region) {
  static constexpr std::array<std::string_view, 25> k_regions = {
      "US", "CA", "AG", "AI", "AS", "BB", "BM", "BS", "DM", "DO", "GD", "GU", "JM",
      "KN", "KY", "LC", "MP", "MS", "PR", "SX", "TC", "TT", "VC", "VG", "VI"};
  for (std::string_view r : k_regions) {
    if (r == region) {
      return true;
    }
  }
  return false;
}

// The digits of a number written with the usual punctuation ("+1 (415) 555-0123");
// false when anything else is in it or there are too many digits.
bool punctuated_digits(std::string_view s, std::array<char, 16>& digits, std::size_t& count) {
  count = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (is_digit(c)) {
      if (count == digits.size()) {
        return false;
      }
      digits[count++] = c;
    } else if (!(c == ' ' || c == '.' || c == '-' || c == '(' || c == ')' || c == '/' ||
                 (c == '+' && i == 0))) {
      return false;
    }
  }
  return true;
}

// "us" -> "US"; "" -> "ZZ" (libphonenumber's unknown region).
std::string upper_region(std::string_view country) {
  std::string region(trim(country));
  for (char& c : region) {
    if (c >= 'a' && c <= 'z') {
      c = static_cast<char>(c - 32);
    }
  }
  return region.empty() ? std::string("ZZ") : region;
}

enum class AreaClass : std::uint8_t { unknown, valid, invalid, mixed };

} // namespace

struct PhoneNormalizer::Impl {
  std::string default_region;
  std::unordered_map<std::string, std::optional<std::string>> cache;
  std::string key;
  // What libphonenumber says of each NANP area code, learnt on first sight.
  std::array<AreaClass, 1000> areas{};

  AreaClass area_class(std::string_view national) {
    const auto area =
        static_cast<std::size_t>((national[0] - '0') * 100 + (national[1] - '0') * 10 + (national[2] - '0'));
    if (areas[area] == AreaClass::unknown) {
      areas[area] = learn_area(national.substr(0, 3));
    }
    return areas[area];
  }

  // Area codes of the other NANP countries (whose valid exchanges vary) are mixed; a US or
  // Canadian one is valid when sample numbers with several exchanges all are, invalid when none is.
  static AreaClass learn_area(std::string_view area) {
    const PhoneNumberUtil& util = *library().util;
    int valid = 0;
    constexpr std::array<std::string_view, 5> k_exchanges = {"234", "555", "789", "901", "368"};
    for (std::string_view exchange : k_exchanges) {
      std::string text = "+1";
      text += area;
      text += exchange;
      text += "4567";
      PhoneNumber number;
      if (util.Parse(text, "US", &number) != PhoneNumberUtil::NO_PARSING_ERROR) {
        return AreaClass::mixed;
      }
      std::string region;
      util.GetRegionCodeForNumber(number, &region);
      if (region != "US" && region != "CA" && region != "ZZ") {
        return AreaClass::mixed;
      }
      if (util.IsValidNumber(number)) {
        ++valid;
      }
    }
    if (valid == static_cast<int>(k_exchanges.size())) {
      return AreaClass::valid;
    }
    return valid == 0 ? AreaClass::invalid : AreaClass::mixed;
  }

  // nullopt with decided = true: not a number; decided = false: ask libphonenumber.
  std::optional<std::string> nanp(std::string_view national, bool& decided) {
    decided = true;
    if (national[0] < '2' || national[3] < '2') {
      return std::nullopt;
    }
    switch (area_class(national)) {
    case AreaClass::valid: {
      std::string out = "+1";
      out += national;
      return out;
    }
    case AreaClass::invalid:
      return std::nullopt;
    default:
      decided = false;
      return std::nullopt;
    }
  }

  std::optional<std::string> fast(std::string_view body, std::string_view region, bool& decided) {
    decided = false;
    if (body.size() >= 9 && body.size() <= 16 && body[0] == '+' && body[1] != '0' &&
        all_digits(body.substr(1))) {
      const std::string_view digits = body.substr(1);
      if (digits[0] == '1') {
        return digits.size() == 11 ? nanp(digits.substr(1), decided) : std::nullopt;
      }
      const auto& codes = library().calling_codes;
      const bool known = codes[static_cast<std::size_t>(digits[0] - '0')] ||
                         codes[static_cast<std::size_t>((digits[0] - '0') * 10 + (digits[1] - '0'))] ||
                         codes[static_cast<std::size_t>((digits[0] - '0') * 100 + (digits[1] - '0') * 10 +
                                                        (digits[2] - '0'))];
      if (known) {
        decided = true;
        return std::string(body);
      }
      return std::nullopt;
    }
    std::array<char, 16> digits{};
    std::size_t count = 0;
    if (!punctuated_digits(body, digits, count)) {
      return std::nullopt;
    }
    const std::string_view d(digits.data(), count);
    if (body[0] == '+') {
      return count == 11 && d[0] == '1' ? nanp(d.substr(1), decided) : std::nullopt;
    }
    if (!is_nanp_region(region)) {
      return std::nullopt;
    }
    if (count == 10) {
      return nanp(d, decided);
    }
    if (count == 11 && d[0] == '1') {
      return nanp(d.substr(1), decided);
    }
    return std::nullopt;
  }

  std::optional<std::string> slow(std::string_view text, std::string_view region) {
    key.assign(region);
    key += '\x1f';
    key += text;
    if (const auto it = cache.find(key); it != cache.end()) {
      return it->second;
    }
    const PhoneNumberUtil& util = *library().util;
    std::optional<std::string> result;
    PhoneNumber number;
    if (util.Parse(std::string(text), std::string(region), &number) == PhoneNumberUtil::NO_PARSING_ERROR &&
        util.IsValidNumber(number)) {
      std::string out;
      util.Format(number, PhoneNumberUtil::E164, &out);
      result = std::move(out);
    }
    if (cache.size() >= k_cache_limit) {
      cache.clear();
    }
    cache.emplace(key, result);
    return result;
  }
};

PhoneNormalizer::PhoneNormalizer(std::string default_country) : m_impl(std::make_unique<Impl>()) {
  library();
  m_impl->default_region = upper_region(default_country);
}

PhoneNormalizer::~PhoneNormalizer() = default;
PhoneNormalizer::PhoneNormalizer(PhoneNormalizer&&) noexcept = default;
PhoneNormalizer& PhoneNormalizer::operator=(PhoneNormalizer&&) noexcept = default;

std::optional<std::string> PhoneNormalizer::e164(std::string_view raw, std::string_view country) {
  const std::string_view text = trim(raw);
  if (text.empty()) {
    return std::nullopt;
  }
  std::array<char, 2> upper{};
  std::string_view region = m_impl->default_region;
  if (const std::string_view c = trim(country); !c.empty()) {
    if (c.size() == 2) {
      upper = {static_cast<char>(c[0] >= 'a' && c[0] <= 'z' ? c[0] - 32 : c[0]),
               static_cast<char>(c[1] >= 'a' && c[1] <= 'z' ? c[1] - 32 : c[1])};
      region = std::string_view(upper.data(), 2);
    } else {
      region = "ZZ";
    }
  }
  bool decided = false;
  auto result = m_impl->fast(strip_extension(text), region, decided);
  if (decided) {
    return result;
  }
  return m_impl->slow(text, region);
}

} // namespace leads::normalize
