#include <leads/import/name_match.hpp>

#include <leads/normalize/text.hpp>
#include <leads/text/strings.hpp>

#include <algorithm>
#include <array>
#include <string>

namespace leads::import {

namespace {

constexpr std::uint32_t k_fnv_basis = 2166136261U;
constexpr std::uint32_t k_fnv_prime = 16777619U;

// Words that follow a family name without being part of it.
constexpr std::array<std::string_view, 10> k_suffixes = {"jr",  "sr", "ii",  "iii", "iv",
                                                         "phd", "md", "esq", "mba", "cpa"};

// Words part at white space, dots and commas; hyphens and apostrophes join
// ("Mehta-Shah", "O'Brien").
bool parts_words(char c) {
  return c == ' ' || c == '\t' || c == '.' || c == ',' || c == '\n' || c == '\r';
}

// A word's letters and digits, lower-cased; bytes of other scripts as they are.
std::size_t word_key(std::string_view word, char out[64]) {
  std::size_t size = 0;
  for (char c : word) {
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x80 || text::is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
      if (size < 64) {
        out[size] = text::ascii_lower_char(c);
      }
      ++size;
    }
  }
  return std::min<std::size_t>(size, 64);
}

// The fingerprint of a family name's words, less initials and suffixes; 0
// for none. With last_word_only, only its last such word counts, and only
// when it has two or more.
std::uint32_t family_print(std::string_view name, bool last_word_only) {
  std::uint32_t hash = k_fnv_basis;
  std::size_t words = 0;
  std::uint32_t last_hash = 0;
  char key[64];
  for (std::size_t at = 0; at < name.size();) {
    while (at < name.size() && parts_words(name[at])) {
      ++at;
    }
    std::size_t end = at;
    while (end < name.size() && !parts_words(name[end])) {
      ++end;
    }
    const std::size_t size = word_key(name.substr(at, end - at), key);
    at = end;
    const std::string_view word(key, size);
    // One letter is an initial (a multi-byte letter of another script is a word).
    if (size < 2 || std::find(k_suffixes.begin(), k_suffixes.end(), word) != k_suffixes.end()) {
      continue;
    }
    std::uint32_t own = k_fnv_basis;
    for (char c : word) {
      hash = (hash ^ static_cast<unsigned char>(c)) * k_fnv_prime;
      own = (own ^ static_cast<unsigned char>(c)) * k_fnv_prime;
    }
    last_hash = own;
    ++words;
  }
  if (words == 0 || (last_word_only && words < 2)) {
    return 0;
  }
  const std::uint32_t print = last_word_only ? last_hash : hash;
  return print == 0 ? 1 : print;
}

// The given name's print: its first letter in the top byte, and below it
// the hash of its first word (0 for an initial); 0 for none.
std::uint32_t given_print(std::string_view first) {
  std::size_t at = 0;
  while (at < first.size() && parts_words(first[at])) {
    ++at;
  }
  std::size_t end = at;
  while (end < first.size() && !parts_words(first[end])) {
    ++end;
  }
  char key[64];
  const std::size_t size = word_key(first.substr(at, end - at), key);
  if (size == 0) {
    return 0;
  }
  const auto letter = static_cast<std::uint32_t>(static_cast<unsigned char>(key[0]));
  if (size == 1) {
    return letter << 24;
  }
  std::uint32_t hash = k_fnv_basis;
  for (std::size_t i = 0; i < size; ++i) {
    hash = (hash ^ static_cast<unsigned char>(key[i])) * k_fnv_prime;
  }
  return letter << 24 | (hash & 0xFFFFFF) | 1;
}

NamePrint print_of(std::string_view first, std::string_view last) {
  NamePrint print;
  print.family = family_print(last, false);
  if (print.family == 0) {
    print.family = family_print(first, true);
  }
  print.given = given_print(first);
  return print;
}

} // namespace

NamePrint name_print(std::string_view first, std::string_view last) {
  auto ascii = [](std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
  };
  if (ascii(first) && ascii(last)) {
    return print_of(first, last);
  }
  // Accents folded, then other scripts lower-cased (ASCII is lower-cased word by word).
  return print_of(normalize::lower(normalize::fold_accents(first)),
                  normalize::lower(normalize::fold_accents(last)));
}

bool names_compatible(NamePrint a, NamePrint b) {
  if (a.family != 0 && b.family != 0) {
    return a.family == b.family;
  }
  if (a.given == 0 || b.given == 0) {
    return true;
  }
  // The same first letter, and the same name unless one is an initial.
  constexpr std::uint32_t k_name_bits = 0xFFFFFF;
  return (a.given >> 24) == (b.given >> 24) &&
         ((a.given & k_name_bits) == 0 || (b.given & k_name_bits) == 0 || a.given == b.given);
}

} // namespace leads::import
