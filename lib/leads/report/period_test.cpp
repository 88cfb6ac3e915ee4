#include <leads/report/period.hpp>

#include <leads/error.hpp>
#include <leads/normalize/date.hpp>

#include <doctest/doctest.h>

using leads::report::Every;
using leads::report::parse_period;
using leads::report::Period;
using leads::report::PeriodKind;
using leads::report::previous;
using leads::report::trend_buckets;

namespace {

std::int64_t at(const char* iso) {
  return *leads::normalize::parse_iso(iso);
}

// "label first..last" of a period, to compare in one line.
std::string shown(const Period& p) {
  return p.label + " " + p.first_day() + ".." + p.last_day();
}

std::vector<std::string> labels(const std::vector<Period>& periods) {
  std::vector<std::string> out;
  for (const Period& p : periods) {
    out.push_back(p.label);
  }
  return out;
}

} // namespace

TEST_SUITE("report") {

  TEST_CASE("report::parse_period") {
    // Friday 2026-11-27, noon. 2026-01-01 is a Thursday, so ISO week 1 of 2026
    // starts on Monday 2025-12-29, and Monday 2026-11-23 is 329 days = 47 weeks
    // later: week 48.
    const std::int64_t now = at("2026-11-27T12:00:00Z");

    SUBCASE("relative weeks, months and days") {
      CHECK(shown(parse_period("this-week", now)) == "2026-W48 2026-11-23..2026-11-29");
      CHECK(shown(parse_period("last-week", now)) == "2026-W47 2026-11-16..2026-11-22");
      CHECK(shown(parse_period("this-month", now)) == "2026-11 2026-11-01..2026-11-30");
      CHECK(shown(parse_period("last-month", now)) == "2026-10 2026-10-01..2026-10-31");
      CHECK(shown(parse_period("today", now)) == "2026-11-27 2026-11-27..2026-11-27");
      CHECK(shown(parse_period("yesterday", now)) == "2026-11-26 2026-11-26..2026-11-26");
      // The 7 whole days before today.
      CHECK(shown(parse_period("last-7-days", now)) == "2026-11-20..2026-11-26 2026-11-20..2026-11-26");
      CHECK(parse_period("last-week", now).kind == PeriodKind::week);
      CHECK(parse_period("last-7-days", now).kind == PeriodKind::range);
    }

    SUBCASE("bounds are [start, end) in epoch seconds, at midnight UTC") {
      const Period week = parse_period("2026-W47", now);
      CHECK(week.start == 1794787200); // date -u -d 2026-11-16 +%s
      CHECK(week.end == 1795392000);   // date -u -d 2026-11-23 +%s
      CHECK(week.contains(at("2026-11-22T23:59:59Z")));
      CHECK_FALSE(week.contains(at("2026-11-23T00:00:00Z")));
      CHECK(week.contains(at("2026-11-16T00:00:00Z")));
      CHECK_FALSE(week.contains(at("2026-11-15T23:59:59Z")));
    }

    SUBCASE("ISO weeks across year ends, W53") {
      // 2026 starts on a Thursday: it has 53 weeks, the last one into 2027.
      CHECK(shown(parse_period("2026-W53", now)) == "2026-W53 2026-12-28..2027-01-03");
      CHECK(shown(parse_period("2027-W01", now)) == "2027-W01 2027-01-04..2027-01-10");
      // 2025-01-01 is a Wednesday: week 1 of 2025 starts in 2024.
      CHECK(shown(parse_period("2025-W01", now)) == "2025-W01 2024-12-30..2025-01-05");
      CHECK(shown(parse_period("2020-W53", now)) == "2020-W53 2020-12-28..2021-01-03");
      // last-week on Wednesday 2027-01-06 is the 53rd week of 2026.
      CHECK(parse_period("last-week", at("2027-01-06T08:00:00Z")).label == "2026-W53");
      // Sunday 2027-01-03 still lies in 2026-W53.
      CHECK(parse_period("this-week", at("2027-01-03T23:00:00Z")).label == "2026-W53");
    }

    SUBCASE("months, month ends and leap years") {
      CHECK(shown(parse_period("2024-02", now)) == "2024-02 2024-02-01..2024-02-29");
      CHECK(shown(parse_period("2026-02", now)) == "2026-02 2026-02-01..2026-02-28");
      CHECK(shown(parse_period("2026-12", now)) == "2026-12 2026-12-01..2026-12-31");
      CHECK(parse_period("last-month", at("2026-01-15T00:00:00Z")).label == "2025-12");
      CHECK(parse_period("this-month", at("2026-03-31T23:59:59Z")).label == "2026-03");
    }

    SUBCASE("days and ranges") {
      CHECK(shown(parse_period("2024-02-29", now)) == "2024-02-29 2024-02-29..2024-02-29");
      const Period range = parse_period("2026-11-01..2026-11-30", now);
      CHECK(range.kind == PeriodKind::range);
      CHECK(range.end - range.start == 30 * 86400);
      CHECK(shown(parse_period("2026-12-31..2026-12-31", now)) ==
            "2026-12-31..2026-12-31 2026-12-31..2026-12-31");
    }

    SUBCASE("mistakes name the forms") {
      for (const char* bad : {"lastweek", "2026-W54", "2025-W53", "2026-W00", "2026-13", "2026-02-30",
                              "2026-11-30..2026-11-01", "2026-11-01..", "last-0-days", "last-x-days", ""}) {
        CAPTURE(bad);
        try {
          parse_period(bad, now);
          FAIL("no error");
        } catch (const leads::Error& e) {
          CHECK(e.kind() == leads::ErrorKind::usage);
          CHECK(e.hint().find("last-week") != std::string::npos);
        }
      }
      try {
        parse_period("2025-W53", now);
      } catch (const leads::Error& e) {
        CHECK(e.message() == "unknown period '2025-W53': 2025 has weeks W01 to W52");
      }
    }
  }

  TEST_CASE("report::previous") {
    const std::int64_t now = at("2026-11-27T12:00:00Z");
    auto before = [&](const char* spec) { return shown(previous(parse_period(spec, now))); };
    CHECK(before("2026-W47") == "2026-W46 2026-11-09..2026-11-15");
    CHECK(before("2027-W01") == "2026-W53 2026-12-28..2027-01-03");
    CHECK(before("2026-W01") == "2025-W52 2025-12-22..2025-12-28");
    CHECK(before("2026-03") == "2026-02 2026-02-01..2026-02-28");
    CHECK(before("2026-01") == "2025-12 2025-12-01..2025-12-31");
    CHECK(before("2026-01-01") == "2025-12-31 2025-12-31..2025-12-31");
    // 30 days before a 30-day range: Oct 2 to Oct 31.
    CHECK(before("2026-11-01..2026-11-30") == "2026-10-02..2026-10-31 2026-10-02..2026-10-31");
    CHECK(before("last-7-days") == "2026-11-13..2026-11-19 2026-11-13..2026-11-19");
  }

  TEST_CASE("report::trend_buckets") {
    const std::int64_t now = at("2026-11-27T12:00:00Z");

    SUBCASE("a week by weeks: the 8 weeks ending with it") {
      CHECK(labels(trend_buckets(parse_period("last-week", now), Every::week)) ==
            std::vector<std::string>{"2026-W40", "2026-W41", "2026-W42", "2026-W43", "2026-W44", "2026-W45",
                                     "2026-W46", "2026-W47"});
    }

    SUBCASE("a month by weeks: every week that overlaps it") {
      // 2026-11-01 is a Sunday (in W44), 2026-11-30 a Monday (in W49).
      CHECK(labels(trend_buckets(parse_period("2026-11", now), Every::week)) ==
            std::vector<std::string>{"2026-W44", "2026-W45", "2026-W46", "2026-W47", "2026-W48", "2026-W49"});
    }

    SUBCASE("a month by months: the 8 months ending with it, across a year end") {
      CHECK(labels(trend_buckets(parse_period("2026-02", now), Every::month)) ==
            std::vector<std::string>{"2025-07", "2025-08", "2025-09", "2025-10", "2025-11", "2025-12",
                                     "2026-01", "2026-02"});
    }

    SUBCASE("a range by months") {
      CHECK(labels(trend_buckets(parse_period("2026-09-15..2026-11-02", now), Every::month)) ==
            std::vector<std::string>{"2026-09", "2026-10", "2026-11"});
    }

    SUBCASE("weeks across the end of a 53-week year") {
      const auto weeks = trend_buckets(parse_period("2026-12-20..2027-01-05", now), Every::week);
      // 2026-12-20 is a Sunday (W51), 2027-01-05 a Tuesday (2027-W01).
      CHECK(labels(weeks) == std::vector<std::string>{"2026-W51", "2026-W52", "2026-W53", "2027-W01"});
    }
  }

} // TEST_SUITE
