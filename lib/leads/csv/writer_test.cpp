#include <leads/csv/reader.hpp>
#include <leads/csv/writer.hpp>
#include <leads/error.hpp>

#include <doctest/doctest.h>

#include <algorithm>

#include <csignal>
#include <cstdlib>
#include <string>
#include <vector>

#include <fcntl.h>
#include <unistd.h>

namespace {

// Everything readable from a pipe's read end, until EOF.
std::string read_all(int fd) {
  std::string out;
  char buffer[65536];
  ssize_t n = 0;
  while ((n = ::read(fd, buffer, sizeof buffer)) > 0) {
    out.append(buffer, static_cast<std::size_t>(n));
  }
  return out;
}

} // namespace

TEST_CASE("csv::append_field") {
  using leads::csv::append_field;
  auto field = [](std::string_view value, char delimiter = ',') {
    std::string out;
    append_field(out, value, delimiter);
    return out;
  };

  SUBCASE("quoted only when needed") {
    CHECK(field("plain") == "plain");
    CHECK(field("") == "");
    CHECK(field(" spaced ") == " spaced ");
    CHECK(field("a,b") == "\"a,b\"");
    CHECK(field("say \"hi\"") == "\"say \"\"hi\"\"\"");
    CHECK(field("two\nlines") == "\"two\nlines\"");
    CHECK(field("cr\r") == "\"cr\r\"");
    CHECK(field("a;b") == "a;b");
    CHECK(field("a;b", ';') == "\"a;b\"");
    CHECK(field("a,b", ';') == "a,b");
  }

  SUBCASE("a special byte anywhere in a long field") {
    for (const char special : {',', '"', '\n', '\r'}) {
      // Within the first block, in the last (which may overlap the one before), and in between.
      for (std::size_t length = 1; length <= 70; ++length) {
        for (std::size_t at = 0; at < length; ++at) {
          std::string value(length, 'x');
          value[at] = special;
          CAPTURE(value);
          CHECK(field(value).front() == '"');
        }
        CHECK(field(std::string(length, 'x')) == std::string(length, 'x'));
      }
    }
  }
}

TEST_CASE("csv::append_row") {
  std::string out;
  const std::vector<std::string> row = {"id", "a,b", ""};
  leads::csv::append_row(out, row);
  const std::vector<std::string_view> views = {"1", "x\"y"};
  leads::csv::append_row(out, views, ';');
  CHECK(out == "id,\"a,b\",\n1;\"x\"\"y\"\n");

  SUBCASE("rows without quotes, and a row of no fields") {
    std::string plain;
    const std::vector<std::string_view> fields = {"", "a", "", "a longer value", ""};
    leads::csv::append_row(plain, fields);
    leads::csv::append_row(plain, std::span<const std::string_view>());
    CHECK(plain == ",a,,a longer value,\n\n");
  }

  SUBCASE("long rows: delimiters counted over thousands of bytes, a special byte anywhere") {
    // 1200 fields of 7 bytes: over 8000 bytes, more than 255 blocks of 16.
    std::vector<std::string> fields(1200, "abcdefg");
    std::string expected;
    for (std::size_t i = 0; i < fields.size(); ++i) {
      expected += (i == 0 ? "" : ",") + fields[i];
    }
    std::string plain;
    leads::csv::append_row(plain, fields);
    CHECK(plain == expected + "\n");
    for (const std::size_t at : {std::size_t{0}, std::size_t{37}, std::size_t{600}, std::size_t{1199}}) {
      for (const char special : {',', '"', '\n'}) {
        std::vector<std::string> changed = fields;
        changed[at][3] = special;
        std::string quoted_field;
        leads::csv::append_field(quoted_field, changed[at]);
        std::string row;
        leads::csv::append_row(row, changed);
        CAPTURE(at);
        CAPTURE(special);
        CHECK(row.size() == plain.size() + quoted_field.size() - fields[at].size());
        CHECK(row.find(quoted_field) != std::string::npos);
      }
    }
  }

  SUBCASE("a lone empty field is quoted so that it does not read back as a blank line") {
    std::string lone;
    const std::vector<std::string> empty = {""};
    leads::csv::append_row(lone, empty);
    CHECK(lone == "\"\"\n");
  }

  SUBCASE("a first field that starts like a BOM is quoted, so that a reader keeps it") {
    std::string text;
    const std::vector<std::string> row = {"\xEF\xBB\xBFname", "x"};
    leads::csv::append_row(text, row);
    CHECK(text == "\"\xEF\xBB\xBFname\",x\n");
    auto reader = leads::csv::Reader::from_string(text);
    CHECK(reader->header() == row);
    CHECK_FALSE(reader->had_bom());
  }

  SUBCASE("a line that reads like Excel's sep=X is quoted, so that a reader keeps it") {
    for (const std::vector<std::string>& row :
         {std::vector<std::string>{"sep=;"}, {"SEP=~"}, {"sep=", ""}, {"sep=", "ab"}}) {
      std::string text;
      leads::csv::append_row(text, row);
      auto reader = leads::csv::Reader::from_string(text);
      CHECK(reader->header() == row);
    }
    std::string text;
    leads::csv::append_row(text, std::vector<std::string>{"sep=", ""});
    CHECK(text == "\"sep=\",\n");
  }

  SUBCASE("what is written reads back the same") {
    const std::vector<std::vector<std::string>> rows = {{"email", "note", "city"},
                                                        {"a@b.c", "multi\nline, \"quoted\"", ""},
                                                        {"", "\r\n", " x "},
                                                        {",", "\"", ";"}};
    std::string text;
    for (const auto& r : rows) {
      leads::csv::append_row(text, r);
    }
    auto reader = leads::csv::Reader::from_string(text);
    CHECK(reader->header() == rows[0]);
    leads::csv::Record record;
    for (std::size_t i = 1; i < rows.size(); ++i) {
      REQUIRE(reader->next(record));
      CHECK(std::vector<std::string>(record.fields.begin(), record.fields.end()) == rows[i]);
    }
    CHECK_FALSE(reader->next(record));
  }
}

TEST_CASE("csv::written_as_is counts every delimiter, wherever it is") {
  for (std::size_t length = 1; length <= 70; ++length) {
    for (std::size_t at = 0; at < length; ++at) {
      std::string line(length, 'x');
      line[at] = ',';
      line[(at * 7 + 3) % length] = ',';
      const auto delimiters = static_cast<std::size_t>(std::count(line.begin(), line.end(), ','));
      CAPTURE(line);
      CHECK(leads::csv::written_as_is(line, delimiters + 1));
      CHECK_FALSE(leads::csv::written_as_is(line, delimiters));
      CHECK_FALSE(leads::csv::written_as_is(line, delimiters + 2));
    }
  }
}

TEST_CASE("csv::written_as_is") {
  CHECK(leads::csv::written_as_is("a,b,c", 3));
  CHECK(leads::csv::written_as_is(",,", 3));
  CHECK(leads::csv::written_as_is("a b;c", 1));
  CHECK_FALSE(leads::csv::written_as_is("a,b,c", 2));    // a field holds the delimiter
  CHECK_FALSE(leads::csv::written_as_is("a,b", 3));      // fewer delimiters than fields
  CHECK_FALSE(leads::csv::written_as_is("a,\"b\"", 2));  // a quote
  CHECK_FALSE(leads::csv::written_as_is("a,b\r\nc", 2)); // a line end
  CHECK_FALSE(leads::csv::written_as_is("", 1));         // a lone empty field is written ""
  CHECK_FALSE(leads::csv::written_as_is("", 0));
  CHECK_FALSE(leads::csv::written_as_is("\xEF\xBB\xBFid,x", 2)); // would read back as a byte order mark
  CHECK_FALSE(leads::csv::written_as_is("sep=;", 1));
  CHECK(leads::csv::written_as_is("a;b", 2, ';'));
  // It agrees with append_row on a row of each kind.
  for (const std::vector<std::string_view>& row : std::vector<std::vector<std::string_view>>{
           {"a", "b"}, {"a,b", "c"}, {"x\"y"}, {"sep=;"}, {""}, {"", ""}}) {
    std::string line;
    leads::csv::append_row(line, std::span<const std::string_view>(row));
    line.pop_back();
    std::string joined;
    for (std::size_t k = 0; k < row.size(); ++k) {
      joined += k == 0 ? "" : ",";
      joined += row[k];
    }
    CAPTURE(line);
    CHECK(leads::csv::written_as_is(joined, row.size()) == (line == joined));
  }
}

TEST_CASE("csv::split_row reads back what append_row wrote") {
  using leads::csv::split_row;
  std::vector<std::string_view> fields;
  std::string scratch;

  SUBCASE("plain, quoted and empty fields") {
    split_row("a,\"b,c\",,\"say \"\"hi\"\"\",", fields, scratch);
    CHECK(fields == std::vector<std::string_view>{"a", "b,c", "", "say \"hi\"", ""});
    split_row("", fields, scratch);
    CHECK(fields.empty());
    split_row("\"\"", fields, scratch);
    CHECK(fields == std::vector<std::string_view>{""});
    split_row(",", fields, scratch);
    CHECK(fields == std::vector<std::string_view>{"", ""});
  }

  SUBCASE("round trip of rows built from awkward pieces") {
    const std::string_view pieces[] = {"", "x", ",", "\"", "\n", "\r\n", " y ", ";", "Zoë"};
    std::uint32_t state = 12345;
    auto next = [&] {
      state = state * 1103515245 + 12345;
      return state >> 16;
    };
    // Pieces that need no quotes, for long lines that are split sixteen bytes at a time.
    const std::string_view plain_pieces[] = {"", "x", " y ", ";", "Zo\xC3\xAB", "0123456789abcdefghij"};
    for (int round = 0; round < 6000; ++round) {
      // Short rows of any pieces; long rows of plain pieces, or with one other piece.
      const bool long_row = round % 3 != 0;
      const bool plain = round % 3 == 1;
      std::vector<std::string> row(1 + next() % (long_row ? 40 : 6));
      for (std::string& field : row) {
        for (unsigned n = next() % (long_row ? 6 : 4); n > 0; --n) {
          field += plain || (long_row && next() % 64 != 0) ? plain_pieces[next() % std::size(plain_pieces)]
                                                           : pieces[next() % std::size(pieces)];
        }
      }
      std::string line;
      leads::csv::append_row(line, row);
      line.pop_back();
      split_row(line, fields, scratch);
      CAPTURE(line);
      CHECK(std::vector<std::string>(fields.begin(), fields.end()) == row);
    }
  }

  SUBCASE("another delimiter") {
    split_row("a;\"b;c\";d,e", fields, scratch, ';');
    CHECK(fields == std::vector<std::string_view>{"a", "b;c", "d,e"});
  }
}

TEST_CASE("csv::Writer") {
  int fds[2];
  REQUIRE(::pipe(fds) == 0);

  SUBCASE("buffers rows and writes them on flush and destruction") {
    {
      leads::csv::Writer writer(fds[1], "out.csv");
      writer.write_row({"a", "b,c"});
      const std::vector<std::string> strings = {"1", "2"};
      writer.write_row(strings);
      const std::vector<std::string_view> views = {"x\ny", ""};
      writer.write_row(views);
      writer.flush();
      writer.write_row({"last"});
    }
    ::close(fds[1]);
    CHECK(read_all(fds[0]) == "a,\"b,c\"\n1,2\n\"x\ny\",\nlast\n");
    ::close(fds[0]);
  }

  SUBCASE("flushes by itself when the buffer is large") {
    ::close(fds[0]);
    ::close(fds[1]);
    char path[] = "/tmp/leads-writer-XXXXXX";
    const int fd = ::mkstemp(path);
    REQUIRE(fd >= 0);
    const std::string big(1000, 'x');
    auto size = [&] { return ::lseek(fd, 0, SEEK_END); };
    {
      leads::csv::Writer writer(fd);
      for (int i = 0; i < 1100; ++i) {
        writer.write_row({big});
      }
      CHECK(size() >= (1 << 20));
      CHECK(size() < 1100 * 1001);
    }
    CHECK(size() == 1100 * 1001);
    ::close(fd);
    ::unlink(path);
  }

  SUBCASE("a closed pipe is an io error named broken pipe") {
    const auto previous = std::signal(SIGPIPE, SIG_IGN);
    ::close(fds[0]);
    leads::csv::Writer writer(fds[1], "<stdout>");
    writer.write_row({"a"});
    try {
      writer.flush();
      FAIL("no error raised");
    } catch (const leads::Error& e) {
      CHECK(e.kind() == leads::ErrorKind::io);
      CHECK(e.message() == "broken pipe");
      CHECK(e.file() == "<stdout>");
    }
    ::close(fds[1]);
    std::signal(SIGPIPE, previous);
  }

  SUBCASE("any other failed write is an io error") {
    ::close(fds[0]);
    ::close(fds[1]);
    const int read_only = ::open("/dev/null", O_RDONLY);
    REQUIRE(read_only >= 0);
    leads::csv::Writer writer(read_only, "out.csv");
    writer.write_row({"a"});
    try {
      writer.flush();
      FAIL("no error raised");
    } catch (const leads::Error& e) {
      CHECK(e.kind() == leads::ErrorKind::io);
      CHECK(e.message() == "cannot write: Bad file descriptor");
      CHECK(e.file() == "out.csv");
    }
    ::close(read_only);
  }
}
