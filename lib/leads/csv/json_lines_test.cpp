#include <leads/csv/json_lines.hpp>
#include <leads/csv/reader.hpp>
#include <leads/error.hpp>

#include <doctest/doctest.h>

#include <string>
#include <vector>

namespace {

using leads::csv::InputFormat;
using leads::csv::ReaderOptions;

// The header and the records of a text, as "line:a|b|c".
struct Read {
  std::vector<std::string> header;
  std::vector<std::string> rows;
  bool json = false;
};

Read read_all(std::string text, ReaderOptions options = {}) {
  auto reader = leads::csv::Reader::from_string(std::move(text), std::move(options));
  Read out{reader->header(), {}, reader->json_lines()};
  leads::csv::Record record;
  while (reader->next(record)) {
    std::string row = std::to_string(record.line) + ":";
    for (std::size_t i = 0; i < record.fields.size(); ++i) {
      row += (i == 0 ? "" : "|") + std::string(record.fields[i]);
    }
    out.rows.push_back(row);
  }
  return out;
}

leads::Error error_of(std::string text, ReaderOptions options = {}) {
  options.display_name = "in.jsonl";
  try {
    read_all(std::move(text), std::move(options));
  } catch (const leads::Error& error) {
    return error;
  }
  FAIL("no error raised");
  return leads::Error(leads::ErrorKind::data, "unreachable");
}

} // namespace

TEST_SUITE("csv") {
  TEST_CASE("csv::parse_input_format") {
    CHECK(leads::csv::parse_input_format("auto") == InputFormat::automatic);
    CHECK(leads::csv::parse_input_format("CSV") == InputFormat::csv);
    CHECK(leads::csv::parse_input_format("jsonl") == InputFormat::jsonl);
    CHECK_FALSE(leads::csv::parse_input_format("json"));
  }

  TEST_CASE("csv::json_key_column") {
    //                  1234567890123456789012345678
    const std::string line = R"({"a": {"x": 1, "y": [2]}, "b\"c": "d", "e": 3})";
    CHECK(leads::csv::json_key_column(line, 0) == 2);
    CHECK(leads::csv::json_key_column(line, 1) == 27); // past the nested object's keys
    CHECK(leads::csv::json_key_column(line, 2) == 40);
    CHECK(leads::csv::json_key_column(line, 3) == 1); // none
  }

  TEST_CASE("csv::Reader reads JSON lines") {
    SUBCASE("the first object's keys are the header; values as text, in the header's order") {
      const Read r =
          read_all(R"({"email": "ana@example.com", "score": 72, "fit": -1.50, "dnc": false, "x": null}
{"score": 1e3, "email": "ben@example.com", "dnc": true}

{"email": "cy\u00e9@example.com", "x": "a,\"b\"\nc", "score": 18446744073709551616}
)");
      CHECK(r.json);
      CHECK(r.header == std::vector<std::string>{"email", "score", "fit", "dnc", "x"});
      // Numbers as written (1e3 stays 1e3, -1.50 stays -1.50); null and missing keys are empty.
      CHECK(r.rows == std::vector<std::string>{"1:ana@example.com|72|-1.50|false|",
                                               "2:ben@example.com|1e3||true|",
                                               "4:cy\xC3\xA9@example.com|18446744073709551616|||a,\"b\"\nc"});
    }

    SUBCASE("detected by a first '{' after blank lines, white space and a BOM, at any chunk size") {
      const std::string text = "\xEF\xBB\xBF\n  \r\n\t{\"a\": \"1\"}\r\n{\"a\": 2}";
      for (std::size_t chunk = 1; chunk <= 12; ++chunk) {
        CAPTURE(chunk);
        ReaderOptions options;
        options.chunk_size = chunk;
        const Read r = read_all(text, options);
        CHECK(r.json);
        CHECK(r.header == std::vector<std::string>{"a"});
        CHECK(r.rows == std::vector<std::string>{"3:1", "4:2"});
      }
    }

    SUBCASE("--input-format decides over detection") {
      ReaderOptions csv;
      csv.format = InputFormat::csv;
      const Read as_csv = read_all("{a},b\n1,2\n", csv);
      CHECK_FALSE(as_csv.json);
      CHECK(as_csv.header == std::vector<std::string>{"{a}", "b"});
      CHECK_FALSE(read_all("email\n{x}\n").json); // a '{' later is no sign
      ReaderOptions jsonl;
      jsonl.format = InputFormat::jsonl;
      const leads::Error e = error_of("email,name\n", jsonl);
      CHECK(e.message() ==
            "not valid JSON: syntax error while parsing value - invalid literal; last read: 'e'");
      CHECK(e.line() == 1);
      CHECK(e.column() == 1);
      CHECK(read_all("", jsonl).header.empty());
    }

    SUBCASE("errors at file:line:column, saying what is wrong") {
      struct Case {
        std::string text;
        long line;
        long column;
        std::string message;
      };
      for (const Case& c : {
               Case{"{\"a\": 1}\n{\"a\": }\n", 2, 7,
                    "not valid JSON: syntax error while parsing value - unexpected '}'; expected '[', '{', "
                    "or a "
                    "literal"},
               Case{"{\"a\": 1}\n{\"a\": 2} x\n", 2, 10,
                    "not valid JSON: syntax error while parsing value - invalid literal; last read: '2} x'; "
                    "expected end of input"},
               Case{"{\"a\": 1}\n  [1, 2]\n", 2, 3, "not a JSON object"},
               Case{"{\"a\": 1}\n\"text\"\n", 2, 1, "not a JSON object"},
               // The key's opening quote.
               Case{"{\"a\": 1, \"b\": 2}\n{\"b\": 3, \"c\": 4}\n", 2, 10,
                    "the key 'c' is not in the first object (line 1), whose keys are the columns"},
               Case{"{\"a\": 1, \"b\": {\"c\": 2}}\n", 1, 10,
                    "the value of 'b' is an object: JSON lines input takes objects of plain values"},
               Case{"{\"a\": 1}\n{\"a\": [1]}\n", 2, 2,
                    "the value of 'a' is an array: JSON lines input takes objects of plain values"},
               Case{"{\"a\": 1, \"a\": 2}\n", 1, 10, "the key 'a' appears twice in the object"},
               Case{"{\"a\": 1, \"b\": 2}\n{\"b\": 1, \"b\": 2}\n", 2, 10,
                    "the key 'b' appears twice in the object"},
               // In the first chunk the reader's check finds it; later, the JSON parser
               // (which stops at the byte that shows the sequence ill-formed: the quote after it).
               Case{"{\"a\": \"\xE9\"}\n", 1, 8, "invalid UTF-8 byte 0xE9"},
               Case{"{\"a\": 1}\n" + std::string(70000, ' ') + "{\"a\": \"\xE9\"}\n", 2, 70009,
                    "not valid JSON: syntax error while parsing value - invalid string: ill-formed UTF-8 "
                    "byte; "
                    "last read: '\"\xE9\"'"},
           }) {
        CAPTURE(c.text.substr(0, 100));
        ReaderOptions options;
        options.chunk_size = 4096;
        const leads::Error e = error_of(c.text, options);
        CHECK(e.kind() == leads::ErrorKind::data);
        CHECK(e.file() == "in.jsonl");
        CHECK(e.message() == c.message);
        CHECK(e.line() == c.line);
        CHECK(e.column() == c.column);
        CHECK_FALSE(e.hint().empty());
      }
    }

    SUBCASE("long lines across chunks, and a last line without a line end") {
      const std::string long_value(100000, 'x');
      const std::string text =
          "{\"id\": \"1\", \"note\": \"" + long_value + "\"}\n{\"id\": \"2\", \"note\": \"y\"}";
      ReaderOptions options;
      options.chunk_size = 4096;
      const Read r = read_all(text, options);
      REQUIRE(r.rows.size() == 2);
      CHECK(r.rows[0] == "1:1|" + long_value);
      CHECK(r.rows[1] == "2:2|y");
    }
  }
}
