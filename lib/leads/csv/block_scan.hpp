#pragma once

#include <cstddef>
#include <cstdint>

namespace leads::csv {

// What a scan carries from one 64-byte block to the next: whether the last byte
// was a stop or a quote (or there was none: a record start), a closing quote,
// and inside quotes; and where the UTF-8 check goes on (a sequence may run into
// the next block, up to data_end, the end of the bytes read).
struct ScanCarry {
  std::uint64_t after_mark = 1;
  std::uint64_t after_close = 0;
  std::uint64_t inside = 0;
  const char* utf8_next = nullptr;
  const char* data_end = nullptr;
};

// Where find_stops() appends what it finds. Each list has room for 64 entries
// per block scanned, plus 8.
struct StopLists {
  // Offsets of the field ends (the delimiter, LF and CR outside quotes), in order.
  std::uint32_t* stops = nullptr;
  std::size_t stop_count = 0;
  // Indices in stops of those that end a line.
  std::uint32_t* line_ends = nullptr;
  std::size_t line_end_count = 0;
  // Indices in stops of those that end a quoted field (they follow its closing quote).
  std::uint32_t* quoted = nullptr;
  std::size_t quoted_count = 0;
};

// Lists the field ends in [p, p + size) as offsets from p - offset, from a record
// start (carry.utf8_next at it) or from where the previous call left carry (size
// is then a multiple of 64 but in the last call), and checks that the bytes are
// UTF-8. Returns how many bytes it vouches for: all of them, or those before the
// first that it cannot (then only the field ends before it are listed).
//
// Quotes are told apart by their parity (a prefix xor of the quote bits), which
// agrees with the reader's rules only while every quote opens a field (it follows
// a stop or a quote) or closes one (a stop or a quote follows it). The scan ends
// at the first quote that breaks this (a quote inside an unquoted field, text
// after a closing quote), and at ill-formed UTF-8 or a sequence cut by data_end;
// the reader's byte-wise path reads the record from there on.
//
// Uses AVX2, BMI and PCLMUL where the CPU has them, else SSE2. Reads up to 63
// bytes past p + size.
std::size_t find_stops(const char* p, std::size_t size, std::uint32_t offset, char delimiter,
                       ScanCarry& carry, StopLists& out);

// The same without AVX2 (tests compare the two).
std::size_t find_stops_baseline(const char* p, std::size_t size, std::uint32_t offset, char delimiter,
                                ScanCarry& carry, StopLists& out);

} // namespace leads::csv
