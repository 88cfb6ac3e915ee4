#include <leads/report/line_reader.hpp>

#include <leads/error.hpp>
#include <leads/report/event_rows.hpp>
#include <leads/report/lead_table.hpp>

#include <doctest/doctest.h>
#include <test_files.hpp>

#include <fcntl.h>
#include <string>
#include <unistd.h>
#include <vector>

using leads::report::detail::EventRow;
using leads::report::detail::EventRows;
using leads::report::detail::EventsFile;
using leads::report::detail::FileCloser;
using leads::report::detail::IdRange;
using leads::report::detail::LineReader;
using leads::report::detail::parse_at;
using leads::report::detail::parse_hex_id;
using leads::report::detail::split_points;

namespace {

struct Line {
  std::string text;
  long line;
  bool quoted;
  friend bool operator==(const Line&, const Line&) = default;
};

// Every record of [begin, end) of a file.
std::vector<Line> read_all(const std::string& path, std::uint64_t begin, std::uint64_t end,
                           std::uint64_t* offset = nullptr) {
  const int fd = ::open(path.c_str(), O_RDONLY);
  FileCloser closer(fd);
  LineReader reader(fd, path, begin, end);
  std::vector<Line> lines;
  std::string_view record;
  bool quoted = false;
  while (reader.next(record, quoted)) {
    lines.push_back({std::string(record), reader.line(), quoted});
  }
  if (offset != nullptr) {
    *offset = reader.offset();
  }
  return lines;
}

std::vector<Line> read_text(std::string_view text) {
  leads::testing::TempDir dir("lines");
  const auto path = (dir.path / "f.csv").string();
  leads::testing::write_file(path, text);
  return read_all(path, 0, text.size());
}

} // namespace

TEST_SUITE("report") {

  TEST_CASE("report::LineReader") {
    SUBCASE("line ends, blank lines, a BOM, no final line end") {
      CHECK(read_text("\xEF\xBB\xBF"
                      "a,b\r\n\r\nc\n\nd") ==
            std::vector<Line>{{"a,b", 1, false}, {"c", 3, false}, {"d", 5, false}});
      CHECK(read_text("").empty());
      CHECK(read_text("\n\n").empty());
    }

    SUBCASE("quoted fields with line breaks, commas and quotes") {
      CHECK(read_text("x,\"one\ntwo\",y\nz,\"a \"\"b\"\", c\"\nlast\n") ==
            std::vector<Line>{
                {"x,\"one\ntwo\",y", 1, true}, {"z,\"a \"\"b\"\", c\"", 3, true}, {"last", 4, false}});
      // CRLF inside quotes counts one line.
      CHECK(read_text("\"a\r\nb\"\r\nc\r\n") == std::vector<Line>{{"\"a\r\nb\"", 1, true}, {"c", 3, false}});
    }

    SUBCASE("a quote left open is an error at its line") {
      try {
        read_text("a\nb,\"open\nc\n");
        FAIL("no error");
      } catch (const leads::Error& e) {
        CHECK(e.kind() == leads::ErrorKind::data);
        CHECK(e.line() == 2);
      }
    }

    SUBCASE("records across reads, and byte ranges that add up to the file") {
      // More than a read's 1 MiB: lines of every length, some quoted over lines.
      std::string text;
      std::vector<Line> expected;
      long line = 1;
      for (int i = 0; text.size() < (std::size_t{3} << 20); ++i) {
        std::string record = std::to_string(i) + "," + std::string(static_cast<std::size_t>(i % 97), 'x');
        if (i % 13 == 0) {
          record += ",\"q\nr\"";
        }
        text += record + "\n";
        expected.push_back({record, line, i % 13 == 0});
        line += i % 13 == 0 ? 2 : 1;
      }
      leads::testing::TempDir dir("lines");
      const auto path = (dir.path / "f.csv").string();
      leads::testing::write_file(path, text);
      CHECK(read_all(path, 0, text.size()) == expected);

      const int fd = ::open(path.c_str(), O_RDONLY);
      FileCloser closer(fd);
      const std::vector<std::uint64_t> points = split_points(fd, 0, text.size(), 3, 1);
      REQUIRE(points.size() == 4);
      CHECK(points.front() == 0);
      CHECK(points.back() == text.size());
      // Each range ends where the next starts (no point falls inside quotes
      // here: the line after a quoted break starts with "r\"", not a record).
      std::vector<Line> joined;
      bool whole = true;
      for (std::size_t k = 0; k + 1 < points.size(); ++k) {
        CHECK(text[points[k + 1] - 1] == '\n');
        std::uint64_t end = 0;
        for (const Line& l : read_all(path, points[k], points[k + 1], &end)) {
          joined.push_back(l);
        }
        // Past its end only when the next range's start fell inside quotes.
        whole = whole && end == points[k + 1];
      }
      if (whole) {
        // Lines count from each range's start.
        CHECK(joined.size() == expected.size());
        for (std::size_t i = 0; i < joined.size() && i < expected.size(); ++i) {
          CHECK(joined[i].text == expected[i].text);
        }
      }
    }
  }

  TEST_CASE("report::parse_at and parse_hex_id") {
    CHECK(parse_at("1970-01-01T00:00:00Z") == 0);
    CHECK(parse_at("2026-11-27T12:00:00Z") == 1795780800);
    CHECK(parse_at("2024-02-29T23:59:59Z") == 1709251199);
    CHECK(parse_at("2026-11-27") == 1795737600);
    CHECK(parse_at("1969-12-31T23:59:59Z") == -1);
    for (const char* bad : {"2026-13-01T00:00:00Z", "2026-02-29T00:00:00Z", "2026-11-27T24:00:00Z",
                            "2026-11-27T12:60:00Z", "2026-11-27 12:00:00Z", "2026-11-27T12:00:00", "", "x"}) {
      CAPTURE(bad);
      CHECK_FALSE(parse_at(bad).has_value());
    }
    // The parser that remembers the day gives the same answers.
    leads::report::detail::AtParser parser;
    for (const char* text :
         {"2026-11-27T12:00:00Z", "2026-11-27T23:59:59Z", "2026-11-27T24:00:00Z", "2026-11-27T0a:00:00Z",
          "2026-11-28T00:00:00Z", "2026-11-27T00:00:01Z", "2026-11-27"}) {
      CAPTURE(text);
      CHECK(parser.parse(text) == parse_at(text));
    }
    CHECK(parse_hex_id("0123456789abcdef") == 0x0123456789abcdefULL);
    CHECK(parse_hex_id("FFFFFFFFFFFFFFFF") == 0xFFFFFFFFFFFFFFFFULL);
    for (const char* bad : {"0123456789abcdeg", "0123456789abcde", "0123456789abcdef0", "0123456789abcd f",
                            "0123456789abcd\xC3\xA9"}) {
      CAPTURE(bad);
      CHECK_FALSE(parse_hex_id(bad).has_value());
    }
  }

  TEST_CASE("report::EventRows") {
    leads::testing::TempDir dir("events");
    const auto path = dir.path / "events.csv";
    auto rows = [&](const IdRange& range) {
      EventsFile file(path);
      EventRows reader(file, file.body(), file.size(), range, file.header_line());
      std::vector<std::string> out;
      EventRow row;
      while (reader.next(row)) {
        out.push_back(fmt::format("{}:{}:{}:{}:{}>{}:{}", row.line, row.lead_id_ok ? row.lead_id : 0, row.at,
                                  static_cast<int>(row.kind), row.from, row.to, row.note));
      }
      return out;
    };

    SUBCASE("the kinds a report reads, of the leads asked for") {
      leads::testing::write_file(
          path, "at,lead_id,kind,from,to,actor,note\n"
                "1970-01-01T00:00:10Z,0000000000000001,created,,new,import,a.csv:2\n"
                "1970-01-01T00:00:20Z,0000000000000001,score,,,score,\n"
                "1970-01-01T00:00:30Z,00000000000000ff,stage,new,lost,ana,\"no, \"\"never\"\"\"\n"
                "1970-01-01T00:00:40Z,not-an-id,owner,,ben,handoff,\n"
                "1970-01-01,0000000000000002,stage,new,mql,x,\n");
      CHECK(rows(IdRange{}) == std::vector<std::string>{"2:1:10:0:>new:a.csv:2",
                                                        "4:255:30:1:new>lost:no, \"never\"",
                                                        "5:0:40:2:>ben:", "6:2:0:1:new>mql:"});
      IdRange some;
      some.first = 2;
      some.last = 255;
      some.malformed = false;
      CHECK(rows(some) == std::vector<std::string>{"4:255:30:1:new>lost:no, \"never\"", "6:2:0:1:new>mql:"});
    }

    SUBCASE("columns in another order") {
      leads::testing::write_file(path, "kind,at,note,lead_id,actor,to,from\n"
                                       "stage,1970-01-01T00:01:00Z,why,0000000000000003,x,sal,mql\n");
      CHECK(rows(IdRange{}) == std::vector<std::string>{"2:3:60:1:mql>sal:why"});
    }

    SUBCASE("what a report cannot read") {
      leads::testing::write_file(path, "at,lead_id,kind,from,to,actor\n");
      try {
        EventsFile file(path);
        FAIL("no error");
      } catch (const leads::Error& e) {
        CHECK(e.message() == "the header has no column 'note'");
        CHECK(e.line() == 1);
      }
      leads::testing::write_file(path, "at,lead_id,kind,from,to,actor,note\n"
                                       "2026-11-27T12:00:00Z,0000000000000001,stage,new,mql,x,\n"
                                       "yesterday,0000000000000001,stage,mql,sal,x,\n");
      try {
        rows(IdRange{});
        FAIL("no error");
      } catch (const leads::Error& e) {
        CHECK(e.kind() == leads::ErrorKind::data);
        CHECK(e.line() == 3);
        CHECK(e.message().starts_with("'yesterday' in column at is not a timestamp"));
      }
      // A bad time in a kind the report does not read is no concern of its.
      leads::testing::write_file(path, "at,lead_id,kind,from,to,actor,note\n"
                                       "soon,0000000000000001,score,,,x,\n");
      CHECK(rows(IdRange{}).empty());
    }

    SUBCASE("no file, an empty history") {
      EventsFile file(dir.path / "none.csv");
      EventRows reader(file, file.body(), file.size(), IdRange{}, 0);
      EventRow row;
      CHECK_FALSE(reader.next(row));
    }
  }

} // TEST_SUITE
