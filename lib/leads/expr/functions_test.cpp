#include <leads/expr/functions.hpp>

#include <doctest/doctest.h>

#include <string>

using namespace leads::expr;

TEST_CASE("expr::parse_timestamp") {
  CHECK(parse_timestamp("1970-01-01") == 0);
  CHECK(parse_timestamp("2026-11-27") == 1795737600);
  CHECK(parse_timestamp("2026-11-27T16:15:41Z") == 1795796141);
  CHECK(parse_timestamp("2026-11-27t16:15:41z") == 1795796141);
  CHECK(parse_timestamp("2026-11-27 16:15:41") == 1795796141);
  CHECK(parse_timestamp("2026-11-27T16:15:41.123Z") == 1795796141);
  CHECK(parse_timestamp("2026-11-27T16:15Z") == 1795796100);
  CHECK(parse_timestamp("2026-11-27T17:15:41+01:00") == 1795796141);
  CHECK(parse_timestamp("2026-11-27T15:15:41-0100") == 1795796141);
  CHECK(parse_timestamp("1969-12-31T23:00:00Z") == -3600);
  CHECK(parse_timestamp("2024-02-29T12:00:00Z") == 1709208000);
  for (std::string_view bad :
       {"", "2026", "2026-11", "2026-11-2", "2026-13-01", "2026-00-10", "2026-02-29", "1900-02-29",
        "2026-04-31", "2026-11-27X", "2026-11-27T", "2026-11-27T24:00:00Z", "2026-11-27T10:60",
        "2026-11-27T10:00:00ZZ", "2026-11-27T10:00:00.Z", "2026-11-27T10:00:00+1", "27.11.2026", "11/27/2026",
        "2026/11/27"}) {
    CHECK_MESSAGE(!parse_timestamp(bad).has_value(), bad);
  }
}

TEST_CASE("expr::whole_days_between") {
  CHECK(whole_days_between(0, 0) == 0);
  CHECK(whole_days_between(0, 86399) == 0);
  CHECK(whole_days_between(0, 86400) == 1);
  CHECK(whole_days_between(0, 30 * 86400 + 5) == 30);
  CHECK(whole_days_between(1, 0) == -1);
  CHECK(whole_days_between(86400, 0) == -1);
  CHECK(whole_days_between(86401, 0) == -2);
}

TEST_CASE("expr::number_from_text") {
  CHECK(number_from_text("200") == 200.0);
  CHECK(number_from_text("-3.5") == -3.5);
  CHECK(number_from_text("+7") == 7.0);
  CHECK(number_from_text(" 42\t") == 42.0);
  CHECK(number_from_text(".5") == 0.5);
  CHECK(number_from_text("1e3") == 1000.0);
  for (std::string_view bad :
       {"", " ", "-", "+", "abc", "200k", "1,000", "inf", "nan", "-inf", "0x10", "+-1", "1 2", "1e"}) {
    CHECK_MESSAGE(!number_from_text(bad).has_value(), bad);
  }
}

TEST_CASE("expr::truthy_text") {
  for (std::string_view yes : {"true", "True", "TRUE", "yes", "YeS", "y", "Y", "1"}) {
    CHECK_MESSAGE(truthy_text(yes), yes);
  }
  for (std::string_view no : {"", "false", "no", "n", "0", "2", "t", "yess", "truth", " true"}) {
    CHECK_FALSE_MESSAGE(truthy_text(no), no);
  }
}

TEST_CASE("expr::to_lower and to_upper") {
  std::string scratch;
  SUBCASE("unchanged text is returned as is") {
    std::string_view text = "already lower";
    std::string_view out = to_lower(text, scratch);
    CHECK(out.data() == text.data());
    CHECK(scratch.empty());
  }
  SUBCASE("ASCII and Unicode") {
    CHECK(to_lower("VP Sales", scratch) == "vp sales");
    CHECK(to_upper("vp sales", scratch) == "VP SALES");
    CHECK(to_lower("ÄÖÜ ÉTÉ", scratch) == "äöü été");
    CHECK(to_upper("émile", scratch) == "ÉMILE");
    CHECK(to_lower("\xff"
                   "AB",
                   scratch) == "\xff"
                               "ab");
  }
  SUBCASE("long ASCII text, eight bytes at a time and the tail") {
    CHECK(to_lower("Marketing Manager @ ACME [Zz] {Team} Lead_Q", scratch) ==
          "marketing manager @ acme [zz] {team} lead_q");
    CHECK(to_upper("marketing manager @ acme [zz] {team} lead_q`~", scratch) ==
          "MARKETING MANAGER @ ACME [ZZ] {TEAM} LEAD_Q`~");
    std::string all;
    for (int c = 1; c < 128; ++c) {
      all += static_cast<char>(c);
    }
    std::string lower = all;
    std::string upper = all;
    for (char& c : lower) {
      c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
    }
    for (char& c : upper) {
      c = (c >= 'a' && c <= 'z') ? static_cast<char>(c - 32) : c;
    }
    CHECK(to_lower(all, scratch) == lower);
    CHECK(to_upper(all, scratch) == upper);
    std::string_view unchanged = "already lower case text, long enough for words";
    CHECK(to_lower(unchanged, scratch).data() == unchanged.data());
  }
}

TEST_CASE("expr::text_length") {
  CHECK(text_length("") == 0);
  CHECK(text_length("abc") == 3);
  CHECK(text_length("Müller") == 6);
  CHECK(text_length("日本") == 2);
}

TEST_CASE("expr::domain_of_email") {
  std::string scratch;
  CHECK(domain_of_email("ana@example.com", scratch) == "example.com");
  CHECK(domain_of_email("Ana@Example.COM ", scratch) == "example.com");
  CHECK(domain_of_email("a@b@c.org", scratch) == "c.org");
  CHECK(domain_of_email("nobody", scratch).empty());
  CHECK(domain_of_email("", scratch).empty());
  CHECK(domain_of_email("trailing@", scratch).empty());
}

TEST_CASE("expr::find_function") {
  REQUIRE(find_function("days_since") != nullptr);
  CHECK(find_function("days_since")->arity == 1);
  CHECK(find_function("contains")->arity == 2);
  CHECK(find_function("empty")->op == Op::is_empty);
  CHECK(find_function("is_empty")->op == Op::is_empty);
  CHECK(find_function("Lower") == nullptr);
  CHECK(function_names().size() == 9);
}
