#include <leads/csv/encoding.hpp>
#include <leads/text/strings.hpp>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace leads::csv {

namespace {

// Windows-1252 code points of bytes 0x80-0x9F. The five bytes it leaves
// undefined map to the C1 controls of the same value, as web browsers do.
constexpr std::array<std::uint16_t, 32> k_cp1252_high = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
};

bool all_ascii8(const unsigned char* p) {
  std::uint64_t word;
  std::memcpy(&word, p, sizeof word);
  return (word & 0x8080808080808080ULL) == 0;
}

// Index of the first byte >= 0x80 in s[i, n), or n.
std::size_t skip_ascii(const unsigned char* s, std::size_t i, std::size_t n) {
#if defined(__SSE2__)
  // 64 bytes at a time while all are ASCII, then 16 to find the first that is not.
  for (; i + 64 <= n; i += 64) {
    const auto* block = reinterpret_cast<const __m128i*>(s + i);
    const __m128i any = _mm_or_si128(_mm_or_si128(_mm_loadu_si128(block), _mm_loadu_si128(block + 1)),
                                     _mm_or_si128(_mm_loadu_si128(block + 2), _mm_loadu_si128(block + 3)));
    if (_mm_movemask_epi8(any) != 0) {
      break;
    }
  }
  for (; i + 16 <= n; i += 16) {
    const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + i));
    const auto mask = static_cast<unsigned>(_mm_movemask_epi8(x));
    if (mask != 0) {
      return i + static_cast<std::size_t>(__builtin_ctz(mask));
    }
  }
#else
  for (; i + 8 <= n && all_ascii8(s + i); i += 8) {
  }
#endif
  for (; i < n && s[i] < 0x80; ++i) {
  }
  return i;
}

// Writes code point `code` as UTF-8 at o and moves o past it.
inline void append_utf8(std::uint32_t code, char*& o) {
  if (code < 0x80) {
    *o++ = static_cast<char>(code);
  } else if (code < 0x800) {
    *o++ = static_cast<char>(0xC0 | (code >> 6));
    *o++ = static_cast<char>(0x80 | (code & 0x3F));
  } else if (code < 0x10000) {
    *o++ = static_cast<char>(0xE0 | (code >> 12));
    *o++ = static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    *o++ = static_cast<char>(0x80 | (code & 0x3F));
  } else {
    *o++ = static_cast<char>(0xF0 | (code >> 18));
    *o++ = static_cast<char>(0x80 | ((code >> 12) & 0x3F));
    *o++ = static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    *o++ = static_cast<char>(0x80 | (code & 0x3F));
  }
}

struct EncodingName {
  std::string_view name;
  Encoding encoding;
};
constexpr EncodingName k_encoding_names[] = {
    {"utf8", Encoding::utf8},
    {"utf-8", Encoding::utf8},
    {"latin1", Encoding::latin1},
    {"latin-1", Encoding::latin1},
    {"iso-8859-1", Encoding::latin1},
    {"iso8859-1", Encoding::latin1},
    {"windows-1252", Encoding::windows1252},
    {"cp1252", Encoding::windows1252},
    {"utf-16", Encoding::utf16},
    {"utf16", Encoding::utf16},
    {"utf-16le", Encoding::utf16le},
    {"utf16le", Encoding::utf16le},
    {"utf-16be", Encoding::utf16be},
    {"utf16be", Encoding::utf16be},
};
constexpr auto k_names = [] {
  std::array<std::string_view, std::size(k_encoding_names)> names{};
  for (std::size_t i = 0; i < names.size(); ++i) {
    names[i] = k_encoding_names[i].name;
  }
  return names;
}();

} // namespace

std::optional<Encoding> parse_encoding(std::string_view name) {
  for (const EncodingName& known : k_encoding_names) {
    if (text::equals_ignoring_case(name, known.name)) {
      return known.encoding;
    }
  }
  return std::nullopt;
}

std::span<const std::string_view> encoding_names() {
  return k_names;
}

Encoding detect_encoding(std::string_view head, Encoding asked) {
  if (head.starts_with(text::k_utf8_bom)) {
    return Encoding::utf8;
  }
  if (head.starts_with("\xFF\xFE")) {
    return Encoding::utf16le;
  }
  if (head.starts_with("\xFE\xFF")) {
    return Encoding::utf16be;
  }
  if (asked != Encoding::utf16) {
    return asked;
  }
  std::size_t zero_first = 0; // zero bytes first in their pair: big-endian ASCII
  std::size_t zero_second = 0;
  for (std::size_t i = 0; i + 1 < head.size(); i += 2) {
    zero_first += head[i] == '\0' ? 1 : 0;
    zero_second += head[i + 1] == '\0' ? 1 : 0;
  }
  return zero_first > zero_second ? Encoding::utf16be : Encoding::utf16le;
}

Utf8Check check_utf8(std::string_view bytes) {
  const auto* s = reinterpret_cast<const unsigned char*>(bytes.data());
  const std::size_t n = bytes.size();
  std::size_t i = 0;
  while (i < n) {
    i = skip_ascii(s, i, n);
    if (i == n) {
      break;
    }
    const std::size_t length = utf8_sequence(s + i, s + n);
    if (length == 0) {
      // Ill-formed, or a sequence cut by the end of the bytes: a cut one becomes
      // whole when padded with continuation bytes (the lowest its lead allows
      // second: 0xE0 and 0xF0 start higher, to rule out overlong forms).
      if (n - i < 4) {
        const unsigned char second = s[i] == 0xE0 ? 0xA0 : s[i] == 0xF0 ? 0x90 : 0x80;
        unsigned char padded[4] = {s[i], second, 0x80, 0x80};
        std::memcpy(padded, s + i, n - i);
        if (utf8_sequence(padded, padded + 4) > n - i) {
          return {i, false};
        }
      }
      return {i, true};
    }
    i += length;
  }
  return {n, false};
}

std::size_t transcode(std::string_view bytes, Encoding encoding, char* out) {
  char* o = out;
  if (encoding == Encoding::utf8) {
    std::memcpy(o, bytes.data(), bytes.size());
    return bytes.size();
  }
  const auto* s = reinterpret_cast<const unsigned char*>(bytes.data());
  const std::size_t n = bytes.size();
  std::size_t i = 0;
  while (i < n) {
    if (i + 8 <= n && all_ascii8(s + i)) {
      std::memcpy(o, s + i, 8);
      o += 8;
      i += 8;
      continue;
    }
    const unsigned char c = s[i++];
    std::uint32_t code = c;
    // Latin-1 too, as web browsers read it: its 0x80-0x9F are C1 controls,
    // which no text holds, while files called Latin-1 are mostly Windows-1252
    // (a euro sign, curly quotes, dashes).
    if (c >= 0x80 && c <= 0x9F) {
      code = k_cp1252_high[c - 0x80];
    }
    append_utf8(code, o);
  }
  return static_cast<std::size_t>(o - out);
}

std::size_t Utf16Decoder::decode_units(const unsigned char* s, std::size_t n, char*& o) {
  const auto unit = [this, s](std::size_t at) -> std::uint32_t {
    return m_big_endian ? (std::uint32_t{s[at]} << 8 | s[at + 1]) : (std::uint32_t{s[at + 1]} << 8 | s[at]);
  };
  std::size_t i = 0;
#if defined(__SSE2__)
  const __m128i not_ascii =
      m_big_endian ? _mm_set1_epi16(static_cast<short>(0x80FF)) : _mm_set1_epi16(static_cast<short>(0xFF80));
#endif
  while (i + 2 <= n) {
#if defined(__SSE2__)
    // Eight ASCII characters at a time: each unit's zero byte dropped.
    if (i + 16 <= n) {
      __m128i units = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + i));
      const __m128i high_bits = _mm_and_si128(units, not_ascii);
      if (_mm_movemask_epi8(_mm_cmpeq_epi8(high_bits, _mm_setzero_si128())) == 0xFFFF) {
        if (m_big_endian) {
          units = _mm_srli_epi16(units, 8);
        }
        _mm_storel_epi64(reinterpret_cast<__m128i*>(o), _mm_packus_epi16(units, units));
        o += 8;
        i += 16;
        continue;
      }
    }
#endif
    const std::uint32_t high = unit(i);
    if (high < 0xD800 || high > 0xDFFF) {
      append_utf8(high, o);
      i += 2;
      continue;
    }
    if (high >= 0xDC00) { // a low surrogate with no high one before it
      m_unpaired = static_cast<std::uint16_t>(high);
      break;
    }
    if (i + 4 > n) {
      break; // the pair is cut: its low half comes with the next piece
    }
    const std::uint32_t low = unit(i + 2);
    if (low < 0xDC00 || low > 0xDFFF) {
      m_unpaired = static_cast<std::uint16_t>(high);
      break;
    }
    append_utf8(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00), o);
    i += 4;
  }
  return i;
}

std::size_t Utf16Decoder::decode(std::string_view bytes, char* out) {
  char* o = out;
  const auto* s = reinterpret_cast<const unsigned char*>(bytes.data());
  std::size_t n = bytes.size();
  if (m_unpaired != 0 || n == 0) {
    return 0;
  }
  // First the character the last piece cut, completed from this one.
  if (m_carry_size > 0) {
    const std::size_t take = std::min(n, sizeof m_carry - m_carry_size);
    std::memcpy(m_carry + m_carry_size, s, take);
    const std::size_t had = m_carry_size;
    const std::size_t used = decode_units(m_carry, had + take, o);
    if (m_unpaired != 0) {
      return static_cast<std::size_t>(o - out);
    }
    if (used <= had) { // still cut (few bytes came): all of them wait
      m_carry_size = had + take;
      return static_cast<std::size_t>(o - out);
    }
    s += used - had;
    n -= used - had;
    m_carry_size = 0;
  }
  const std::size_t used = decode_units(s, n, o);
  if (m_unpaired == 0) {
    m_carry_size = n - used;
    std::memcpy(m_carry, s + used, m_carry_size);
  }
  return static_cast<std::size_t>(o - out);
}

std::string to_utf8(std::string_view bytes, Encoding encoding) {
  std::string out(bytes.size() * k_max_utf8_per_byte, '\0');
  out.resize(transcode(bytes, encoding, out.data()));
  return out;
}

} // namespace leads::csv
