#pragma once

// The reader's state, shared by its buffering (reader.cpp) and its record
// parsing (parse.cpp). Internal to the csv module.

#include <leads/csv/decompress.hpp>
#include <leads/csv/encoding.hpp>
#include <leads/csv/field_scanner.hpp>
#include <leads/csv/json_lines.hpp>
#include <leads/csv/read_ahead.hpp>
#include <leads/csv/reader.hpp>
#include <leads/csv/report_footer.hpp>
#include <leads/csv/scan.hpp>
#include <leads/error.hpp>

#include <unistd.h>

#include <utility>

namespace leads::csv {

// Physical line and 1-based byte column of target, counting from from (at the
// start of line `line`). LF, CRLF and a lone CR each end a line.
std::pair<long, long> locate(const char* from, long line, const char* target);

struct Reader::Impl {
  // What a parse step found.
  enum class Step { record, more, end };

  Impl(ReaderOptions options, std::string name, int fd, bool owns_fd)
      : m_options(std::move(options)), m_name(std::move(name)), m_fd(fd), m_owns_fd(owns_fd) {}
  Impl(ReaderOptions options, std::string name, std::string text)
      : m_options(std::move(options)), m_name(std::move(name)), m_from_text(true), m_text(std::move(text)) {}
  ~Impl() {
    m_ahead.reset(); // before the file closes
    if (m_owns_fd) {
      ::close(m_fd);
    }
  }
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;

  void start();
  bool next(Record& record);
  // The next record, unescaped; a ragged one's error is kept in ragged, not thrown.
  bool next_record(Record& record, std::optional<Error>& ragged);
  // next() with skip_report_footer: see m_footer.
  bool next_watching_footer(Record& record);
  // Hands over the next record that waited for a footer that was none; false when none is left.
  bool hand_over_held(Record& record);
  bool next_nonblank(Record& record);
  // The common case: a record that ends before the parse limit and whose quotes
  // all open or close fields. False leaves the record to parse_slow().
  bool parse_fast(Record& record);
  // Any record, byte by byte; reads more input when it needs to (Step::more: try again).
  Step parse_slow(Record& record);
  Step parse_bytewise(Record& record);
  // Throws when a ragged record looks like the work of a stray quote (see parse.cpp).
  [[gnu::cold, gnu::noinline]] void refuse_swallowed_record(const Record& record) const;
  [[noreturn]] void throw_swallowed_lines(const char* start, const char* open, const char* close,
                                          long line_ends) const;
  void refill(bool first);
  // Takes the next chunk read ahead as the buffer, the unparsed tail put in
  // front of it; false when it cannot (see refill()).
  bool refill_by_swap();
  // Reads from the source: the read-ahead thread when there is one, else the input.
  std::size_t read_some(char* out, std::size_t size);
  // The input's bytes: decompressed when it is compressed, else as read.
  std::size_t read_input(char* out, std::size_t size);
  // The bytes of the file, text or descriptor, as they are (after m_unread).
  std::size_t read_raw(char* out, std::size_t size);
  // Looks at the first bytes of the input; a compressed one gets m_decompressor.
  void detect_compressed_input();
  void reserve(std::size_t size);
  std::string read_head();
  void choose_encoding(std::string_view head);
  // Transcodes or decodes raw input onto the end of the buffer (UTF-8 is copied).
  void decode_input(std::string_view raw);
  void set_pending(std::size_t stop, std::string message, std::string hint);
  void check_utf8_tail();
  void check_utf16_end();
  void refuse_if_not_text(std::string_view first) const;
  std::optional<char> take_separator_line();
  // The error of a ragged record (none when ragged rows are allowed); the
  // first record of an input without a header sets the width.
  std::optional<Error> ragged_error(const Record& record);
  void apply_fixups(Record& record);
  // JSON lines input: whether the input is (asked for, or its first byte
  // that is not white space a '{'), reading its first object as the header,
  // the next record, and the next line that is not blank (false at the end).
  bool json_lines_input();
  void start_json_lines();
  bool next_json(Record& record);
  bool next_json_line(std::string_view& line, long& number);

  ReaderOptions m_options;
  std::string m_name;
  int m_fd = -1;
  bool m_owns_fd = false;
  bool m_from_text = false;
  std::string m_text;
  std::size_t m_text_pos = 0;
  // Bytes read to tell a compressed input, which read_raw() hands over first.
  std::string m_unread;
  std::size_t m_unread_pos = 0;
  // For a gzip or zstd input: its bytes, decompressed as they are read.
  std::unique_ptr<Decompressor> m_decompressor;

  // The buffer: [m_pos, m_end) is read but not parsed; parsing stops at m_limit
  // (m_end, or the first invalid UTF-8 byte, whose error waits in m_pending).
  // The bytes before m_checked are known to be UTF-8; the field scan checks the
  // bytes it reads, and parse_slow() the rest before reading them byte-wise.
  std::unique_ptr<char[]> m_buffer;
  std::size_t m_capacity = 0;
  std::size_t m_pos = 0;
  std::size_t m_end = 0;
  std::size_t m_limit = 0;
  std::size_t m_checked = 0;
  bool m_eof = false;
  long m_line = 1;
  std::optional<Error> m_pending;
  std::size_t m_pending_pos = 0;
  // Regular files and texts are read ahead on a thread once a second chunk
  // is needed (never pipes and terminals: a read there may wait forever).
  bool m_may_read_ahead = false;
  std::unique_ptr<ReadAhead> m_ahead;
  ReadAhead::Buffer m_ahead_partial; // a chunk read_some() copies out bit by bit
  std::size_t m_ahead_partial_used = 0;
  // Raw input waiting to be transcoded or decoded.
  std::unique_ptr<char[]> m_raw;
  std::size_t m_raw_capacity = 0;
  std::uint64_t m_raw_total = 0;
  std::optional<Utf16Decoder> m_utf16; // for UTF-16 input
  // Whether a UTF-8 byte order mark overrode the encoding asked for.
  bool m_bom_overrides = false;

  char m_delimiter = ',';
  bool m_bom = false;
  std::vector<std::string> m_header;
  long m_header_line = 0;
  std::size_t m_width = 0;
  bool m_has_width = false;

  // About the last parsed record: where it starts, where its text ends, whether
  // it is a blank line, and which fields still need unescaping.
  std::size_t m_record_start = 0;
  const char* m_record_end = nullptr;
  bool m_blank = false;
  std::vector<std::size_t> m_fixups;
  // The scans of the two parse paths; each is reset when the buffer moves.
  FieldScanner m_fields_scan{','};
  StopScanner m_stops{','};
  // With skip_report_footer, one-field records that may start a report's
  // footer wait in m_footer (with their errors, if ragged) until a record
  // that is no footer line shows them to be rows (they are handed over
  // first, then that record, m_after), or the input ends (a footer is
  // dropped, m_footer_line its first line; anything else is handed over).
  std::optional<ReportFooter> m_footer;
  std::vector<std::optional<Error>> m_held_errors;
  std::size_t m_handed_over = 0; // held records handed over so far (> 0: handing over)
  std::optional<Record> m_after;
  std::optional<Error> m_after_error;
  long m_footer_line = 0;
  // For JSON lines input; m_json_first: its first object, read with the
  // header, is the first record still to hand over.
  std::unique_ptr<JsonLines> m_json;
  bool m_json_first = false;
  // Where parse_bytewise() gathers the fields of a record before handing them over.
  std::vector<std::string_view> m_fields = std::vector<std::string_view>(64);
};

} // namespace leads::csv
