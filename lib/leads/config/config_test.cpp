#include <leads/config/config.hpp>

#include <leads/error.hpp>
#include <leads/expr/expr.hpp>
#include <leads/lead/fields.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <unistd.h>

using leads::config::Config;
using leads::config::defaults;
using leads::config::load_file;
using leads::config::load_string;

namespace {

std::vector<std::string> names_of(const std::vector<leads::config::Stage>& stages) {
  std::vector<std::string> out;
  for (const auto& stage : stages) {
    out.push_back(stage.name);
  }
  return out;
}

} // namespace

TEST_CASE("config::defaults") {
  const Config& config = defaults();

  SUBCASE("top-level settings") {
    CHECK(config.source.empty());
    CHECK(config.store == "leads.csv");
    CHECK(config.default_country == "US");
    CHECK(config.null_values ==
          std::vector<std::string>{"", "N/A", "NA", "-", "--", "Select", "null", "none"});
    CHECK(config.report.period == "last-week");
  }

  SUBCASE("the twelve stages of DESIGN.md") {
    CHECK(names_of(config.stages) == std::vector<std::string>{"new", "engaged", "mql", "sal", "sql",
                                                              "opportunity", "customer", "advocate",
                                                              "churned", "recycled", "disqualified", "lost"});
    std::vector<std::string> sides;
    std::vector<std::string> won;
    std::vector<std::string> exits;
    for (const auto& stage : config.stages) {
      sides.push_back(stage.side);
      if (stage.won) {
        won.push_back(stage.name);
      }
      if (stage.exit) {
        exits.push_back(stage.name);
      }
      CHECK(stage.mark.line == 0);
    }
    CHECK(sides == std::vector<std::string>{"marketing", "marketing", "marketing", "sales", "sales", "sales",
                                            "sales", "sales", "", "marketing", "", ""});
    CHECK(won == std::vector<std::string>{"customer", "advocate"});
    CHECK(exits == std::vector<std::string>{"churned", "recycled", "disqualified", "lost"});
    CHECK(config.find_stage("new")->next == std::vector<std::string>{"engaged", "mql", "disqualified"});
    CHECK(config.find_stage("recycled")->next == std::vector<std::string>{"engaged", "mql"});
    CHECK(config.find_stage("advocate")->next.empty());
    CHECK(config.find_stage("lost")->next == std::vector<std::string>{"recycled"});
    std::vector<std::string> needs_reason;
    for (const auto& stage : config.stages) {
      if (stage.reason_required) {
        needs_reason.push_back(stage.name);
      }
    }
    CHECK(needs_reason == std::vector<std::string>{"recycled", "disqualified", "lost"});
  }

  SUBCASE("import") {
    const auto& aliases = config.import.aliases;
    CHECK(aliases.at("email") ==
          std::vector<std::string>{"E-mail Address", "Work Email", "Email Address", "Business Email"});
    CHECK(aliases.at("company").front() == "Company Name");
    for (const char* field :
         {"phone", "title", "first_name", "last_name", "country", "website", "employees", "created_at"}) {
      CHECK_MESSAGE(!aliases.at(field).empty(), field);
    }
    CHECK(config.import.values.at("stage").at("Won") == "customer");
    CHECK(config.import.values.at("stage").at("Open - Not Contacted") == "new");
    CHECK(config.import.values.at("do_not_contact").at("Yes") == "true");
    CHECK(config.import.date_order == leads::normalize::DateOrder::mdy);
    CHECK(config.import.email_identity == leads::normalize::EmailIdentity::exact);
  }

  SUBCASE("scoring") {
    const auto& scoring = config.scoring;
    REQUIRE(scoring.fit.size() == 9);
    CHECK(scoring.fit[0].name == "senior title");
    CHECK(scoring.fit[0].when == R"(title ~ "(?i)\\b(vp|head|director|chief|founder)\\b")");
    CHECK(scoring.fit[0].points == 15);
    CHECK(scoring.fit[0].when_mark.line == 0);
    CHECK(scoring.fit[6].when == "email_domain in free_mail");
    CHECK(scoring.fit[6].points == -10);
    CHECK(scoring.half_life_days == 30);
    REQUIRE(scoring.engagement.size() == 7);
    std::vector<std::string> activities;
    std::vector<std::string> names;
    for (const auto& rule : scoring.engagement) {
      activities.push_back(rule.activity);
      names.push_back(rule.name);
    }
    CHECK(activities == std::vector<std::string>{"demo_request", "form_submit", "webinar", "email_click",
                                                 "page_view", "page_view", "email_open"});
    CHECK(names == std::vector<std::string>{"demo_request", "form_submit", "webinar", "email_click",
                                            "pricing page", "page_view", "email_open"});
    CHECK(scoring.engagement[1].points == 20);
    CHECK(scoring.engagement[1].cap == 40);
    CHECK(!scoring.engagement[1].detail);
    CHECK(scoring.engagement[1].group.empty());
    CHECK(scoring.engagement[4].detail == "^/pricing");
    CHECK(scoring.engagement[4].group == "web");
    CHECK(scoring.engagement[5].group == "web");
    REQUIRE(scoring.engagement_groups.size() == 1);
    CHECK(scoring.engagement_groups[0].name == "web");
    CHECK(scoring.engagement_groups[0].cap == 25);
    CHECK(scoring.mql_stage == "mql");
    CHECK(!scoring.model);
    using Scale = std::vector<std::pair<std::string, double>>;
    CHECK(scoring.fit_grades == Scale{{"A", 25}, {"B", 15}, {"C", 5}, {"D", -1000}});
    CHECK(scoring.engagement_grades == Scale{{"1", 40}, {"2", 20}, {"3", 5}, {"4", -1000}});
    CHECK(scoring.mql_score == 60);
    CHECK(scoring.mql_min_fit == 10);
  }

  SUBCASE("routing") {
    const auto& routing = config.routing;
    CHECK(routing.sla_hours == 24);
    CHECK(routing.handoff_stage == "sal");
    CHECK(!routing.from_stage);
    CHECK(leads::config::routing_from_stage(config) == "mql");
    REQUIRE(routing.reps.size() == 3);
    CHECK(routing.reps[0].name == "ana");
    CHECK(routing.reps[0].email == "ana@example.com");
    CHECK(routing.reps[0].team == "emea");
    CHECK(routing.reps[0].weight == 2);
    CHECK(routing.reps[0].capacity_per_day == 25);
    CHECK(routing.reps[0].away == std::vector<std::string>{"2026-12-24..2026-12-31"});
    CHECK(routing.reps[1].weight == 1);
    CHECK(!routing.reps[1].capacity_per_day);
    CHECK(routing.reps[2].team == "americas");
    REQUIRE(routing.rules.size() == 2);
    CHECK(routing.rules[1].when == "true");
    CHECK(routing.rules[1].team == "emea");
    REQUIRE(routing.teams.size() == 2);
    CHECK(routing.teams[0].name == "emea");
    CHECK(routing.teams[0].strategy == "weighted");
    CHECK(routing.teams[1].strategy == "round_robin");
  }

  SUBCASE("lists") {
    const auto& free_mail = config.lists.at("free_mail");
    CHECK(free_mail.size() >= 20);
    for (const char* domain : {"gmail.com", "yahoo.com", "hotmail.com", "outlook.com", "gmx.de", "web.de",
                               "proton.me", "qq.com", "163.com"}) {
      CHECK_MESSAGE(std::find(free_mail.begin(), free_mail.end(), domain) != free_mail.end(), domain);
    }
    CHECK(config.lists.at("competitors").empty());
  }

  SUBCASE("default_yaml() is what a workspace starts from") {
    Config written = load_string(leads::config::default_yaml(), "leads.yaml");
    CHECK(written.source == "leads.yaml");
    CHECK(names_of(written.stages) == names_of(config.stages));
    CHECK(written.scoring.fit.size() == config.scoring.fit.size());
    CHECK(written.lists == config.lists);
    CHECK(written.stages[0].mark.line > 0);
  }
}

TEST_CASE("config::defaults expressions compile") {
  const Config& config = defaults();
  leads::expr::Schema schema;
  schema.columns.assign(leads::k_field_names.begin(), leads::k_field_names.end());
  schema.lists = config.lists;
  for (const auto& rule : config.scoring.fit) {
    CHECK_NOTHROW_MESSAGE(leads::expr::Expression::compile(rule.when, schema), rule.name);
  }
  for (const auto& rule : config.routing.rules) {
    CHECK_NOTHROW_MESSAGE(leads::expr::Expression::compile(rule.when, schema), rule.when);
  }
}

TEST_CASE("config::load_string") {
  SUBCASE("an empty file keeps every default") {
    for (const char* text : {"", "\n", "# nothing set\n", "\xEF\xBB\xBF"}) {
      Config config = load_string(text, "empty.yaml");
      CHECK(config.source == "empty.yaml");
      CHECK(config.stages.size() == 12);
      CHECK(config.scoring.fit.size() == defaults().scoring.fit.size());
    }
  }

  SUBCASE("scoring.fit replaces the fit rules only") {
    Config config = load_string("scoring:\n"
                                "  fit:\n"
                                "    - {name: big, when: 'employees > 5000', points: 7}\n",
                                "t.yaml");
    REQUIRE(config.scoring.fit.size() == 1);
    CHECK(config.scoring.fit[0].name == "big");
    CHECK(config.scoring.fit[0].points == 7);
    CHECK(config.scoring.engagement.size() == 7);
    CHECK(config.scoring.fit_grades.size() == 4);
    CHECK(config.stages.size() == 12);
    CHECK(config.routing.reps.size() == 3);
  }

  SUBCASE("import.stage_dates: columns of stage dates in file order, none by default") {
    CHECK(defaults().import.stage_dates.empty());
    const Config config = load_string("import:\n  stage_dates:\n    engage_date: engaged\n"
                                      "    'Won On': customer\n    close_date: stage_at\n",
                                      "t.yaml");
    CHECK(config.import.stage_dates ==
          std::vector<std::pair<std::string, std::string>>{
              {"engage_date", "engaged"}, {"Won On", "customer"}, {"close_date", "stage_at"}});
    // The rest of import: stays as it was.
    CHECK(config.import.values.at("stage").at("Won") == "customer");
  }

  SUBCASE("nested settings merge key by key") {
    Config config = load_string("scoring:\n"
                                "  engagement: {half_life_days: 7}\n"
                                "  grades: {fit: {A: 50, B: 0}}\n"
                                "  mql: {score: 70}\n"
                                "import:\n"
                                "  aliases: {email: [Courriel]}\n"
                                "  values: {country: {Deutschland: DE}}\n"
                                "lists:\n"
                                "  competitors: [rival.example]\n",
                                "t.yaml");
    CHECK(config.scoring.half_life_days == 7);
    CHECK(config.scoring.engagement.size() == 7);
    CHECK(config.scoring.engagement_groups.size() == 1);
    CHECK(config.scoring.mql_stage == "mql");
    CHECK(config.scoring.fit_grades == std::vector<std::pair<std::string, double>>{{"A", 50}, {"B", 0}});
    CHECK(config.scoring.engagement_grades.size() == 4);
    CHECK(config.scoring.mql_score == 70);
    CHECK(config.scoring.mql_min_fit == 10);
    CHECK(config.import.aliases.at("email") == std::vector<std::string>{"Courriel"});
    CHECK(config.import.aliases.at("company") == defaults().import.aliases.at("company"));
    CHECK(config.import.values.at("country").at("Deutschland") == "DE");
    CHECK(config.import.values.at("stage").at("Won") == "customer");
    CHECK(config.lists.at("competitors") == std::vector<std::string>{"rival.example"});
    CHECK(config.lists.at("free_mail") == defaults().lists.at("free_mail"));
  }

  SUBCASE("a user's stages replace the default stages entirely") {
    Config config = load_string("stages:\n"
                                "  - {name: lead, side: marketing, next: [won]}\n"
                                "  - {name: won, side: sales, won: true}\n"
                                "import:\n"
                                "  values: {stage: {Closed: won}}\n"
                                "scoring:\n"
                                "  mql: {stage: won}\n"
                                "routing: {from_stage: lead, handoff_stage: won}\n",
                                "t.yaml");
    CHECK(names_of(config.stages) == std::vector<std::string>{"lead", "won"});
    CHECK(config.routing.handoff_stage == "won");
    CHECK(leads::config::routing_from_stage(config) == "lead");
    CHECK(config.find_stage("won")->won);
    CHECK(config.find_stage("mql") == nullptr);
    CHECK(config.stages[1].mark.line == 3);
    CHECK(config.stages[1].mark.column == 5);
    CHECK(config.import.values.at("stage") == std::map<std::string, std::string>{{"Closed", "won"}});
  }

  SUBCASE("stage reasons and the stages routing works between") {
    Config config = load_string("stages:\n"
                                "  - {name: new, side: marketing, next: [hot, dropped]}\n"
                                "  - {name: hot, side: marketing, next: [taken, dropped]}\n"
                                "  - {name: taken, side: sales, next: [dropped], reason: optional}\n"
                                "  - {name: dropped, exit: true, reason: required}\n"
                                "import: {values: {stage: {}}}\n"
                                "scoring: {mql: {stage: hot}}\n"
                                "routing:\n"
                                "  from_stage: hot\n"
                                "  handoff_stage: taken\n",
                                "t.yaml");
    CHECK(!config.find_stage("new")->reason_required);
    CHECK(!config.find_stage("taken")->reason_required);
    CHECK(config.find_stage("dropped")->reason_required);
    CHECK(config.routing.from_stage == "hot");
    CHECK(leads::config::routing_from_stage(config) == "hot");
    CHECK(config.routing.handoff_stage == "taken");
  }

  SUBCASE("settings that are written out") {
    Config config = load_string("store: data/leads.csv\n"
                                "default_country: de\n"
                                "null_values: [\"?\"]\n"
                                "import: {date_order: dmy}\n"
                                "report: {period: this-month}\n"
                                "routing:\n"
                                "  sla_hours: 48\n"
                                "  teams: {dach: {strategy: least_loaded}, rest: }\n"
                                "  reps:\n"
                                "    - {name: dora, team: dach, capacity_per_day: 0, away: [2026-08-01]}\n"
                                "    - name: eli\n"
                                "      team: rest\n"
                                "  rules: [{when: 'country in [\"DE\", \"AT\", \"CH\"]', team: dach}, "
                                "{when: 'true', team: rest}]\n",
                                "t.yaml");
    CHECK(config.store == "data/leads.csv");
    CHECK(config.default_country == "DE");
    CHECK(config.null_values == std::vector<std::string>{"?"});
    CHECK(config.import.date_order == leads::normalize::DateOrder::dmy);
    CHECK(leads::config::load_string("import: {email_identity: mailbox}\n", "t.yaml").import.email_identity ==
          leads::normalize::EmailIdentity::mailbox);
    CHECK(config.report.period == "this-month");
    CHECK(config.routing.sla_hours == 48);
    REQUIRE(config.routing.teams.size() == 2);
    CHECK(config.routing.teams[0].strategy == "least_loaded");
    CHECK(config.routing.teams[1].name == "rest");
    CHECK(config.routing.teams[1].strategy == "round_robin");
    REQUIRE(config.routing.reps.size() == 2);
    CHECK(config.routing.reps[0].capacity_per_day == 0);
    CHECK(config.routing.reps[0].away == std::vector<std::string>{"2026-08-01"});
    CHECK(config.routing.reps[0].mark.line == 10);
    CHECK(config.routing.reps[0].mark.column == 7);
    CHECK(config.routing.reps[1].mark.line == 11);
    CHECK(config.routing.reps[1].mark.column == 7);
    CHECK(config.routing.rules[0].when == R"(country in ["DE", "AT", "CH"])");
  }

  SUBCASE("expression marks point at the expression's first character") {
    Config config = load_string("scoring:\n"
                                "  fit:\n"
                                "    - {name: a, when: 'title ~ \"x\"', points: 1}\n"
                                "    - {name: b, when: \"employees > 5\", points: 1}\n"
                                "    - {name: c, when: employees > 5, points: 1}\n"
                                "    - name: d\n"
                                "      when: |\n"
                                "        employees > 5\n"
                                "      points: 1\n"
                                "    - {when: 'true', points: 2}\n",
                                "t.yaml");
    const auto& fit = config.scoring.fit;
    REQUIRE(fit.size() == 5);
    CHECK(fit[0].when_mark.line == 3);
    CHECK(fit[0].when_mark.column == 24);
    CHECK(fit[1].when_mark.line == 4);
    CHECK(fit[1].when_mark.column == 24);
    CHECK(fit[2].when_mark.line == 5);
    CHECK(fit[2].when_mark.column == 23);
    CHECK(fit[3].when == "employees > 5\n");
    CHECK(fit[3].when_mark.line == 8);
    CHECK(fit[3].when_mark.column == 9);
    CHECK(fit[4].name == "true");
  }

  SUBCASE("where each byte of a rule is, through escapes and over lines") {
    Config config =
        load_string("scoring:\n"
                    "  fit:\n"
                    "    - {name: a, when: \"title ~ \\\"(?i)\\\\bvp\\\" and employes >= 1\", points: 1}\n"
                    "    - name: b\n"
                    "      when: >\n"
                    "        country in [\"DE\"]\n"
                    "        and titel ~ \"x\"\n"
                    "      points: 1\n"
                    "    - name: c\n"
                    "      when: |\n"
                    "        country in [\"DE\"] and\n"
                    "          emial == \"x\"\n"
                    "      points: 1\n",
                    "t.yaml");
    const auto& fit = config.scoring.fit;
    REQUIRE(fit.size() == 3);
    auto position = [&](const leads::config::FitRule& rule, std::string_view word) {
      const std::size_t offset = rule.when.find(word);
      REQUIRE(offset != std::string::npos);
      REQUIRE(rule.when_positions.size() == rule.when.size() + 1);
      return std::pair(rule.when_positions[offset].line, rule.when_positions[offset].column);
    };
    CHECK(fit[0].when == "title ~ \"(?i)\\bvp\" and employes >= 1");
    CHECK(position(fit[0], "employes") == std::pair(3L, 50L)); // three escapes before it
    CHECK(position(fit[0], "(?i)") == std::pair(3L, 34L));
    CHECK(position(fit[1], "titel") == std::pair(7L, 13L));
    CHECK(position(fit[2], "emial") == std::pair(12L, 11L));
  }

  SUBCASE("engagement rules with detail patterns, names and groups") {
    Config config = load_string("scoring:\n"
                                "  engagement:\n"
                                "    rules:\n"
                                "      - {activity: page_view, detail: '/pricing', points: 5, group: site}\n"
                                "      - {name: docs, activity: page_view, detail: '^/docs/', points: 3, "
                                "group: site}\n"
                                "      - {activity: page_view, points: 1, cap: 10}\n"
                                "    groups: {site: {cap: 12.5}, mail: {cap: 0}}\n",
                                "t.yaml");
    const auto& rules = config.scoring.engagement;
    REQUIRE(rules.size() == 3);
    CHECK(rules[0].name == "page_view /pricing");
    CHECK(rules[0].detail == "/pricing");
    CHECK(rules[0].group == "site");
    CHECK(!rules[0].cap);
    CHECK(rules[1].name == "docs");
    CHECK(rules[2].name == "page_view");
    CHECK(!rules[2].detail);
    CHECK(rules[2].group.empty());
    CHECK(rules[2].cap == 10);
    REQUIRE(config.scoring.engagement_groups.size() == 2);
    CHECK(config.scoring.engagement_groups[0].name == "site");
    CHECK(config.scoring.engagement_groups[0].cap == 12.5);
    CHECK(config.scoring.engagement_groups[1].name == "mail");
    CHECK(config.scoring.half_life_days == 30);
  }

  SUBCASE("groups alone replace the built-in groups; rules alone keep them") {
    Config groups = load_string("scoring:\n"
                                "  engagement:\n"
                                "    groups: {web: {cap: 40}, mail: {cap: 15}}\n",
                                "t.yaml");
    REQUIRE(groups.scoring.engagement_groups.size() == 2);
    CHECK(groups.scoring.engagement_groups[0].cap == 40);
    CHECK(groups.scoring.engagement.size() == 7);
    Config rules = load_string("scoring:\n"
                               "  engagement:\n"
                               "    rules: [{activity: webinar, points: 9, group: web}]\n",
                               "t.yaml");
    REQUIRE(rules.scoring.engagement.size() == 1);
    CHECK(rules.scoring.engagement[0].group == "web");
    CHECK(rules.scoring.engagement_groups.size() == 1);
  }

  SUBCASE("mql stage and model") {
    Config config = load_string("scoring:\n"
                                "  mql: {stage: engaged}\n"
                                "  model: models/won.yaml\n"
                                "routing: {from_stage: mql}\n",
                                "t.yaml");
    CHECK(config.scoring.mql_stage == "engaged");
    CHECK(config.scoring.mql_score == 60);
    CHECK(config.scoring.model == "models/won.yaml");
    CHECK(config.scoring.model_mark.line == 3);
    CHECK(config.scoring.model_mark.column == 10);
    Config own_stages = load_string("stages:\n"
                                    "  - {name: open, side: marketing, next: [hot]}\n"
                                    "  - {name: hot, side: marketing}\n"
                                    "import: {values: {stage: {}}}\n"
                                    "scoring: {mql: {stage: hot}}\n"
                                    "routing: {from_stage: open, handoff_stage: hot}\n",
                                    "t.yaml");
    CHECK(own_stages.scoring.mql_stage == "hot");
  }

  SUBCASE("routing rule marks") {
    Config config = load_string("routing:\n"
                                "  rules:\n"
                                "    - {when: 'country == \"FR\"', team: emea}\n",
                                "t.yaml");
    CHECK(config.routing.rules[0].when_mark.line == 3);
    CHECK(config.routing.rules[0].when_mark.column == 15);
  }
}

TEST_CASE("config::Config") {
  const Config& config = defaults();

  SUBCASE("null values match after trimming, ignoring ASCII case") {
    for (const char* cell : {"", "   ", "N/A", "n/a", " N/a\t", "NA", "na", "-", "--", "Select", "select",
                             "null", "NULL", "None", "none", "NONE"}) {
      CHECK_MESSAGE(config.is_null_value(cell), cell);
    }
    for (const char* cell : {"Selected", "---", "n.a.", "nan", "0", "x", "nul", "nulls", "- -"}) {
      CHECK_MESSAGE(!config.is_null_value(cell), cell);
    }
  }

  SUBCASE("only the configured null values") {
    Config custom = load_string("null_values: [\"?\", unknown]\n", "t.yaml");
    CHECK(custom.is_null_value("?"));
    CHECK(custom.is_null_value(" Unknown "));
    CHECK(!custom.is_null_value(""));
    CHECK(!custom.is_null_value("N/A"));
  }

  SUBCASE("find_stage") {
    REQUIRE(config.find_stage("sal") != nullptr);
    CHECK(config.find_stage("sal")->side == "sales");
    CHECK(config.find_stage("SAL") == nullptr);
    CHECK(config.find_stage("") == nullptr);
  }
}

TEST_CASE("config::load_file") {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / ("leads-config-test-" + std::to_string(::getpid()));
  fs::create_directories(dir);

  SUBCASE("reads the file and names it in errors") {
    fs::path file = dir / "leads.yaml";
    {
      std::ofstream out(file);
      out << "store: other.csv\n\nstagse: []\n";
    }
    try {
      load_file(file.string());
      FAIL("expected an error");
    } catch (const leads::Error& e) {
      CHECK(e.kind() == leads::ErrorKind::config);
      CHECK(e.file() == file.string());
      CHECK(e.line() == 3);
      CHECK(e.column() == 1);
    }
    {
      std::ofstream out(file);
      out << "store: other.csv\n";
    }
    Config config = load_file(file.string());
    CHECK(config.store == "other.csv");
    CHECK(config.source == file.string());
  }

  SUBCASE("an empty file is all defaults") {
    fs::path file = dir / "empty.yaml";
    std::ofstream(file).close();
    Config config = load_file(file.string());
    CHECK(config.stages.size() == 12);
    CHECK(config.store == "leads.csv");
  }

  SUBCASE("a missing file") {
    std::string missing = (dir / "nope.yaml").string();
    try {
      load_file(missing);
      FAIL("expected an error");
    } catch (const leads::Error& e) {
      CHECK(e.kind() == leads::ErrorKind::no_input);
      CHECK(e.message() == "cannot read: No such file or directory");
      CHECK(e.file() == missing);
      CHECK(e.line() == 0);
    }
  }

  fs::remove_all(dir);
}
