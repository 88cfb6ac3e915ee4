#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>

// Small string helpers that every module uses (CSV, config, normalizing,
// expressions): ASCII classes and case, white space, the UTF-8 byte order mark.
namespace leads::text {

// The UTF-8 byte order mark, as spreadsheets write it at the start of a file.
inline constexpr std::string_view k_utf8_bom = "\xEF\xBB\xBF";

inline bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// Space, tab, LF, VT, FF or CR.
inline bool is_ascii_space(char c) {
  return c == ' ' || (c >= '\t' && c <= '\r');
}

// Whether s is one or more ASCII digits.
inline bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), is_digit);
}

// One byte lower-cased if it is an ASCII capital letter.
inline char ascii_lower_char(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c + ('a' - 'A')) : c;
}

// ASCII lower-case copy (other bytes as they are).
std::string ascii_lower(std::string_view s);

// For eight ASCII bytes (no high bit set) packed in a word: 0x20 in every byte
// that is a letter in [from, from + 26), else 0. XOR it in to change the case
// of those letters ('A' for upper to lower, 'a' for lower to upper).
inline std::uint64_t ascii_case_bits(std::uint64_t word, char from) {
  constexpr std::uint64_t ones = 0x0101010101010101ULL;
  const std::uint64_t at_least = word + ones * static_cast<std::uint64_t>(0x80 - from);
  const std::uint64_t past = word + ones * static_cast<std::uint64_t>(0x80 - from - 26);
  return ((at_least & ~past) & (ones * 0x80)) >> 2;
}

// Whether a and b are equal, ignoring ASCII case ("UTF-8" and "utf-8").
bool equals_ignoring_case(std::string_view a, std::string_view b);

// Whether s starts with lower_prefix (given in lower case), ignoring ASCII case.
bool starts_with_ignoring_case(std::string_view s, std::string_view lower_prefix);

// Length in bytes of the white-space character (as trim() counts it) that
// starts at s[i]; 0 when none does.
std::size_t white_space_at(std::string_view s, std::size_t i);

// s without ASCII and Unicode white space (NBSP, the Zs spaces, NEL, line and
// paragraph separators, zero-width space, BOM) at either end.
std::string_view trim(std::string_view s);

} // namespace leads::text
