#include <leads/expr/diagnostics.hpp>

#include <doctest/doctest.h>

using namespace leads::expr;

TEST_CASE("expr::caret_hint") {
  CHECK(caret_hint("emial == \"x\"", 0, 5) == "  emial == \"x\"\n  ^~~~~");
  CHECK(caret_hint("a == b", 5, 1) == "  a == b\n       ^");
  CHECK(caret_hint("a ==", 4, 0) == "  a ==\n      ^");
  CHECK(caret_hint("a\tb", 2, 1) == "  a b\n    ^");
  CHECK(caret_hint("\"é\" x", 5, 1) == "  \"é\" x\n      ^");
}

TEST_CASE("expr::edit_distance") {
  CHECK(edit_distance("email", "email") == 0);
  CHECK(edit_distance("emial", "email") == 1);
  CHECK(edit_distance("EMAIL", "email") == 0);
  CHECK(edit_distance("employes", "employees") == 1);
  CHECK(edit_distance("", "abc") == 3);
  CHECK(edit_distance("kitten", "sitting") == 3);
}

TEST_CASE("expr::closest_name") {
  std::vector<std::string_view> names = {"email", "title", "employees", "country"};
  CHECK(closest_name("emial", names) == "email");
  CHECK(closest_name("titel", names) == "title");
  CHECK(closest_name("countyr", names) == "country");
  CHECK(closest_name("xyz", names) == std::nullopt);
  CHECK(closest_name("stage", names) == std::nullopt);
  CHECK(did_you_mean("emial", names) == "; did you mean 'email'?");
  CHECK(did_you_mean("zzz", names).empty());
}
