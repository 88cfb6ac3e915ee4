#include <leads/render/json_lines.hpp>
#include <leads/render/render.hpp>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

using namespace leads::render;

TEST_SUITE("render") {
  TEST_CASE("render::is_json_number") {
    for (const char* yes : {"0", "-0", "12", "-12", "0.5", "1e3", "1E-3", "2.5e+10"}) {
      CAPTURE(yes);
      CHECK(is_json_number(yes));
    }
    for (const char* no : {"", "-", "012", ".5", "1.", "+1", "1e", "2026-W47", "NaN", "1,5", " 1"}) {
      CAPTURE(no);
      CHECK_FALSE(is_json_number(no));
    }
  }

  TEST_CASE("render::to_json_lines") {
    Array problems = Array::one_per_line();
    problems.push(Object().set("file", "leads.csv").set("line", 3));
    problems.push(Object().set("file", "events.csv").set("nested", Array::one_per_line().push(1).push(2)));
    // Each item on a line, nested one-per-line arrays too.
    CHECK(to_json_lines(problems) == "{\"file\": \"leads.csv\", \"line\": 3}\n"
                                     "{\"file\": \"events.csv\", \"nested\": [1, 2]}\n");
    CHECK(to_json_lines(Array()).empty());
    CHECK(to_json_line(Object().set("problems", problems)) ==
          "{\"problems\": [{\"file\": \"leads.csv\", \"line\": 3}, {\"file\": \"events.csv\", \"nested\": "
          "[1, 2]}]}\n");
    // The same object as to_json() prints it, but on one line.
    const Object summary = Object().set("read", 3).set("lines", Array::one_per_line().push("a"));
    CHECK(to_json(summary) == "{\"read\": 3, \"lines\": [\n  \"a\"\n]}\n");
    CHECK(nlohmann::json::parse(to_json_line(summary)) == nlohmann::json::parse(to_json(summary)));
  }

  TEST_CASE("render::to_document") {
    const Object summary = Object().set("read", 3).set("lines", Array::one_per_line().push("a"));
    CHECK(to_document(summary, Format::json) == to_json(summary));
    CHECK(to_document(summary, Format::jsonl) == "{\"read\": 3, \"lines\": [\"a\"]}\n");
    CHECK(to_document(summary, Format::yaml) == to_yaml(summary));
    CHECK(to_yaml(summary).starts_with("read: 3\n"));
  }

  TEST_CASE("render::table_as_json_lines") {
    static constexpr std::string_view k_numbers[] = {"value", "previous"};
    const std::string csv = "section,metric,value,previous\n"
                            "report,period,2026-W47,2026-W46\n"
                            "now,leads,7,\n"
                            "conversion,rate,0.5,\"1\"\n";
    // value and previous are numbers where they read as one, null where empty; the rest strings.
    CHECK(table_as_json_lines(csv, k_numbers) ==
          "{\"section\": \"report\", \"metric\": \"period\", \"value\": \"2026-W47\", \"previous\": "
          "\"2026-W46\"}\n"
          "{\"section\": \"now\", \"metric\": \"leads\", \"value\": 7, \"previous\": null}\n"
          "{\"section\": \"conversion\", \"metric\": \"rate\", \"value\": 0.5, \"previous\": 1}\n");
    CHECK(table_as_json_lines("a,b\n", k_numbers).empty());
  }
}
