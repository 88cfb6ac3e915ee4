#include <leads/routing/calendar.hpp>

#include <doctest/doctest.h>

using leads::routing::AwayDays;
using leads::routing::day_of;
using leads::routing::format_day;
using leads::routing::parse_day;

TEST_SUITE("routing") {

  TEST_CASE("routing::calendar") {
    SUBCASE("UTC days") {
      // 2026-11-27T00:00:00Z is 1795737600 s: day 20784 (1795737600 / 86400).
      CHECK(day_of(1795737600) == 20784);
      CHECK(day_of(1795737600 + 86399) == 20784);
      CHECK(day_of(1795737600 - 1) == 20783);
      CHECK(day_of(-1) == -1); // 1969-12-31T23:59:59Z
      CHECK(parse_day("2026-11-27") == 20784);
      CHECK(parse_day("1970-01-01") == 0);
      CHECK(format_day(20784) == "2026-11-27");
      CHECK(format_day(-1) == "1969-12-31");
      CHECK(!parse_day("2026-02-30"));
      CHECK(!parse_day("2026-11-27T00:00:00Z"));
      CHECK(!parse_day(""));
    }

    SUBCASE("away dates and inclusive ranges") {
      const std::vector<std::string> entries = {"2026-12-24..2026-12-31", "2026-08-01", "nonsense"};
      const AwayDays away(entries);
      const auto day = [](const char* text) { return *parse_day(text); };
      CHECK(away.contains(day("2026-12-24")));
      CHECK(away.contains(day("2026-12-31")));
      CHECK(!away.contains(day("2026-12-23")));
      CHECK(!away.contains(day("2027-01-01")));
      CHECK(away.contains(day("2026-08-01")));
      CHECK(!away.contains(day("2026-08-02")));
      CHECK(away.until(day("2026-12-27")) == day("2026-12-31"));
      CHECK(away.until(day("2026-08-01")) == day("2026-08-01"));
      CHECK(!away.until(day("2026-09-01")));
      CHECK(!AwayDays().contains(0));
    }

    SUBCASE("ranges that touch or overlap are one absence") {
      const std::vector<std::string> entries = {"2026-12-28..2027-01-02", "2026-12-24..2026-12-27",
                                                "2026-12-30", "2027-01-04"};
      const AwayDays away(entries);
      const auto day = [](const char* text) { return *parse_day(text); };
      CHECK(away.until(day("2026-12-24")) == day("2027-01-02"));
      CHECK(!away.contains(day("2027-01-03")));
      CHECK(away.until(day("2027-01-04")) == day("2027-01-04"));
    }
  }

} // TEST_SUITE
