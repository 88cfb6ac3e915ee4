#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace leads::csv {

// utf16 goes by the byte order mark; without one, by where the zero bytes of
// ASCII text fall (little-endian, as Windows writes it, when unclear).
enum class Encoding { utf8, latin1, windows1252, utf16, utf16le, utf16be };

// An encoding by one of its names (any case): see encoding_names().
std::optional<Encoding> parse_encoding(std::string_view name);
// The names parse_encoding() knows, the usual one of each encoding first.
std::span<const std::string_view> encoding_names();

// What ragged rows (a field count other than the header's) do.
enum class RaggedPolicy {
  error, // throw leads::Error(data) at file:line:col
  allow, // hand the record over as it is; the caller decides (import rejects it)
};

// What an input holds (`--input-format`).
enum class InputFormat {
  automatic, // JSON lines when the first byte that is not white space is '{', else CSV
  csv,
  jsonl, // one JSON object a line (see JsonLines in json_lines.hpp)
};
// An input format by its name ("auto", "csv", "jsonl"); nullopt for others.
std::optional<InputFormat> parse_input_format(std::string_view name);

struct ReaderOptions {
  // Name used in messages ("-" is shown as "<stdin>").
  std::string display_name;
  // Forced delimiter; sniffed from the first lines when unset (',' ';' '\t' '|').
  // A quote, CR, LF or non-ASCII byte throws leads::Error(usage).
  std::optional<char> delimiter;
  Encoding encoding = Encoding::utf8;
  // CSV or JSON lines; the delimiter, the header and footer options and
  // ragged rows are about CSV only.
  InputFormat format = InputFormat::automatic;
  RaggedPolicy ragged = RaggedPolicy::error;
  // Whether the first record is a header row. Without one, header() is empty and
  // a ragged row is one whose field count differs from the first record's.
  bool header = true;
  // Hands blank lines over as records of one empty field instead of skipping them
  // (RFC 4180 conformance checks; the toolkit itself skips them).
  bool keep_blank_lines = false;
  // Drops the footer a Salesforce report ends with (see ReportFooter): the
  // copyright line and the few one-field lines around it, at the very end
  // of the input. report_footer_line() then tells where it started.
  bool skip_report_footer = false;
  // Bytes read from the input at a time (tests use a few bytes to cross chunk edges);
  // the default keeps a chunk in the CPU's L2 cache while it is parsed. Sniffing
  // looks at the first chunk, up to 64 KiB of it: a smaller chunk shows it less.
  std::size_t chunk_size = std::size_t{256} << 10;
};

// One record. The views point into the reader's buffer and stay valid until
// the next call to Reader::next().
struct Record {
  std::vector<std::string_view> fields;
  long line = 0;     // physical line where the record starts (1-based)
  long end_line = 0; // physical line where it ends (quoted newlines)
};

// A streaming RFC 4180 reader: fixed-size chunks, never the whole file.
// Handles a UTF-8 BOM, LF / CRLF / lone CR line ends, quoted fields with
// doubled quotes and embedded newlines, and a quote inside an unquoted field
// (kept literally, as Excel does). Transcodes Latin-1 / Windows-1252 and
// decodes UTF-16 (Excel's "Unicode Text") to UTF-8. Invalid UTF-8 or UTF-16
// and an unterminated quote throw leads::Error(ErrorKind::data) with the
// file, line and column (1-based bytes); so does a file that is not CSV text
// (an Excel or OpenDocument workbook, UTF-32, NUL bytes in 8-bit text), at
// 1:1 with what to do, in any encoding.
//
// A gzip or zstd file (by its first bytes, whatever its name; stdin too) is
// decompressed as it is read (see Decompressor). JSON lines input (one
// object a line, see InputFormat) is read as rows too: the first object's
// keys are the header.
//
// Where RFC 4180 is silent or strict, it reads what spreadsheets write:
// - text between a closing quote and the delimiter is appended to the field, as
//   Excel does ("a"b -> ab), less trailing spaces and tabs ("a" , -> a); but
//   when the quoted part ran over line ends, such text means a stray quote
//   swallowed rows, and the reader throws (data) at the opening quote;
// - spaces around fields are data; a field is quoted only if its first byte is '"';
// - an empty line is skipped; a line of delimiters (",,") is a record of empty
//   fields, and a line holding just "" is a record of one empty field;
// - line numbers count physical lines (a quoted newline starts a new one);
//   columns count bytes of UTF-8 from 1 on that line, after a BOM (for other
//   encodings, bytes of the text transcoded to UTF-8);
// - a byte order mark (UTF-8, UTF-16 LE or BE) decides the encoding, over the
//   one asked for, as web browsers do: no Latin-1 or Windows-1252 CSV starts
//   with one;
// - a first line "sep=X" (Excel's) names the delimiter, unless one is forced,
//   and is no record: the header is on line 2.
class Reader {
public:
  // Opens a file, or stdin for "-". Throws leads::Error(no_input) when missing.
  static std::unique_ptr<Reader> open(const std::string& path, ReaderOptions options = {});
  // Reads from a file descriptor the caller owns (tests, pipes); named "<fd N>"
  // unless options.display_name says otherwise.
  Reader(int fd, ReaderOptions options);
  // Reads from an in-memory text (tests).
  static std::unique_ptr<Reader> from_string(std::string text, ReaderOptions options = {});
  ~Reader();
  Reader(const Reader&) = delete;
  Reader& operator=(const Reader&) = delete;

  // The header row (read on construction; empty for an empty input).
  const std::vector<std::string>& header() const;
  // Line of the header row (1, unless blank lines come first).
  long header_line() const;
  char delimiter() const;
  bool had_bom() const;
  // Whether the input is JSON lines (asked for, or detected).
  bool json_lines() const;
  const std::string& display_name() const;

  // Reads the next data record; false at the end. Blank lines are skipped unless
  // options.keep_blank_lines.
  bool next(Record& record);

  // The line where a report's footer started, once next() has dropped it
  // (see ReaderOptions::skip_report_footer); 0 when none was.
  long report_footer_line() const;
  // Input bytes consumed so far (for progress bars; exact for UTF-8 input, within
  // a chunk for transcoded input; for compressed input, of the file, estimated
  // from the share of the text parsed, and exact at the end).
  std::uint64_t bytes_read() const;

private:
  struct Impl;
  explicit Reader(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> m_impl;
};

} // namespace leads::csv
