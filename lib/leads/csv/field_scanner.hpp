#pragma once

#include <leads/csv/block_scan.hpp>

#include <cstddef>
#include <cstdint>
#include <vector>

namespace leads::csv {

// Lists the field ends (the delimiter, LF or CR outside quotes) from a record
// start on, a batch of blocks at a time (see find_stops), so that the reader can
// take a whole record's fields at once; checks the UTF-8 on the way. It stops
// before an irregular quote or a byte it cannot vouch for, where the reader's
// byte-wise path takes over.
class FieldScanner {
public:
  // Where the reader is in the lists: its next stop, and the next line end and
  // quoted field end at or after it.
  struct Cursor {
    std::size_t stop = 0;
    std::size_t line_end = 0;
    std::size_t quoted = 0;
  };

  explicit FieldScanner(char delimiter) : m_delimiter(delimiter) {}

  // Starts at a record start (the origin of the offsets); stops at or past limit
  // are not listed. Reads up to 63 bytes past limit.
  void reset(const char* origin, const char* limit) {
    m_origin = origin;
    m_next = origin;
    m_limit = limit - origin > k_max_span ? origin + k_max_span : limit;
    m_carry = ScanCarry{};
    m_carry.utf8_next = origin;
    m_carry.data_end = limit;
    m_vouched = origin;
    m_blocked = false;
    m_batch = k_first_batch;
    m_lists.stop_count = 0;
    m_lists.line_end_count = 0;
    m_lists.quoted_count = 0;
    m_cursor = Cursor{};
    m_ready = true;
  }

  void set_delimiter(char delimiter) {
    m_delimiter = delimiter;
    m_ready = false;
  }
  // Forgets the lists (the bytes under them moved, or a record was read without them).
  void invalidate() { m_ready = false; }
  bool ready() const { return m_ready; }

  Cursor cursor() const { return m_cursor; }
  void save(const Cursor& cursor) { m_cursor = cursor; }

  // Lists more until a line end follows the cursor; false when none can.
  bool find_line_end(Cursor& at) {
    while (at.line_end == m_lists.line_end_count) {
      if (!scan_more(at)) {
        return false;
      }
    }
    return true;
  }

  // Where the bytes that the scan has checked end (they start at the origin).
  const char* vouched_end() const { return m_vouched; }

  // What the lists hold (valid until the next find_line_end).
  const char* origin() const { return m_origin; }
  const std::uint32_t* stops() const { return m_lists.stops; }
  const std::uint32_t* line_ends() const { return m_lists.line_ends; }
  const std::uint32_t* quoted() const { return m_lists.quoted; }
  std::size_t quoted_count() const { return m_lists.quoted_count; }

private:
  // Blocks scanned at once: few right after a reset (the byte-wise path may need
  // a reset again soon), then more.
  static constexpr std::size_t k_first_batch = 2;
  static constexpr std::size_t k_max_batch = 32;
  // The farthest a stop may lie from the origin (offsets are 32 bits).
  static constexpr std::ptrdiff_t k_max_span = std::ptrdiff_t{1} << 31;

  bool scan_more(Cursor& at);
  // Drops the entries before the cursor and makes room for a batch of size bytes.
  void make_room(Cursor& at, std::size_t size);

  char m_delimiter;
  const char* m_origin = nullptr;
  const char* m_next = nullptr;
  const char* m_limit = nullptr;
  ScanCarry m_carry;
  // The end of the bytes scanned so far, all well-formed UTF-8.
  const char* m_vouched = nullptr;
  bool m_blocked = false;
  bool m_ready = false;
  std::size_t m_batch = k_first_batch;
  Cursor m_cursor;
  StopLists m_lists;
  std::vector<std::uint32_t> m_stops;
  std::vector<std::uint32_t> m_line_ends;
  std::vector<std::uint32_t> m_quoted;
};

} // namespace leads::csv
