#include <leads/import/cell_fast_paths.hpp>

#include <leads/normalize/email.hpp>
#include <leads/normalize/text.hpp>
#include <leads/text/strings.hpp>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>

namespace leads::import {

namespace {

constexpr std::uint64_t k_ones = 0x0101010101010101ULL;
constexpr std::uint64_t k_highs = 0x8080808080808080ULL;

// Whether any of the 8 bytes of word equals byte.
bool has_byte(std::uint64_t word, char byte) {
  const std::uint64_t x = word ^ (k_ones * static_cast<unsigned char>(byte));
  return ((x - k_ones) & ~x & k_highs) != 0;
}

bool is_lower_alnum(char c) {
  return (c >= 'a' && c <= 'z') || text::is_digit(c);
}

// Character classes of the common email shape, for valid_email().
constexpr std::uint8_t k_local_char = 1;  // a-z 0-9 . _ + -
constexpr std::uint8_t k_domain_char = 2; // a-z 0-9 . -
constexpr std::uint8_t k_tld_char = 4;    // a-z
constexpr std::array<std::uint8_t, 256> k_email_chars = [] {
  std::array<std::uint8_t, 256> table{};
  for (int c = 0; c < 256; ++c) {
    const bool lower = c >= 'a' && c <= 'z';
    const bool alnum = lower || (c >= '0' && c <= '9');
    table[static_cast<std::size_t>(c)] = static_cast<std::uint8_t>(
        (alnum || c == '.' || c == '_' || c == '+' || c == '-' ? k_local_char : 0) |
        (alnum || c == '.' || c == '-' ? k_domain_char : 0) | (lower ? k_tld_char : 0));
  }
  return table;
}();

// Whether every byte of s is of the class.
bool all_of_class(std::string_view s, std::uint8_t cls) {
  unsigned ok = cls;
  for (const char c : s) {
    ok &= k_email_chars[static_cast<unsigned char>(c)];
  }
  return ok != 0;
}

bool digits(std::string_view s, std::size_t pos, std::size_t count, int& value) {
  value = 0;
  for (std::size_t i = pos; i < pos + count; ++i) {
    if (!text::is_digit(s[i])) {
      return false;
    }
    value = value * 10 + (s[i] - '0');
  }
  return true;
}

} // namespace

std::string_view trim_cell(std::string_view s) {
  // Most cells start and end with a printable ASCII byte: nothing to trim.
  if (!s.empty() && static_cast<unsigned char>(s.front() - 0x21) < 0x5e &&
      static_cast<unsigned char>(s.back() - 0x21) < 0x5e) {
    return s;
  }
  while (!s.empty() && text::is_ascii_space(s.front())) {
    s.remove_prefix(1);
  }
  while (!s.empty() && text::is_ascii_space(s.back())) {
    s.remove_suffix(1);
  }
  if (!s.empty() &&
      (static_cast<unsigned char>(s.front()) >= 0x80 || static_cast<unsigned char>(s.back()) >= 0x80)) {
    return text::trim(s);
  }
  return s;
}

bool normalize_timestamp(std::string_view raw, normalize::DateOrder order, std::string& out) {
  // The store's own shapes, read by the function that reads them back from the store.
  if ((raw.size() == 20 || raw.size() == 10) && normalize::parse_iso(raw)) {
    out.assign(raw);
    if (raw.size() == 10) {
      out += "T00:00:00Z";
    }
    return true;
  }
  // "YYYY-MM-DD HH:MM" and "YYYY-MM-DD HH:MM:SS", as CRM exports write them (UTC).
  if ((raw.size() == 16 || (raw.size() == 19 && raw[16] == ':')) && raw[10] == ' ' && raw[13] == ':' &&
      normalize::parse_iso(raw.substr(0, 10))) {
    int hour, minute, second = 0;
    if (digits(raw, 11, 2, hour) && digits(raw, 14, 2, minute) &&
        (raw.size() == 16 || digits(raw, 17, 2, second)) && hour < 24 && minute < 60 && second < 60) {
      // "YYYY-MM-DDTHH:MM:SSZ", built in place: one string operation, not five.
      char iso[20];
      std::memcpy(iso, raw.data(), 16);
      iso[10] = 'T';
      std::memcpy(iso + 16, raw.size() == 16 ? ":00" : raw.data() + 16, 3);
      iso[19] = 'Z';
      out.assign(iso, sizeof iso);
      return true;
    }
  }
  auto iso = normalize::timestamp(raw, order);
  if (!iso) {
    return false;
  }
  out = std::move(*iso);
  return true;
}

namespace cell {

// An email as normalize::email() gives it (trimmed, lower-cased, without a
// mailto: prefix or <> around it); plain ASCII addresses in one pass, eight
// bytes at a time.
void email(std::string_view trimmed, std::string& out) {
  const std::size_t size = trimmed.size();
  out.resize(size);
  // "<ann@x.com>" and an address in quotation marks go the long way.
  bool plain = size == 0 || (trimmed.back() != '>' && trimmed.back() != '"' && trimmed.back() != '\'');
  std::size_t i = 0;
  for (; plain && i + 8 <= size; i += 8) {
    std::uint64_t word;
    std::memcpy(&word, trimmed.data() + i, 8);
    plain = (word & k_highs) == 0 && !has_byte(word, ':');
    word ^= text::ascii_case_bits(word, 'A');
    std::memcpy(out.data() + i, &word, 8);
  }
  for (; plain && i < size; ++i) {
    const char c = trimmed[i];
    plain = static_cast<unsigned char>(c) < 0x80 && c != ':';
    out[i] = text::ascii_lower_char(c);
  }
  // (An internationalized domain in punycode, "xn--", is written in Unicode:
  // most addresses have no '-' to look at.)
  if (!plain || (std::memchr(out.data(), '-', size) != nullptr && normalize::has_punycode_domain(out))) {
    out = normalize::email(trimmed);
  }
}

// normalize::is_valid_email for the common shape, in few passes: a lower-case
// ASCII local part of letters, digits and . _ + - (no dot first, last or
// twice), and a domain of two or more labels of letters, digits and '-' (not
// at either end of a label) ending in a letters-only top-level label. Such an
// address is valid by normalize::is_valid_email's rules too; anything else is
// left to it.
bool valid_email(std::string_view e) {
  const std::size_t at = e.find('@');
  if (at == std::string_view::npos || at == 0 || at > 64 || e.size() > 254) {
    return normalize::is_valid_email(e);
  }
  const std::string_view local = e.substr(0, at);
  const std::string_view domain = e.substr(at + 1);
  if (!all_of_class(local, k_local_char) || local.front() == '.' || local.back() == '.' ||
      local.find("..") != std::string_view::npos || !all_of_class(domain, k_domain_char) ||
      domain.size() > 253) {
    return normalize::is_valid_email(e);
  }
  std::size_t labels = 0;
  std::size_t start = 0;
  for (;;) {
    const std::size_t dot = domain.find('.', start);
    const std::string_view label = domain.substr(start, dot == std::string_view::npos ? dot : dot - start);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') {
      return normalize::is_valid_email(e);
    }
    ++labels;
    if (dot == std::string_view::npos) {
      break;
    }
    start = dot + 1;
  }
  const std::string_view top = domain.substr(start);
  if (labels < 2 || top.size() < 2 || !all_of_class(top, k_tld_char)) {
    return normalize::is_valid_email(e);
  }
  return true;
}

// A lower-case host name such as "example.com" is already what
// normalize::website_domain() makes of it (unless it starts with "www.").
bool is_bare_domain(std::string_view value) {
  if (value.size() > 253 || value.starts_with("www.")) {
    return false;
  }
  std::size_t label = 0;
  std::size_t dots = 0;
  for (char c : value) {
    if (c == '.') {
      if (label == 0) {
        return false;
      }
      label = 0;
      ++dots;
    } else if (is_lower_alnum(c) || c == '-') {
      ++label;
    } else {
      return false;
    }
  }
  return dots > 0 && label > 0;
}

// ASCII text with single spaces is already a name as normalize::name() gives it.
bool is_plain_name(std::string_view trimmed) {
  for (std::size_t i = 0; i < trimmed.size(); ++i) {
    const char c = trimmed[i];
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x80 || u < 0x20 || u == 0x7F || (c == ' ' && trimmed[i + 1] == ' ')) {
      return false;
    }
  }
  return true;
}

bool employees(std::string_view value, std::string& out) {
  std::size_t lead = 0; // the first group: 1 to 3 digits
  while (lead < value.size() && text::is_digit(value[lead])) {
    ++lead;
  }
  if (lead == 0 || lead > 3 || lead == value.size()) {
    return false;
  }
  // One separator throughout: the one after the first group.
  static constexpr std::string_view k_separators[] = {",", ".", " ", "'", "\u00A0", "\u202F"};
  const std::string_view rest = value.substr(lead);
  std::string_view separator;
  for (std::string_view candidate : k_separators) {
    if (rest.starts_with(candidate)) {
      separator = candidate;
    }
  }
  if (separator.empty()) {
    return false;
  }
  const std::size_t group = separator.size() + 3;
  if (rest.size() % group != 0) {
    return false;
  }
  out.assign(value.substr(0, lead));
  for (std::size_t at = 0; at < rest.size(); at += group) {
    if (rest.substr(at, separator.size()) != separator) {
      return false;
    }
    const std::string_view digits = rest.substr(at + separator.size(), 3);
    if (!std::all_of(digits.begin(), digits.end(), text::is_digit)) {
      return false;
    }
    out.append(digits);
  }
  return true;
}

} // namespace cell

} // namespace leads::import
