#include <leads/render/render.hpp>

#include <doctest/doctest.h>
#include <yaml-cpp/yaml.h>

using namespace leads::render;

namespace {

std::string print(Format format, std::vector<std::vector<std::string_view>> rows, bool color = false) {
  RowPrinter printer(format, {"email", "score"}, RowPrinter::Style{color});
  std::string out;
  printer.begin(out);
  for (const auto& row : rows) {
    printer.row(out, row);
  }
  printer.end(out);
  return out;
}

} // namespace

TEST_CASE("render::RowPrinter") {
  std::vector<std::vector<std::string_view>> rows = {{"ann@example.com", "72"}, {"bo, \"jr\"@x.test", ""}};

  SUBCASE("csv quotes only when needed") {
    CHECK(print(Format::csv, rows) == "email,score\nann@example.com,72\n\"bo, \"\"jr\"\"@x.test\",\n");
  }
  SUBCASE("json keeps every value a string") {
    CHECK(print(Format::json, rows) ==
          "[\n  {\"email\": \"ann@example.com\", \"score\": \"72\"},\n"
          "  {\"email\": \"bo, \\\"jr\\\"@x.test\", \"score\": \"\"}\n]\n");
    CHECK(print(Format::json, {}) == "[]\n");
  }
  SUBCASE("jsonl: json's objects, one a line, each whole when its row is") {
    CHECK(print(Format::jsonl, rows) == "{\"email\": \"ann@example.com\", \"score\": \"72\"}\n"
                                        "{\"email\": \"bo, \\\"jr\\\"@x.test\", \"score\": \"\"}\n");
    CHECK(print(Format::jsonl, {}).empty());
    RowPrinter printer(Format::jsonl, {"a"}, {});
    std::string out;
    printer.begin(out);
    printer.row(out, {"line\nbreak"});
    CHECK(out == "{\"a\": \"line\\nbreak\"}\n"); // the escape keeps it one line
  }
  SUBCASE("yaml quotes what would read back differently") {
    CHECK(print(Format::yaml, rows) ==
          "- email: ann@example.com\n  score: \"72\"\n- email: bo, \"jr\"@x.test\n  score: \"\"\n");
    // What we print reads back as the same strings.
    YAML::Node doc = YAML::Load(print(Format::yaml, rows));
    REQUIRE(doc.size() == 2);
    CHECK(doc[1]["email"].as<std::string>() == "bo, \"jr\"@x.test");
    CHECK(doc[0]["score"].as<std::string>() == "72");
    CHECK(doc[1]["score"].as<std::string>() == "");
    CHECK(print(Format::yaml, {}) == "[]\n");
  }
  SUBCASE("table aligns by display width") {
    CHECK(print(Format::table, {{"山田@x.test", "1"}, {"a@b.co", "22"}}) ==
          "email        score\n山田@x.test  1\na@b.co       22\n(2 rows)\n");
    CHECK(print(Format::table, {{"a@b.co", "1"}}, true) == "\x1b[1memail   score\x1b[0m\na@b.co  1\n(1 row)\n");
  }
  SUBCASE("table cells show control characters, never send them to the terminal") {
    std::string expected = "email";
    expected.append(15, ' ');
    expected += "score\n\uFFFD[31mred\uFFFD]0;title\uFFFD  1\uFFFD\uFFFD\n(1 row)\n";
    CHECK(print(Format::table, {{"\x1b[31mred\x1b]0;title\x07", "1\x7f\u0085"}}) == expected);
  }
}

TEST_CASE("render::append_yaml_scalar") {
  auto yaml = [](std::string_view s) {
    std::string out;
    append_yaml_scalar(out, s);
    return out;
  };
  CHECK(yaml("Ann") == "Ann");
  CHECK(yaml("yes") == "\"yes\"");
  CHECK(yaml("<<") == "\"<<\""); // PyYAML: a merge key, not a string
  CHECK(yaml("=") == "\"=\"");   // PyYAML: a value key
  CHECK(yaml("a<<b") == "a<<b");
  CHECK(yaml("2026-11-27") == "\"2026-11-27\"");
  CHECK(yaml("a: b") == "\"a: b\"");
  CHECK(yaml("line\nbreak") == "\"line\\nbreak\"");
  CHECK(yaml("") == "\"\"");
  // Characters YAML does not take as they are: escaped in double quotes.
  CHECK(yaml("del\x7f") == "\"del\\x7f\"");
  CHECK(yaml("esc\x1b") == "\"esc\\x1b\"");
  CHECK(yaml("a\u2028b") == "\"a\\u2028b\"");
  CHECK(yaml("a\u2029b") == "\"a\\u2029b\"");
  CHECK(yaml("a\u0085b") == "\"a\\u0085b\"");
  CHECK(yaml("a\u0090b") == "\"a\\u0090b\"");
  CHECK(yaml("a\uFEFFb") == "\"a\\uFEFFb\"");
  CHECK(yaml("caf\u00e9 \u2013 \u00a0") == "caf\u00e9 \u2013 \u00a0"); // the rest as it is
  for (std::string_view s : {"yes", "2026-11-27", "a: b", "-x", "# not a comment", "line\nbreak", "null",
                             "007", "del\x7f", "a\u2028b", "a\u0085b", "a\u0090b", "\x1b[31m"}) {
    CAPTURE(s);
    CHECK(YAML::Load("k: " + yaml(s))["k"].as<std::string>() == s);
  }
}

TEST_CASE("render::display_width") {
  CHECK(display_width("abc") == 3);
  CHECK(display_width("Zoë") == 3);
  CHECK(display_width("山田") == 4);
  CHECK(display_width("e\u0301") == 1);                                    // a combining accent
  CHECK(display_width("\U0001F468\u200D\U0001F469\u200D\U0001F467") == 2); // a family: one emoji
  CHECK(display_width("\u2764\uFE0F") == 2);                               // the emoji form of a text symbol
  CHECK(display_width("\u2764") == 1);
  CHECK(display_width("\U0001F1E9\U0001F1EA") == 2);                     // a flag
  CHECK(display_width("\U0001F1E9\U0001F1EA\U0001F1EB\U0001F1F7") == 4); // two flags
  CHECK(display_width("a\u200Bb") == 2);                                 // a zero-width space
  CHECK(display_width("ｶﾀｶﾅ") == 4);                                     // half-width katakana
  CHECK(display_width("\xff") == 1);                                     // no UTF-8: one column
}

TEST_CASE("render::one_line") {
  CHECK(one_line("stage 'new'") == "stage 'new'");
  CHECK(one_line("ne\x1b[31mw\nnext\tx\r") == "ne\\x1b[31mw\\nnext\\tx\\r");
  CHECK(one_line("a\x7f"
                 "b\xc2\x85"
                 "c") == "a\\x7fb\\u0085c");
  CHECK(one_line("Müller 東京") == "Müller 東京");
}

TEST_CASE("render::append_json_string") {
  auto json = [](std::string_view s) {
    std::string out;
    append_json_string(out, s);
    return out;
  };
  CHECK(json("Zoë \"Z\"\n") == "\"Zoë \\\"Z\\\"\\n\"");
  // A byte that is no UTF-8 (a message quoting a damaged leads.yaml): U+FFFD.
  CHECK(json("D\xc4") == "\"D\xEF\xBF\xBD\"");
  CHECK(json("\xff\xfe"
             "a") == "\"\xEF\xBF\xBD\xEF\xBF\xBD"
                     "a\"");
}
