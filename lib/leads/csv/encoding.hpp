#pragma once

#include <leads/csv/reader.hpp>

#include <cstddef>
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

// Upper bound of the UTF-8 bytes that transcode() writes for n input bytes.
constexpr std::size_t k_max_utf8_per_byte = 3;

// Decodes Latin-1 or Windows-1252 bytes into UTF-8 at out (room for
// k_max_utf8_per_byte * bytes.size()); returns the bytes written. UTF-8 input is copied.
std::size_t transcode(std::string_view bytes, Encoding encoding, char* out);

// The same, into a new string (tests and small inputs).
std::string to_utf8(std::string_view bytes, Encoding encoding);

} // namespace leads::csv
