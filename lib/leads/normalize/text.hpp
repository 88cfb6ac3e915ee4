#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>

namespace leads::normalize {

// Whether s is one or more ASCII digits.
inline bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Trims ASCII and Unicode white space (incl. NBSP) at both ends.
std::string_view trim(std::string_view s);

// ASCII lower-case copy.
std::string ascii_lower(std::string_view s);

// One byte lower-cased if it is an ASCII capital letter.
inline char ascii_lower_char(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c + ('a' - 'A')) : c;
}

// For eight ASCII bytes (no high bit set) packed in a word: 0x20 in every byte
// that is a letter in [from, from + 26), else 0. XOR it in to change the case
// of those letters ('A' for upper to lower, 'a' for lower to upper).
inline std::uint64_t ascii_case_bits(std::uint64_t word, char from) {
  constexpr std::uint64_t ones = 0x0101010101010101ULL;
  const std::uint64_t at_least = word + ones * static_cast<std::uint64_t>(0x80 - from);
  const std::uint64_t past = word + ones * static_cast<std::uint64_t>(0x80 - from - 26);
  return ((at_least & ~past) & (ones * 0x80)) >> 2;
}

// Whether s starts with lower_prefix (given in lower case), ignoring ASCII case.
bool starts_with_ignoring_case(std::string_view s, std::string_view lower_prefix);

// Unicode NFC of valid UTF-8 (utf8proc). ASCII input is returned as is, fast.
std::string nfc(std::string_view s);

// Lower-case copy: ASCII fast; non-ASCII text is NFC-normalized and then
// lower-cased per code point (utf8proc). Invalid UTF-8 is lower-cased as ASCII only.
std::string lower(std::string_view s);

// A person's name: trim, collapse runs of white space (and control
// characters) to one space, NFC.
std::string name(std::string_view s);

// A full name as name() gives it, split into a first and a last name: at its
// last space ("Ana Beatriz Souza" -> "Ana Beatriz", "Souza"; one word is a
// first name), or, with one comma, last name first ("Souza, Ana Beatriz" ->
// "Ana Beatriz", "Souza"). Suffixes after a comma (Jr., Sr., II, III, IV, PhD,
// MD, Esq., MBA, CPA) stay, as written, at the end of the last name:
// "Ann Lee, Jr." -> "Ann", "Lee, Jr."; "Lee, Ann, PhD" -> "Ann", "Lee, PhD".
// Names with more commas are split at the last space.
void split_full_name(std::string_view full, std::string& first, std::string& last);

// Key for matching header spellings: case-, space- and punctuation-insensitive
// ("E-mail Address" -> "emailaddress", "First_Name" -> "firstname").
std::string header_key(std::string_view header);

// Like header_key, but Latin accents are folded to ASCII first
// ("España" -> "espana", "Côte d'Ivoire" -> "cotedivoire"): for looking up names.
std::string fold_key(std::string_view s);

// Column name for an extra (non-canonical) column: snake_case ASCII
// ("Lead Source" -> "lead_source", "How did you hear?" -> "how_did_you_hear",
// "TotalVisits" -> "total_visits"); never empty ("column" for no letters/digits).
std::string snake_case(std::string_view header);

// "true"/"yes"/"y"/"1"/"x"/"opted out"... -> "true"; "false"/"no"/"n"/"0"/"" -> "false" or ""
// Returns "" for empty, "true"/"false" for recognized values, the input otherwise.
std::string boolean(std::string_view s);

} // namespace leads::normalize
