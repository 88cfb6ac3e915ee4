#include <leads/csv/encoding.hpp>

#include <doctest/doctest.h>

#include <string>

TEST_CASE("csv::check_utf8") {
  using leads::csv::check_utf8;

  SUBCASE("well-formed text") {
    for (const std::string text : {"", "plain ascii, long enough to take the fast path of 16 bytes and more",
                                   "Z\xC3\xBCrich", "\xE6\x9D\xB1\xE4\xBA\xAC", "\xF0\x9F\x98\x84 emoji",
                                   "\xEF\xBF\xBD", "\xF4\x8F\xBF\xBF", "\xED\x9F\xBF"}) {
      CAPTURE(text);
      const auto check = check_utf8(text);
      CHECK(check.valid == text.size());
      CHECK_FALSE(check.invalid);
    }
  }

  SUBCASE("ill-formed sequences point at their first byte") {
    struct Case {
      std::string text;
      std::size_t at;
    };
    for (const Case& c : {Case{"abc\x80", 3}, Case{"\xC0\x80", 0}, Case{"\xC1\xBF", 0},
                          Case{"x\xE0\x80\x80", 1}, Case{"\xED\xA0\x80", 0}, Case{"\xF0\x80\x80\x80", 0},
                          Case{"\xF4\x90\x80\x80", 0}, Case{"\xF5\x80\x80\x80", 0}, Case{"\xFF", 0},
                          Case{"Ren\xE9"
                               "e",
                               3},
                          Case{"\xE2\x82x", 0}, Case{std::string(40, 'a') + "\xC3\xA9\xC3(", 42}}) {
      CAPTURE(c.text);
      const auto check = check_utf8(c.text);
      CHECK(check.invalid);
      CHECK(check.valid == c.at);
    }
  }

  SUBCASE("a sequence cut by the end is incomplete, not invalid") {
    // E0 and F0 allow only some second bytes: cut after the lead, they are still incomplete.
    for (const std::string text : {"ab\xC3", "ab\xE2\x82", "ab\xF0\x9F\x98", "ab\xE0", "ab\xE0\xA4", "ab\xF0",
                                   "ab\xF0\x9F", "ab\xF4"}) {
      CAPTURE(text);
      const auto check = check_utf8(text);
      CHECK_FALSE(check.invalid);
      CHECK(check.valid == 2);
    }
  }

  SUBCASE("an overlong or out-of-range start cut by the end is invalid") {
    for (const std::string text : {"ab\xE0\x80", "ab\xF0\x80", "ab\xF4\x90", "ab\xED\xA0"}) {
      CAPTURE(text);
      const auto check = check_utf8(text);
      CHECK(check.invalid);
      CHECK(check.valid == 2);
    }
  }
}

TEST_CASE("csv::transcode") {
  using leads::csv::Encoding;
  using leads::csv::to_utf8;

  SUBCASE("Windows-1252") {
    CHECK(to_utf8("\x80", Encoding::windows1252) == "\xE2\x82\xAC");
    CHECK(to_utf8("\x93quoted\x94", Encoding::windows1252) == "\xE2\x80\x9Cquoted\xE2\x80\x9D");
    CHECK(to_utf8("\x8A\x9F\x99", Encoding::windows1252) == "\xC5\xA0\xC5\xB8\xE2\x84\xA2");
    CHECK(to_utf8("\x81\x8D", Encoding::windows1252) == "\xC2\x81\xC2\x8D");
    CHECK(to_utf8("caf\xE9 na\xEFve \xFF", Encoding::windows1252) == "caf\xC3\xA9 na\xC3\xAFve \xC3\xBF");
    CHECK(to_utf8("plain ascii text", Encoding::windows1252) == "plain ascii text");
  }

  SUBCASE("Latin-1 keeps 0x80-0x9F as C1 controls") {
    CHECK(to_utf8("\x80\x93\xA0\xE9", Encoding::latin1) == "\xC2\x80\xC2\x93\xC2\xA0\xC3\xA9");
  }

  SUBCASE("UTF-8 is copied") {
    CHECK(to_utf8("Z\xC3\xBCrich", Encoding::utf8) == "Z\xC3\xBCrich");
  }
}
