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
}

TEST_CASE("render::append_yaml_scalar") {
  auto yaml = [](std::string_view s) {
    std::string out;
    append_yaml_scalar(out, s);
    return out;
  };
  CHECK(yaml("Ann") == "Ann");
  CHECK(yaml("yes") == "\"yes\"");
  CHECK(yaml("2026-11-27") == "\"2026-11-27\"");
  CHECK(yaml("a: b") == "\"a: b\"");
  CHECK(yaml("line\nbreak") == "\"line\\nbreak\"");
  CHECK(yaml("") == "\"\"");
  for (std::string_view s : {"yes", "2026-11-27", "a: b", "-x", "# not a comment", "line\nbreak", "null", "007"}) {
    CHECK(YAML::Load("k: " + yaml(s))["k"].as<std::string>() == s);
  }
}

TEST_CASE("render::display_width") {
  CHECK(display_width("abc") == 3);
  CHECK(display_width("Zoë") == 3);
  CHECK(display_width("山田") == 4);
}
