#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

// Internal to the report module: fast reading of the store's CSV files.
namespace leads::report::detail {

// The records of a CSV file as the toolkit writes it (UTF-8, commas, LF or
// CRLF line ends, a field quoted only when it holds a comma, quote or line
// break), over a byte range of the file that starts at a record start: the
// records that start before the range's end, the last one read to its end.
// Blank lines are skipped; a byte order mark at the start of the file too.
// Faster than csv::Reader, which reads whatever a spreadsheet wrote; the
// store is what the toolkit wrote. Maps the file a window at a time (no copy;
// the memory it holds is one window), and reads its last bytes. Throws
// leads::Error(io) when a read fails and leads::Error(data) for a quote left
// open at the end of the file.
class LineReader {
public:
  LineReader(int fd, std::string name, std::uint64_t begin, std::uint64_t end);
  ~LineReader();
  LineReader(const LineReader&) = delete;
  LineReader& operator=(const LineReader&) = delete;

  // The next record without its line end, and whether it holds a quote (it
  // may then span lines). The view stays valid until the next call.
  bool next(std::string_view& record, bool& quoted);
  // The physical line (1-based, counted from the range's start) where the
  // last record started.
  long line() const { return m_line; }
  // The physical lines read so far (blank ones too).
  long lines() const { return m_next_line - 1; }
  // The file offset just after the last record (and its line end).
  std::uint64_t offset() const { return m_file_pos + static_cast<std::uint64_t>(m_pos); }

private:
  // Shows the file from the first unread byte on, more of it than before;
  // false at the end of the file.
  bool refill();
  void unmap();

  int m_fd;
  std::string m_name;
  std::uint64_t m_end;
  std::uint64_t m_file_size = 0;
  std::uint64_t m_file_pos;     // file offset of m_base[0]
  const char* m_base = nullptr; // the bytes shown: a mapped window or m_buffer
  std::size_t m_pos = 0;        // next unread byte
  std::size_t m_size = 0;       // bytes shown (readable for k_scan_padding more)
  void* m_map = nullptr;
  std::size_t m_map_length = 0;
  std::vector<char> m_buffer;
  bool m_eof = false;
  long m_line = 0;
  long m_next_line = 1;
};

// Splits a record from LineReader into fields; quoted fields are unquoted
// into scratch (which must stay as it is while the fields are in use).
void split_record(std::string_view record, std::vector<std::string_view>& fields, std::string& scratch);

// Splits the bytes [begin, end) of a file into up to `parts` ranges of at
// least `least` bytes, of near equal sizes, each but the first starting after
// a line end: the points where they start, then `end`. A range boundary may fall
// inside a quoted field that holds a line break: the reader of the range
// before tells (its offset() passes the boundary), and the caller then reads on.
std::vector<std::uint64_t> split_points(int fd, std::uint64_t begin, std::uint64_t end, std::size_t parts,
                                        std::uint64_t least);

// Opens a file for reading; nullopt-like -1 when it does not exist. Throws
// leads::Error(io) for other failures.
int open_file(const std::string& path);

// Closes a descriptor when it goes out of scope.
class FileCloser {
public:
  explicit FileCloser(int fd) : m_fd(fd) {}
  ~FileCloser();
  FileCloser(const FileCloser&) = delete;
  FileCloser& operator=(const FileCloser&) = delete;

private:
  int m_fd;
};

} // namespace leads::report::detail
