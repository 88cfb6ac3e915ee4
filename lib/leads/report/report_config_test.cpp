#include <leads/config/config.hpp>

#include <leads/error.hpp>

#include <doctest/doctest.h>

#include <optional>

using leads::config::load_string;

namespace {

std::optional<leads::Error> error_of(std::string_view yaml) {
  try {
    load_string(yaml, "t.yaml");
  } catch (const leads::Error& e) {
    return e;
  }
  return std::nullopt;
}

} // namespace

TEST_SUITE("report") {

  TEST_CASE("report::config, the report: section of leads.yaml") {
    SUBCASE("the defaults") {
      const auto& report = leads::config::defaults().report;
      CHECK(report.period == "last-week");
      CHECK(report.every == "week");
      CHECK(report.top == 10);
    }

    SUBCASE("settings given, the others kept") {
      const auto config = load_string("report:\n  period: 2026-W47\n  top: 3\n", "t.yaml");
      CHECK(config.report.period == "2026-W47");
      CHECK(config.report.every == "week");
      CHECK(config.report.top == 3);
      CHECK(load_string("report: {every: month, period: last-30-days}\n", "t.yaml").report.every == "month");
    }

    SUBCASE("mistakes point at the setting") {
      struct Case {
        const char* yaml;
        const char* message;
        long line;
        long column;
      };
      const Case cases[] = {
          {"report:\n  period: lastweek\n", "report.period: unknown period 'lastweek'", 2, 11},
          {"report:\n  period: 2025-W53\n",
           "report.period: unknown period '2025-W53': 2025 has weeks W01 to W52", 2, 11},
          {"report:\n  every: year\n", "report.every must be week or month, not 'year'", 2, 10},
          {"report:\n  top: 0\n", "report.top must be 1 or more, not 0", 2, 8},
          {"report:\n  top: many\n", "report.top must be a whole number", 2, 8},
          {"report:\n  perod: last-week\n", "unknown key 'perod' in report; did you mean 'period'?", 2, 3},
      };
      for (const Case& c : cases) {
        CAPTURE(c.yaml);
        const auto error = error_of(c.yaml);
        REQUIRE(error.has_value());
        CHECK(error->kind() == leads::ErrorKind::config);
        CHECK(error->message() == c.message);
        CHECK(error->file() == "t.yaml");
        CHECK(error->line() == c.line);
        CHECK(error->column() == c.column);
      }
      // The hint of a bad period names the forms.
      CHECK(error_of("report: {period: soon}\n")->hint().find("last-week") != std::string::npos);
    }
  }

} // TEST_SUITE
