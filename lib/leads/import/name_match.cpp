#include <leads/import/name_match.hpp>

#include <leads/text/strings.hpp>

#include <utf8proc.h>

#include <algorithm>
#include <array>

namespace leads::import {

namespace {

constexpr std::uint32_t k_fnv_basis = 2166136261U;
constexpr std::uint32_t k_fnv_prime = 16777619U;

// Words that follow a family name without being part of it.
constexpr std::array<std::string_view, 10> k_suffixes = {"jr",  "sr", "ii",  "iii", "iv",
                                                         "phd", "md", "esq", "mba", "cpa"};

// Words part at white space, dots and commas; hyphens and apostrophes join
// ("Mehta-Shah", "O'Brien").
constexpr bool parts_words(char c) {
  return c == ' ' || c == '\t' || c == '.' || c == ',' || c == '\n' || c == '\r';
}

// Latin letters that decompose into no base letter, as ASCII (as
// normalize::fold_accents writes them).
std::string_view latin_special(utf8proc_int32_t cp) {
  switch (cp) {
  case 0xC6:
  case 0xE6:
    return "ae";
  case 0xD8:
  case 0xF8:
    return "o";
  case 0x152:
  case 0x153:
    return "oe";
  case 0xD0:
  case 0xF0:
  case 0x110:
  case 0x111:
    return "d";
  case 0x141:
  case 0x142:
    return "l";
  case 0xDE:
  case 0xFE:
    return "th";
  case 0x131:
    return "i";
  case 0x126:
  case 0x127:
    return "h";
  default:
    return {};
  }
}

// The folded form (see Words) of the Latin letters U+00C0 to U+024F, the
// accented letters of most names, worked out once: up to three ASCII bytes
// each ("" for a character that folds to anything else).
constexpr char32_t k_latin_first = 0xC0;
constexpr char32_t k_latin_end = 0x250;
const std::array<std::array<char, 4>, k_latin_end - k_latin_first>& latin_folds() {
  static const auto table = [] {
    std::array<std::array<char, 4>, k_latin_end - k_latin_first> folds{};
    for (char32_t cp = k_latin_first; cp < k_latin_end; ++cp) {
      std::array<char, 4>& fold = folds[cp - k_latin_first];
      const std::string_view special = latin_special(static_cast<utf8proc_int32_t>(cp));
      if (!special.empty()) {
        std::copy(special.begin(), special.end(), fold.begin());
        continue;
      }
      utf8proc_int32_t parts[8];
      int last_boundclass = 0;
      const utf8proc_ssize_t count =
          utf8proc_decompose_char(static_cast<utf8proc_int32_t>(cp), parts, 8,
                                  static_cast<utf8proc_option_t>(UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT |
                                                                 UTF8PROC_STRIPMARK | UTF8PROC_CASEFOLD),
                                  &last_boundclass);
      if (count < 1 || count > 3 ||
          std::any_of(parts, parts + count, [](utf8proc_int32_t p) { return p >= 0x80 || p <= 0; })) {
        continue; // (left to utf8proc every time)
      }
      for (utf8proc_ssize_t i = 0; i < count; ++i) {
        fold[static_cast<std::size_t>(i)] = static_cast<char>(parts[i]);
      }
    }
    return folds;
  }();
  return table;
}

// The words of a name, one at a time: each word's letters and digits,
// lower-cased, accents folded (é is e, ß is ss), other scripts case-folded;
// everything else in a word (hyphens, apostrophes) left out. Allocates nothing.
class Words {
public:
  explicit Words(std::string_view text) : m_text(text) {}

  // The next word into key (its first 64 bytes; size returned in size, and
  // its characters in characters); false at the end.
  bool next(char (&key)[64], std::size_t& size, std::size_t& characters) {
    while (m_at < m_text.size() && parts_words(m_text[m_at])) {
      ++m_at;
    }
    if (m_at >= m_text.size()) {
      return false;
    }
    size = 0;
    characters = 0;
    auto put = [&](char c) {
      if (size < 64) {
        key[size] = c;
      }
      ++size;
    };
    while (m_at < m_text.size() && !parts_words(m_text[m_at])) {
      const auto c = static_cast<unsigned char>(m_text[m_at]);
      if (c < 0x80) {
        ++m_at;
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z')) {
          put(text::ascii_lower_char(static_cast<char>(c)));
          ++characters;
        }
        continue;
      }
      // An accented Latin letter (two bytes): from the table.
      if (c >= 0xC3 && c <= 0xC9 && m_at + 1 < m_text.size() &&
          (static_cast<unsigned char>(m_text[m_at + 1]) & 0xC0) == 0x80) {
        const char32_t cp = static_cast<char32_t>((c & 0x1F) << 6) |
                            static_cast<char32_t>(static_cast<unsigned char>(m_text[m_at + 1]) & 0x3F);
        const char* fold = cp >= k_latin_first && cp < k_latin_end ? m_latin[cp - k_latin_first].data() : "";
        if (fold[0] != 0) {
          for (std::size_t i = 0; i < 4 && fold[i] != 0; ++i) {
            put(fold[i]);
          }
          m_at += 2;
          ++characters;
          continue;
        }
      }
      utf8proc_int32_t cp = 0;
      const auto n = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(m_text.data()) + m_at,
                                      static_cast<utf8proc_ssize_t>(m_text.size() - m_at), &cp);
      if (n <= 0) {
        put(static_cast<char>(c)); // not UTF-8: the byte as it is
        ++m_at;
        ++characters;
        continue;
      }
      m_at += static_cast<std::size_t>(n);
      ++characters;
      if (const std::string_view special = latin_special(cp); !special.empty()) {
        for (char s : special) {
          put(s);
        }
        continue;
      }
      utf8proc_int32_t parts[8];
      int last_boundclass = 0;
      const utf8proc_ssize_t count =
          utf8proc_decompose_char(cp, parts, 8,
                                  static_cast<utf8proc_option_t>(UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT |
                                                                 UTF8PROC_STRIPMARK | UTF8PROC_CASEFOLD),
                                  &last_boundclass);
      for (utf8proc_ssize_t i = 0; i < count && i < 8; ++i) {
        utf8proc_uint8_t bytes[4];
        const auto length = utf8proc_encode_char(parts[i], bytes);
        for (utf8proc_ssize_t b = 0; b < length; ++b) {
          put(static_cast<char>(bytes[b]));
        }
      }
    }
    size = std::min<std::size_t>(size, 64);
    return true;
  }

private:
  std::string_view m_text;
  std::size_t m_at = 0;
  const std::array<std::array<char, 4>, k_latin_end - k_latin_first>& m_latin = latin_folds();
};

std::uint32_t fnv(std::uint32_t hash, std::string_view bytes) {
  for (char c : bytes) {
    hash = (hash ^ static_cast<unsigned char>(c)) * k_fnv_prime;
  }
  return hash;
}

// One letter is an initial (a letter of another script is a word).
bool initial_or_suffix(std::string_view word, std::size_t characters) {
  return characters < 2 ||
         (word.size() <= 3 && std::find(k_suffixes.begin(), k_suffixes.end(), word) != k_suffixes.end());
}

std::uint32_t nonzero(std::uint32_t print) {
  return print == 0 ? 1 : print;
}

// How name_print() reads each byte: 0 to leave out (hyphens, apostrophes),
// 1 to part words, 2 for a byte of a character beyond ASCII (the general
// path reads the name), else the letter or digit, lower-cased.
constexpr std::array<char, 256> k_name_bytes = [] {
  std::array<char, 256> table{};
  for (int c = 0; c < 256; ++c) {
    char& entry = table[static_cast<std::size_t>(c)];
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      entry = static_cast<char>(c);
    } else if (c >= 'A' && c <= 'Z') {
      entry = static_cast<char>(c - 'A' + 'a');
    } else if (c >= 0x80) {
      entry = 2;
    } else if (parts_words(static_cast<char>(c))) {
      entry = 1;
    }
  }
  return table;
}();

// Whether a word of 2 or 3 letters (packed, first letter lowest) is a suffix.
bool short_suffix(std::uint32_t packed) {
  constexpr auto pack = [](std::string_view s) {
    std::uint32_t p = 0;
    for (std::size_t i = s.size(); i-- > 0;) {
      p = p << 8 | static_cast<unsigned char>(s[i]);
    }
    return p;
  };
  switch (packed) {
  case pack("jr"):
  case pack("sr"):
  case pack("ii"):
  case pack("iii"):
  case pack("iv"):
  case pack("phd"):
  case pack("md"):
  case pack("esq"):
  case pack("mba"):
  case pack("cpa"):
    return true;
  default:
    return false;
  }
}

// The words of an ASCII name, folded as the general path folds them, into
// print: the family name (family: every word that counts, run together;
// else, from the first name, its last word when it has two or more), the
// given name (the first name's first word). False, print unspecified, at a
// byte beyond ASCII.
bool ascii_words(std::string_view text, bool family, NamePrint& print, std::size_t& counted,
                 std::uint32_t& last_word) {
  std::uint32_t chained = k_fnv_basis;
  const char* p = text.data();
  const char* const end = p + text.size();
  bool first_word = true;
  while (p < end) {
    const char* const start = p;
    std::uint32_t hash = family ? chained : k_fnv_basis;
    std::size_t characters = 0;
    for (; p < end; ++p) {
      const auto c = static_cast<unsigned char>(k_name_bytes[static_cast<unsigned char>(*p)]);
      if (c > 2) {
        hash = (hash ^ c) * k_fnv_prime;
        ++characters;
      } else if (c == 1) {
        break;
      } else if (c == 2) {
        return false;
      }
    }
    p += p < end ? 1 : 0; // past the separator
    if (characters == 0) {
      continue;
    }
    // The word's first letters (again, past what it leaves out): its initial
    // for the given name, and a short word's letters for the suffixes.
    auto letters = [&](std::size_t count) {
      std::uint32_t packed = 0;
      std::size_t seen = 0;
      for (const char* q = start; seen < count; ++q) {
        const auto c = static_cast<unsigned char>(k_name_bytes[static_cast<unsigned char>(*q)]);
        if (c > 2) {
          packed |= static_cast<std::uint32_t>(c) << (8 * seen++);
        }
      }
      return packed;
    };
    if (!family && first_word) {
      const std::uint32_t top = letters(1) << 24;
      print.given = characters < 2 ? top : top | (hash & 0xFFFFFF) | 1;
    }
    first_word = false;
    if (characters >= 2 && (characters > 3 || !short_suffix(letters(characters)))) {
      chained = hash;
      last_word = nonzero(hash);
      ++counted;
    }
  }
  if (family && counted > 0) {
    print.family = nonzero(chained);
  }
  return true;
}

// name_print() of any name, through utf8proc where it must.
NamePrint general_name_print(std::string_view first, std::string_view last) {
  NamePrint print;
  char key[64];
  std::size_t size = 0;
  std::size_t characters = 0;
  // The family name: the last name's words run together.
  std::uint32_t family = k_fnv_basis;
  bool any = false;
  for (Words words(last); words.next(key, size, characters);) {
    const std::string_view word(key, size);
    if (!initial_or_suffix(word, characters)) {
      family = fnv(family, word);
      any = true;
    }
  }
  if (any) {
    print.family = nonzero(family);
  }
  // The given name: the first name's first word (an initial by its letter);
  // without a family name, the last of two or more words of the first name.
  std::size_t named_words = 0;
  std::uint32_t last_word = 0;
  for (Words words(first); words.next(key, size, characters);) {
    const std::string_view word(key, size);
    if (print.given == 0 && size > 0) {
      const auto letter = static_cast<std::uint32_t>(static_cast<unsigned char>(word[0])) << 24;
      print.given = characters < 2 ? letter : letter | (fnv(k_fnv_basis, word) & 0xFFFFFF) | 1;
    }
    if (!initial_or_suffix(word, characters)) {
      last_word = nonzero(fnv(k_fnv_basis, word));
      ++named_words;
    }
  }
  if (!any && named_words >= 2) {
    print.family = last_word;
  }
  return print;
}

} // namespace

NamePrint name_print(std::string_view first, std::string_view last) {
  NamePrint print;
  std::size_t family_words = 0;
  std::size_t first_words = 0;
  std::uint32_t unused = 0;
  std::uint32_t last_word = 0;
  if (ascii_words(last, true, print, family_words, unused) &&
      ascii_words(first, false, print, first_words, last_word)) {
    if (family_words == 0 && first_words >= 2) {
      print.family = last_word;
    }
    return print;
  }
  return general_name_print(first, last);
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
