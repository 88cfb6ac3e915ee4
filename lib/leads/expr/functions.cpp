#include <leads/expr/functions.hpp>
#include <leads/normalize/civil.hpp>
#include <leads/normalize/text.hpp>

#include <utf8proc.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstring>

namespace leads::expr {

namespace {

constexpr std::array<Function, 9> k_functions = {{
    {"days_since", Op::days_since, 1, Type::number},
    {"lower", Op::lower, 1, Type::text},
    {"upper", Op::upper, 1, Type::text},
    {"len", Op::length, 1, Type::number},
    {"contains", Op::contains, 2, Type::boolean},
    {"starts_with", Op::starts_with, 2, Type::boolean},
    {"ends_with", Op::ends_with, 2, Type::boolean},
    {"is_empty", Op::is_empty, 1, Type::boolean},
    {"empty", Op::is_empty, 1, Type::boolean},
}};

// Reads exactly `width` digits at text[pos].
bool read_digits(std::string_view text, std::size_t pos, std::size_t width, int& out) {
  if (pos + width > text.size()) {
    return false;
  }
  int value = 0;
  for (std::size_t i = pos; i < pos + width; ++i) {
    if (text[i] < '0' || text[i] > '9') {
      return false;
    }
    value = value * 10 + (text[i] - '0');
  }
  out = value;
  return true;
}

// Maps every code point through `map`; invalid UTF-8 bytes are copied as they are.
std::string_view map_code_points(std::string_view text, std::string& scratch,
                                 utf8proc_int32_t (*map)(utf8proc_int32_t)) {
  scratch.clear();
  const auto* bytes = reinterpret_cast<const utf8proc_uint8_t*>(text.data());
  auto size = static_cast<utf8proc_ssize_t>(text.size());
  utf8proc_ssize_t pos = 0;
  while (pos < size) {
    utf8proc_int32_t code_point = 0;
    utf8proc_ssize_t used = utf8proc_iterate(bytes + pos, size - pos, &code_point);
    if (used <= 0) {
      scratch += text[static_cast<std::size_t>(pos)];
      ++pos;
      continue;
    }
    std::array<utf8proc_uint8_t, 4> encoded{};
    utf8proc_ssize_t length = utf8proc_encode_char(map(code_point), encoded.data());
    scratch.append(reinterpret_cast<const char*>(encoded.data()), static_cast<std::size_t>(length));
    pos += used;
  }
  return scratch;
}

constexpr std::uint64_t k_high_bits = 0x8080808080808080ULL;

// The text in lower (or upper) case: ASCII eight bytes at a time, only when some
// letter changes; other text code point by code point.
std::string_view map_case(std::string_view text, std::string& scratch, bool lower) {
  const char from = lower ? 'A' : 'a';
  std::uint64_t high = 0;
  std::uint64_t changes = 0;
  std::size_t i = 0;
  for (; i + 8 <= text.size(); i += 8) {
    std::uint64_t word = 0;
    std::memcpy(&word, text.data() + i, 8);
    high |= word;
    changes |= text::ascii_case_bits(word & ~k_high_bits, from);
  }
  for (; i < text.size(); ++i) {
    auto byte = static_cast<unsigned char>(text[i]);
    high |= byte;
    changes |= static_cast<unsigned char>(byte - from) < 26 ? 1 : 0;
  }
  if ((high & k_high_bits) != 0) {
    return map_code_points(text, scratch, lower ? utf8proc_tolower : utf8proc_toupper);
  }
  if (changes == 0) {
    return text;
  }
  scratch.resize(text.size());
  char* out = scratch.data();
  for (i = 0; i + 8 <= text.size(); i += 8) {
    std::uint64_t word = 0;
    std::memcpy(&word, text.data() + i, 8);
    word ^= text::ascii_case_bits(word, from);
    std::memcpy(out + i, &word, 8);
  }
  for (; i < text.size(); ++i) {
    char c = text[i];
    out[i] = static_cast<unsigned char>(c - from) < 26 ? static_cast<char>(c ^ 0x20) : c;
  }
  return scratch;
}

} // namespace

const Function* find_function(std::string_view name) {
  for (const Function& function : k_functions) {
    if (function.name == name) {
      return &function;
    }
  }
  return nullptr;
}

std::vector<std::string_view> function_names() {
  std::vector<std::string_view> names;
  for (const Function& function : k_functions) {
    names.push_back(function.name);
  }
  return names;
}

std::optional<std::int64_t> parse_timestamp(std::string_view text) {
  int year = 0;
  int month = 0;
  int day = 0;
  if (!read_digits(text, 0, 4, year) || text.size() < 10 || text[4] != '-' ||
      !read_digits(text, 5, 2, month) || text[7] != '-' || !read_digits(text, 8, 2, day)) {
    return std::nullopt;
  }
  if (month < 1 || month > 12 || day < 1 || day > normalize::days_in_month(year, month)) {
    return std::nullopt;
  }
  std::int64_t seconds = normalize::days_from_civil(year, month, day) * 86400;
  if (text.size() == 10) {
    return seconds;
  }
  int hour = 0;
  int minute = 0;
  int second = 0;
  if ((text[10] != 'T' && text[10] != 't' && text[10] != ' ') || !read_digits(text, 11, 2, hour) ||
      text.size() < 16 || text[13] != ':' || !read_digits(text, 14, 2, minute)) {
    return std::nullopt;
  }
  std::size_t pos = 16;
  if (pos < text.size() && text[pos] == ':') {
    if (!read_digits(text, pos + 1, 2, second)) {
      return std::nullopt;
    }
    pos += 3;
    if (pos < text.size() && (text[pos] == '.' || text[pos] == ',')) {
      ++pos;
      std::size_t digits = pos;
      while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
        ++pos;
      }
      if (pos == digits) {
        return std::nullopt;
      }
    }
  }
  if (hour > 23 || minute > 59 || second > 60) {
    return std::nullopt;
  }
  seconds += hour * 3600 + minute * 60 + second;
  if (pos == text.size()) {
    return seconds;
  }
  if ((text[pos] == 'Z' || text[pos] == 'z') && pos + 1 == text.size()) {
    return seconds;
  }
  if (text[pos] != '+' && text[pos] != '-') {
    return std::nullopt;
  }
  int sign = text[pos] == '+' ? 1 : -1;
  int offset_hours = 0;
  int offset_minutes = 0;
  if (!read_digits(text, pos + 1, 2, offset_hours)) {
    return std::nullopt;
  }
  pos += 3;
  if (pos < text.size() && text[pos] == ':') {
    ++pos;
  }
  if (pos < text.size() && !read_digits(text, pos, 2, offset_minutes)) {
    return std::nullopt;
  }
  pos += pos < text.size() ? 2 : 0;
  if (pos != text.size() || offset_hours > 23 || offset_minutes > 59) {
    return std::nullopt;
  }
  return seconds - sign * (offset_hours * 3600 + offset_minutes * 60);
}

std::int64_t whole_days_between(std::int64_t then, std::int64_t now) {
  std::int64_t seconds = now - then;
  std::int64_t days = seconds / 86400;
  return (seconds % 86400 != 0 && seconds < 0) ? days - 1 : days;
}

std::optional<double> number_from_text(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) {
    text.remove_prefix(1);
  }
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) {
    text.remove_suffix(1);
  }
  std::size_t first = 0;
  if (!text.empty() && text.front() == '+') {
    text.remove_prefix(1);
  } else if (!text.empty() && text.front() == '-') {
    first = 1;
  }
  if (first >= text.size() || !((text[first] >= '0' && text[first] <= '9') || text[first] == '.')) {
    return std::nullopt;
  }
  if (text.size() - first <= 15) {
    std::int64_t integer = 0;
    std::size_t i = first;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
      integer = integer * 10 + (text[i] - '0');
      ++i;
    }
    if (i == text.size()) {
      return static_cast<double>(first == 1 ? -integer : integer);
    }
  }
  double value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) {
    return std::nullopt;
  }
  return value;
}

bool truthy_text(std::string_view text) {
  auto is = [text](std::string_view word) {
    return text.size() == word.size() &&
           std::equal(text.begin(), text.end(), word.begin(),
                      [](char a, char b) { return text::ascii_lower_char(a) == b; });
  };
  switch (text.size()) {
  case 1:
    return text[0] == '1' || text[0] == 'y' || text[0] == 'Y';
  case 3:
    return is("yes");
  case 4:
    return is("true");
  default:
    return false;
  }
}

std::string_view to_lower(std::string_view text, std::string& scratch) {
  return map_case(text, scratch, true);
}

std::string_view to_upper(std::string_view text, std::string& scratch) {
  return map_case(text, scratch, false);
}

std::size_t text_length(std::string_view text) {
  return static_cast<std::size_t>(std::count_if(
      text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

std::string_view domain_of_email(std::string_view email, std::string& scratch) {
  std::size_t at = email.rfind('@');
  if (at == std::string_view::npos) {
    return {};
  }
  std::string_view domain = email.substr(at + 1);
  while (!domain.empty() && domain.back() == ' ') {
    domain.remove_suffix(1);
  }
  return to_lower(domain, scratch);
}

} // namespace leads::expr
