#include <leads/stages/move.hpp>

#include <leads/config/config.hpp>
#include <leads/error.hpp>
#include <leads/lead/fields.hpp>
#include <leads/normalize/date.hpp>

#include <doctest/doctest.h>

#include <memory>

using leads::Field;
using leads::stages::Event;
using leads::stages::MoveOutcome;
using leads::stages::MovePlan;
using leads::stages::MoveRequest;
using leads::stages::StageGraph;
using leads::stages::StoreColumns;
using Kind = leads::stages::MoveOutcome::Kind;

namespace {

const std::vector<std::string> k_header(leads::k_field_names.begin(), leads::k_field_names.end());

// A store row with the canonical columns: id, email, stage, owner; the rest empty
// but for the timestamps, so that a rewrite shows.
std::vector<std::string> lead(std::string id, std::string email, std::string stage, std::string owner = "") {
  std::vector<std::string> row(leads::k_field_count);
  row[leads::field_index(Field::id)] = std::move(id);
  row[leads::field_index(Field::email)] = std::move(email);
  row[leads::field_index(Field::stage)] = std::move(stage);
  row[leads::field_index(Field::owner)] = std::move(owner);
  row[leads::field_index(Field::company)] = "Acme";
  row[leads::field_index(Field::do_not_contact)] = "false";
  row[leads::field_index(Field::created_at)] = "2026-01-01T00:00:00Z";
  row[leads::field_index(Field::updated_at)] = "2026-01-02T00:00:00Z";
  row[leads::field_index(Field::stage_at)] = "2026-01-03T00:00:00Z";
  return row;
}

const std::vector<std::vector<std::string>> k_store = {
    lead("0000000000000001", "ana@acme.example", "mql"),
    lead("0000000000000002", "ben@beta.example", "sal", "cy"),
    lead("00000000000000ab", "cy@gamma.example", ""),
    lead("0000000000000004", "dee@delta.example", "opportunty"),
    lead("0000000000000005", "eve@eps.example", "recycled"),
};

constexpr std::int64_t k_now = 1795780800; // 2026-11-27T12:00:00Z

struct Run {
  std::unique_ptr<MovePlan> plan;
  std::vector<std::vector<std::string>> rewritten; // the store after apply()
};

// Plans a move to `to` over k_store and applies it.
Run run(const StageGraph& graph, std::string to, std::vector<std::string> targets, std::string reason = "",
        bool force = false) {
  Run out;
  MoveRequest request;
  request.to = std::move(to);
  request.reason = std::move(reason);
  request.force = force;
  request.now = k_now;
  request.actor = "tester";
  out.plan = std::make_unique<MovePlan>(graph, request, targets, StoreColumns::of(k_header, "leads.csv"));
  std::vector<std::string_view> views;
  for (const auto& row : k_store) {
    views.assign(row.begin(), row.end());
    out.plan->add_row(views);
  }
  out.plan->finish();
  for (const auto& row : k_store) {
    views.assign(row.begin(), row.end());
    out.plan->apply(views);
    out.rewritten.emplace_back(views.begin(), views.end());
  }
  return out;
}

std::string field(const std::vector<std::string>& row, Field f) {
  return row[leads::field_index(f)];
}

} // namespace

TEST_SUITE("stages") {

  TEST_CASE("stages::MovePlan") {
    const StageGraph graph(leads::config::defaults());

    SUBCASE("an allowed move rewrites the stage and its times, and keeps the rest") {
      Run r = run(graph, "sal", {"0000000000000001"});
      REQUIRE(r.plan->outcomes().size() == 1);
      const MoveOutcome& out = r.plan->outcomes()[0];
      CHECK(out.kind == Kind::moved);
      CHECK(out.id == "0000000000000001");
      CHECK(out.email == "ana@acme.example");
      CHECK(out.from == "mql");
      CHECK(out.to == "sal");
      CHECK(!out.forced);
      CHECK(r.plan->can_proceed());
      std::vector<std::string> expected = k_store[0];
      expected[leads::field_index(Field::stage)] = "sal";
      expected[leads::field_index(Field::stage_at)] = "2026-11-27T12:00:00Z";
      expected[leads::field_index(Field::updated_at)] = "2026-11-27T12:00:00Z";
      CHECK(r.rewritten[0] == expected);
      for (std::size_t i = 1; i < k_store.size(); ++i) {
        CHECK(r.rewritten[i] == k_store[i]);
      }
      CHECK(r.plan->events() == std::vector<Event>{{"2026-11-27T12:00:00Z", "0000000000000001", "stage",
                                                    "mql", "sal", "tester", ""}});
    }

    SUBCASE("the owner stays, and the reason is the event's note") {
      Run r = run(graph, "recycled", {"ben@beta.example"}, "no reply in 14 days");
      REQUIRE(r.plan->outcomes().size() == 1);
      CHECK(r.plan->outcomes()[0].kind == Kind::moved);
      CHECK(r.plan->outcomes()[0].owner == "cy");
      CHECK(field(r.rewritten[1], Field::owner) == "cy");
      CHECK(field(r.rewritten[1], Field::stage) == "recycled");
      REQUIRE(r.plan->events().size() == 1);
      CHECK(r.plan->events()[0].note == "no reply in 14 days");
      CHECK(r.plan->events()[0].from == "sal");
    }

    SUBCASE("a lead already in the stage is unchanged") {
      Run r = run(graph, "sal", {"0000000000000002", "0000000000000001"});
      REQUIRE(r.plan->outcomes().size() == 2);
      CHECK(r.plan->outcomes()[0].kind == Kind::moved);
      CHECK(r.plan->outcomes()[1].kind == Kind::unchanged);
      CHECK(r.plan->can_proceed());
      CHECK(r.plan->count(Kind::moved) == 1);
      CHECK(r.plan->count(Kind::unchanged) == 1);
      CHECK(r.plan->events().size() == 1);
      CHECK(r.rewritten[1] == k_store[1]);
    }

    SUBCASE("a move the graph does not allow is refused, and nothing moves") {
      Run r = run(graph, "customer", {"0000000000000001", "0000000000000002"});
      // sal -> customer and mql -> customer are both refused: nothing is written.
      REQUIRE(r.plan->outcomes().size() == 2);
      CHECK(r.plan->outcomes()[0].kind == Kind::refused);
      CHECK(r.plan->outcomes()[0].why == "mql -> customer is not a move stages: allows (mql may go to sal, "
                                         "recycled, disqualified); use --force to override");
      CHECK(!r.plan->can_proceed());
      CHECK(r.rewritten == k_store);
      CHECK(r.plan->events().empty());
    }

    SUBCASE("one refusal stops the moves that were allowed") {
      Run r = run(graph, "sql", {"0000000000000002", "0000000000000001"});
      CHECK(r.plan->outcomes()[0].kind == Kind::refused); // mql -> sql
      CHECK(r.plan->outcomes()[1].kind == Kind::moved);   // sal -> sql
      CHECK(!r.plan->can_proceed());
      CHECK(r.rewritten == k_store);
    }

    SUBCASE("--force overrides the graph") {
      Run r = run(graph, "customer", {"0000000000000001"}, "", true);
      REQUIRE(r.plan->outcomes().size() == 1);
      CHECK(r.plan->outcomes()[0].kind == Kind::moved);
      CHECK(r.plan->outcomes()[0].forced);
      CHECK(r.plan->can_proceed());
      CHECK(field(r.rewritten[0], Field::stage) == "customer");
    }

    SUBCASE("a stage with reason: required needs --reason, whatever --force says") {
      for (bool force : {false, true}) {
        for (const char* reason : {"", "  "}) {
          Run r = run(graph, "disqualified", {"ana@acme.example"}, reason, force);
          REQUIRE(r.plan->outcomes().size() == 1);
          CHECK(r.plan->outcomes()[0].kind == Kind::refused);
          CHECK(r.plan->outcomes()[0].why == "a move to disqualified needs a reason (stages: marks "
                                             "disqualified reason: required); give --reason");
          CHECK(r.rewritten == k_store);
        }
      }
      Run given = run(graph, "disqualified", {"ana@acme.example"}, "student");
      CHECK(given.plan->outcomes()[0].kind == Kind::moved);
      // A lead already there needs no reason: nothing is said about it.
      Run already = run(graph, "recycled", {"0000000000000005"});
      CHECK(already.plan->outcomes()[0].kind == Kind::unchanged);
      CHECK(already.plan->can_proceed());
    }

    SUBCASE("an unknown target stage is a usage error with a did-you-mean") {
      try {
        run(graph, "custmer", {"0000000000000001"});
        FAIL("expected an error");
      } catch (const leads::Error& e) {
        CHECK(e.kind() == leads::ErrorKind::usage);
        CHECK(e.message() == "--to: unknown stage 'custmer'; did you mean 'customer'?");
        CHECK(e.hint().starts_with("stages are: new, engaged, mql, sal,"));
      }
    }

    SUBCASE("a lead in a stage leads.yaml does not know is refused, even with --force") {
      Run r = run(graph, "customer", {"0000000000000004"}, "", true);
      REQUIRE(r.plan->outcomes().size() == 1);
      CHECK(r.plan->outcomes()[0].kind == Kind::refused);
      CHECK(r.plan->outcomes()[0].from == "opportunty");
      CHECK(r.plan->outcomes()[0].why ==
            "current stage 'opportunty' is not in stages:; did you mean 'opportunity'?");
      CHECK(!r.plan->can_proceed());
    }

    SUBCASE("an empty stage is the first stage") {
      Run r = run(graph, "engaged", {"00000000000000AB"});
      REQUIRE(r.plan->outcomes().size() == 1);
      CHECK(r.plan->outcomes()[0].kind == Kind::moved);
      CHECK(r.plan->outcomes()[0].from == "new");
      CHECK(r.plan->events()[0].from == "new");
      CHECK(r.plan->outcomes()[0].target == "00000000000000AB"); // as given; matched without regard to case
    }

    SUBCASE("emails match as the store writes them") {
      Run r = run(graph, "sal", {"  Ana@ACME.example "});
      REQUIRE(r.plan->outcomes().size() == 1);
      CHECK(r.plan->outcomes()[0].kind == Kind::moved);
      CHECK(r.plan->outcomes()[0].id == "0000000000000001");
    }

    SUBCASE("targets that name no lead are reported, after the leads, in the order given") {
      Run r = run(graph, "sal",
                  {"nobody@acme.example", "0000000000000001", "ffffffffffffffff", "ana", "ana@acme.example"});
      const auto& outcomes = r.plan->outcomes();
      REQUIRE(outcomes.size() == 4);
      // Two targets named ana's lead: one outcome, under the first of them.
      CHECK(outcomes[0].kind == Kind::moved);
      CHECK(outcomes[0].target == "0000000000000001");
      CHECK(outcomes[1].kind == Kind::not_found);
      CHECK(outcomes[1].target == "nobody@acme.example");
      CHECK(outcomes[1].why == "no lead has this email");
      CHECK(outcomes[2].target == "ffffffffffffffff");
      CHECK(outcomes[2].why == "no lead has this id");
      CHECK(outcomes[3].target == "ana");
      CHECK(outcomes[3].why == "not a lead id (16 hex digits) or an email address");
      CHECK(!r.plan->can_proceed());
      CHECK(r.rewritten == k_store);
    }

    SUBCASE("--force does not make up for a missing lead") {
      Run r = run(graph, "sal", {"0000000000000001", "ffffffffffffffff"}, "", true);
      CHECK(!r.plan->can_proceed());
      CHECK(r.rewritten == k_store);
    }

    SUBCASE("a store without a stage column") {
      std::vector<std::string> header = {"id", "email"};
      try {
        StoreColumns::of(header, "leads.csv");
        FAIL("expected an error");
      } catch (const leads::Error& e) {
        CHECK(e.kind() == leads::ErrorKind::data);
        CHECK(e.message() == "the store has no stage column");
        CHECK(e.file() == "leads.csv");
      }
    }
  }

  TEST_CASE("stages::read_targets") {
    std::vector<std::string> targets = {"given@first.example"};
    leads::stages::read_targets("ana@acme.example\r\n"
                                "\n"
                                "  # a comment\n"
                                "  0000000000000001  \n"
                                "#ben@beta.example\n"
                                "\t\r\n"
                                "cy@gamma.example",
                                targets);
    CHECK(targets == std::vector<std::string>{"given@first.example", "ana@acme.example", "0000000000000001",
                                              "cy@gamma.example"});
    std::vector<std::string> none;
    leads::stages::read_targets("", none);
    leads::stages::read_targets("\n\n# only comments\n", none);
    CHECK(none.empty());
  }

} // TEST_SUITE
