#include <leads/render/object.hpp>

#include <doctest/doctest.h>

using namespace leads::render;

TEST_SUITE_BEGIN("render");

TEST_CASE("render::Object") {
  Object counts;
  counts.set("read", 30).set("new", 26).set("ratio", 0.5).set("ok", false).set("none", nullptr);
  Object reasons;
  reasons.set("invalid email", 1).set("no identity", 2);
  counts.set("reasons", reasons);
  counts.set("files", Array().push("a.csv").push("b \"c\".csv"));
  counts.set("empty", Array());
  counts.set("read", 31); // set again: keeps its place

  SUBCASE("json on one line, keys in order") {
    CHECK(to_json(counts) ==
          "{\"read\": 31, \"new\": 26, \"ratio\": 0.5, \"ok\": false, \"none\": null, \"reasons\": "
          "{\"invalid email\": 1, \"no identity\": 2}, \"files\": [\"a.csv\", \"b \\\"c\\\".csv\"], "
          "\"empty\": []}\n");
  }

  SUBCASE("yaml in block style") {
    CHECK(to_yaml(counts) == "read: 31\n"
                             "new: 26\n"
                             "ratio: 0.5\n"
                             "ok: false\n"
                             "none: null\n"
                             "reasons:\n"
                             "  invalid email: 1\n"
                             "  no identity: 2\n"
                             "files:\n"
                             "  - a.csv\n"
                             "  - b \"c\".csv\n"
                             "empty: []\n");
  }

  SUBCASE("arrays of objects") {
    Object doc;
    Array problems = Array::one_per_line();
    problems.push(Object().set("file", "x.yaml").set("line", 1));
    problems.push(Object().set("file", "y.csv").set("line", 2).set("nested", Object().set("a", "b")));
    doc.set("ok", false).set("problems", problems);
    CHECK(to_json(doc) == "{\"ok\": false, \"problems\": [\n"
                          "  {\"file\": \"x.yaml\", \"line\": 1},\n"
                          "  {\"file\": \"y.csv\", \"line\": 2, \"nested\": {\"a\": \"b\"}}\n"
                          "]}\n");
    CHECK(to_yaml(doc) == "ok: false\n"
                          "problems:\n"
                          "  - file: x.yaml\n"
                          "    line: 1\n"
                          "  - file: y.csv\n"
                          "    line: 2\n"
                          "    nested:\n"
                          "      a: b\n");
    CHECK(to_json(Object().set("problems", Array::one_per_line())) == "{\"problems\": []}\n");
  }

  SUBCASE("scalars that YAML would misread are quoted; numbers stay numbers") {
    CHECK(to_yaml(Object().set("a", "yes").set("b", "007").set("c", 7)) == "a: \"yes\"\nb: \"007\"\nc: 7\n");
    CHECK(to_json(Value(1.0 / 3)) == "0.3333333333333333\n");
    CHECK(to_json(Value(2.0)) == "2\n");
    CHECK(to_yaml(Object()) == "{}\n");
  }
}

TEST_SUITE_END();
