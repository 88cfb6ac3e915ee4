#include <leads/scoring/rules.hpp>

#include <leads/scoring/promotion.hpp>

#include <leads/config/config.hpp>
#include <leads/error.hpp>
#include <leads/lead/fields.hpp>
#include <leads/normalize/date.hpp>

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <numeric>
#include <thread>

using leads::scoring::Contribution;
using leads::scoring::Dimension;
using leads::scoring::EngagementTable;
using leads::scoring::format_points;
using leads::scoring::Points;
using leads::scoring::Result;
using leads::scoring::RuleSet;

namespace {

constexpr std::int64_t k_day = 86400;
const std::int64_t k_now = *leads::normalize::parse_iso("2026-11-27T12:00:00Z");

constexpr std::string_view k_yaml = R"(scoring:
  fit:
    - {name: senior, when: 'title ~ "(?i)\\bvp\\b"', points: 15}
    - {name: big, when: 'employees >= 200', points: 10.5}
    - {name: free mail, when: 'email_domain in free_mail', points: -0.25}
    - {name: recent, when: 'days_since(created_at) <= 30', points: 2}
  engagement:
    half_life_days: 10
    groups: {web: {cap: 12}}
    rules:
      - {activity: form_submit, points: 20, cap: 30}
      - {name: pricing, activity: page_view, detail: '^/pricing', points: 8, group: web}
      - {activity: page_view, points: 3, cap: 9, group: web}
      - {activity: email_open, points: 0.125}
  grades: {fit: {A: 25, B: 10, C: 0}, engagement: {"1": 30, "2": 10, "3": 0}}
  mql: {score: 40, min_fit: 10}
)";

const std::vector<std::string> k_columns = {"id", "email", "title", "employees", "created_at"};

leads::config::Config test_config() {
  return leads::config::load_string(k_yaml, "t.yaml");
}

Points sum_of(const std::vector<Contribution>& parts) {
  return std::accumulate(parts.begin(), parts.end(), Points{0},
                         [](Points total, const Contribution& part) { return total + part.points; });
}

// "fit senior 15 |" ... : every part of an explanation on one line, for comparisons.
std::string describe(const std::vector<Contribution>& parts) {
  std::string out;
  for (const Contribution& part : parts) {
    out += std::string(leads::scoring::dimension_name(part.dimension)) + " " + std::string(part.rule) + " " +
           format_points(part.points) + (part.note.empty() ? "" : " (" + part.note + ")") + "\n";
  }
  return out;
}

} // namespace

TEST_SUITE_BEGIN("scoring");

TEST_CASE("scoring::RuleSet fit, engagement, grade and qualification") {
  const leads::config::Config config = test_config();
  const RuleSet rules = RuleSet::compile(config, k_columns, k_now);
  EngagementTable table(rules);

  SUBCASE("a senior lead at a big company with activities of every kind") {
    const std::string key = "00000000000000a1";
    using Added = EngagementTable::Added;
    CHECK(table.add(key, k_now - 10 * k_day, "form_submit", "Contact us") == Added::counted); // 20 * 0.5 = 10
    CHECK(table.add(key, k_now - 20 * k_day, "form_submit", "Ebook") == Added::counted);      // 20 * 0.25 = 5
    CHECK(table.add(key, k_now, "page_view", "/pricing") == Added::counted);                  // pricing 8
    CHECK(table.add(key, k_now - 10 * k_day, "page_view", "/pricing/enterprise") == Added::counted); // 4
    CHECK(table.add(key, k_now, "page_view", "/docs/pricing") == Added::counted);      // page_view 3
    CHECK(table.add(key, k_now - 10 * k_day, "email_open", "News") == Added::counted); // 0.13 * 0.5
    CHECK(table.add(key, k_now, "webinar", "Pipeline hygiene") == Added::no_rule);
    CHECK(table.add(key, k_now + k_day, "form_submit", "Tomorrow") == Added::future);

    const std::vector<std::string_view> row = {key, "ana@acme.example", "VP Sales", "250", "2026-11-20"};
    std::vector<Contribution> parts;
    const Result result = rules.score(row, table.find(key), &parts);
    // fit: 15 + 10.5 + 2 = 27.5. engagement: form_submit 10 + 5 = 15; pricing
    // 8 + 4 = 12 fills the web cap of 12, so page_view's 3 is trimmed to 0;
    // email_open 0.125 -> 0.13 points, half of it 6.5 hundredths -> 0.07.
    CHECK(result.fit == 2750);
    CHECK(result.engagement == 1500 + 1200 + 0 + 7);
    CHECK(result.score == 5457);
    CHECK(result.grade == "A2"); // fit 27.5 >= 25; engagement 27.07 >= 10, < 30
    CHECK(result.qualifies);     // 54.57 >= 40 and 27.5 >= 10
    CHECK(describe(parts) == "fit senior 15\n"
                             "fit big 10.5\n"
                             "fit recent 2\n"
                             "engagement form_submit 15 (2 activities)\n"
                             "engagement pricing 12 (2 activities)\n"
                             "engagement page_view 0 (1 activity, trimmed from 3 by group web cap 12)\n"
                             "engagement email_open 0.07 (1 activity)\n");
    CHECK(sum_of(parts) == result.score);
  }

  SUBCASE("caps: a rule's own, then its group's, on the rule that crosses it") {
    const std::string key = "bo@gmail.com";
    for (int i = 0; i < 3; ++i) {
      table.add(key, k_now, "form_submit", "Contact us"); // 3 x 20 = 60, capped at 30
      table.add(key, k_now, "page_view", "/blog");        // 3 x 3 = 9: the cap of 9, not over it
    }
    table.add(key, k_now - 10 * k_day, "page_view", "/pricing"); // 8 * 0.5 = 4
    const std::vector<std::string_view> row = {"", key, "Student", "", "2025-01-01"};
    std::vector<Contribution> parts;
    const Result result = rules.score(row, table.find(key), &parts);
    // pricing (4) comes first in rule order; page_view's 9 would make 13 > 12: trimmed to 8.
    CHECK(result.fit == -25);
    CHECK(result.engagement == 3000 + 400 + 800);
    CHECK(result.score == 4175);
    CHECK(result.grade == "C1"); // -0.25 is below every fit minimum: the last grade
    CHECK(!result.qualifies);    // 41.75 >= 40, but fit -0.25 < 10
    CHECK(describe(parts) == "fit free mail -0.25\n"
                             "engagement form_submit 30 (3 activities, capped at 30)\n"
                             "engagement pricing 4 (1 activity)\n"
                             "engagement page_view 8 (3 activities, trimmed from 9 by group web cap 12)\n");
    CHECK(sum_of(parts) == result.score);
  }

  SUBCASE("one half-life halves an activity exactly, two quarter it") {
    table.add("one", k_now - 10 * k_day, "form_submit", "");
    table.add("two", k_now - 20 * k_day, "form_submit", "");
    table.add("fresh", k_now, "form_submit", "");
    const std::vector<std::string_view> row = {};
    CHECK(rules.score(row, table.find("one")).engagement == 1000);
    CHECK(rules.score(row, table.find("two")).engagement == 500);
    CHECK(rules.score(row, table.find("fresh")).engagement == 2000);
    // Half a half-life: 20 / sqrt(2) = 14.1421... -> 14.14.
    table.add("half", k_now - 5 * k_day, "form_submit", "");
    CHECK(rules.score(row, table.find("half")).engagement == 1414);
  }

  SUBCASE("no activities, a short row") {
    const std::vector<std::string_view> row = {"00000000000000c3", "cy@corp.example"};
    std::vector<Contribution> parts;
    const Result result = rules.score(row, nullptr, &parts);
    CHECK(result.fit == 0);
    CHECK(result.engagement == 0);
    CHECK(result.grade == "C3");
    CHECK(!result.qualifies);
    CHECK(parts.empty());
  }

  SUBCASE("grades at their minimums, and the MQL thresholds inclusive") {
    // fit 25 exactly (15 + 10 from an engagement-free lead is impossible here:
    // use a config whose rules give round figures).
    leads::config::Config round = leads::config::load_string(
        "scoring:\n"
        "  fit: [{name: a, when: 'title == \"a\"', points: 25}, {name: b, when: 'title == \"b\"', points: "
        "10}]\n"
        "  engagement: {rules: [{activity: x, points: 30}]}\n"
        "  grades: {fit: {A: 25, B: 10, C: 0}, engagement: {'1': 30, '2': 10, '3': 0}}\n"
        "  mql: {score: 40, min_fit: 10}\n",
        "t.yaml");
    const RuleSet round_rules = RuleSet::compile(round, {"title"}, k_now);
    EngagementTable activity(round_rules);
    activity.add("k", k_now, "x", "");
    const std::vector<std::string_view> a = {"a"};
    const std::vector<std::string_view> b = {"b"};
    CHECK(round_rules.score(a, activity.find("k")).grade == "A1");
    CHECK(round_rules.score(b, nullptr).grade == "B3");
    CHECK(round_rules.score(b, activity.find("k")).qualifies); // 40 >= 40 and 10 >= 10
    CHECK(!round_rules.score(b, nullptr).qualifies);           // 10 < 40
  }
}

TEST_CASE("scoring::RuleSet compile") {
  SUBCASE("a canonical field the input lacks reads as empty") {
    const RuleSet rules = RuleSet::compile(test_config(), {"email", "title"}, k_now);
    const std::vector<std::string_view> row = {"ana@acme.example", "VP Sales"};
    CHECK(rules.score(row, nullptr).fit == 1500); // senior; not big, not recent
  }

  SUBCASE("an unknown field is a config error at its place in leads.yaml") {
    leads::config::Config config =
        leads::config::load_string("scoring:\n"
                                   "  fit:\n"
                                   "    - {name: x, when: 'titel ~ \"vp\"', points: 1}\n",
                                   "t.yaml");
    try {
      RuleSet::compile(config, k_columns, k_now);
      FAIL("expected an error");
    } catch (const leads::Error& e) {
      CHECK(e.kind() == leads::ErrorKind::config);
      CHECK(e.file() == "t.yaml");
      CHECK(e.line() == 3);
      CHECK(e.column() == 24);
      CHECK(e.message().find("titel") != std::string::npos);
    }
  }

  SUBCASE("the built-in rules compile against the store's columns") {
    const std::vector<std::string> store(leads::k_field_names.begin(), leads::k_field_names.end());
    const RuleSet rules = RuleSet::compile(leads::config::defaults(), store, k_now);
    CHECK(rules.engagement_rule_count() == 7);
    CHECK(rules.mql_score() == 6000);
    CHECK(rules.mql_min_fit() == 1000);
    CHECK(rules.mql_stage() == "mql");
  }

  SUBCASE("activities match the first rule of their type whose detail pattern is found") {
    const RuleSet rules = RuleSet::compile(leads::config::defaults(), k_columns, k_now);
    // Built-in: 4 = pricing page (page_view, '^/pricing'), 5 = page_view.
    CHECK(rules.match_activity("page_view", "/pricing") == 4u);
    CHECK(rules.match_activity("page_view", "/pricing/enterprise") == 4u);
    CHECK(rules.match_activity("page_view", "/docs/pricing") == 5u);
    CHECK(rules.match_activity("page_view", "") == 5u);
    CHECK(rules.match_activity("demo_request", "anything") == 0u);
    CHECK(!rules.match_activity("Page_View", "/pricing"));
    CHECK(!rules.match_activity("call", ""));
  }

  SUBCASE("after one half-life, the built-in demo request counts 15 of its 30 points") {
    const RuleSet rules = RuleSet::compile(leads::config::defaults(), k_columns, k_now);
    EngagementTable table(rules);
    table.add("a", k_now - 30 * k_day, "demo_request", "Demo");
    CHECK(rules.score(std::vector<std::string_view>{}, table.find("a")).engagement == 1500);
  }
}

TEST_CASE("scoring::the worked example of leads-score(1)") {
  // EXAMPLES in man/leads-score.adoc, with the built-in leads.yaml, as of 2026-11-27T12:00:00Z.
  const leads::config::Config& config = leads::config::defaults();
  const std::vector<std::string> store(leads::k_field_names.begin(), leads::k_field_names.end());
  const RuleSet rules = RuleSet::compile(config, store, k_now);
  EngagementTable table(rules);
  const std::string id = "3f2a9c1d4b5e6f70";
  auto at = [](std::string_view iso) { return *leads::normalize::parse_iso(iso); };
  table.add(id, at("2026-10-28T12:00:00Z"), "form_submit", "Ebook: The MQL handbook");
  table.add(id, at("2026-11-12T12:00:00Z"), "form_submit", "Contact us");
  table.add(id, at("2026-11-27T12:00:00Z"), "page_view", "/pricing");
  table.add(id, at("2026-11-17T12:00:00Z"), "page_view", "/pricing/enterprise");
  for (int i = 0; i < 12; ++i) {
    table.add(id, at("2026-11-27T12:00:00Z"), "page_view", "/docs/import");
  }
  for (int i = 0; i < 3; ++i) {
    table.add(id, at("2026-09-28T12:00:00Z"), "email_open", "November newsletter");
  }
  std::vector<std::string> lead(store.size());
  auto set = [&](std::string_view field, std::string value) {
    lead[static_cast<std::size_t>(std::find(store.begin(), store.end(), field) - store.begin())] =
        std::move(value);
  };
  set("id", id);
  set("email", "jana.novak@example.de");
  set("title", "VP Marketing");
  set("employees", "450");
  set("industry", "Software");
  set("country", "DE");
  set("stage", "engaged");
  const std::vector<std::string_view> row(lead.begin(), lead.end());
  std::vector<Contribution> parts;
  const Result result = rules.score(row, table.find(id), &parts);
  CHECK(describe(parts) ==
        "fit senior title 15\n"
        "fit mid-size 10\n"
        "fit target industry 10\n"
        "fit core market 5\n"
        "engagement form_submit 24.14 (2 activities)\n"
        "engagement pricing page 8.97 (2 activities)\n"
        "engagement page_view 16.03 (12 activities, capped at 20, trimmed from 20 by group web "
        "cap 25)\n"
        "engagement email_open 0.75 (3 activities)\n");
  CHECK(format_points(result.fit) == "40");
  CHECK(format_points(result.engagement) == "49.89");
  CHECK(format_points(result.score) == "89.89");
  CHECK(result.grade == "A1");
  CHECK(result.qualifies);
  const leads::scoring::Promotion promotion =
      leads::scoring::decide_promotion("engaged", "false", true, config);
  CHECK(promotion.promoted());
  const auto events = leads::scoring::score_events({"A2", "52.5", "40", "engaged"}, result, promotion, rules);
  REQUIRE(events.size() == 2);
  CHECK(events[0].note == "score 52.5 -> 89.89; qualifies");
  CHECK(events[1].note == "score 89.89 >= 60 and fit 40 >= 10");
}

TEST_CASE("scoring::RuleSet scores from several threads") {
  const RuleSet rules = RuleSet::compile(test_config(), k_columns, k_now);
  EngagementTable table(rules);
  std::vector<std::vector<std::string>> rows;
  const char* titles[] = {"VP Sales", "Engineer", "vp", "Student"};
  for (int i = 0; i < 4000; ++i) {
    const std::string key = fmt::format("{:016x}", i);
    rows.push_back({key, i % 3 == 0 ? "x@gmail.com" : "x@corp.example", titles[i % 4],
                    std::to_string(i % 500), i % 2 == 0 ? "2026-11-20" : "2026-01-01"});
    for (int k = 0; k < i % 7; ++k) {
      table.add(key, k_now - (i % 40) * k_day - k * 3600, k % 2 == 0 ? "page_view" : "form_submit",
                k % 3 == 0 ? "/pricing" : "/blog");
    }
  }
  auto score_all = [&](std::size_t from, std::size_t step, std::vector<Result>& out) {
    std::vector<std::string_view> row(k_columns.size());
    for (std::size_t i = from; i < rows.size(); i += step) {
      std::copy(rows[i].begin(), rows[i].end(), row.begin());
      out[i] = rules.score(row, table.find(rows[i][0]));
    }
  };
  std::vector<Result> alone(rows.size());
  score_all(0, 1, alone);
  std::vector<Result> shared(rows.size());
  std::thread other([&] { score_all(1, 2, shared); });
  score_all(0, 2, shared);
  other.join();
  std::size_t same = 0;
  std::size_t graded = 0;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    same += alone[i].score == shared[i].score && alone[i].grade == shared[i].grade ? 1 : 0;
    graded += alone[i].engagement > 0 ? 1 : 0;
  }
  CHECK(same == rows.size());
  CHECK(graded > 2000); // the activities did count
}

TEST_SUITE_END();
