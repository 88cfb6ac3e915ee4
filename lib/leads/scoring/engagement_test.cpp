#include <leads/scoring/engagement.hpp>

#include <leads/config/config.hpp>
#include <leads/normalize/date.hpp>
#include <leads/scoring/rules.hpp>

#include <doctest/doctest.h>

using leads::scoring::EngagementTable;
using leads::scoring::RuleSet;

TEST_SUITE_BEGIN("scoring");

TEST_CASE("scoring::EngagementTable") {
  const std::int64_t now = *leads::normalize::parse_iso("2026-11-27T00:00:00Z");
  const leads::config::Config config = leads::config::load_string("scoring:\n"
                                                                  "  engagement:\n"
                                                                  "    half_life_days: 2\n"
                                                                  "    rules:\n"
                                                                  "      - {activity: a, points: 1}\n"
                                                                  "      - {activity: b, points: 1}\n"
                                                                  "      - {activity: c, points: 1}\n",
                                                                  "t.yaml");
  const RuleSet rules = RuleSet::compile(config, {}, now);
  EngagementTable table(rules);

  SUBCASE("per lead, per rule: how many and their decayed weight, in rule order") {
    table.add("00000000000000ff", now, "c", "");
    table.add("00000000000000ff", now - 2 * 86400, "a", ""); // one half-life: 0.5
    table.add("00000000000000ff", now - 4 * 86400, "a", ""); // two: 0.25
    table.add("00000000000000ff", now - 86400 / 2, "c", ""); // a quarter: 2^-0.25
    const EngagementTable::Entry* entry = table.find("00000000000000ff");
    REQUIRE(entry != nullptr);
    REQUIRE(entry->sums.size() == 2);
    CHECK(entry->sums[0].rule == 0);
    CHECK(entry->sums[0].count == 2);
    CHECK(entry->sums[0].decayed == 0.75);
    CHECK(entry->sums[1].rule == 2);
    CHECK(entry->sums[1].count == 2);
    CHECK(entry->sums[1].decayed == doctest::Approx(1.0 + 0.8408964152537145));
  }

  SUBCASE("lead ids and other keys are kept apart, never mixed up") {
    table.add("00000000000000ff", now, "a", "");
    table.add("00000000000000FF", now, "b", ""); // not an id (upper case): a key of its own
    table.add("ana@example.com", now, "c", "");
    CHECK(table.size() == 3);
    REQUIRE(table.find("00000000000000ff") != nullptr);
    CHECK(table.find("00000000000000ff")->sums[0].rule == 0);
    REQUIRE(table.find("00000000000000FF") != nullptr);
    CHECK(table.find("00000000000000FF")->sums[0].rule == 1);
    CHECK(table.find("ana@example.com")->sums[0].rule == 2);
    CHECK(table.find("00000000000000fe") == nullptr);
    CHECK(table.find("bo@example.com") == nullptr);
    CHECK(table.find("") == nullptr);
  }

  SUBCASE("activities that do not count leave no lead behind") {
    CHECK(table.add("x", now + 1, "a", "") == EngagementTable::Added::future);
    CHECK(table.add("x", now, "z", "") == EngagementTable::Added::no_rule);
    CHECK(table.size() == 0);
    CHECK(table.find("x") == nullptr);
    CHECK(table.add("x", now, "a", "") == EngagementTable::Added::counted); // "now" itself counts
    CHECK(table.find("x")->sums[0].decayed == 1.0);
  }
}

TEST_SUITE_END();
