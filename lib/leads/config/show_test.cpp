#include <leads/config/show.hpp>

#include <doctest/doctest.h>

#include <algorithm>

using leads::config::effective_settings;
using leads::config::effective_yaml;
using leads::config::Setting;

namespace {

const Setting& find(const std::vector<Setting>& settings, std::string_view key) {
  const auto it = std::find_if(settings.begin(), settings.end(), [&](const Setting& s) { return s.key == key; });
  REQUIRE(it != settings.end());
  return *it;
}

} // namespace

TEST_SUITE_BEGIN("config");

TEST_CASE("config::effective_settings") {
  const std::string user = "default_country: DE\n"
                           "scoring:\n"
                           "  mql: {score: 70}\n"
                           "  grades:\n"
                           "    fit: {A: 30, B: 0}\n"
                           "routing:\n"
                           "  teams:\n"
                           "    dach: {strategy: weighted}\n"
                           "  reps: [{name: ana, team: dach}]\n"
                           "  rules: [{when: 'true', team: dach}]\n";
  const auto settings = effective_settings(user, "ws/leads.yaml");

  SUBCASE("a setting the user gave names its line; the others are built-in") {
    CHECK(find(settings, "default_country").value == "DE");
    CHECK(find(settings, "default_country").origin == "ws/leads.yaml:1");
    CHECK(find(settings, "store").origin == "built-in");
    CHECK(find(settings, "store").value == "leads.csv");
  }

  SUBCASE("mappings merge key by key") {
    CHECK(find(settings, "scoring.mql.score").value == "70");
    CHECK(find(settings, "scoring.mql.score").origin == "ws/leads.yaml:3");
    CHECK(find(settings, "scoring.mql.min_fit").value == "10");
    CHECK(find(settings, "scoring.mql.min_fit").origin == "built-in");
  }

  SUBCASE("a list, and a map of the user's own names, replace the default whole") {
    CHECK(find(settings, "scoring.grades.fit").value == "{A: 30, B: 0}");
    CHECK(find(settings, "scoring.grades.fit").origin == "ws/leads.yaml:5");
    CHECK(find(settings, "scoring.grades.engagement").origin == "built-in");
    CHECK(find(settings, "routing.teams").value == "{dach: {strategy: weighted}}");
    CHECK(find(settings, "routing.reps").origin == "ws/leads.yaml:9");
    CHECK(std::none_of(settings.begin(), settings.end(),
                       [](const Setting& s) { return s.key.starts_with("routing.teams."); }));
  }

  SUBCASE("no file: everything built-in") {
    const auto builtin = effective_settings("", "");
    CHECK(std::all_of(builtin.begin(), builtin.end(), [](const Setting& s) { return s.origin == "built-in"; }));
    CHECK(find(builtin, "report.period").value == "last-week");
  }
}

TEST_CASE("config::effective_yaml") {
  const std::string text = effective_yaml("scoring:\n  mql: {score: 70}\n", "leads.yaml");
  CHECK(text.find("scoring:\n") != std::string::npos);
  CHECK(text.find("  mql:\n    score: 70  # leads.yaml:2\n    min_fit: 10  # built-in\n") != std::string::npos);
  CHECK(text.find("stages:  # built-in\n  - {name: new, side: marketing, next: [engaged, mql, disqualified]}\n") !=
        std::string::npos);
}

TEST_SUITE_END();
