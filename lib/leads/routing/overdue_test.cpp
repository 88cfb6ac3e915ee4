#include <leads/routing/overdue.hpp>

#include <leads/routing/test_support.hpp>

#include <doctest/doctest.h>

using namespace leads::routing::testing;
using leads::routing::OverdueFinder;
using leads::routing::OverdueLead;

namespace {

Row handed(int n, std::string_view stage_at, std::string_view stage = "sal", std::string_view owner = "ana") {
  Row row = lead(id_of(n), fmt::format("p{}@c.example", n), stage, owner);
  row[leads::field_index(leads::Field::stage_at)] = stage_at;
  row[leads::field_index(leads::Field::company)] = fmt::format("Company {}", n);
  return row;
}

std::vector<OverdueLead> overdue(const leads::config::Config& config, const std::vector<Row>& store,
                                 std::int64_t now = k_now) {
  OverdueFinder finder(config, header(), now);
  std::vector<std::string_view> views;
  for (const Row& row : store) {
    views.assign(row.begin(), row.end());
    finder.add_lead(views);
  }
  return finder.take();
}

} // namespace

TEST_SUITE("routing") {

  TEST_CASE("routing::OverdueFinder") {
    const leads::config::Config& config = leads::config::defaults(); // sla_hours 24, handoff stage sal

    SUBCASE("leads in the handoff stage past the SLA, oldest first") {
      // now is 2026-11-27T12:00:00Z.
      const std::vector<Row> store = {
          handed(1, "2026-11-26T11:00:00Z"),               // 25 h: overdue
          handed(2, "2026-11-26T12:00:00Z"),               // exactly 24 h: not more than the SLA
          handed(3, "2026-11-20T08:30:00Z", "sal", "ben"), // 7 days 3.5 h = 171 h
          handed(4, "2026-11-01T00:00:00Z", "sql"),        // moved on
          handed(5, "2026-11-26T11:00:00Z"),               // as old as lead 1: by id after it
          handed(6, ""),                                   // no stage_at: cannot be judged
          handed(7, "2026-11-27T11:59:59Z"),
      };
      const auto found = overdue(config, store);
      REQUIRE(found.size() == 3);
      CHECK(found[0].id == id_of(3));
      CHECK(found[0].owner == "ben");
      CHECK(found[0].hours_waiting == 171);
      CHECK(found[0].stage_at == "2026-11-20T08:30:00Z");
      CHECK(found[0].company == "Company 3");
      CHECK(found[1].id == id_of(1));
      CHECK(found[1].hours_waiting == 25);
      CHECK(found[2].id == id_of(5));
    }

    SUBCASE("the SLA and the handoff stage come from leads.yaml") {
      const leads::config::Config own =
          leads::config::load_string("routing: {sla_hours: 0.5, handoff_stage: sal}\n"
                                     "stages:\n"
                                     "  - {name: mql, side: marketing, next: [sal]}\n"
                                     "  - {name: sal, side: sales}\n"
                                     "import: {values: {stage: {}}}\n",
                                     "t.yaml");
      const std::vector<Row> store = {handed(1, "2026-11-27T11:29:00Z"), handed(2, "2026-11-27T11:31:00Z")};
      const auto found = overdue(own, store);
      REQUIRE(found.size() == 1);
      CHECK(found[0].id == id_of(1));
      CHECK(found[0].hours_waiting == 0);
      CHECK(overdue(config, store).empty());
    }
  }

} // TEST_SUITE
