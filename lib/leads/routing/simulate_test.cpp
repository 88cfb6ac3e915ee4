#include <leads/routing/simulate.hpp>

#include <leads/routing/test_support.hpp>

#include <doctest/doctest.h>

using namespace leads::routing::testing;
using leads::routing::SimulationOptions;
using leads::routing::SimulationReport;
using leads::routing::Simulator;
using leads::stages::Event;

namespace {

const leads::config::Config k_config =
    leads::config::load_string("routing:\n"
                               "  reps:\n"
                               "    - {name: ana, team: t}\n"
                               "    - {name: ben, team: t, capacity_per_day: 1}\n"
                               "    - {name: cy, team: t}\n"
                               "  rules: [{when: 'country != \"FR\"', team: t}]\n"
                               "  teams: {t: {strategy: round_robin}}\n",
                               "t.yaml");

// The week of 2026-11-16 .. 2026-11-22.
constexpr std::int64_t k_begin = 1794787200; // 2026-11-16T00:00:00Z
constexpr std::int64_t k_end = k_begin + 7 * k_day;

Event handed_to(std::string at, int lead, std::string rep, std::string actor = "leads") {
  return {std::move(at), id_of(lead), "owner", "", std::move(rep), std::move(actor), "rule 1"};
}

SimulationReport simulate(const std::vector<Event>& events, const std::vector<Row>& store,
                          std::string actor = "") {
  Simulator simulator(k_config, header(),
                      SimulationOptions{k_begin, k_end, std::move(actor), "mql", "leads.csv"});
  for (const Event& event : events) {
    auto fields = event.fields();
    simulator.add_event(fields);
  }
  std::vector<std::string_view> views;
  for (const Row& row : store) {
    views.assign(row.begin(), row.end());
    simulator.add_lead(views);
  }
  return simulator.run();
}

} // namespace

TEST_SUITE("routing") {

  TEST_CASE("routing::Simulator") {
    // Leads 1-4 were handed off in the week, to ana, zed (not a rep any more), ana, ana.
    const std::vector<Event> events = {
        handed_to("2026-11-10T09:00:00Z", 90, "ben"), // before the week: round robin goes on after ben
        handed_to("2026-11-17T09:00:00Z", 1, "ana"),
        handed_to("2026-11-17T10:00:00Z", 2, "zed"),
        {"2026-11-17T10:00:01Z", id_of(2), "stage", "mql", "sal", "leads", ""},
        handed_to("2026-11-18T09:00:00Z", 4, "ana"), // appended before lead 3, happened after it
        handed_to("2026-11-17T11:00:00Z", 3, "ana"),
        {"2026-11-19T09:00:00Z", id_of(3), "owner", "ana", "ben", "lee", "handed over"}, // a reassignment
        handed_to("2026-11-25T09:00:00Z", 5, "cy"),                                      // after the week
    };
    const std::vector<Row> store = {
        lead(id_of(1), "p1@company1.example", "sal", "ana", "DE"),
        lead(id_of(2), "p2@acme.example", "sql", "zed", "DE"),
        lead(id_of(3), "p3@company3.example", "sal", "ben", "DE"),
        lead(id_of(4), "p4@company4.example", "sal", "ana", "FR"),
        lead(id_of(5), "p5@company5.example", "sal", "cy", "DE"),
        lead(id_of(6), "p6@acme.example", "sal", "ana", "DE"), // acme's owner, once lead 2 is set aside
    };

    SUBCASE("routes the week's handoffs again, in time order, from the state before the week") {
      const SimulationReport report = simulate(events, store);
      REQUIRE(report.leads.size() == 4);
      // 1 (11-17 09:00): after ben comes cy.
      CHECK(report.leads[0].id == id_of(1));
      CHECK(report.leads[0].old_owner == "ana");
      CHECK(report.leads[0].new_owner == "cy");
      CHECK(report.leads[0].how == "rule 1");
      CHECK(report.leads[0].at == "2026-11-17T09:00:00Z");
      // 2: acme's leads but itself belong to ana: the account.
      CHECK(report.leads[1].new_owner == "ana");
      CHECK(report.leads[1].how == "account");
      CHECK(report.leads[1].old_owner == "zed");
      // 3 (11-17 11:00): after ana (the account lead counts as her turn) comes ben.
      CHECK(report.leads[2].id == id_of(3));
      CHECK(report.leads[2].new_owner == "ben");
      CHECK(report.leads[2].old_owner == "ana"); // the first owner, not the later reassignment
      // 4 is from FR: no rule holds today.
      CHECK(report.leads[3].new_owner.empty());
      CHECK(report.leads[3].how == "no routing rule matches");
      CHECK(report.changed == 4);
      CHECK(report.left == 1);
      CHECK(report.missing == 0);
      REQUIRE(report.totals.size() == 4);
      CHECK(report.totals[0].owner == "ana");
      CHECK(report.totals[0].before == 3);
      CHECK(report.totals[0].after == 1);
      CHECK(report.totals[1].owner == "ben");
      CHECK(report.totals[1].before == 0);
      CHECK(report.totals[1].after == 1);
      CHECK(report.totals[2].owner == "cy");
      CHECK(report.totals[2].after == 1);
      CHECK(report.totals[3].owner == "zed");
      CHECK(report.totals[3].before == 1);
    }

    SUBCASE("capacity counts per day of the replay") {
      // ben may take one lead a day: on 11-17 the round robin passes over him the second time.
      std::vector<Event> same_day;
      std::vector<Row> rows;
      for (int i = 1; i <= 6; ++i) {
        same_day.push_back(handed_to(fmt::format("2026-11-17T0{}:00:00Z", i), i, "ana"));
        rows.push_back(lead(id_of(i), fmt::format("p{}@c{}.example", i, i), "sal", "ana", "DE"));
      }
      same_day.push_back(handed_to("2026-11-18T09:00:00Z", 7, "ana"));
      rows.push_back(lead(id_of(7), "p7@c7.example", "sal", "ana", "DE"));
      const SimulationReport report = simulate(same_day, rows);
      std::vector<std::string> owners;
      for (const auto& lead : report.leads) {
        owners.push_back(lead.new_owner);
      }
      CHECK(owners == std::vector<std::string>{"ana", "ben", "cy", "ana", "cy", "ana", "ben"});
    }

    SUBCASE("only the named actor's handoffs, and leads no longer in the store are counted apart") {
      std::vector<Event> mixed = {handed_to("2026-11-17T09:00:00Z", 1, "ana", "leads"),
                                  handed_to("2026-11-17T10:00:00Z", 2, "ana", "maria"),
                                  handed_to("2026-11-17T11:00:00Z", 99, "ana", "leads")};
      const SimulationReport report = simulate(mixed, store, "leads");
      REQUIRE(report.leads.size() == 1);
      CHECK(report.leads[0].id == id_of(1));
      CHECK(report.missing == 1);
    }

    SUBCASE("a lead that would go to the same owner is not changed") {
      const SimulationReport report = simulate({handed_to("2026-11-17T09:00:00Z", 1, "ana")}, store);
      REQUIRE(report.leads.size() == 1);
      CHECK(report.leads[0].new_owner == "ana"); // no turns before: the first rep
      CHECK(!report.leads[0].changed());
      CHECK(report.changed == 0);
    }
  }

} // TEST_SUITE
