#include <leads/text/strings.hpp>

#include <doctest/doctest.h>

#include <cstring>

using namespace leads;

TEST_SUITE_BEGIN("text");

TEST_CASE("text::trim") {
  SUBCASE("ASCII white space") {
    CHECK(text::trim("  ann \t\r\n") == "ann");
    CHECK(text::trim("\v\fa b\f") == "a b");
    CHECK(text::trim("") == "");
    CHECK(text::trim(" \t ") == "");
  }
  SUBCASE("NBSP, BOM and other Unicode spaces") {
    CHECK(text::trim("\xC2\xA0"
                     "ann\xC2\xA0") == "ann");
    CHECK(text::trim("\xEF\xBB\xBF"
                     "email") == "email");
    CHECK(text::trim("\xE2\x80\x83x\xE3\x80\x80") == "x");
    CHECK(text::trim("\xC2\xA0\xEF\xBB\xBF ") == "");
  }
  SUBCASE("inner space and non-space multibyte ends are kept") {
    CHECK(text::trim(" a\xC2\xA0"
                     "b ") == "a\xC2\xA0"
                              "b");
    CHECK(text::trim("caf\xC3\xA9") == "caf\xC3\xA9");
    CHECK(text::trim("\xC3\xA9t\xC3\xA9") == "\xC3\xA9t\xC3\xA9");
  }
  SUBCASE("invalid UTF-8 at the ends is not white space") {
    CHECK(text::trim("\xA0x\xA0") == "\xA0x\xA0");
    CHECK(text::trim(" \xC2") == "\xC2");
  }
}

TEST_CASE("text::ascii_lower") {
  CHECK(text::ascii_lower("Ann@Example.COM") == "ann@example.com");
  CHECK(text::ascii_lower("\xC3\x89TAT") == "\xC3\x89tat"); // É untouched
  CHECK(text::ascii_lower_char('Q') == 'q');
  CHECK(text::ascii_lower_char('@') == '@');
}

TEST_CASE("text::equals_ignoring_case and starts_with_ignoring_case") {
  CHECK(text::equals_ignoring_case("UTF-8", "utf-8"));
  CHECK_FALSE(text::equals_ignoring_case("utf-8", "utf-16"));
  CHECK_FALSE(text::equals_ignoring_case("utf", "utf-8"));
  CHECK(text::starts_with_ignoring_case("Copyright (c) 2026", "copyright (c)"));
  CHECK_FALSE(text::starts_with_ignoring_case("Copy", "copyright"));
}

TEST_CASE("text::digits") {
  CHECK(text::is_digit('7'));
  CHECK_FALSE(text::is_digit('a'));
  CHECK(text::all_digits("0123"));
  CHECK_FALSE(text::all_digits(""));
  CHECK_FALSE(text::all_digits("12a"));
}

TEST_CASE("text::ascii_case_bits") {
  // "Ab1Z" padded: the bits flip A and Z (capitals), nothing else.
  std::uint64_t word = 0;
  const char bytes[8] = {'A', 'b', '1', 'Z', ' ', 'z', '@', '['};
  std::memcpy(&word, bytes, 8);
  word ^= text::ascii_case_bits(word, 'A');
  char out[8];
  std::memcpy(out, &word, 8);
  CHECK(std::string_view(out, 8) == "ab1z z@[");
}

TEST_SUITE_END();
