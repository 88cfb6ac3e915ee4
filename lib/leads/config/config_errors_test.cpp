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

struct Case {
  const char* what;
  const char* yaml;
  const char* message;
  long line;
  long column;
};

// Each case: the file, the exact message and the 1-based line and column it points at.
const Case k_cases[] = {
    {"unknown top-level key", "store: x.csv\nstagse: []\n", "unknown key 'stagse'; did you mean 'stages'?", 2,
     1},
    {"unknown nested key", "scoring:\n  fit:\n    - {name: a, when: 'true', pionts: 1}\n",
     "unknown key 'pionts' in scoring.fit[0]; did you mean 'points'?", 3, 31},
    {"unknown key without a suggestion", "routing:\n  color: red\n", "unknown key 'color' in routing", 2, 3},
    {"duplicate key", "store: a.csv\nstore: b.csv\n", "duplicate key 'store' (first given on line 1)", 2, 1},
    {"file not a mapping", "- a\n- b\n", "t.yaml must be a mapping of 'key: value' settings", 1, 1},
    {"empty value", "report:\n  period:\n", "report.period needs a value", 2, 3},
    {"text for a list", "null_values: N/A\n", "null_values must be a list of texts such as [\"\", \"N/A\"]",
     1, 14},
    {"list for a text", "store: [a, b]\n", "store must be a text, not a list", 1, 8},
    {"default_country", "default_country: USA\n",
     "default_country must be a 2-letter country code, not 'USA'", 1, 18},
    {"default_country unknown", "default_country: XX\n",
     "default_country 'XX' is not an ISO 3166 country code", 1, 18},
    {"default_country not ISO", "default_country: uk\n",
     "default_country 'uk' is not an ISO 3166 country code", 1, 18},
    {"date_order", "import:\n  date_order: myd\n",
     "import.date_order must be mdy, dmy or ymd, not 'myd'; did you mean 'mdy'?", 2, 15},
    {"email_identity", "import:\n  email_identity: mailboxes\n",
     "import.email_identity must be exact or mailbox, not 'mailboxes'; did you mean 'mailbox'?", 2, 19},
    {"alias for an unknown field", "import:\n  aliases:\n    emial: [Mail]\n",
     "unknown field 'emial' in import.aliases; did you mean 'email'?", 3, 5},
    {"an alias of two fields", "import:\n  aliases:\n    email: [Mail]\n    phone: [Tel, 'mail']\n",
     "'mail' in import.aliases.phone is already an alias of email", 4, 18},
    {"an alias that is another field's name", "import:\n  aliases:\n    external_id: [Lead Ref, E-mail]\n",
     "'E-mail' in import.aliases.external_id is already the name of the field email", 3, 29},
    {"stage value to an unknown stage", "import:\n  values:\n    stage: {Won: custmer}\n",
     "import.values.stage.Won maps to unknown stage 'custmer'; did you mean 'customer'?", 3, 18},
    {"stage date of an unknown stage", "import:\n  stage_dates: {Won On: wonn}\n",
     "import.stage_dates.Won On names unknown stage 'wonn'", 2, 25},
    {"stage date of a mistyped stage", "import:\n  stage_dates:\n    engage_date: engagd\n",
     "import.stage_dates.engage_date names unknown stage 'engagd'; did you mean 'engaged'?", 3, 18},
    {"do_not_contact value", "import:\n  values:\n    do_not_contact: {Yes: maybe}\n",
     "import.values.do_not_contact.Yes must map to true or false, not 'maybe'", 3, 27},
    {"no stages", "stages: []\n", "stages must list at least one stage", 1, 9},
    {"stage not a mapping", "stages:\n  - new\n", "stages[0] must be a mapping of 'key: value' settings", 2,
     5},
    {"next not a list",
     "stages:\n  - {name: a, side: marketing, next: [b]}\n  - {name: b, side: sales, next: [c]}\n"
     "  - {name: c, side: sales, next: c}\n",
     "stages[2].next must be a list of stage names", 4, 34},
    {"unknown stage in next",
     "stages:\n  - {name: sal, side: sales, next: [sqll]}\n  - {name: sql, side: sales}\n",
     "stage 'sal': unknown stage 'sqll' in next; did you mean 'sql'?", 2, 37},
    {"duplicate stage", "stages:\n  - {name: a, side: sales}\n  - {name: a, side: sales}\n",
     "duplicate stage name 'a' (first given on line 2)", 3, 12},
    {"stage moving to itself", "stages:\n  - {name: a, side: sales, next: [a]}\n",
     "stage 'a' lists itself in next", 2, 35},
    {"stage without a name", "stages:\n  - {side: sales}\n", "stages[0] needs a name", 2, 5},
    {"stage without a side", "stages:\n  - {name: a}\n",
     "stage 'a' needs a side (marketing or sales), or exit: true", 2, 5},
    {"misspelt side", "stages:\n  - {name: a, side: sale}\n",
     "stages[0].side must be marketing or sales, not 'sale'; did you mean 'sales'?", 2, 21},
    {"won not a boolean", "stages:\n  - {name: a, side: sales, won: maybe}\n",
     "stages[0].won must be true or false", 2, 33},
    {"stages leaving out a default stage value", "stages:\n  - {name: open, side: marketing}\n",
     "stages leaves out 'lost', which the built-in import.values.stage maps 'Closed Lost' to", 1, 1},
    {"misspelt reason", "stages:\n  - {name: a, side: sales, reason: requried}\n",
     "stages[0].reason must be required or optional, not 'requried'; did you mean 'required'?", 2, 36},
    {"handoff to an unknown stage", "routing:\n  handoff_stage: sall\n",
     "routing.handoff_stage names unknown stage 'sall'; did you mean 'sal'?", 2, 18},
    {"routing from an unknown stage", "routing:\n  from_stage: mq\n",
     "routing.from_stage names unknown stage 'mq'; did you mean 'mql'?", 2, 15},
    {"empty handoff stage", "routing:\n  handoff_stage: ''\n", "routing.handoff_stage must not be empty", 2,
     18},
    {"stages leaving out the handoff stage",
     "stages:\n  - {name: lead, side: marketing, next: [won]}\n  - {name: won, side: sales, won: true}\n"
     "import: {values: {stage: {Closed: won}}}\nscoring: {mql: {stage: lead}}\n",
     "stages leaves out 'sal', which routing.handoff_stage names by default", 1, 1},
    {"stages leaving out the stage scoring promotes to and routing takes leads from",
     "stages:\n  - {name: lead, side: marketing, next: [won]}\n  - {name: won, side: sales, won: true}\n"
     "import: {values: {stage: {Closed: won}}}\nrouting: {handoff_stage: won}\n",
     "stages leaves out 'mql', which the built-in scoring.mql.stage names", 1, 1},
    {"an mql stage handoff cannot take leads from", "scoring:\n  mql: {stage: engaged}\n",
     "scoring.mql.stage 'engaged' is also where leads handoff takes leads from, and it has no move to "
     "routing.handoff_stage 'sal'",
     2, 16},
    {"handoff into the stage it takes leads from", "routing:\n  handoff_stage: mql\n",
     "routing.handoff_stage and routing.from_stage are both 'mql'", 2, 18},
    {"handoff that is no move of the graph", "routing:\n  handoff_stage: sql\n",
     "stage 'mql' has no move to 'sql' in next, which leads handoff makes", 2, 18},
    {"routing from a stage with no move to the handoff stage", "routing:\n  from_stage: engaged\n",
     "stage 'engaged' has no move to 'sal' in next, which leads handoff makes", 2, 15},
    {"fit rule without when", "scoring:\n  fit:\n    - {name: a, points: 3}\n",
     "scoring.fit[0] needs a when: expression", 3, 7},
    {"points not a number", "scoring:\n  fit:\n    - {when: 'true', points: ten}\n",
     "scoring.fit[0].points must be a number", 3, 30},
    {"empty expression", "scoring:\n  fit:\n    - {when: '', points: 1}\n",
     "scoring.fit[0].when must not be empty", 3, 14},
    {"negative half-life", "scoring:\n  engagement:\n    half_life_days: -5\n",
     "scoring.engagement.half_life_days must be a positive number of days", 3, 21},
    {"negative cap", "scoring:\n  engagement:\n    rules: [{activity: webinar, points: 5, cap: -1}]\n",
     "scoring.engagement.rules[0].cap must not be negative", 3, 49},
    {"activity twice",
     "scoring:\n  engagement:\n    rules:\n      - {activity: webinar, points: 5}\n"
     "      - {activity: webinar, points: 6}\n",
     "activity 'webinar' already has a rule (line 4)", 5, 20},
    {"same activity and detail twice",
     "scoring:\n  engagement:\n    rules:\n      - {activity: page_view, detail: /pricing, points: 5}\n"
     "      - {activity: page_view, detail: /pricing, points: 6}\n",
     "activity 'page_view' with detail '/pricing' already has a rule (line 4)", 5, 20},
    {"a rule behind one for any detail",
     "scoring:\n  engagement:\n    rules:\n      - {activity: page_view, points: 1}\n"
     "      - {activity: page_view, detail: /pricing, points: 6}\n",
     "this rule never applies: the rule on line 4 takes every 'page_view' first", 5, 20},
    {"bad detail pattern",
     "scoring:\n  engagement:\n    rules:\n      - {activity: page_view, detail: '(pricing', points: 5}\n",
     "scoring.engagement.rules[0].detail is not a valid regular expression: missing ): (pricing", 4, 40},
    {"empty detail pattern",
     "scoring:\n  engagement:\n    rules:\n      - {activity: page_view, detail: '', points: 5}\n",
     "scoring.engagement.rules[0].detail must not be empty", 4, 39},
    {"unknown group",
     "scoring:\n  engagement:\n    groups: {web: {cap: 20}}\n"
     "    rules:\n      - {activity: page_view, points: 1, group: wbe}\n",
     "unknown group 'wbe'; did you mean 'web'?", 5, 49},
    {"group without a cap", "scoring:\n  engagement:\n    groups: {web: {}}\n",
     "scoring.engagement.groups.web needs a cap", 3, 19},
    {"negative group cap", "scoring:\n  engagement:\n    groups: {web: {cap: -3}}\n",
     "scoring.engagement.groups.web.cap must not be negative", 3, 25},
    {"unknown group key", "scoring:\n  engagement:\n    groups: {web: {cpa: 3}}\n",
     "unknown key 'cpa' in scoring.engagement.groups.web; did you mean 'cap'?", 3, 20},
    {"groups leaving out a built-in rule's group", "scoring:\n  engagement:\n    groups: {mail: {cap: 9}}\n",
     "scoring.engagement.groups leaves out 'web', which the built-in rule 'pricing page' uses", 3, 5},
    {"unknown mql stage", "scoring:\n  mql: {score: 50, stage: mlq}\n",
     "scoring.mql.stage names unknown stage 'mlq'; did you mean 'mql'?", 2, 27},
    {"stages leaving out the mql stage",
     "stages:\n  - {name: open, side: marketing}\n  - {name: lost, exit: true}\n"
     "  - {name: customer, side: sales}\n  - {name: new, side: marketing}\n"
     "  - {name: engaged, side: marketing}\n  - {name: sql, side: sales}\n"
     "  - {name: disqualified, exit: true}\n  - {name: recycled, exit: true}\n",
     "stages leaves out 'mql', which the built-in scoring.mql.stage names", 1, 1},
    {"empty model", "scoring:\n  model: ''\n", "scoring.model must not be empty", 2, 10},
    {"model not a text", "scoring:\n  model: [a.yaml]\n", "scoring.model must be a text, not a list", 2, 10},
    {"grade not a number", "scoring:\n  grades: {fit: {A: high}}\n", "scoring.grades.fit.A must be a number",
     2, 21},
    {"grades out of order", "scoring:\n  grades: {fit: {A: 10, B: 20}}\n",
     "grade 'B' needs fewer points than 'A' (20 >= 10)", 2, 28},
    {"no grades", "scoring:\n  grades: {engagement: {}}\n",
     "scoring.grades.engagement must name at least one grade", 2, 24},
    {"mql key", "scoring:\n  mql: {score: 60, min-fit: 5}\n",
     "unknown key 'min-fit' in scoring.mql; did you mean 'min_fit'?", 2, 20},
    {"sla_hours", "routing:\n  sla_hours: 0\n", "routing.sla_hours must be a positive number of hours", 2,
     14},
    {"unknown team in a rule", "routing:\n  rules:\n    - {when: 'true', team: emae}\n",
     "unknown team 'emae'; did you mean 'emea'?", 3, 28},
    {"unknown team of a rep", "routing:\n  reps:\n    - {name: dan, team: apac}\n", "unknown team 'apac'", 3,
     25},
    {"rep without a team", "routing:\n  reps:\n    - {name: dan}\n", "routing.reps[0] needs a team", 3, 7},
    {"duplicate rep", "routing:\n  reps:\n    - {name: dan, team: emea}\n    - {name: dan, team: emea}\n",
     "duplicate rep name 'dan' (first given on line 3)", 4, 7},
    {"strategy", "routing:\n  teams:\n    emea: {strategy: roundrobin}\n",
     "routing.teams.emea.strategy must be round_robin, weighted or least_loaded, not 'roundrobin'; did you "
     "mean "
     "'round_robin'?",
     3, 22},
    {"teams leaving out a default team", "routing:\n  teams: {north: {}}\n",
     "routing.teams leaves out 'emea', which the built-in routing.reps use", 2, 3},
    {"teams leaving out a default rule's team",
     "routing:\n  teams: {north: {}}\n  reps: [{name: dan, team: north}]\n",
     "routing.teams leaves out 'americas', which the built-in routing.rules use", 2, 3},
    {"away range backwards",
     "routing:\n  reps:\n    - {name: ana, team: emea, away: [\"2026-12-31..2026-12-24\"]}\n",
     "routing.reps[0].away[0] must be a date or a range of dates, not '2026-12-31..2026-12-24'", 3, 38},
    {"away not a date", "routing:\n  reps:\n    - {name: ana, team: emea, away: [2026-02-30]}\n",
     "routing.reps[0].away[0] must be a date or a range of dates, not '2026-02-30'", 3, 38},
    {"negative capacity", "routing:\n  reps:\n    - {name: ana, team: emea, capacity_per_day: -1}\n",
     "routing.reps[0].capacity_per_day must be a number of leads from 0 to 1000000", 3, 49},
    {"capacity not whole", "routing:\n  reps:\n    - {name: ana, team: emea, capacity_per_day: 2.5}\n",
     "routing.reps[0].capacity_per_day must be a whole number", 3, 49},
    {"zero weight", "routing:\n  reps:\n    - {name: ana, team: emea, weight: 0}\n",
     "routing.reps[0].weight must be more than 0", 3, 39},
    {"list name", "lists:\n  free-mail: [a.com]\n", "list name 'free-mail' is not a name expressions can use",
     2, 3},
    {"report period", "report: {period: ''}\n", "report.period must not be empty", 1, 18},
};

} // namespace

TEST_CASE("config errors") {
  SUBCASE("every mistake points at its line and column") {
    for (const Case& c : k_cases) {
      INFO(c.what);
      std::optional<leads::Error> e = error_of(c.yaml);
      REQUIRE(e.has_value());
      CHECK(e->kind() == leads::ErrorKind::config);
      CHECK(e->file() == "t.yaml");
      CHECK(e->message() == c.message);
      CHECK(e->line() == c.line);
      CHECK(e->column() == c.column);
    }
  }

  SUBCASE("hints say what to do") {
    auto unknown = error_of("routing:\n  color: red\n");
    REQUIRE(unknown);
    CHECK(unknown->hint() ==
          "valid keys in routing: sla_hours, handoff_stage, from_stage, reps, rules, teams");
    auto top = error_of("stagse: []\n");
    REQUIRE(top);
    CHECK(top->hint() ==
          "valid keys: store, default_country, null_values, import, stages, scoring, routing, report, lists");
    CHECK(top->located() == "t.yaml:1:1: unknown key 'stagse'; did you mean 'stages'?");
    auto team = error_of("routing:\n  rules:\n    - {when: 'true', team: emae}\n");
    REQUIRE(team);
    CHECK(team->hint() == "routing.teams defines: emea, americas");
    auto mql = error_of("scoring: {mql: {stage: qualified}}\n");
    REQUIRE(mql);
    CHECK(mql->hint() == "stages are: new, engaged, mql, sal, sql, opportunity, customer, advocate, churned, "
                         "recycled, disqualified, lost");
    auto group = error_of("scoring:\n  engagement:\n    rules: [{activity: x, points: 1, group: mail}]\n");
    REQUIRE(group);
    CHECK(group->message() == "unknown group 'mail'");
    CHECK(group->hint() == "scoring.engagement.groups defines: web");
    auto detail = error_of("scoring:\n  engagement:\n    rules: [{activity: x, points: 1, detail: '[a'}]\n");
    REQUIRE(detail);
    CHECK(detail->hint().starts_with("detail is an RE2 pattern"));
    auto next = error_of("stages:\n  - {name: a, side: sales, next: [b]}\n");
    REQUIRE(next);
    CHECK(next->hint() == "stages are: a");
    auto handoff = error_of("routing:\n  handoff_stage: sall\n");
    REQUIRE(handoff);
    CHECK(handoff->hint() ==
          "stages are: new, engaged, mql, sal, sql, opportunity, customer, advocate, churned, "
          "recycled, disqualified, lost");
    auto left_out = error_of("stages:\n  - {name: lead, side: marketing, next: [won]}\n"
                             "  - {name: won, side: sales, won: true}\nimport: {values: {stage: {}}}\n"
                             "scoring: {mql: {stage: lead}}\n");
    REQUIRE(left_out);
    CHECK(left_out->hint() == "set routing.handoff_stage to one of your stages: lead, won");
    auto no_move = error_of("routing:\n  handoff_stage: sql\n");
    REQUIRE(no_move);
    CHECK(no_move->hint() ==
          "add sql to the next: of stage mql, or hand off to one of: sal, recycled, disqualified");
  }

  SUBCASE("YAML syntax errors keep yaml-cpp's position") {
    auto flow = error_of("store: leads.csv\nstages: [{name: a, side: sales}\n");
    REQUIRE(flow);
    CHECK(flow->kind() == leads::ErrorKind::config);
    CHECK(flow->message() == "YAML syntax error: end of sequence flow not found");
    CHECK(flow->line() == 2);
    CHECK(flow->column() == 32);
    auto quote = error_of("store: leads.csv\nreport: {period: 'last-week}\n");
    REQUIRE(quote);
    CHECK(quote->message() == "YAML syntax error: end of map flow not found");
    CHECK(quote->line() == 2);
    CHECK(quote->column() == 29);
    auto tab = error_of("store: x\n\tfoo: 1\n");
    REQUIRE(tab);
    CHECK(tab->message() == "YAML syntax error: illegal tab when looking for indentation");
    CHECK(tab->line() == 2);
    CHECK(tab->column() == 1);
    auto indent = error_of("scoring:\n  fit: []\n engagement: {}\n");
    REQUIRE(indent);
    CHECK(indent->line() == 3);
    CHECK(indent->column() == 2);
  }

  SUBCASE("valid files raise nothing") {
    CHECK(!error_of("stages:\n  - {name: a, side: marketing, next: [b]}\n  - {name: b, side: sales, exit: true}\n"
                    "import: {values: {stage: {Won: a}}}\n"
                    "scoring: {mql: {stage: a}}\nrouting: {from_stage: a, handoff_stage: b}\n"));
    CHECK(!error_of("scoring:\n  engagement:\n    rules:\n"
                    "      - {activity: page_view, detail: '^/pricing', points: 5}\n"
                    "      - {activity: page_view, detail: '^/docs', points: 5}\n"
                    "      - {activity: page_view, points: 1}\n"));
    CHECK(!error_of("stages:\n  - {name: a, side: sales, reason: required, next: [b]}\n"
                    "  - {name: b, side: sales, reason: optional, exit: true}\n"
                    "import: {values: {stage: {Won: a}}}\nscoring: {mql: {stage: a}}\n"
                    "routing: {from_stage: a, handoff_stage: b}\n"));
    CHECK(!error_of(
        "routing:\n  reps: [{name: dan, team: emea, away: [2028-02-29, \"2026-01-01..2026-01-01\"]}]\n"));
  }
}
