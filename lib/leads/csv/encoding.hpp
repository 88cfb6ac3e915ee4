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

// Upper bound of the UTF-8 bytes that transcode() writes for n input bytes.
constexpr std::size_t k_max_utf8_per_byte = 3;

// Decodes Latin-1 or Windows-1252 bytes into UTF-8 at out (room for
// k_max_utf8_per_byte * bytes.size()); returns the bytes written. UTF-8 input is copied.
std::size_t transcode(std::string_view bytes, Encoding encoding, char* out);

// The same, into a new string (tests and small inputs).
std::string to_utf8(std::string_view bytes, Encoding encoding);

} // namespace leads::csv
