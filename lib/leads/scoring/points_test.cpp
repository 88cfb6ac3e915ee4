#include <leads/scoring/points.hpp>

#include <doctest/doctest.h>

#include <limits>

using leads::scoring::format_points;
using leads::scoring::parse_points;
using leads::scoring::Points;
using leads::scoring::round_hundredths;
using leads::scoring::to_points;

TEST_SUITE_BEGIN("scoring");

TEST_CASE("scoring::format_points") {
  SUBCASE("at most two decimals, trailing zeros dropped") {
    CHECK(format_points(1500) == "15");
    CHECK(format_points(1250) == "12.5");
    CHECK(format_points(1205) == "12.05");
    CHECK(format_points(-25) == "-0.25");
    CHECK(format_points(-100) == "-1");
    CHECK(format_points(5) == "0.05");
    CHECK(format_points(0) == "0");
    CHECK(format_points(123456) == "1234.56");
  }
  SUBCASE("the extremes do not overflow") {
    CHECK(format_points(std::numeric_limits<Points>::min()) == "-92233720368547758.08");
    CHECK(format_points(std::numeric_limits<Points>::max()) == "92233720368547758.07");
  }
  SUBCASE("appends to a buffer") {
    std::string out = "score=";
    leads::scoring::append_points(out, 6350);
    CHECK(out == "score=63.5");
  }
}

TEST_CASE("scoring::round_hundredths") {
  SUBCASE("half away from zero") {
    CHECK(round_hundredths(12.5) == 13);
    CHECK(round_hundredths(-12.5) == -13);
    CHECK(round_hundredths(12.49) == 12);
    CHECK(round_hundredths(0.5) == 1);
    CHECK(round_hundredths(-0.4) == 0);
  }
  SUBCASE("decimal figures round as written, not as their binary neighbours") {
    // 1.005 * 100 is 100.49999999999999 in binary; written, it is a half: 1.01.
    CHECK(to_points(1.005) == 101);
    CHECK(to_points(2.675) == 268);
    CHECK(to_points(0.125) == 13);
    CHECK(to_points(-0.125) == -13);
    CHECK(to_points(15) == 1500);
    CHECK(to_points(-1000) == -100000);
    CHECK(to_points(0.1) == 10);
  }
}

TEST_CASE("scoring::parse_points") {
  CHECK(parse_points("63") == 6300);
  CHECK(parse_points(" 12.5 ") == 1250);
  CHECK(parse_points("-0.25") == -25);
  CHECK(parse_points("1e1") == 1000);
  CHECK(!parse_points(""));
  CHECK(!parse_points("high"));
  CHECK(!parse_points("12,5"));
  CHECK(!parse_points("1e300"));
}

TEST_SUITE_END();
