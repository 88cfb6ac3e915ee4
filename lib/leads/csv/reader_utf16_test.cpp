// The reader on UTF-16 text (Excel's "Unicode Text": tab-separated UTF-16LE
// with a byte order mark) and on byte order marks that decide the encoding.

#include <leads/csv/reader.hpp>
#include <leads/error.hpp>

#include <doctest/doctest.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace {

using leads::csv::Encoding;
using leads::csv::ReaderOptions;
using Rows = std::vector<std::vector<std::string>>;

void put_unit(std::string& out, std::uint32_t unit, bool big_endian) {
  const auto high = static_cast<char>(unit >> 8);
  const auto low = static_cast<char>(unit & 0xFF);
  out += big_endian ? high : low;
  out += big_endian ? low : high;
}

// UTF-8 text as UTF-16 bytes, with or without a byte order mark.
std::string to_utf16(std::string_view utf8, bool big_endian, bool bom) {
  std::string out;
  if (bom) {
    put_unit(out, 0xFEFF, big_endian);
  }
  for (std::size_t i = 0; i < utf8.size();) {
    const auto c = static_cast<unsigned char>(utf8[i]);
    const std::size_t length = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    std::uint32_t code = length == 1 ? c : c & (0x7F >> length);
    for (std::size_t k = 1; k < length; ++k) {
      code = code << 6 | (static_cast<unsigned char>(utf8[i + k]) & 0x3F);
    }
    i += length;
    if (code >= 0x10000) {
      put_unit(out, 0xD800 + ((code - 0x10000) >> 10), big_endian);
      put_unit(out, 0xDC00 + ((code - 0x10000) & 0x3FF), big_endian);
    } else {
      put_unit(out, code, big_endian);
    }
  }
  return out;
}

struct Parsed {
  std::vector<std::string> header;
  Rows rows;
  std::vector<long> lines;
  char delimiter = 0;
  bool bom = false;
  std::uint64_t bytes = 0;
};

Parsed parse(const std::string& bytes, ReaderOptions options) {
  auto reader = leads::csv::Reader::from_string(bytes, std::move(options));
  Parsed parsed;
  parsed.header = reader->header();
  parsed.delimiter = reader->delimiter();
  parsed.bom = reader->had_bom();
  leads::csv::Record record;
  while (reader->next(record)) {
    parsed.rows.emplace_back(record.fields.begin(), record.fields.end());
    parsed.lines.push_back(record.line);
  }
  parsed.bytes = reader->bytes_read();
  return parsed;
}

// Reads to the end; the error raised (fails the test when none).
leads::Error error_of(const std::string& bytes, ReaderOptions options) {
  options.display_name = "in.txt";
  try {
    parse(bytes, std::move(options));
  } catch (const leads::Error& error) {
    return error;
  }
  FAIL("no error raised");
  return leads::Error(leads::ErrorKind::data, "unreachable");
}

ReaderOptions with(Encoding encoding, std::size_t chunk = std::size_t{256} << 10) {
  ReaderOptions options;
  options.encoding = encoding;
  options.chunk_size = chunk;
  return options;
}

// As Excel saves "Unicode Text": tabs, CRLF, quoted fields, characters
// beyond the BMP.
const std::string k_text = "Email\tFirst Name\tCity\r\n"
                           "ana@example.com\tAna\tK\xC3\xB6ln\r\n"
                           "\"bo@example.com\"\t\"Bo \"\"B\"\"\"\t\"New\r\nYork\"\r\n"
                           "zo@example.com\t\xF0\x9F\x98\x80 Zo\xC3\xAB\t\xE6\x9D\xB1\xE4\xBA\xAC\r\n";
const Rows k_rows = {{"ana@example.com", "Ana", "K\xC3\xB6ln"},
                     {"bo@example.com", "Bo \"B\"", "New\r\nYork"},
                     {"zo@example.com", "\xF0\x9F\x98\x80 Zo\xC3\xAB", "\xE6\x9D\xB1\xE4\xBA\xAC"}};

// Reads bytes (tab-separated, named in.txt) in pieces of chunk bytes: the
// first record, and the error that reading the next one throws, if any.
std::pair<std::vector<std::string>, std::optional<leads::Error>>
first_record_then_error(const std::string& bytes, std::size_t chunk) {
  ReaderOptions options = with(Encoding::utf8, chunk);
  options.display_name = "in.txt";
  options.delimiter = '\t';
  auto reader = leads::csv::Reader::from_string(bytes, options);
  leads::csv::Record record;
  REQUIRE(reader->next(record));
  std::vector<std::string> fields(record.fields.begin(), record.fields.end());
  try {
    reader->next(record);
  } catch (const leads::Error& e) {
    return {fields, e};
  }
  return {fields, std::nullopt};
}

} // namespace

TEST_CASE("csv::Reader on UTF-16") {
  SUBCASE("a byte order mark decides, whatever the encoding asked for, at any chunk size") {
    for (const bool big_endian : {false, true}) {
      const std::string bytes = to_utf16(k_text, big_endian, true);
      for (const Encoding asked : {Encoding::utf8, Encoding::latin1, Encoding::windows1252, Encoding::utf16,
                                   Encoding::utf16le, Encoding::utf16be}) {
        for (const std::size_t chunk : {std::size_t{1}, std::size_t{2}, std::size_t{3}, std::size_t{7},
                                        std::size_t{64}, std::size_t{256} << 10}) {
          CAPTURE(big_endian);
          CAPTURE(static_cast<int>(asked));
          CAPTURE(chunk);
          ReaderOptions options = with(asked, chunk);
          if (chunk < 64) {
            options.delimiter = '\t'; // sniffing sees the first chunk only
          }
          const Parsed p = parse(bytes, options);
          CHECK(p.header == std::vector<std::string>{"Email", "First Name", "City"});
          CHECK(p.rows == k_rows);
          CHECK(p.lines == std::vector<long>{2, 3, 5});
          CHECK(p.delimiter == '\t');
          CHECK(p.bom);
          CHECK(p.bytes == bytes.size());
        }
      }
    }
  }

  SUBCASE("without a byte order mark: named, or guessed from the zero bytes of ASCII") {
    const std::string le = to_utf16(k_text, false, false);
    const std::string be = to_utf16(k_text, true, false);
    CHECK(parse(le, with(Encoding::utf16le)).rows == k_rows);
    CHECK(parse(be, with(Encoding::utf16be)).rows == k_rows);
    CHECK(parse(le, with(Encoding::utf16)).rows == k_rows);
    CHECK(parse(be, with(Encoding::utf16)).rows == k_rows);
    CHECK_FALSE(parse(le, with(Encoding::utf16)).bom);
    // Named wrongly, it is other characters (no line end: a header only).
    CHECK(parse(le, with(Encoding::utf16be)).rows.empty());
  }

  SUBCASE("an unpaired surrogate is an error at its line and column, after the records before it") {
    // Line 3 is "x\t" then U+D83D and "y": column 3 is where the decoded text stops.
    const std::string bytes =
        to_utf16("a\tb\r\n1\t2\r\nx\t", false, true) + "\x3D\xD8" + to_utf16("y\r\n", false, false);
    for (std::size_t chunk = 1; chunk <= bytes.size(); ++chunk) {
      CAPTURE(chunk);
      const auto [fields, error] = first_record_then_error(bytes, chunk);
      CHECK(fields[0] == "1");
      REQUIRE(error);
      CHECK(std::string(error->what()) == "in.txt:3:3: invalid UTF-16: unpaired surrogate 0xD83D");
      CHECK_FALSE(error->hint().empty());
    }
  }

  SUBCASE("a lone CR right before an unpaired surrogate ends its line, at any chunk size") {
    // The record ends at the CR (what follows is no LF): it comes before the error.
    const std::string bytes =
        to_utf16("a\tb\r\n1\t2\r", false, true) + "\x0A\xDE" + to_utf16("y\r\n", false, false);
    for (std::size_t chunk = 1; chunk <= bytes.size(); ++chunk) {
      CAPTURE(chunk);
      const auto [fields, error] = first_record_then_error(bytes, chunk);
      CHECK(fields == std::vector<std::string>{"1", "2"});
      REQUIRE(error);
      CHECK(std::string(error->what()) == "in.txt:3:1: invalid UTF-16: unpaired surrogate 0xDE0A");
    }
  }

  SUBCASE("text cut inside a character is an error where it ends") {
    for (const std::string& tail : {std::string("\x41"), std::string("\x3D\xD8")}) {
      const std::string bytes = to_utf16("a\tb\r\n1\t2", false, true) + tail;
      for (std::size_t chunk = 1; chunk <= bytes.size(); ++chunk) {
        CAPTURE(chunk);
        ReaderOptions options = with(Encoding::utf16, chunk);
        options.delimiter = '\t';
        const leads::Error e = error_of(bytes, options);
        CHECK(e.kind() == leads::ErrorKind::data);
        CHECK(e.message() == "the UTF-16 text ends in the middle of a character");
        CHECK(e.line() == 2);
        CHECK(e.column() == 4);
      }
    }
  }

  SUBCASE("a UTF-8 byte order mark overrides Latin-1 and Windows-1252") {
    const std::string text = "\xEF\xBB\xBFname\nJos\xC3\xA9\n";
    for (const Encoding asked : {Encoding::latin1, Encoding::windows1252, Encoding::utf16}) {
      for (const std::size_t chunk : {std::size_t{1}, std::size_t{5}, std::size_t{256} << 10}) {
        const Parsed p = parse(text, with(asked, chunk));
        CHECK(p.header == std::vector<std::string>{"name"});
        CHECK(p.rows == Rows{{"Jos\xC3\xA9"}});
        CHECK(p.bom);
      }
    }
    // Then text that is not UTF-8 after all says why UTF-8 was expected.
    const leads::Error e = error_of("\xEF\xBB\xBFname\nJos\xE9\n", with(Encoding::windows1252));
    CHECK(e.message() == "invalid UTF-8 byte 0xE9");
    CHECK(e.hint() == "the file starts with a UTF-8 byte order mark, which overrides --encoding: save it as "
                      "UTF-8 throughout");
  }

  SUBCASE("UTF-32, and NUL bytes in 8-bit text, are refused at 1:1") {
    using namespace std::string_literals;
    for (const std::string& bytes : {"\xFF\xFE\0\0a\0\0\0"s, "\0\0\xFE\xFF\0\0\0a"s}) {
      const leads::Error e = error_of(bytes, with(Encoding::utf8));
      CHECK(e.message() == "the file is UTF-32 text, not UTF-8 or UTF-16");
      CHECK(e.line() == 1);
      CHECK(e.column() == 1);
    }
    const leads::Error e = error_of(to_utf16(k_text, false, false), with(Encoding::utf8));
    CHECK(e.message() == "the file holds NUL bytes: UTF-16 text without a byte order mark, or not text");
    CHECK(e.hint() == "if it is UTF-16, name it: --encoding utf-16le (as Windows writes it) or utf-16be");
  }
}
