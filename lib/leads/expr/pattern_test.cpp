#include <leads/expr/pattern.hpp>

#include <doctest/doctest.h>

#include <string>

using leads::expr::Pattern;

namespace {

bool search(const std::string& pattern, std::string_view text) {
  std::string error;
  auto compiled = Pattern::compile(pattern, error);
  REQUIRE_MESSAGE(compiled != nullptr, error);
  bool found = compiled->search(text);
  CHECK_MESSAGE(found == RE2::PartialMatch(text, RE2(pattern)), pattern << " on " << text);
  return found;
}

} // namespace

TEST_CASE("expr::Pattern") {
  SUBCASE("plain words search anywhere, like RE2") {
    CHECK(search("student", "PhD student"));
    CHECK_FALSE(search("student", "PhD Student"));
    CHECK(search("(?i)student", "PhD STUDENT at MIT"));
    CHECK(search("(?i)STUdent", "student"));
    CHECK_FALSE(search("(?i)student", "stud"));
    CHECK(search("head of", "Head of Sales, head of ops"));
    CHECK(search("(?i)vp", "Senior VP"));
    CHECK_FALSE(search("(?i)vp", ""));
    CHECK(search("a-b", "xa-by"));
  }

  SUBCASE("non-ASCII text under (?i) is left to RE2's case folding") {
    CHECK(search("(?i)k", "\xe2\x84\xaa")); // U+212A KELVIN SIGN folds to k
    CHECK(search("(?i)vp", "Direktör VP"));
    CHECK_FALSE(search("(?i)vp", "Direktör"));
    CHECK(search("é", "Général"));
  }

  SUBCASE("regular expressions") {
    CHECK(search("^vp", "vp sales"));
    CHECK_FALSE(search("^vp", "svp sales"));
    CHECK(search("a.c", "abc"));
    CHECK(search("(?i)\\b(vp|head)\\b", "Head of Sales"));
    CHECK(search("", "anything"));
    CHECK(search("(?i)", ""));
  }

  SUBCASE("bad patterns report RE2's message") {
    std::string error;
    CHECK(Pattern::compile("(unclosed", error) == nullptr);
    CHECK(error == "missing ): (unclosed");
  }
}
