#include <leads/csv/reader.hpp>

#include <doctest/doctest.h>

#include <string>
#include <vector>

#ifndef LEADS_TEST_DATA_DIR
#define LEADS_TEST_DATA_DIR "tests/data"
#endif

namespace {

using Rows = std::vector<std::vector<std::string>>;

// Everything a reader hands over, copied out of its buffer.
struct Parsed {
  std::vector<std::string> header;
  Rows rows;
  std::vector<long> lines;
  std::vector<long> end_lines;
  char delimiter = 0;
  bool bom = false;
  long header_line = 0;
  std::uint64_t bytes = 0;
};

Parsed drain(leads::csv::Reader& reader) {
  Parsed parsed;
  parsed.header = reader.header();
  parsed.delimiter = reader.delimiter();
  parsed.bom = reader.had_bom();
  parsed.header_line = reader.header_line();
  leads::csv::Record record;
  while (reader.next(record)) {
    parsed.rows.emplace_back(record.fields.begin(), record.fields.end());
    parsed.lines.push_back(record.line);
    parsed.end_lines.push_back(record.end_line);
  }
  parsed.bytes = reader.bytes_read();
  return parsed;
}

Parsed parse(std::string text, leads::csv::ReaderOptions options = {}) {
  auto reader = leads::csv::Reader::from_string(std::move(text), std::move(options));
  return drain(*reader);
}

Parsed parse_file(const std::string& name, leads::csv::ReaderOptions options = {}) {
  auto reader =
      leads::csv::Reader::open(std::string(LEADS_TEST_DATA_DIR) + "/csv/" + name, std::move(options));
  return drain(*reader);
}

leads::csv::ReaderOptions with_chunk(std::size_t chunk_size) {
  leads::csv::ReaderOptions options;
  options.chunk_size = chunk_size;
  return options;
}

} // namespace

TEST_CASE("csv::Reader") {
  using leads::csv::ReaderOptions;

  SUBCASE("header and records with their lines") {
    const Parsed p = parse("a,b,c\n1,2,3\n4,5,6\n");
    CHECK(p.header == std::vector<std::string>{"a", "b", "c"});
    CHECK(p.header_line == 1);
    CHECK(p.rows == Rows{{"1", "2", "3"}, {"4", "5", "6"}});
    CHECK(p.lines == std::vector<long>{2, 3});
    CHECK(p.end_lines == std::vector<long>{2, 3});
    CHECK(p.delimiter == ',');
    CHECK_FALSE(p.bom);
    CHECK(p.bytes == 18);
  }

  SUBCASE("last line without a line end, and a trailing delimiter") {
    const Parsed p = parse("a,b\n1,\n2,x");
    CHECK(p.rows == Rows{{"1", ""}, {"2", "x"}});
  }

  SUBCASE("a Ctrl-Z that is the input's last byte is an old DOS end-of-file mark, not a record") {
    CHECK(parse("a,b\r\n1,2\r\n\x1A").rows == Rows{{"1", "2"}});
    CHECK(parse("a,b\r\n1,2\r\n\x1A", with_chunk(8)).rows == Rows{{"1", "2"}});
    // Anywhere else it is text: a line holding one, even the last, is a record,
    // so that a record of one Ctrl-Z written back (with its line end) reads the same.
    CHECK(parse("a\n\x1A\nb\n").rows == Rows{{"\x1A"}, {"b"}});
    CHECK(parse("a\nx\x1A").rows == Rows{{"x\x1A"}});
    CHECK(parse("a\n\x1A\n").rows == Rows{{"\x1A"}});
    CHECK(parse("a\n\x1A\n", with_chunk(1)).rows == Rows{{"\x1A"}});
    CHECK(parse("a\n\x1A\n\x1A").rows == Rows{{"\x1A"}});
    // Quoted, it is a value.
    CHECK(parse("a\n\"\x1A\"").rows == Rows{{"\x1A"}});
  }

  SUBCASE("CRLF line ends") {
    const Parsed p = parse("a,b\r\n1,2\r\n3,4\r\n");
    CHECK(p.header == std::vector<std::string>{"a", "b"});
    CHECK(p.rows == Rows{{"1", "2"}, {"3", "4"}});
    CHECK(p.lines == std::vector<long>{2, 3});
  }

  SUBCASE("lone CR line ends, also inside quotes") {
    const Parsed p = parse_file("lone_cr.csv");
    CHECK(p.header == std::vector<std::string>{"id", "name"});
    CHECK(p.rows == Rows{{"1", "Ana"}, {"2", "B\rC"}, {"3", "Cy"}});
    CHECK(p.lines == std::vector<long>{2, 3, 5});
    CHECK(p.end_lines == std::vector<long>{2, 4, 5});
  }

  SUBCASE("quoted fields: delimiter, doubled quotes, newlines") {
    const Parsed p = parse("a,b,c\n\"x,y\",\"say \"\"hi\"\"\",\"two\nlines\"\n\"\",\"\"\"\",z\n");
    CHECK(p.rows == Rows{{"x,y", "say \"hi\"", "two\nlines"}, {"", "\"", "z"}});
    CHECK(p.lines == std::vector<long>{2, 4});
    CHECK(p.end_lines == std::vector<long>{3, 4});
  }

  SUBCASE("CRLF inside quotes is kept") {
    const Parsed p = parse_file("crlf_quoted.csv");
    CHECK(p.rows == Rows{{"1", "first\r\nsecond"}, {"2", "plain"}});
    CHECK(p.lines == std::vector<long>{2, 4});
  }

  SUBCASE("a quote inside an unquoted field is kept") {
    const Parsed p = parse("size,name\n15\" screen,a\"b\"\n");
    CHECK(p.rows == Rows{{"15\" screen", "a\"b\""}});
  }

  SUBCASE("text after a closing quote is appended, trailing blanks dropped") {
    const Parsed p = parse("a,b,c,d\n\"x\"y,\"q\" ,\"p\" r ,\"s\"\"\"t\"u\n");
    CHECK(p.rows == Rows{{"xy", "q", "p r", "s\"t\"u"}});
  }

  SUBCASE("spaces around fields are data") {
    const Parsed p = parse("a,b\n x , \"y\"\n");
    CHECK(p.rows == Rows{{" x ", " \"y\""}});
  }

  SUBCASE("blank lines are skipped; a line of delimiters is a record") {
    const Parsed p = parse("\n\na,b,c\n\n1,2,3\n,,\n\r\n\"\",,\n\n");
    CHECK(p.header_line == 3);
    CHECK(p.rows == Rows{{"1", "2", "3"}, {"", "", ""}, {"", "", ""}});
    CHECK(p.lines == std::vector<long>{5, 6, 8});
  }

  SUBCASE("a lone quoted empty field is not a blank line") {
    ReaderOptions options;
    options.header = false;
    const Parsed p = parse("x\n\"\"\n\ny\n", options);
    CHECK(p.rows == Rows{{"x"}, {""}, {"y"}});
    CHECK(p.lines == std::vector<long>{1, 2, 4});
  }

  SUBCASE("keep_blank_lines hands blank lines over") {
    ReaderOptions options;
    options.header = false;
    options.keep_blank_lines = true;
    options.ragged = leads::csv::RaggedPolicy::allow;
    const Parsed p = parse("a,b\n\n\r\nc\n", options);
    CHECK(p.header.empty());
    CHECK(p.header_line == 0);
    CHECK(p.rows == Rows{{"a", "b"}, {""}, {""}, {"c"}});
    CHECK(p.lines == std::vector<long>{1, 2, 3, 4});
  }

  SUBCASE("without a header the first row is a record") {
    ReaderOptions options;
    options.header = false;
    const Parsed p = parse("1,2\n3,4\n", options);
    CHECK(p.header.empty());
    CHECK(p.rows == Rows{{"1", "2"}, {"3", "4"}});
  }

  SUBCASE("empty inputs") {
    for (const char* text : {"", "\n", "\r\n\n\r", "\xEF\xBB\xBF"}) {
      CAPTURE(text);
      const Parsed p = parse(text);
      CHECK(p.header.empty());
      CHECK(p.header_line == 0);
      CHECK(p.rows.empty());
    }
    const Parsed only_header = parse("a,b\n");
    CHECK(only_header.header == std::vector<std::string>{"a", "b"});
    CHECK(only_header.rows.empty());
  }

  SUBCASE("header fields are unescaped; empty and duplicate names are kept") {
    const Parsed p = parse("\"full \"\"name\"\"\",,x,x\n1,2,3,4\n");
    CHECK(p.header == std::vector<std::string>{"full \"name\"", "", "x", "x"});
  }

  SUBCASE("UTF-8 BOM is skipped") {
    const Parsed p = parse("\xEF\xBB\xBF"
                           "email,name\na@b.c,Ana\n");
    CHECK(p.bom);
    CHECK(p.header == std::vector<std::string>{"email", "name"});
    CHECK(p.rows == Rows{{"a@b.c", "Ana"}});
  }

  SUBCASE("BOM, semicolons and CRLF from a file") {
    const Parsed p = parse_file("bom_semicolon.csv");
    CHECK(p.bom);
    CHECK(p.delimiter == ';');
    CHECK(p.header == std::vector<std::string>{"email", "name", "note"});
    CHECK(p.rows == Rows{{"ana@example.com", "Ana", "a;b"}, {"ben@example.com", "Ben", ""}});
  }

  SUBCASE("sniffs each delimiter") {
    CHECK(parse("a,b\n1,2\n").delimiter == ',');
    CHECK(parse("a;b\n1;2\n").delimiter == ';');
    CHECK(parse("a\tb\n1\t2\n").delimiter == '\t');
    CHECK(parse("a|b\n1|2\n").delimiter == '|');
    CHECK(parse("just one column\nvalue\n").delimiter == ',');
    const Parsed tab = parse_file("tab.tsv");
    CHECK(tab.delimiter == '\t');
    CHECK(tab.rows == Rows{{"Ana", "Lisbon"}, {"Ben", "Porto, PT"}});
    const Parsed pipe = parse_file("pipe.csv");
    CHECK(pipe.delimiter == '|');
    CHECK(pipe.rows == Rows{{"Ana", "Lisbon"}, {"Ben", "Porto|PT"}});
  }

  SUBCASE("a first line sep=X, as Excel reads it, names the delimiter and is no record") {
    for (const std::string line_end : {"\n", "\r\n", "\r"}) {
      const std::string text = "sep=;" + line_end + "a;b,c" + line_end + "1;2,3" + line_end;
      for (std::size_t chunk = 1; chunk <= text.size(); ++chunk) {
        CAPTURE(chunk);
        const Parsed p = parse(text, with_chunk(chunk));
        CHECK(p.delimiter == ';');
        CHECK(p.header == std::vector<std::string>{"a", "b,c"});
        CHECK(p.header_line == 2);
        CHECK(p.rows == Rows{{"1", "2,3"}});
        CHECK(p.lines == std::vector<long>{3});
      }
    }
    // After a BOM (the first read may then end right after "sep=|"), at any
    // chunk size; a forced delimiter wins, and the line is still no record.
    for (const std::string text : {"\xEF\xBB\xBFsep=|\na|b\n1|2\n", "\xEF\xBB\xBFsep=|"}) {
      for (std::size_t chunk = 1; chunk <= text.size(); ++chunk) {
        CAPTURE(chunk);
        const Parsed bom = parse(text, with_chunk(chunk));
        CHECK(bom.delimiter == '|');
        CHECK(bom.rows == (text.size() > 8 ? Rows{{"1", "2"}} : Rows{}));
      }
    }
    ReaderOptions forced;
    forced.delimiter = ',';
    const Parsed p = parse("sep=;\na,b\n1,2\n", forced);
    CHECK(p.header == std::vector<std::string>{"a", "b"});
    CHECK(p.rows == Rows{{"1", "2"}});
    // Not a separator line: more after the character, or a quote.
    CHECK(parse("sep=;x\n1;2\n").header == std::vector<std::string>{"sep=", "x"});
    CHECK(parse("sep=\"\n1\n").header_line == 1);
  }

  SUBCASE("sniffing prefers the delimiter that is consistent across lines") {
    const Parsed p = parse("name;amount;note\nAna;1,5;x\nBen;2,25;\"a,b,c\"\n");
    CHECK(p.delimiter == ';');
    CHECK(p.rows == Rows{{"Ana", "1,5", "x"}, {"Ben", "2,25", "a,b,c"}});
  }

  SUBCASE("a forced delimiter is used as is") {
    ReaderOptions options;
    options.delimiter = ';';
    const Parsed p = parse("a,b;c\n1,2;3\n", options);
    CHECK(p.delimiter == ';');
    CHECK(p.header == std::vector<std::string>{"a,b", "c"});
    CHECK(p.rows == Rows{{"1,2", "3"}});
  }

  SUBCASE("records spanning chunk edges read the same at any chunk size") {
    const std::string text = "\xEF\xBB\xBF"
                             "id,note,city\r\n"
                             "1,\"multi\r\nline \"\"quoted\"\"\",Z\xC3\xBCrich\r\n"
                             "2,plain,\"\xE6\x9D\xB1\xE4\xBA\xAC\"\r\r"
                             "3,,\"\"\"\"\n"
                             "4,\"a\"b,last";
    const Parsed whole = parse(text);
    REQUIRE(whole.rows == Rows{{"1", "multi\r\nline \"quoted\"", "Z\xC3\xBCrich"},
                               {"2", "plain", "\xE6\x9D\xB1\xE4\xBA\xAC"},
                               {"3", "", "\""},
                               {"4", "ab", "last"}});
    CHECK(whole.lines == std::vector<long>{2, 4, 6, 7});
    for (std::size_t chunk = 1; chunk <= 40; ++chunk) {
      CAPTURE(chunk);
      const Parsed p = parse(text, with_chunk(chunk));
      CHECK(p.bom);
      CHECK(p.header == whole.header);
      CHECK(p.rows == whole.rows);
      CHECK(p.lines == whole.lines);
      CHECK(p.end_lines == whole.end_lines);
      CHECK(p.bytes == text.size());
    }
  }

  SUBCASE("long unquoted fields") {
    const std::string a(70, 'a');
    const std::string b(200, 'b');
    const Parsed p = parse("x,y\n" + a + "," + b + "\n" + b + ",\n,\n");
    CHECK(p.rows == Rows{{a, b}, {b, ""}, {"", ""}});
  }

  SUBCASE("a record far larger than a chunk") {
    const std::string big(300000, 'x');
    const Parsed p = parse("a,b\n\"" + big + "\",1\n2,3\n", with_chunk(1024));
    REQUIRE(p.rows.size() == 2);
    CHECK(p.rows[0][0] == big);
    CHECK(p.rows[1] == std::vector<std::string>{"2", "3"});
  }

  SUBCASE("ragged rows may be allowed") {
    ReaderOptions options;
    options.ragged = leads::csv::RaggedPolicy::allow;
    const Parsed p = parse("a,b\n1\n1,2,3\n", options);
    CHECK(p.rows == Rows{{"1"}, {"1", "2", "3"}});
  }

  SUBCASE("Windows-1252 is decoded to UTF-8") {
    ReaderOptions options;
    options.encoding = leads::csv::Encoding::windows1252;
    const Parsed p = parse_file("windows1252.csv", options);
    CHECK(p.delimiter == ';');
    CHECK(p.rows == Rows{{"Ren\xC3\xA9"
                          "e",
                          "Caf\xC3\xA9 \xE2\x80\x9C"
                          "Chez Nous\xE2\x80\x9D",
                          "price \xE2\x82\xAC 5"}});
  }

  SUBCASE("Latin-1 is decoded to UTF-8, at any chunk size") {
    for (std::size_t chunk : {std::size_t{1}, std::size_t{3}, std::size_t{1} << 20}) {
      ReaderOptions options = with_chunk(chunk);
      options.encoding = leads::csv::Encoding::latin1;
      const Parsed p = parse_file("latin1.csv", options);
      CHECK(p.rows == Rows{{"Jos\xC3\xA9", "M\xC3\xBCnchen"}});
      CHECK(p.bytes == 23);
    }
    ReaderOptions options;
    options.encoding = leads::csv::Encoding::latin1;
    // 0x80-0x9F as in Windows-1252 (a euro sign, a curly quote), as web browsers read Latin-1.
    CHECK(parse("a\n\x80\x93\n", options).rows == Rows{{"\xE2\x82\xAC\xE2\x80\x9C"}});
  }

  SUBCASE("views stay valid until the next call") {
    auto reader = leads::csv::Reader::from_string("a,b\n\"x\"\"y\",z\n1,2\n");
    leads::csv::Record record;
    REQUIRE(reader->next(record));
    CHECK(record.fields[0] == "x\"y");
    CHECK(record.fields[1] == "z");
    REQUIRE(reader->next(record));
    CHECK(record.fields[0] == "1");
    CHECK_FALSE(reader->next(record));
    CHECK_FALSE(reader->next(record));
  }
}

TEST_CASE("csv::parse_encoding") {
  using leads::csv::Encoding;
  CHECK(leads::csv::parse_encoding("UTF-8") == Encoding::utf8);
  CHECK(leads::csv::parse_encoding("utf8") == Encoding::utf8);
  CHECK(leads::csv::parse_encoding("Latin1") == Encoding::latin1);
  CHECK(leads::csv::parse_encoding("latin-1") == Encoding::latin1);
  CHECK(leads::csv::parse_encoding("ISO-8859-1") == Encoding::latin1);
  CHECK(leads::csv::parse_encoding("Windows-1252") == Encoding::windows1252);
  CHECK(leads::csv::parse_encoding("CP1252") == Encoding::windows1252);
  CHECK(leads::csv::parse_encoding("UTF-16") == Encoding::utf16);
  CHECK(leads::csv::parse_encoding("utf-16le") == Encoding::utf16le);
  CHECK(leads::csv::parse_encoding("UTF16BE") == Encoding::utf16be);
  CHECK_FALSE(leads::csv::parse_encoding("utf-32").has_value());
  CHECK_FALSE(leads::csv::parse_encoding("").has_value());
  for (const std::string_view name : leads::csv::encoding_names()) {
    CAPTURE(name);
    CHECK(leads::csv::parse_encoding(name).has_value());
  }
}
