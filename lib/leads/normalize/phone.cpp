#include <leads/normalize/phone.hpp>

#include <leads/normalize/text.hpp>
#include <leads/text/strings.hpp>

#include <phonenumbers/logger.h>
#include <phonenumbers/phonenumberutil.h>

#include <array>
#include <atomic>
#include <cstdint>
#include <set>
#include <unordered_map>

namespace leads::normalize {

namespace {

using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;

// What comes between a number and its extension (RFC 3966): "+14155550100;ext=23".
constexpr std::string_view k_extension_mark = ";ext=";

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

// "415 555 0123 ext. 12" -> "415 555 0123", ext "12"; text with other
// letters is returned as is, ext empty.
std::string_view strip_extension(std::string_view s, std::string_view& extension) {
  extension = {};
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
    if (text::starts_with_ignoring_case(rest, m)) {
      marker = m.size();
      break;
    }
  }
  const std::string_view ext = text::trim(rest.substr(marker));
  if (marker == 0 || ext.size() > 7 || !text::all_digits(ext)) {
    return s;
  }
  std::string_view head = text::trim(s.substr(0, pos));
  while (!head.empty() && (head.back() == ',' || head.back() == ';')) {
    head.remove_suffix(1);
  }
  extension = ext;
  return text::trim(head);
}

// The digits of a number written with the usual punctuation ("+1 (415) 555-0123");
// false when anything else is in it or there are too many digits.
bool punctuated_digits(std::string_view s, std::array<char, 16>& digits, std::size_t& count) {
  count = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (text::is_digit(c)) {
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

// How numbers are dialled within a country whose rule is simple: drop one
// trunk prefix (if the country has one), the rest is the national significant
// number of min..max digits, and E.164 is "+" calling code + that number.
// Only Italy's numbers start with 0; elsewhere a leading 0 that is not the
// trunk prefix (a carrier code, a typo) is left to libphonenumber. Brazil's
// trunk prefix comes with a carrier code ("0 21 11 ..."), so only numbers
// written without one are here. Countries with prefix rewrites (AR, MX, ...)
// are not here: libphonenumber handles them.
struct NationalRule {
  std::string_view region;
  std::string_view calling_code;
  std::string_view trunk_prefix;
  std::size_t min_digits;
  std::size_t max_digits;
  bool zero_starts_number = false;
};

constexpr std::array<NationalRule, 26> k_national_rules = {{
    {"AT", "43", "0", 4, 13}, {"AU", "61", "0", 9, 9},   {"BE", "32", "0", 8, 9},
    {"CH", "41", "0", 9, 9},  {"CZ", "420", "", 9, 9},   {"DE", "49", "0", 5, 13},
    {"DK", "45", "", 8, 8},   {"ES", "34", "", 9, 9},    {"FI", "358", "0", 5, 12},
    {"FR", "33", "0", 9, 9},  {"GB", "44", "0", 9, 10},  {"IE", "353", "0", 7, 10},
    {"IL", "972", "0", 8, 9}, {"IN", "91", "0", 10, 10}, {"IT", "39", "", 6, 11, true},
    {"JP", "81", "0", 9, 10}, {"NL", "31", "0", 9, 9},   {"NO", "47", "", 8, 8},
    {"NZ", "64", "0", 8, 10}, {"PL", "48", "", 9, 9},    {"PT", "351", "", 9, 9},
    {"SE", "46", "0", 7, 10}, {"SG", "65", "", 8, 8},    {"ZA", "27", "0", 9, 9},
    {"LU", "352", "", 4, 11}, {"BR", "55", "", 10, 11},
}};

// What the fast path knows of a region: its national rule, and whether it is
// a NANP country (+1). Looked up for every phone: a table by the two letters.
struct RegionInfo {
  const NationalRule* rule = nullptr;
  bool nanp = false;
};

const RegionInfo& region_info(std::string_view region) {
  static constexpr std::array<std::string_view, 25> k_nanp_regions = {
      "US", "CA", "AG", "AI", "AS", "BB", "BM", "BS", "DM", "DO", "GD", "GU", "JM",
      "KN", "KY", "LC", "MP", "MS", "PR", "SX", "TC", "TT", "VC", "VG", "VI"};
  static constexpr auto index = [](std::string_view r) { return (r[0] - 'A') * 26 + (r[1] - 'A'); };
  static const std::array<RegionInfo, 26 * 26 + 1> table = [] {
    std::array<RegionInfo, 26 * 26 + 1> t{};
    for (const NationalRule& rule : k_national_rules) {
      t[static_cast<std::size_t>(index(rule.region))].rule = &rule;
    }
    for (std::string_view r : k_nanp_regions) {
      t[static_cast<std::size_t>(index(r))].nanp = true;
    }
    return t;
  }();
  const bool letters =
      region.size() == 2 && region[0] >= 'A' && region[0] <= 'Z' && region[1] >= 'A' && region[1] <= 'Z';
  return table[letters ? static_cast<std::size_t>(index(region)) : 26 * 26];
}

// "us" -> "US"; "" -> "ZZ" (libphonenumber's unknown region).
std::string upper_region(std::string_view country) {
  std::string region(text::trim(country));
  for (char& c : region) {
    if (c >= 'a' && c <= 'z') {
      c = static_cast<char>(c - 32);
    }
  }
  return region.empty() ? std::string("ZZ") : region;
}

enum class AreaClass : std::uint8_t { unknown, valid, invalid, mixed };

// Area codes of the other NANP countries (whose valid exchanges vary) are mixed; a US or
// Canadian one is valid when sample numbers with several exchanges all are, invalid when none is.
AreaClass learn_area(std::string_view area) {
  const PhoneNumberUtil& util = *library().util;
  int valid = 0;
  constexpr std::array<std::string_view, 5> k_exchanges = {"234", "555", "789", "901", "368"};
  for (std::string_view exchange : k_exchanges) {
    // Built rather than parsed: parsing costs more than the checks below.
    std::uint64_t national = 0;
    for (std::string_view part : {area, exchange, std::string_view("4567")}) {
      for (char c : part) {
        national = national * 10 + static_cast<std::uint64_t>(c - '0');
      }
    }
    PhoneNumber number;
    number.set_country_code(1);
    number.set_national_number(national);
    // Checking the two regions is cheap; finding the region of a number
    // tries all 25 of +1, so that is asked only of numbers neither knows.
    if (util.IsValidNumberForRegion(number, "US") || util.IsValidNumberForRegion(number, "CA")) {
      ++valid;
      continue;
    }
    std::string region;
    util.GetRegionCodeForNumber(number, &region);
    if (region != "US" && region != "CA" && region != "ZZ") {
      return AreaClass::mixed;
    }
  }
  if (valid == static_cast<int>(k_exchanges.size())) {
    return AreaClass::valid;
  }
  return valid == 0 ? AreaClass::invalid : AreaClass::mixed;
}

// What libphonenumber says of each NANP area code ("415" of "4155550123"),
// learnt on first sight and shared by every thread (two threads learning
// one code at once both find the same).
AreaClass area_class(std::string_view national) {
  static std::array<std::atomic<AreaClass>, 1000> areas{};
  const auto area =
      static_cast<std::size_t>((national[0] - '0') * 100 + (national[1] - '0') * 10 + (national[2] - '0'));
  AreaClass known = areas[area].load(std::memory_order_relaxed);
  if (known == AreaClass::unknown) {
    known = learn_area(national.substr(0, 3));
    areas[area].store(known, std::memory_order_relaxed);
  }
  return known;
}

} // namespace

struct PhoneNormalizer::Impl {
  std::string default_region;
  std::unordered_map<std::string, std::optional<std::string>> cache;
  std::string key;

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

  // How many digits of the calling code that digits start with (calling codes
  // are a prefix code: at most one of 1, 2 or 3 digits is one); 0 when they
  // start with none libphonenumber knows (none starts with 0).
  static std::size_t calling_code_length(std::string_view digits) {
    if (digits.size() < 3 || digits[0] == '0') {
      return 0;
    }
    const auto& codes = library().calling_codes;
    const int first = digits[0] - '0';
    const int second = digits[1] - '0';
    if (codes[static_cast<std::size_t>(first)]) {
      return 1;
    }
    if (codes[static_cast<std::size_t>(first * 10 + second)]) {
      return 2;
    }
    return codes[static_cast<std::size_t>(first * 100 + second * 10 + (digits[2] - '0'))] ? 3 : 0;
  }

  // Whether digits are a number in E.164 already: a known calling code, then
  // a number that does not start with 0, but in Italy, whose land lines do
  // ("+39 06 ..."). Elsewhere the 0 is a national trunk prefix written by
  // mistake ("+44 020 7946 0958"), which libphonenumber drops where it is one.
  static bool plain_international(std::string_view digits) {
    const std::size_t code = calling_code_length(digits);
    return code > 0 && (digits[code] != '0' || digits.substr(0, code) == "39");
  }

  // A number dialled within a country of k_national_rules ("030 1234567" in DE).
  static std::optional<std::string> national(const NationalRule& rule, std::string_view digits,
                                             bool& decided) {
    std::string_view significant = digits;
    if (!rule.trunk_prefix.empty()) {
      if (significant.substr(0, rule.trunk_prefix.size()) != rule.trunk_prefix) {
        return std::nullopt; // written some other way (with the calling code?): ask libphonenumber
      }
      significant.remove_prefix(rule.trunk_prefix.size());
    }
    if (significant.size() < rule.min_digits || significant.size() > rule.max_digits ||
        (significant[0] == '0' && !rule.zero_starts_number)) {
      return std::nullopt;
    }
    decided = true;
    std::string out = "+";
    out += rule.calling_code;
    out += significant;
    return out;
  }

  std::optional<std::string> fast(std::string_view body, std::string_view region, bool& decided) {
    decided = false;
    if (body.size() >= 9 && body.size() <= 16 && body[0] == '+' && body[1] != '0' &&
        text::all_digits(body.substr(1))) {
      const std::string_view digits = body.substr(1);
      if (digits[0] == '1') {
        return digits.size() == 11 ? nanp(digits.substr(1), decided) : std::nullopt;
      }
      if (plain_international(digits)) {
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
      if (body.find("(0)") != std::string_view::npos) {
        return std::nullopt; // "+44 (0)20 ...": the trunk prefix in brackets is libphonenumber's to drop
      }
      if (d[0] == '1') {
        return count == 11 ? nanp(d.substr(1), decided) : std::nullopt;
      }
      // "+34 91 181 15 35": the punctuation goes, the digits are E.164 already.
      if (count >= 8 && count <= 15 && plain_international(d)) {
        decided = true;
        std::string out = "+";
        out += d;
        return out;
      }
      return std::nullopt;
    }
    const RegionInfo& info = region_info(region);
    if (info.rule != nullptr) {
      return national(*info.rule, d, decided);
    }
    if (!info.nanp) {
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
      if (number.has_extension() && !number.extension().empty()) {
        out += k_extension_mark;
        out += number.extension();
      }
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
  const std::string_view text = text::trim(raw);
  if (text.empty()) {
    return std::nullopt;
  }
  std::array<char, 2> upper{};
  std::string_view region = m_impl->default_region;
  if (const std::string_view c = text::trim(country); !c.empty()) {
    if (c.size() == 2) {
      upper = {static_cast<char>(c[0] >= 'a' && c[0] <= 'z' ? c[0] - 32 : c[0]),
               static_cast<char>(c[1] >= 'a' && c[1] <= 'z' ? c[1] - 32 : c[1])};
      region = std::string_view(upper.data(), 2);
    } else {
      region = "ZZ";
    }
  }
  std::string_view extension;
  const std::string_view number = strip_extension(text, extension);
  bool decided = false;
  auto result = m_impl->fast(number, region, decided);
  if (!decided) {
    result = m_impl->slow(extension.empty() ? text : number, region);
  }
  if (result && !extension.empty()) {
    *result += k_extension_mark;
    *result += extension;
  }
  return result;
}

bool is_e164(std::string_view phone) {
  if (phone.size() < 3 || phone[0] != '+') {
    return false;
  }
  const std::size_t ext = phone.find(k_extension_mark);
  if (ext == std::string_view::npos) {
    return text::all_digits(phone.substr(1));
  }
  return text::all_digits(phone.substr(1, ext - 1)) &&
         text::all_digits(phone.substr(ext + k_extension_mark.size()));
}

} // namespace leads::normalize
