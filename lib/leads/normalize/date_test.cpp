#include <leads/normalize/date.hpp>

#include <doctest/doctest.h>

#include <string>

using namespace leads::normalize;

namespace {

std::optional<std::string> mdy(std::string_view s) {
  return timestamp(s, DateOrder::mdy);
}
std::optional<std::string> dmy(std::string_view s) {
  return timestamp(s, DateOrder::dmy);
}
std::optional<std::string> ymd(std::string_view s) {
  return timestamp(s, DateOrder::ymd);
}

} // namespace

TEST_CASE("normalize::date_orders") {
  CHECK(date_orders.parse("mdy") == DateOrder::mdy);
  CHECK(date_orders.parse("dmy") == DateOrder::dmy);
  CHECK(date_orders.parse("ymd") == DateOrder::ymd);
  CHECK(date_orders.parse("DMY") == DateOrder::dmy);
  CHECK(date_orders.parse("") == std::nullopt);
  CHECK(date_orders.parse("dym") == std::nullopt);
  CHECK(date_orders.parse("mdyy") == std::nullopt);
  CHECK(date_orders.name(DateOrder::dmy) == "dmy");
  CHECK(date_orders.listed() == "mdy, dmy or ymd");
}

TEST_CASE("normalize::timestamp") {
  SUBCASE("ISO dates and date-times") {
    CHECK(mdy("2026-11-27") == "2026-11-27T00:00:00Z");
    CHECK(mdy("2026-11-27T16:15:41Z") == "2026-11-27T16:15:41Z");
    CHECK(mdy("2026-11-27 16:15:41") == "2026-11-27T16:15:41Z");
    CHECK(mdy("2026-11-27T16:15") == "2026-11-27T16:15:00Z");
    CHECK(mdy("2026-11-27t16:15:41z") == "2026-11-27T16:15:41Z");
    CHECK(mdy("2026-11-27T16:15:41.123Z") == "2026-11-27T16:15:41Z");
    CHECK(mdy("2026-11-27T16:15:41,123456789") == "2026-11-27T16:15:41Z");
    CHECK(mdy("  2026-11-27 16:15:41 UTC ") == "2026-11-27T16:15:41Z");
    CHECK(mdy("2026-11-27 16:15:41 GMT") == "2026-11-27T16:15:41Z");
    CHECK(dmy("2026-11-27") == "2026-11-27T00:00:00Z"); // 4-digit first part: always y-m-d
    CHECK(mdy("2026/11/27") == "2026-11-27T00:00:00Z");
    CHECK(mdy("2026.1.5") == "2026-01-05T00:00:00Z");
    CHECK(mdy("20261127") == "2026-11-27T00:00:00Z");
  }
  SUBCASE("offsets are converted to UTC") {
    CHECK(mdy("2026-11-27T16:15:41+01:00") == "2026-11-27T15:15:41Z");
    CHECK(mdy("2026-11-27T16:15:41-0530") == "2026-11-27T21:45:41Z");
    CHECK(mdy("2026-11-27T16:15:41+09") == "2026-11-27T07:15:41Z");
    CHECK(mdy("2026-11-27 16:15:41 +0000") == "2026-11-27T16:15:41Z");
    CHECK(mdy("2026-01-01T00:30:00+01:00") == "2025-12-31T23:30:00Z");
    CHECK(mdy("2024-02-28T23:00:00-02:00") == "2024-02-29T01:00:00Z");
    CHECK(mdy("2026-11-27T16:15:41+15:00") == std::nullopt);
    CHECK(mdy("2026-11-27T16:15:41+01:60") == std::nullopt);
    CHECK(mdy("2026-11-27T16:15:41+1") == std::nullopt);
    CHECK(mdy("2026-11-27T16:15:41 EST") == std::nullopt);
  }
  SUBCASE("numeric dates follow the order") {
    CHECK(mdy("11/27/2026") == "2026-11-27T00:00:00Z");
    CHECK(dmy("27/11/2026") == "2026-11-27T00:00:00Z");
    CHECK(dmy("27.11.2026") == "2026-11-27T00:00:00Z");
    CHECK(dmy("27-11-2026") == "2026-11-27T00:00:00Z");
    CHECK(mdy("03/05/2026") == "2026-03-05T00:00:00Z");
    CHECK(dmy("03/05/2026") == "2026-05-03T00:00:00Z");
    CHECK(mdy("3/5/26") == "2026-03-05T00:00:00Z");
    CHECK(dmy("3/5/75") == "1975-05-03T00:00:00Z");
    CHECK(mdy("12/31/69") == "2069-12-31T00:00:00Z");
    CHECK(mdy("1/1/70") == "1970-01-01T00:00:00Z");
    CHECK(ymd("26/11/27") == "2026-11-27T00:00:00Z");
    CHECK(ymd("2026/11/27") == "2026-11-27T00:00:00Z");
  }
  SUBCASE("dotted dates are day first whatever the order; a four-digit year first stays y-m-d") {
    for (DateOrder order : {DateOrder::mdy, DateOrder::dmy, DateOrder::ymd}) {
      CAPTURE(static_cast<int>(order));
      CHECK(timestamp("5.11.2026", order) == "2026-11-05T00:00:00Z");
      CHECK(timestamp("05.11.2026", order) == "2026-11-05T00:00:00Z");
      CHECK(timestamp("27.11.2026", order) == "2026-11-27T00:00:00Z");
      CHECK(timestamp("05.11.26", order) == "2026-11-05T00:00:00Z");
      CHECK(timestamp("27.11.2026 16:15", order) == "2026-11-27T16:15:00Z");
      CHECK(timestamp("5.11.2026, 9:30", order) == "2026-11-05T09:30:00Z");
      CHECK(timestamp("2026.11.05", order) == "2026-11-05T00:00:00Z");
      CHECK(timestamp("11.27.2026", order) == std::nullopt);
      CHECK(timestamp("31.02.2026", order) == std::nullopt);
    }
    // Slashes and dashes still follow the order.
    CHECK(mdy("5/11/2026") == "2026-05-11T00:00:00Z");
    CHECK(mdy("5-11-2026") == "2026-05-11T00:00:00Z");
  }
  SUBCASE("strict: an order that makes no date is no date") {
    CHECK(mdy("27/11/2026") == std::nullopt);
    CHECK(dmy("11/27/2026") == std::nullopt);
    CHECK(ymd("11/27/2026") == std::nullopt);
    CHECK(mdy("13/01/2026") == std::nullopt);
    CHECK(mdy("11/27-2026") == std::nullopt);
    CHECK(mdy("11/27/202") == std::nullopt);
    CHECK(mdy("11/27/02026") == std::nullopt);
    CHECK(mdy("111/27/2026") == std::nullopt);
    CHECK(mdy("2026-11-277") == std::nullopt);
  }
  SUBCASE("times with numeric dates") {
    CHECK(mdy("11/27/2026 4:15 PM") == "2026-11-27T16:15:00Z");
    CHECK(mdy("11/27/2026 4:15pm") == "2026-11-27T16:15:00Z");
    CHECK(mdy("11/27/2026 4:15:41 p.m.") == "2026-11-27T16:15:41Z");
    CHECK(mdy("11/27/2026 12:05 AM") == "2026-11-27T00:05:00Z");
    CHECK(mdy("11/27/2026 12:05 PM") == "2026-11-27T12:05:00Z");
    CHECK(dmy("27/11/2026 16:15") == "2026-11-27T16:15:00Z");
    CHECK(dmy("27.11.2026 16:15:41") == "2026-11-27T16:15:41Z");
    CHECK(mdy("11/27/2026 13:15 PM") == std::nullopt);
    CHECK(mdy("11/27/2026 0:15 AM") == std::nullopt);
    CHECK(mdy("11/27/2026 24:00") == std::nullopt);
    CHECK(mdy("11/27/2026 16:60") == std::nullopt);
    CHECK(mdy("11/27/2026 16:15:60") == std::nullopt);
    CHECK(mdy("11/27/2026 16") == std::nullopt);
    CHECK(mdy("11/27/2026 4:15 XM") == std::nullopt);
  }
  SUBCASE("month names") {
    CHECK(mdy("27-Nov-2026") == "2026-11-27T00:00:00Z");
    CHECK(dmy("27-nov-26") == "2026-11-27T00:00:00Z");
    CHECK(mdy("Nov 27, 2026") == "2026-11-27T00:00:00Z");
    CHECK(mdy("November 27 2026") == "2026-11-27T00:00:00Z");
    CHECK(mdy("NOVEMBER 27, 2026") == "2026-11-27T00:00:00Z");
    CHECK(mdy("Nov. 27th, 2026") == "2026-11-27T00:00:00Z");
    CHECK(mdy("Sept 1, 2026") == "2026-09-01T00:00:00Z");
    CHECK(mdy("27 November 2026") == "2026-11-27T00:00:00Z");
    CHECK(mdy("27 Nov, 2026") == "2026-11-27T00:00:00Z");
    CHECK(mdy("1 May 2026") == "2026-05-01T00:00:00Z");
    CHECK(mdy("Nov 27, 2026 4:15 PM") == "2026-11-27T16:15:00Z");
    CHECK(mdy("Nov 27, 2026, 4:15 PM") == "2026-11-27T16:15:00Z");
    CHECK(mdy("Friday, November 27, 2026") == "2026-11-27T00:00:00Z");
    CHECK(mdy("Fri, 27 Nov 2026 16:15:41 +0100") == "2026-11-27T15:15:41Z");
    CHECK(dmy("Fri 27.11.2026") == "2026-11-27T00:00:00Z");
    CHECK(mdy("Fri, Fri, 27 Nov 2026") == std::nullopt);
    CHECK(mdy("Fri,27 Nov 2026") == std::nullopt);
    CHECK(mdy("Nov 31, 2026") == std::nullopt);
    CHECK(mdy("Novem 27, 2026") == std::nullopt);
    CHECK(mdy("No 27, 2026") == std::nullopt);
    CHECK(mdy("Nov 27th 26") == std::nullopt);
    CHECK(mdy("Nov 27xx, 2026") == std::nullopt);
    CHECK(mdy("27 Foo 2026") == std::nullopt);
    CHECK(mdy("27-Nov/2026") == std::nullopt);
  }
  SUBCASE("epoch seconds and milliseconds") {
    CHECK(mdy("1764260141") == "2025-11-27T16:15:41Z");
    CHECK(mdy("1764260141000") == "2025-11-27T16:15:41Z");
    CHECK(mdy("1764260141999") == "2025-11-27T16:15:41Z");
    CHECK(mdy("1795796141") == "2026-11-27T16:15:41Z");
    CHECK(mdy("176426014") == std::nullopt);
    CHECK(mdy("17642601410") == std::nullopt);
  }
  SUBCASE("calendar") {
    CHECK(mdy("2024-02-29") == "2024-02-29T00:00:00Z");
    CHECK(mdy("2000-02-29") == "2000-02-29T00:00:00Z");
    CHECK(mdy("2026-02-29") == std::nullopt);
    CHECK(mdy("1900-02-29") == std::nullopt);
    CHECK(mdy("2026-04-31") == std::nullopt);
    CHECK(mdy("2026-00-10") == std::nullopt);
    CHECK(mdy("2026-12-00") == std::nullopt);
    CHECK(mdy("0000-01-01") == std::nullopt);
    CHECK(mdy("0001-01-01") == "0001-01-01T00:00:00Z");
    CHECK(mdy("9999-12-31T23:59:59Z") == "9999-12-31T23:59:59Z");
    CHECK(mdy("9999-12-31T23:59:59-01:00") == std::nullopt);
    CHECK(mdy("1969-12-31T23:59:59Z") == "1969-12-31T23:59:59Z");
  }
  SUBCASE("not dates") {
    CHECK(mdy("") == std::nullopt);
    CHECK(mdy("   ") == std::nullopt);
    CHECK(mdy("yesterday") == std::nullopt);
    CHECK(mdy("N/A") == std::nullopt);
    CHECK(mdy("2026") == std::nullopt);
    CHECK(mdy("2026-11") == std::nullopt);
    CHECK(mdy("2026-11-27Z") == std::nullopt);
    CHECK(mdy("2026-11-27T") == std::nullopt);
    CHECK(mdy("2026-11-27 garbage") == std::nullopt);
    CHECK(mdy("2026-11-27T16:15:41Z trailing") == std::nullopt);
    CHECK(mdy("27 11 2026") == std::nullopt);
    CHECK(mdy("-2026-11-27") == std::nullopt);
  }
}

TEST_CASE("normalize::parse_iso") {
  CHECK(parse_iso("1970-01-01") == 0);
  CHECK(parse_iso("1970-01-01T00:00:00Z") == 0);
  CHECK(parse_iso("2026-11-27T16:15:41Z") == 1795796141);
  CHECK(parse_iso("2024-02-29") == 1709164800);
  CHECK(parse_iso("1969-12-31T23:59:59Z") == -1);
  CHECK(parse_iso("0001-01-01") == -62135596800);
  CHECK(parse_iso("9999-12-31T23:59:59Z") == 253402300799);
  CHECK(parse_iso("2026-02-29") == std::nullopt);
  CHECK(parse_iso("2026-11-27T24:00:00Z") == std::nullopt);
  CHECK(parse_iso("2026-11-27T16:15:41") == std::nullopt);
  CHECK(parse_iso("2026-11-27 16:15:41Z") == std::nullopt);
  CHECK(parse_iso("2026-11-27T16:15:41+00:00") == std::nullopt);
  CHECK(parse_iso("2026-1-27") == std::nullopt);
  CHECK(parse_iso("2026/11/27") == std::nullopt);
  CHECK(parse_iso("") == std::nullopt);
}

TEST_CASE("normalize::format_iso") {
  CHECK(format_iso(0) == "1970-01-01T00:00:00Z");
  CHECK(format_iso(1795796141) == "2026-11-27T16:15:41Z");
  CHECK(format_iso(-1) == "1969-12-31T23:59:59Z");
  CHECK(format_iso(1709164800) == "2024-02-29T00:00:00Z");
  CHECK(format_iso(-62135596800) == "0001-01-01T00:00:00Z");
  CHECK(format_iso(253402300799) == "9999-12-31T23:59:59Z");
  CHECK(format_iso(253402300800) == "+10000-01-01T00:00:00Z");
  CHECK(format_iso(-62135596801) == "0000-12-31T23:59:59Z");
  CHECK(format_iso(-62198755200) == "-0001-01-01T00:00:00Z");
  SUBCASE("round trip over four centuries") {
    for (std::int64_t t = -62135596800; t < 253402300799; t += 86399 * 997) {
      CAPTURE(t);
      REQUIRE(parse_iso(format_iso(t)) == t);
    }
  }
}

TEST_CASE("normalize::unreadable_date_note") {
  using leads::normalize::DateOrder;
  using leads::normalize::unreadable_date_note;
  CHECK(unreadable_date_note("45720", DateOrder::mdy) ==
        "; it looks like a spreadsheet's day number: format the column as dates and export again");
  CHECK(unreadable_date_note("45720.5", DateOrder::dmy)
            .starts_with("; it looks like a spreadsheet's day number"));
  // A day-first date read month first, and the other way round.
  CHECK(unreadable_date_note("29/12/2024", DateOrder::mdy) ==
        "; it reads as a date in another order: import with --date-order dmy");
  CHECK(unreadable_date_note("12/29/2024", DateOrder::dmy) ==
        "; it reads as a date in another order: import with --date-order mdy");
  CHECK(unreadable_date_note("someday", DateOrder::mdy) == "");
  CHECK(unreadable_date_note("31/31/2024", DateOrder::mdy) == "");
  CHECK(unreadable_date_note("123", DateOrder::mdy) == "");
}
