#include <leads/csv/reader.hpp>
#include <leads/error.hpp>

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include <fcntl.h>
#include <unistd.h>

#ifndef LEADS_TEST_DATA_DIR
#define LEADS_TEST_DATA_DIR "tests/data"
#endif

namespace {

// Reads text to the end and returns the error it raised (fails the test when none).
leads::Error error_of(std::string text, leads::csv::ReaderOptions options = {}) {
  options.display_name = "in.csv";
  try {
    auto reader = leads::csv::Reader::from_string(std::move(text), std::move(options));
    leads::csv::Record record;
    while (reader->next(record)) {
    }
  } catch (const leads::Error& error) {
    return error;
  }
  FAIL("no error raised");
  return leads::Error(leads::ErrorKind::data, "unreachable");
}

// Records read before the error, as "line:first-field".
std::vector<std::string> records_before_error(std::string text, leads::csv::ReaderOptions options = {}) {
  std::vector<std::string> seen;
  auto reader = leads::csv::Reader::from_string(std::move(text), std::move(options));
  leads::csv::Record record;
  try {
    while (reader->next(record)) {
      seen.push_back(std::to_string(record.line) + ":" + std::string(record.fields[0]));
    }
  } catch (const leads::Error&) {
    seen.emplace_back("error");
  }
  return seen;
}

} // namespace

TEST_CASE("csv::Reader errors") {
  using leads::ErrorKind;
  using leads::csv::ReaderOptions;

  SUBCASE("invalid UTF-8 names the byte, line and column") {
    const leads::Error e = error_of("email,name\nana@example.com,Ana\nrene@example.com,Ren\xE9"
                                    "e\n");
    CHECK(e.kind() == ErrorKind::data);
    CHECK(e.message() == "invalid UTF-8 byte 0xE9");
    CHECK(e.file() == "in.csv");
    CHECK(e.line() == 3);
    CHECK(e.column() == 21);
    CHECK(e.hint() == "if the file comes from Excel or an older CRM, try --encoding windows-1252");
    CHECK(std::string(e.what()) == "in.csv:3:21: invalid UTF-8 byte 0xE9");
  }

  SUBCASE(
      "a workbook, xz-compressed, PDF or UTF-32 file is refused at 1:1 with what to do, at any chunk size "
      "and encoding") {
    struct Case {
      std::string text;
      std::string message;
    };
    using namespace std::string_literals; // the texts hold NUL bytes
    const std::string utf32 = "\xFF\xFE\0\0"s + "e\0\0\0m\0\0\0"s;
    const std::string bare_utf16 = "e\0m\0a\0i\0l\0\n\0"s;
    for (const Case& c :
         {Case{"PK\x03\x04\x14\0\x06\0[Content_Types].xml"s,
               "the file is a ZIP archive (an Excel .xlsx or OpenDocument workbook?), not CSV text"},
          Case{"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1",
               "the file is an Excel 97-2003 workbook (.xls), not CSV text"},
          Case{utf32, "the file is UTF-32 text, not UTF-8 or UTF-16"},
          Case{"\xFD"
               "7zXZ\0\0\x04"s,
               "the file is xz-compressed, not CSV text"},
          Case{"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n"s, "the file is a PDF document, not CSV text"},
          Case{bare_utf16, "the file holds NUL bytes: UTF-16 text without a byte order mark, or not text"}}) {
      for (const auto encoding : {leads::csv::Encoding::utf8, leads::csv::Encoding::windows1252}) {
        for (std::size_t chunk = 1; chunk <= 10; ++chunk) {
          CAPTURE(c.message);
          CAPTURE(chunk);
          ReaderOptions options;
          options.chunk_size = chunk;
          options.encoding = encoding;
          const leads::Error e = error_of(c.text, options);
          CHECK(e.kind() == ErrorKind::data);
          CHECK(e.message() == c.message);
          CHECK(e.line() == 1);
          CHECK(e.column() == 1);
          CHECK_FALSE(e.hint().empty());
        }
      }
    }
  }

  SUBCASE("valid characters cut by a chunk edge anywhere are not errors (E0 and F0 leads too)") {
    // Devanagari (E0 A4 ..), Samaritan (E0 A0 ..), an emoji (F0 9F ..), a CJK ideograph (F0 A0 ..).
    const std::string name =
        "\xE0\xA4\xB0\xE0\xA4\xBE\xE0\xA4\xAE \xE0\xA0\x80 \xF0\x9F\x98\x80 \xF0\xA0\x80\x8B";
    const std::string text = "email,name\nram@example.in," + name + "\n";
    for (std::size_t chunk = 1; chunk <= text.size(); ++chunk) {
      CAPTURE(chunk);
      ReaderOptions options;
      options.chunk_size = chunk;
      options.delimiter = ',';
      auto reader = leads::csv::Reader::from_string(text, options);
      leads::csv::Record record;
      REQUIRE(reader->next(record));
      CHECK(record.fields[1] == name);
      CHECK_FALSE(reader->next(record));
    }
  }

  SUBCASE("invalid UTF-8 at any chunk size, after quoted newlines and a BOM") {
    const std::string text = "\xEF\xBB\xBF"
                             "a,b\n\"x\ny\",1\n\"p\r\nq\",\xC3\xA9\xC3\n";
    for (std::size_t chunk = 1; chunk <= 30; ++chunk) {
      CAPTURE(chunk);
      ReaderOptions options;
      options.chunk_size = chunk;
      const leads::Error e = error_of(text, options);
      CHECK(e.message() == "invalid UTF-8 byte 0xC3");
      CHECK(e.line() == 5);
      CHECK(e.column() == 6);
      CHECK(records_before_error(text, options) == std::vector<std::string>{"2:x\ny", "error"});
    }
  }

  SUBCASE("invalid UTF-8 in the header, and a sequence cut by the end of the file") {
    try {
      leads::csv::Reader::from_string("n\x80me\n");
      FAIL("no error raised");
    } catch (const leads::Error& e) {
      CHECK(e.message() == "invalid UTF-8 byte 0x80");
      CHECK(e.line() == 1);
      CHECK(e.column() == 2);
    }
    const leads::Error cut = error_of("a\nok\n\xE2\x82");
    CHECK(cut.message() == "invalid UTF-8 byte 0xE2");
    CHECK(cut.line() == 3);
    CHECK(cut.column() == 1);
  }

  SUBCASE("an invalid byte from a file, after the good records") {
    ReaderOptions options;
    options.chunk_size = 16;
    auto reader =
        leads::csv::Reader::open(std::string(LEADS_TEST_DATA_DIR) + "/csv/invalid_utf8.csv", options);
    leads::csv::Record record;
    REQUIRE(reader->next(record));
    CHECK(record.fields[1] == "Ana");
    try {
      reader->next(record);
      FAIL("no error raised");
    } catch (const leads::Error& e) {
      CHECK(e.file() == std::string(LEADS_TEST_DATA_DIR) + "/csv/invalid_utf8.csv");
      CHECK(e.line() == 3);
      CHECK(e.column() == 21);
    }
  }

  SUBCASE("an unterminated quote points at the opening quote") {
    for (std::size_t chunk : {std::size_t{1}, std::size_t{7}, std::size_t{1} << 20}) {
      ReaderOptions options;
      options.chunk_size = chunk;
      const leads::Error e = error_of("a,b,c\n1,2,3\n4,\"five\n6,7,8\n", options);
      CHECK(e.kind() == ErrorKind::data);
      CHECK(e.message() == "unterminated quoted field");
      CHECK(e.line() == 3);
      CHECK(e.column() == 3);
      CHECK(e.hint().find("closing quote") != std::string::npos);
    }
    const leads::Error after_newlines = error_of("a,b\n\"x\ny\",\"p\r\nq\",\"r");
    CHECK(after_newlines.line() == 4);
    CHECK(after_newlines.column() == 4);
    const leads::Error in_header = error_of("a,\"b\n");
    CHECK(in_header.line() == 1);
    CHECK(in_header.column() == 3);
  }

  SUBCASE("a stray quote that swallows lines up to the next quote") {
    // Ann's notes open a quote that closes at Bob's; without the error, Bob
    // would be part of Ann's notes.
    const std::string text =
        "email,name,notes\na@x.example,Ann,\"oops\nb@x.example,Bob,\"fine\"\nc@x.example,Cy,ok\n";
    for (std::size_t chunk : {std::size_t{1}, std::size_t{7}, std::size_t{1} << 20}) {
      ReaderOptions options;
      options.chunk_size = chunk;
      const leads::Error e = error_of(text, options);
      CHECK(e.kind() == ErrorKind::data);
      CHECK(e.message() == "the quoted field that starts here runs over 1 line end to a quote at line 3, "
                           "column 17, and text follows that quote");
      CHECK(e.line() == 2);
      CHECK(e.column() == 17);
      CHECK(e.hint().find("stray or missing") != std::string::npos);
    }
    // On one line, text after the closing quote is appended (as Excel reads it),
    // and blanks after a closing quote on another line are no text.
    auto reader = leads::csv::Reader::from_string("a,b\n\"x\"y,\"p\nq\" \t\n");
    leads::csv::Record record;
    REQUIRE(reader->next(record));
    CHECK(record.fields == std::vector<std::string_view>{"xy", "p\nq"});
    CHECK_FALSE(reader->next(record));
  }

  SUBCASE("a stray quote that leaves its record ragged stops the read, even with ragged rows allowed") {
    // Line 2 opens a quote that line 5 closes: four people would be one
    // ragged row of two fields.
    const std::string text = "email,company,employees\n"
                             "a@a.example,\"Acme,24\n"
                             "b@b.example,Beta,30\n"
                             "c@c.example,Gamma,12\n"
                             "27\"\n"
                             "d@d.example,Delta,5\n";
    for (std::size_t chunk : {std::size_t{1}, std::size_t{5}, std::size_t{1} << 20}) {
      CAPTURE(chunk);
      ReaderOptions options;
      options.chunk_size = chunk;
      options.ragged = leads::csv::RaggedPolicy::allow;
      const leads::Error e = error_of(text, options);
      CHECK(e.kind() == ErrorKind::data);
      CHECK(e.message() == "the quoted field that starts here runs over 3 line ends to its closing quote at "
                           "line 5, column 3, which leaves the record with 2 fields where the header has 3");
      CHECK(e.line() == 2);
      CHECK(e.column() == 13);
      CHECK(e.hint().find("stray or missing") != std::string::npos);
      // Nothing before it is lost, and nothing after it is read.
      CHECK(records_before_error(text, options) == std::vector<std::string>{"error"});
    }
    // A well-formed field over lines, with the header's field count (or a
    // trailing delimiter more), is a value; a ragged record on one line is
    // handed over as it is.
    ReaderOptions allow;
    allow.ragged = leads::csv::RaggedPolicy::allow;
    auto reader = leads::csv::Reader::from_string(
        "email,notes\na@a.example,\"call back\nafter 5\"\nb@b.example,\"x\ny\",\nc@c.example\n", allow);
    leads::csv::Record record;
    REQUIRE(reader->next(record));
    CHECK(record.fields == std::vector<std::string_view>{"a@a.example", "call back\nafter 5"});
    REQUIRE(reader->next(record));
    CHECK(record.fields == std::vector<std::string_view>{"b@b.example", "x\ny", ""});
    REQUIRE(reader->next(record));
    CHECK(record.fields == std::vector<std::string_view>{"c@c.example"});
    CHECK_FALSE(reader->next(record));
  }

  SUBCASE("too many fields: the column of the first extra one") {
    const leads::Error e = error_of("a,b\n1,2\n3,4,5,6\n");
    CHECK(e.kind() == ErrorKind::data);
    CHECK(e.message() == "expected 2 fields (as in the header), found 4");
    CHECK(e.line() == 3);
    CHECK(e.column() == 5);
    const leads::Error quoted = error_of("a,b\n\"x\ny\",2,\"extra\"\n");
    CHECK(quoted.line() == 3);
    CHECK(quoted.column() == 6);
  }

  SUBCASE("too few fields: the column where the record ends") {
    const leads::Error e = error_of("a,b,c\r\n1,2\r\n");
    CHECK(e.message() == "expected 3 fields (as in the header), found 2");
    CHECK(e.line() == 2);
    CHECK(e.column() == 4);
    const leads::Error at_eof = error_of("a,b,c\n1,\"x\ny\"");
    CHECK(at_eof.line() == 3);
    CHECK(at_eof.column() == 3);
  }

  SUBCASE("without a header, rows are measured against the first record") {
    ReaderOptions options;
    options.header = false;
    const leads::Error e = error_of("1,2\n3\n", options);
    CHECK(e.message() == "expected 2 fields (as in the first record), found 1");
    CHECK(e.line() == 2);
    CHECK(e.column() == 2);
  }

  SUBCASE("a forced delimiter that cannot work") {
    for (char bad : {'"', '\n', '\r', '\xE9'}) {
      ReaderOptions options;
      options.delimiter = bad;
      try {
        leads::csv::Reader::from_string("a,b\n", options);
        FAIL("no error raised");
      } catch (const leads::Error& e) {
        CHECK(e.kind() == ErrorKind::usage);
      }
    }
  }
}

TEST_CASE("csv::Reader::open") {
  using leads::ErrorKind;

  SUBCASE("a missing file") {
    try {
      leads::csv::Reader::open("/nonexistent/leads.csv");
      FAIL("no error raised");
    } catch (const leads::Error& e) {
      CHECK(e.kind() == ErrorKind::no_input);
      CHECK(e.message() == "cannot open: No such file or directory");
      CHECK(e.file() == "/nonexistent/leads.csv");
      CHECK(e.line() == 0);
      CHECK_FALSE(e.hint().empty());
    }
  }

  SUBCASE("a directory") {
    try {
      leads::csv::Reader::open(LEADS_TEST_DATA_DIR);
      FAIL("no error raised");
    } catch (const leads::Error& e) {
      CHECK(e.kind() == ErrorKind::no_input);
      CHECK(e.message() == "cannot open: Is a directory");
    }
  }

  SUBCASE("display names") {
    const std::string path = std::string(LEADS_TEST_DATA_DIR) + "/csv/tab.tsv";
    CHECK(leads::csv::Reader::open(path)->display_name() == path);
    leads::csv::ReaderOptions options;
    options.display_name = "export.tsv";
    CHECK(leads::csv::Reader::open(path, options)->display_name() == "export.tsv");
    CHECK(leads::csv::Reader::from_string("a\n")->display_name() == "<string>");
  }

  SUBCASE("a pipe, and - for standard input") {
    int fds[2];
    REQUIRE(::pipe(fds) == 0);
    const std::string text = "a;b\n1;2\n";
    REQUIRE(::write(fds[1], text.data(), text.size()) == static_cast<ssize_t>(text.size()));
    ::close(fds[1]);
    const int saved_stdin = ::dup(0);
    REQUIRE(::dup2(fds[0], 0) == 0);
    ::close(fds[0]);
    auto reader = leads::csv::Reader::open("-");
    CHECK(reader->display_name() == "<stdin>");
    CHECK(reader->delimiter() == ';');
    leads::csv::Record record;
    REQUIRE(reader->next(record));
    CHECK(record.fields[1] == "2");
    CHECK_FALSE(reader->next(record));
    reader.reset();
    ::dup2(saved_stdin, 0);
    ::close(saved_stdin);
  }

  SUBCASE("a file descriptor the caller owns") {
    const int fd = ::open((std::string(LEADS_TEST_DATA_DIR) + "/csv/pipe.csv").c_str(), O_RDONLY);
    REQUIRE(fd >= 0);
    {
      leads::csv::Reader reader(fd, {});
      CHECK(reader.display_name() == "<fd " + std::to_string(fd) + ">");
      CHECK(reader.header() == std::vector<std::string>{"name", "city"});
    }
    CHECK(::close(fd) == 0);
  }
}
