#include <leads/routing/router.hpp>

#include <leads/error.hpp>
#include <leads/routing/test_support.hpp>

#include <doctest/doctest.h>

#include <array>
#include <cmath>
#include <numeric>

using namespace leads::routing::testing;
using leads::config::Config;
using leads::config::load_string;
using leads::routing::Decision;
using leads::stages::Event;

namespace {

// One team `t` of the given reps (YAML flow mappings without the team) and one
// rule that sends every lead to it.
Config team_config(std::string_view strategy, std::vector<std::string> reps) {
  std::string yaml = "routing:\n  reps:\n";
  for (const std::string& rep : reps) {
    yaml += fmt::format("    - {{{}, team: t}}\n", rep);
  }
  yaml += fmt::format("  rules: [{{when: 'true', team: t}}]\n  teams: {{t: {{strategy: {}}}}}\n", strategy);
  return load_string(yaml, "t.yaml");
}

// The most any rep's count strays from its share over every prefix of a sequence.
double worst_prefix_error(const std::vector<std::string>& sequence,
                          const std::map<std::string, double>& share) {
  double worst = 0;
  std::map<std::string, int> given;
  for (std::size_t n = 1; n <= sequence.size(); ++n) {
    ++given[sequence[n - 1]];
    for (const auto& [rep, fraction] : share) {
      worst = std::max(worst, std::abs(given[rep] - fraction * static_cast<double>(n)));
    }
  }
  return worst;
}

// Whether every `cycle` consecutive leads hold exactly `per_cycle` of each rep.
bool every_cycle_exact(const std::vector<std::string>& sequence,
                       const std::map<std::string, int>& per_cycle) {
  int cycle = 0;
  for (const auto& [rep, n] : per_cycle) {
    cycle += n;
  }
  for (std::size_t start = 0; start + static_cast<std::size_t>(cycle) <= sequence.size(); ++start) {
    std::map<std::string, int> seen;
    for (std::size_t i = start; i < start + static_cast<std::size_t>(cycle); ++i) {
      ++seen[sequence[i]];
    }
    if (seen != per_cycle) {
      return false;
    }
  }
  return true;
}

} // namespace

TEST_SUITE("routing") {

  TEST_CASE("routing::Router strategies share leads fairly") {
    SUBCASE("equal weights: each of 3 reps gets N/3 +- 1 of N leads, whatever the strategy") {
      for (const char* strategy : {"weighted", "round_robin", "least_loaded"}) {
        INFO(strategy);
        const Config config = team_config(strategy, {"name: ana", "name: ben", "name: cy"});
        const Handoff run = handoff(config, candidates(100), {});
        // 100 = 3 x 33 + 1: the first rep in order gets the extra lead.
        CHECK(run.counts() == std::map<std::string, int>{{"ana", 34}, {"ben", 33}, {"cy", 33}});
        CHECK(worst_prefix_error(run.sequence(), {{"ana", 1.0 / 3}, {"ben", 1.0 / 3}, {"cy", 1.0 / 3}}) <=
              1.0);
        CHECK(run.summary == "handed off 100 (ana 34, ben 33, cy 33); 0 left in mql");
      }
    }

    SUBCASE("weights 2:1 hold in every cycle of 3 leads, across two runs") {
      const Config config = team_config("weighted", {"name: ana, weight: 2", "name: ben"});
      const Handoff first = handoff(config, candidates(10), {});
      // ana's deficit 2/3 x 1 - 0 beats ben's 1/3: ana; then 2/3 x 2 - 1 = 1/3 < 2/3: ben; then ana (1 > 0)
      // ...
      CHECK(first.sequence() ==
            std::vector<std::string>{"ana", "ben", "ana", "ana", "ben", "ana", "ana", "ben", "ana", "ana"});
      // The second run knows the first only from its owner events.
      const Handoff second = handoff(config, candidates(11, 11), after({}, first));
      std::vector<std::string> both = first.sequence();
      const std::vector<std::string> more = second.sequence();
      both.insert(both.end(), more.begin(), more.end());
      REQUIRE(both.size() == 21);
      CHECK(every_cycle_exact(both, {{"ana", 2}, {"ben", 1}}));
      CHECK(worst_prefix_error(both, {{"ana", 2.0 / 3}, {"ben", 1.0 / 3}}) < 1.0);
      CHECK(first.counts().at("ana") + second.counts().at("ana") == 14);
    }

    SUBCASE("fractional weights: 1.5:1 is 3 leads to 2 in every 5") {
      const Config config = team_config("weighted", {"name: ana, weight: 1.5", "name: ben"});
      const Handoff run = handoff(config, candidates(40), {});
      CHECK(every_cycle_exact(run.sequence(), {{"ana", 3}, {"ben", 2}}));
      CHECK(run.counts() == std::map<std::string, int>{{"ana", 24}, {"ben", 16}});
    }

    SUBCASE("weights 3:1:1 over runs of every size") {
      const Config config = team_config("weighted", {"name: ana, weight: 3", "name: ben", "name: cy"});
      // The same 30 leads in runs of 1, 2, 3, ... leads give the same sequence as one run.
      const Handoff whole = handoff(config, candidates(30), {});
      std::vector<Event> history;
      std::vector<std::string> pieces;
      int next = 1;
      for (int size = 1; next <= 30; ++size) {
        const int n = std::min(size, 31 - next);
        const Handoff run = handoff(config, candidates(n, next), history);
        history = after(history, run);
        const auto sequence = run.sequence();
        pieces.insert(pieces.end(), sequence.begin(), sequence.end());
        next += n;
      }
      CHECK(pieces == whole.sequence());
      CHECK(every_cycle_exact(whole.sequence(), {{"ana", 3}, {"ben", 1}, {"cy", 1}}));
    }

    SUBCASE("round_robin continues after the rep of the team's last owner event") {
      const Config config = team_config("round_robin", {"name: ana", "name: ben", "name: cy"});
      const Handoff run =
          handoff(config, candidates(4),
                  {owner_event("2026-11-20T09:00:00Z", "ana"), owner_event("2026-11-21T09:00:00Z", "ben")});
      CHECK(run.sequence() == std::vector<std::string>{"cy", "ana", "ben", "cy"});
      // The next run starts after cy, from the events alone.
      const Handoff next = handoff(config, candidates(2, 5), after({}, run));
      CHECK(next.sequence() == std::vector<std::string>{"ana", "ben"});
      // Owner events of reps of other teams, and of people who are no reps, do not count.
      const Handoff other =
          handoff(config, candidates(1),
                  {owner_event("2026-11-20T09:00:00Z", "ana"), owner_event("2026-11-21T09:00:00Z", "zed")});
      CHECK(other.sequence() == std::vector<std::string>{"ben"});
    }

    SUBCASE("least_loaded: fewest open leads, this run's included; won and exit leads are not open") {
      const Config config = team_config("least_loaded", {"name: ana", "name: ben", "name: cy"});
      std::vector<Row> store = {
          lead(id_of(100), "a1@x1.example", "sal", "ana"),
          lead(id_of(101), "a2@x2.example", "sql", "ana"),
          lead(id_of(102), "b1@x3.example", "customer", "ben"),
          lead(id_of(103), "b2@x4.example", "lost", "ben"),
          lead(id_of(104), "c1@x5.example", "opportunity", "cy"),
      };
      const auto more = candidates(4);
      store.insert(store.begin(), more.begin(), more.end());
      // Open: ana 2, ben 0 (won and exit do not count), cy 1.
      // 1: ben (0) -> ana 2, ben 1, cy 1.   2: ben and cy tie; cy was handed fewer today -> cy 2.
      // 3: ben (1) -> all 2.                4: a three-way tie; ana was handed none today -> ana.
      const Handoff run = handoff(config, store, {});
      CHECK(run.sequence() == std::vector<std::string>{"ben", "cy", "ben", "ana"});
    }
  }

  TEST_CASE("routing::Router capacity and away dates") {
    SUBCASE("nobody away or full ever gets a lead") {
      const Config config =
          team_config("weighted", {"name: ana, away: [2026-11-27]", "name: ben, capacity_per_day: 2",
                                   "name: cy, weight: 5, capacity_per_day: 0", "name: dee"});
      const Handoff run = handoff(config, candidates(10), {});
      CHECK(run.counts() == std::map<std::string, int>{{"ben", 2}, {"dee", 8}});
    }

    SUBCASE("a team with nobody to take a lead leaves it, saying why") {
      const Config config =
          team_config("round_robin", {"name: ana, away: [\"2026-11-20..2026-11-30\", \"2026-12-01\"]",
                                      "name: ben, capacity_per_day: 1", "name: cy, capacity_per_day: 0"});
      const Handoff run = handoff(config, candidates(3), {});
      CHECK(run.sequence() == std::vector<std::string>{"ben"});
      CHECK(run.reasons ==
            std::vector<std::string>{"team t: ana away until 2026-12-01, ben at capacity 1, cy at "
                                     "capacity 0",
                                     "team t: ana away until 2026-12-01, ben at capacity 1, cy at "
                                     "capacity 0"});
      CHECK(run.summary == "handed off 1 (ben 1); 2 left in mql");
      // A left lead keeps its stage and owner, and writes no event.
      CHECK(run.store[1] == candidates(3)[1]);
      CHECK(run.events.size() == 2);
    }

    SUBCASE("capacity counts earlier runs of the same day, not yesterday's") {
      const Config config = team_config("round_robin", {"name: ana, capacity_per_day: 2", "name: ben"});
      const std::vector<Event> today = {owner_event("2026-11-27T08:00:00Z", "ana"),
                                        owner_event("2026-11-27T09:00:00Z", "ana")};
      const std::vector<Event> yesterday = {owner_event("2026-11-26T08:00:00Z", "ana"),
                                            owner_event("2026-11-26T23:59:59Z", "ana")};
      CHECK(handoff(config, candidates(4), today).counts() == std::map<std::string, int>{{"ben", 4}});
      CHECK(handoff(config, candidates(4), yesterday).counts() ==
            std::map<std::string, int>{{"ana", 2}, {"ben", 2}});
      // Two runs on one day: the second sees the first's leads.
      const Handoff morning = handoff(config, candidates(2), {});
      CHECK(morning.counts() == std::map<std::string, int>{{"ana", 1}, {"ben", 1}});
      const Handoff noon = handoff(config, candidates(4, 3), after({}, morning), k_now + 3600);
      CHECK(noon.sequence() == std::vector<std::string>{"ana", "ben", "ben", "ben"});
      // The next day, ana may take two again.
      const Handoff tomorrow =
          handoff(config, candidates(4, 7), after(after({}, morning), noon), k_now + k_day);
      CHECK(tomorrow.counts().at("ana") == 2);
    }
  }

  TEST_CASE("routing::Router account matching") {
    const Config config =
        team_config("round_robin", {"name: ana", "name: ben, away: [2026-11-27]", "name: cy"});

    SUBCASE("a domain stays with its owner") {
      const std::vector<Row> store = {lead(id_of(1), "new@acme.example"),
                                      lead(id_of(2), "old@acme.example", "sql", "cy"),
                                      lead(id_of(3), "x@other.example")};
      const Handoff run = handoff(config, store, {});
      REQUIRE(run.decisions.size() == 2);
      CHECK(run.decisions[0].how == "account");
      CHECK(!run.decisions[0].rule);
      CHECK(run.owners[0] == "cy");
      CHECK(run.events[0] ==
            Event{"2026-11-27T12:00:00Z", id_of(1), "owner", "", "cy", "leads", "account acme.example"});
      // The account's lead counts as cy's turn: the rule's round robin goes on after cy.
      CHECK(run.owners[2] == "ana");
    }

    SUBCASE("never for free-mail domains") {
      const std::vector<Row> store = {lead(id_of(1), "new@gmail.com"),
                                      lead(id_of(2), "old@gmail.com", "sql", "cy")};
      const Handoff run = handoff(config, store, {});
      CHECK(run.decisions[0].how == "rule 1");
      CHECK(run.owners[0] == "ana");
    }

    SUBCASE("the owner of most of the domain's leads; ties to rep order, then by name") {
      const std::vector<Row> store = {
          lead(id_of(1), "n@acme.example"),
          lead(id_of(2), "a@acme.example", "sal", "cy"),
          lead(id_of(3), "b@acme.example", "sal", "ana"),
          lead(id_of(4), "c@acme.example", "won", "cy"),
          lead(id_of(5), "n@beta.example"),
          lead(id_of(6), "a@beta.example", "sal", "cy"),
          lead(id_of(7), "b@beta.example", "sal", "ana"),
          lead(id_of(8), "n@gamma.example"),
          lead(id_of(9), "a@gamma.example", "sal", "zoe"),
          lead(id_of(10), "b@gamma.example", "sal", "bob"),
      };
      const Handoff run = handoff(config, store, {});
      CHECK(run.owners[0] == "cy");  // cy 2, ana 1
      CHECK(run.owners[4] == "ana"); // 1 each: ana comes before cy in routing.reps
      // gamma: bob and zoe, 1 each, neither a rep: bob by name, who is not a rep.
      CHECK(run.decisions[2].note ==
            "rule 1 (true) -> team t, round_robin; account gamma.example owner bob is not a "
            "rep in routing.reps");
    }

    SUBCASE("falls through to the rules when the owner is away or full, and says so") {
      const std::vector<Row> store = {lead(id_of(1), "new@acme.example"),
                                      lead(id_of(2), "old@acme.example", "sal", "ben")};
      const Handoff run = handoff(config, store, {});
      CHECK(run.owners[0] == "ana");
      CHECK(run.decisions[0].how == "rule 1");
      CHECK(run.decisions[0].note ==
            "rule 1 (true) -> team t, round_robin; account acme.example owner ben is away until 2026-11-27");
      const Config full = team_config("round_robin", {"name: ana", "name: ben, capacity_per_day: 1"});
      const Handoff busy = handoff(full, store, {owner_event("2026-11-27T01:00:00Z", "ben")});
      CHECK(busy.owners[0] == "ana");
      CHECK(busy.decisions[0].note == "rule 1 (true) -> team t, round_robin; account acme.example owner ben "
                                      "has reached capacity 1 today");
    }

    SUBCASE("a new company's leads of one run go to one rep") {
      const std::vector<Row> store = {lead(id_of(1), "a@newco.example"), lead(id_of(2), "b@other.example"),
                                      lead(id_of(3), "c@newco.example")};
      const Handoff run = handoff(config, store, {});
      CHECK(run.owners == std::vector<std::string>{"ana", "cy", "ana"});
      CHECK(run.decisions[2].how == "account");
    }
  }

  TEST_CASE("routing::Router rules and candidates") {
    const Config config = load_string("routing:\n"
                                      "  reps:\n"
                                      "    - {name: ana, team: emea}\n"
                                      "    - {name: cy, team: americas}\n"
                                      "  rules:\n"
                                      "    - {when: 'country in [\"US\", \"CA\"]', team: americas}\n"
                                      "    - {when: 'country == \"DE\"', team: emea}\n"
                                      "  teams: {emea: {strategy: weighted}, americas: {}}\n",
                                      "t.yaml");

    SUBCASE("the first rule that holds picks the team") {
      const std::vector<Row> store = {lead(id_of(1), "a@a.example", "mql", "", "US"),
                                      lead(id_of(2), "b@b.example", "mql", "", "DE"),
                                      lead(id_of(3), "c@c.example", "mql", "", "FR")};
      const Handoff run = handoff(config, store, {});
      CHECK(run.owners == std::vector<std::string>{"cy", "ana", ""});
      CHECK(run.decisions[0].rule == 0u);
      CHECK(run.decisions[0].how == "rule 1");
      CHECK(run.decisions[0].note == "rule 1 (country in [\"US\", \"CA\"]) -> team americas, round_robin");
      CHECK(run.decisions[1].note == "rule 2 (country == \"DE\") -> team emea, weighted");
      CHECK(!run.decisions[2].assigned);
      CHECK(run.reasons == std::vector<std::string>{"no routing rule matches"});
      CHECK(run.summary == "handed off 2 (ana 1, cy 1); 1 left in mql");
    }

    SUBCASE("the reasons leads were left, the most frequent first") {
      const Config away = load_string("routing:\n"
                                      "  reps:\n"
                                      "    - {name: ana, team: emea, away: [2026-11-27]}\n"
                                      "    - {name: cy, team: americas}\n"
                                      "  rules:\n"
                                      "    - {when: 'country in [\"US\", \"CA\"]', team: americas}\n"
                                      "    - {when: 'country == \"DE\"', team: emea}\n"
                                      "  teams: {emea: {strategy: weighted}, americas: {}}\n",
                                      "t.yaml");
      const std::vector<Row> store = {
          lead(id_of(1), "a@a.example", "mql", "", "DE"), lead(id_of(2), "b@b.example", "mql", "", "FR"),
          lead(id_of(3), "c@c.example", "mql", "", "US"), lead(id_of(4), "d@d.example", "mql", "", "FR")};
      const Handoff run = handoff(away, store, {});
      using Reasons = std::vector<std::pair<std::string, std::size_t>>;
      CHECK(run.left_reasons ==
            Reasons{{"no routing rule matches", 2}, {"team emea: ana away until 2026-11-27", 1}});
      CHECK(run.summary == "handed off 1 (cy 1); 3 left in mql");
    }

    SUBCASE("only leads in the from-stage, with no owner, that may be contacted") {
      std::vector<Row> store = {
          lead(id_of(1), "a@a.example", "mql", "", "US"), lead(id_of(2), "b@b.example", "engaged", "", "US"),
          lead(id_of(3), "c@c.example", "mql", "zed", "US"), lead(id_of(4), "d@d.example", "mql", "", "US")};
      store[3][leads::field_index(leads::Field::do_not_contact)] = "true";
      const Handoff run = handoff(config, store, {});
      REQUIRE(run.decisions.size() == 1);
      CHECK(run.owners == std::vector<std::string>{"cy", "", "zed", ""});
    }

    SUBCASE("an assigned lead's row and events") {
      Row row = lead(id_of(1), "a@a.example", "mql", "", "US");
      row[leads::field_index(leads::Field::company)] = "Acme";
      row[leads::field_index(leads::Field::stage_at)] = "2026-11-01T00:00:00Z";
      const Handoff run = handoff(config, {row}, {});
      Row expected = row;
      expected[leads::field_index(leads::Field::owner)] = "cy";
      expected[leads::field_index(leads::Field::stage)] = "sal";
      expected[leads::field_index(leads::Field::stage_at)] = "2026-11-27T12:00:00Z";
      expected[leads::field_index(leads::Field::updated_at)] = "2026-11-27T12:00:00Z";
      CHECK(run.store[0] == expected);
      CHECK(run.events ==
            std::vector<Event>{{"2026-11-27T12:00:00Z", id_of(1), "owner", "", "cy", "leads",
                                "rule 1 (country in [\"US\", \"CA\"]) -> team americas, round_robin"},
                               {"2026-11-27T12:00:00Z", id_of(1), "stage", "mql", "sal", "leads", ""}});
    }

    SUBCASE("the stages come from leads.yaml") {
      const Config own = load_string("stages:\n"
                                     "  - {name: hot, side: marketing, next: [taken]}\n"
                                     "  - {name: taken, side: sales}\n"
                                     "import: {values: {stage: {}}}\n"
                                     "scoring: {mql: {stage: hot}}\n"
                                     "routing:\n"
                                     "  from_stage: hot\n"
                                     "  handoff_stage: taken\n"
                                     "  reps: [{name: ana, team: t}]\n"
                                     "  rules: [{when: 'true', team: t}]\n"
                                     "  teams: {t: {}}\n",
                                     "t.yaml");
      const std::vector<Row> store = {lead(id_of(1), "a@a.example", "hot"), lead(id_of(2), "b@b.example", ""),
                                      lead(id_of(3), "c@c.example", "mql")};
      const Handoff run = handoff(own, store, {});
      // An empty stage is the first stage, here hot.
      CHECK(run.owners == std::vector<std::string>{"ana", "ana", ""});
      CHECK(run.store[0][leads::field_index(leads::Field::stage)] == "taken");
      CHECK(run.summary == "handed off 2 (ana 2); 0 left in hot");
    }

    SUBCASE("a rule that does not compile is a config error at its line and column") {
      const Config bad = load_string("routing:\n"
                                     "  rules:\n"
                                     "    - {when: 'contry == \"US\"', team: americas}\n",
                                     "t.yaml");
      try {
        leads::routing::Router router(bad, header(), {k_now, "leads", "mql", "leads.csv"});
        FAIL("expected an error");
      } catch (const leads::Error& e) {
        CHECK(e.kind() == leads::ErrorKind::config);
        CHECK(e.file() == "t.yaml");
        CHECK(e.line() == 3);
        CHECK(e.column() == 15);
        CHECK(e.message().find("contry") != std::string::npos);
      }
    }

    SUBCASE("a from-stage that is not a stage") {
      CHECK_THROWS_AS(leads::routing::Router(config, header(), {k_now, "leads", "qualified", "leads.csv"}),
                      leads::Error);
    }

    SUBCASE("the same files give the same decisions") {
      const Config weighted =
          team_config("weighted", {"name: ana, weight: 2", "name: ben", "name: cy, weight: 0.5"});
      const Handoff a = handoff(weighted, candidates(50), {});
      const Handoff b = handoff(weighted, candidates(50), {});
      CHECK(a.events == b.events);
    }
  }

} // TEST_SUITE

namespace {

// splitmix64: the same numbers everywhere, for the property tests below.
struct Random {
  std::uint64_t state;
  std::uint64_t next() {
    std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  int below(int n) { return static_cast<int>(next() % static_cast<std::uint64_t>(n)); }
};

} // namespace

TEST_SUITE("routing") {

  TEST_CASE("routing::Router properties over random teams") {
    const std::vector<std::string> names = {"ana", "ben", "cy", "dee", "eli"};

    SUBCASE("weighted: every cycle holds each rep's share, across runs of random sizes") {
      Random random{1};
      for (int trial = 0; trial < 40; ++trial) {
        const int reps = 2 + random.below(4);
        std::vector<std::string> rep_yaml;
        std::vector<int> halves; // weights in halves: 1 = 0.5, 5 = 2.5
        for (int r = 0; r < reps; ++r) {
          halves.push_back(1 + random.below(6));
          rep_yaml.push_back(
              fmt::format("name: {}, weight: {}", names[static_cast<std::size_t>(r)], halves.back() / 2.0));
        }
        // The cycle: the weights in lowest whole terms.
        int divisor = 0;
        for (int h : halves) {
          divisor = std::gcd(divisor, h);
        }
        std::map<std::string, int> per_cycle;
        std::map<std::string, double> share;
        int total = 0;
        for (int h : halves) {
          total += h;
        }
        for (int r = 0; r < reps; ++r) {
          per_cycle[names[static_cast<std::size_t>(r)]] = halves[static_cast<std::size_t>(r)] / divisor;
          share[names[static_cast<std::size_t>(r)]] =
              static_cast<double>(halves[static_cast<std::size_t>(r)]) / total;
        }
        INFO("weights (halves): " << fmt::format("{}", fmt::join(halves, ":")));
        const Config config = team_config("weighted", rep_yaml);
        std::vector<Event> history;
        std::vector<std::string> sequence;
        int next = 1;
        while (next <= 60) {
          const int n = 1 + random.below(9);
          const Handoff run = handoff(config, candidates(n, next), history);
          history = after(history, run);
          const auto more = run.sequence();
          sequence.insert(sequence.end(), more.begin(), more.end());
          next += n;
        }
        CHECK(every_cycle_exact(sequence, per_cycle));
        CHECK(worst_prefix_error(sequence, share) < 1.0);
      }
    }

    SUBCASE("nobody away or full gets a lead, and a lead is left only when nobody can take it") {
      Random random{2};
      for (int trial = 0; trial < 60; ++trial) {
        const char* strategy =
            std::array{"round_robin", "weighted", "least_loaded"}[static_cast<std::size_t>(random.below(3))];
        const int reps = 1 + random.below(5);
        std::vector<std::string> rep_yaml;
        std::map<std::string, bool> away;
        std::map<std::string, int> capacity; // -1: none
        std::map<std::string, int> handed;   // today, history included
        std::vector<Event> history;
        for (int r = 0; r < reps; ++r) {
          const std::string name = names[static_cast<std::size_t>(r)];
          std::string yaml = fmt::format("name: {}, weight: {}", name, 1 + random.below(3));
          away[name] = random.below(4) == 0;
          if (away[name]) {
            yaml += random.below(2) == 0 ? ", away: [2026-11-27]" : ", away: [\"2026-11-20..2026-11-28\"]";
          } else if (random.below(3) == 0) {
            yaml += ", away: [2026-11-26, 2026-11-28]"; // yesterday and tomorrow only
          }
          capacity[name] = random.below(3) == 0 ? -1 : random.below(4);
          if (capacity[name] >= 0) {
            yaml += fmt::format(", capacity_per_day: {}", capacity[name]);
          }
          for (int k = random.below(3); k > 0; --k) {
            history.push_back(owner_event("2026-11-27T06:00:00Z", name));
            ++handed[name];
          }
          if (random.below(2) == 0) {
            history.push_back(owner_event("2026-11-26T06:00:00Z", name)); // yesterday's: no count
          }
          rep_yaml.push_back(yaml);
        }
        INFO(strategy << ": " << fmt::format("{}", fmt::join(rep_yaml, " | ")));
        const Config config = team_config(strategy, rep_yaml);
        const Handoff run = handoff(config, candidates(12), history);
        std::size_t event = 0;
        for (const Decision& decision : run.decisions) {
          auto can_take = [&](const std::string& name) {
            return !away[name] && (capacity[name] < 0 || handed[name] < capacity[name]);
          };
          if (decision.assigned) {
            const std::string& rep = run.events[event].to;
            event += 2;
            CHECK(can_take(rep));
            ++handed[rep];
          } else {
            for (int r = 0; r < reps; ++r) {
              CHECK(!can_take(names[static_cast<std::size_t>(r)]));
            }
          }
        }
      }
    }
  }

} // TEST_SUITE
