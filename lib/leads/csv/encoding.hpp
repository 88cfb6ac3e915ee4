#pragma once

#include <leads/csv/reader.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace leads::csv {

// How far a run of bytes is well-formed UTF-8.
struct Utf8Check {
  // Length of the well-formed prefix.
  std::size_t valid = 0;
  // True when the byte at `valid` starts an ill-formed sequence; false when the
  // bytes after `valid` (if any) are the start of a sequence cut by the end of the run.
  bool invalid = false;
};

// The encoding to read a text in, by its first bytes (up to 8 tell) and the
// one asked for. A byte order mark decides (UTF-8, UTF-16LE or UTF-16BE), as
// web browsers do: no Latin-1 or Windows-1252 CSV starts with one. utf16
// without a mark goes by where the zero bytes of ASCII text fall
// (little-endian, as Windows writes it, when unclear).
Encoding detect_encoding(std::string_view head, Encoding asked);

// Checks bytes for well-formed UTF-8 (no overlongs, no surrogates, nothing above U+10FFFF).
Utf8Check check_utf8(std::string_view bytes);

// Length of the well-formed UTF-8 sequence that starts with the byte >= 0x80 at
// s, or 0 when it is ill-formed or cut by end (the bytes' allowed ranges are those
// of check_utf8).
inline std::size_t utf8_sequence(const unsigned char* s, const unsigned char* end) {
  const unsigned char c = s[0];
  unsigned char low = 0x80;
  unsigned char high = 0xBF;
  std::size_t length = 0;
  if (c >= 0xC2 && c <= 0xDF) {
    length = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    length = 3;
    low = c == 0xE0 ? 0xA0 : 0x80;
    high = c == 0xED ? 0x9F : 0xBF;
  } else if (c >= 0xF0 && c <= 0xF4) {
    length = 4;
    low = c == 0xF0 ? 0x90 : 0x80;
    high = c == 0xF4 ? 0x8F : 0xBF;
  } else {
    return 0;
  }
  if (end - s < static_cast<std::ptrdiff_t>(length) || s[1] < low || s[1] > high) {
    return 0;
  }
  for (std::size_t k = 2; k < length; ++k) {
    if ((s[k] & 0xC0) != 0x80) {
      return 0;
    }
  }
  return length;
}

// Upper bound of the UTF-8 bytes that transcode() writes for n input bytes,
// and Utf16Decoder::decode() for n >= 3 (a character waiting from the last
// piece, at most 3 bytes, adds at most k_max_utf8_carry).
constexpr std::size_t k_max_utf8_per_byte = 3;
constexpr std::size_t k_max_utf8_carry = 5;

// Decodes Latin-1 or Windows-1252 bytes (the same: Latin-1 reads 0x80-0x9F
// as Windows-1252 does, as web browsers do) into UTF-8 at out (room for
// k_max_utf8_per_byte * bytes.size()); returns the bytes written. UTF-8 input is copied.
std::size_t transcode(std::string_view bytes, Encoding encoding, char* out);

// Decodes UTF-16 text, fed in pieces of any size, into UTF-8: a code unit or
// surrogate pair cut by the end of a piece waits for the next one. A byte order
// mark is decoded like any character (U+FEFF); the caller decides about it.
class Utf16Decoder {
public:
  explicit Utf16Decoder(bool big_endian) : m_big_endian(big_endian) {}

  // Decodes bytes into UTF-8 at out (room for k_max_utf8_per_byte *
  // bytes.size() + k_max_utf8_carry); returns the bytes written. Stops for
  // good at an unpaired surrogate (see unpaired()).
  std::size_t decode(std::string_view bytes, char* out);
  // The unpaired surrogate that stopped decode(), or 0.
  std::uint16_t unpaired() const { return m_unpaired; }
  // Whether the bytes so far end inside a character (an odd byte, or the first
  // half of a surrogate pair): at the end of the input, the text is cut.
  bool cut() const { return m_carry_size > 0; }

private:
  // Decodes whole characters of s[0, n) to o; returns the bytes consumed.
  std::size_t decode_units(const unsigned char* s, std::size_t n, char*& o);

  bool m_big_endian;
  std::uint16_t m_unpaired = 0;
  unsigned char m_carry[4] = {};
  std::size_t m_carry_size = 0;
};

// The same, into a new string (tests and small inputs).
std::string to_utf8(std::string_view bytes, Encoding encoding);

} // namespace leads::csv
