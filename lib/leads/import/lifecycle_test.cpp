// plan_lifecycle(): what a lead's stage dates make of it, worked out by hand
// on small histories (times are days of November 2026, "2026-11-DD").
#include <leads/import/lifecycle.hpp>

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace leads::import;

namespace {

constexpr std::string_view k_1 = "2026-11-01T00:00:00Z";
constexpr std::string_view k_2 = "2026-11-02T00:00:00Z";
constexpr std::string_view k_3 = "2026-11-03T00:00:00Z";
constexpr std::string_view k_4 = "2026-11-04T00:00:00Z";
constexpr std::string_view k_9 = "2026-11-09T00:00:00Z";

// "at from>to #row" per move, for readable checks.
std::vector<std::string> moves_of(const Lifecycle& lc) {
  std::vector<std::string> out;
  for (const StageMove& m : lc.moves) {
    out.push_back(std::string(m.at.substr(8, 2)) + " " + std::string(m.from) + ">" + std::string(m.to) +
                  " #" + std::to_string(m.row));
  }
  return out;
}

Lifecycle plan(const LifecycleInput& in,
               const std::vector<std::pair<std::string_view, std::string_view>>& known = {}) {
  Lifecycle out;
  plan_lifecycle(
      in,
      [&](std::string_view at, std::string_view stage) {
        for (const auto& [a, s] : known) {
          if (a == at && s == stage) {
            return true;
          }
        }
        return false;
      },
      out);
  return out;
}

LifecycleInput new_lead(std::span<const StageDate> dates) {
  LifecycleInput in;
  in.dates = dates;
  in.first_stage = "new";
  return in;
}

using Moves = std::vector<std::string>;

} // namespace

TEST_SUITE("import") {

  TEST_CASE("import::plan_lifecycle of a new lead") {
    SUBCASE("a won deal: engaged on the 1st, won on the 3rd (its own stage with its stage_at)") {
      const StageDate dates[] = {{"engaged", k_1, 0}, {"customer", k_3, 0}};
      LifecycleInput in = new_lead(dates);
      in.stage = "customer";
      in.stage_at = k_3;
      in.earliest_edit = k_3;
      const Lifecycle lc = plan(in);
      // Created when first dated, in that stage; the close is the one move.
      CHECK(lc.created_at == k_1);
      CHECK(lc.created_to == "engaged");
      CHECK(moves_of(lc) == Moves{"03 engaged>customer #0"});
      CHECK(lc.stage == "customer");
      CHECK(lc.stage_at == k_3);
    }
    SUBCASE("a deal still engaging: its stage is dated by its entry") {
      const StageDate dates[] = {{"engaged", k_2, 0}};
      LifecycleInput in = new_lead(dates);
      in.stage = "engaged";
      const Lifecycle lc = plan(in);
      CHECK(lc.created_at == k_2);
      CHECK(lc.created_to == "engaged");
      CHECK(lc.moves.empty());
      CHECK(lc.stage == "engaged");
      CHECK(lc.stage_at == k_2);
    }
    SUBCASE("no stage column: the latest entry is the stage (a won date makes a customer)") {
      const StageDate dates[] = {{"customer", k_4, 0}, {"mql", k_2, 0}};
      const Lifecycle lc = plan(new_lead(dates));
      CHECK(lc.created_at == k_2);
      CHECK(lc.created_to == "mql");
      CHECK(moves_of(lc) == Moves{"04 mql>customer #0"});
      CHECK(lc.stage == "customer");
      CHECK(lc.stage_at == k_4);
    }
    SUBCASE("created before its first entry: it started in the first stage") {
      const StageDate dates[] = {{"mql", k_2, 0}, {"customer", k_4, 1}};
      LifecycleInput in = new_lead(dates);
      in.created_at = k_1;
      const Lifecycle lc = plan(in);
      CHECK(lc.created_at == k_1);
      CHECK(lc.created_to == "new");
      CHECK(moves_of(lc) == Moves{"02 new>mql #0", "04 mql>customer #1"});
      CHECK(lc.stage == "customer");
    }
    SUBCASE("created after an entry: as old as its history") {
      const StageDate dates[] = {{"mql", k_2, 0}};
      LifecycleInput in = new_lead(dates);
      in.created_at = k_3;
      const Lifecycle lc = plan(in);
      CHECK(lc.created_at == k_2);
      CHECK(lc.created_to == "mql");
      CHECK(lc.moves.empty());
    }
    SUBCASE("a stage without a date of its own comes after the entries") {
      // HubSpot: lifecycle stage customer, only the MQL date known.
      const StageDate dates[] = {{"mql", k_2, 0}};
      LifecycleInput in = new_lead(dates);
      in.stage = "customer";
      const Lifecycle lc = plan(in);
      CHECK(lc.created_to == "mql");
      CHECK(moves_of(lc) == Moves{"02 mql>customer #0"});
      CHECK(lc.stage == "customer");
      CHECK(lc.stage_at == k_2);
    }
    SUBCASE("a later entry into another stage moves the lead from its own stage") {
      const StageDate dates[] = {{"sql", k_2, 0}, {"lost", k_4, 1}};
      LifecycleInput in = new_lead(dates);
      in.stage = "sql";
      in.stage_at = k_2;
      const Lifecycle lc = plan(in);
      CHECK(moves_of(lc) == Moves{"04 sql>lost #1"});
      CHECK(lc.stage == "lost");
      CHECK(lc.stage_at == k_4);
    }
    SUBCASE("entries into the stage it is in change nothing; twins are one") {
      const StageDate dates[] = {{"mql", k_1, 0}, {"mql", k_3, 1}, {"mql", k_1, 2}, {"sql", k_4, 2}};
      const Lifecycle lc = plan(new_lead(dates));
      CHECK(lc.created_to == "mql");
      CHECK(moves_of(lc) == Moves{"04 mql>sql #2"});
      CHECK(lc.stage == "sql");
      CHECK(lc.stage_at == k_4);
    }
    SUBCASE("the stage's date is the start of its last stay") {
      const StageDate dates[] = {{"mql", k_1, 0}, {"sql", k_2, 0}, {"mql", k_3, 1}, {"mql", k_4, 1}};
      const Lifecycle lc = plan(new_lead(dates));
      CHECK(moves_of(lc) == Moves{"02 mql>sql #0", "03 sql>mql #1"});
      CHECK(lc.stage == "mql");
      CHECK(lc.stage_at == k_3);
    }
    SUBCASE("at one time, entries in their rows' order, the lead's own stage last") {
      const StageDate dates[] = {{"sql", k_2, 1}, {"mql", k_2, 0}};
      LifecycleInput in = new_lead(dates);
      in.stage = "opportunity";
      in.stage_row = 3;
      const Lifecycle lc = plan(in);
      CHECK(lc.created_to == "mql");
      CHECK(moves_of(lc) == Moves{"02 mql>sql #1", "02 sql>opportunity #3"});
      CHECK(lc.stage == "opportunity");
    }
    SUBCASE("history does not follow the stage graph: backwards and skipping is fine") {
      const StageDate dates[] = {{"customer", k_1, 0}, {"new", k_2, 0}, {"lost", k_3, 0}};
      const Lifecycle lc = plan(new_lead(dates));
      CHECK(moves_of(lc) == Moves{"02 customer>new #0", "03 new>lost #0"});
      CHECK(lc.stage == "lost");
    }
    SUBCASE("no entries: created_at from the earliest edit, nothing else") {
      LifecycleInput in = new_lead({});
      in.stage = "mql";
      in.earliest_edit = k_9;
      const Lifecycle lc = plan(in);
      CHECK(lc.created_at == k_9);
      CHECK(lc.created_to.empty());
      CHECK(lc.moves.empty());
      CHECK(lc.stage == "mql");
      CHECK(lc.stage_at.empty());
    }
    SUBCASE("the earliest edit makes it older than its entries") {
      const StageDate dates[] = {{"mql", k_3, 0}};
      LifecycleInput in = new_lead(dates);
      in.earliest_edit = k_1;
      const Lifecycle lc = plan(in);
      CHECK(lc.created_at == k_1);
      CHECK(lc.created_to == "new");
      CHECK(moves_of(lc) == Moves{"03 new>mql #0"});
    }
  }

  TEST_CASE("import::plan_lifecycle of a stored lead") {
    LifecycleInput in;
    in.stored = true;
    in.first_stage = "new";
    in.stored_stage = "mql";
    in.stored_stage_at = k_2;
    in.stage = "mql";
    in.stage_at = k_2;
    in.created_at = k_2;
    SUBCASE("a later entry moves it, from the stored stage") {
      const StageDate dates[] = {{"customer", k_4, 0}};
      in.dates = dates;
      const Lifecycle lc = plan(in);
      CHECK(moves_of(lc) == Moves{"04 mql>customer #0"});
      CHECK(lc.stage == "customer");
      CHECK(lc.stage_at == k_4);
      CHECK(lc.created_at == k_2);
      CHECK(lc.created_to.empty());
    }
    SUBCASE("an earlier entry only adds history, and makes the lead as old") {
      const StageDate dates[] = {{"engaged", k_1, 0}};
      in.dates = dates;
      const Lifecycle lc = plan(in);
      // Nothing was known before it: from is empty. The stored stage is not appended again.
      CHECK(moves_of(lc) == Moves{"01 >engaged #0"});
      CHECK(lc.stage == "mql");
      CHECK(lc.stage_at == k_2);
      CHECK(lc.created_at == k_1);
    }
    SUBCASE("entries the history holds are not appended again, but still count") {
      const StageDate dates[] = {{"engaged", k_1, 0}, {"mql", k_2, 0}, {"sql", k_3, 0}, {"customer", k_4, 0}};
      in.dates = dates;
      const Lifecycle lc = plan(in, {{k_1, "engaged"}, {k_3, "sql"}});
      CHECK(moves_of(lc) == Moves{"04 sql>customer #0"});
      CHECK(lc.stage == "customer");
    }
    SUBCASE("the same export again: nothing to append, nothing moves") {
      const StageDate dates[] = {{"mql", k_2, 0}};
      in.dates = dates;
      const Lifecycle lc = plan(in);
      CHECK(lc.moves.empty());
      CHECK(lc.stage == "mql");
      CHECK(lc.stage_at == k_2);
      CHECK(lc.created_at == k_2);
    }
    SUBCASE("at the stored stage's time it stays: entered the same day, then won (the same export again)") {
      in.stored_stage = "customer";
      in.stored_stage_at = k_3;
      in.stage = "customer";
      in.stage_at = k_3;
      const StageDate dates[] = {{"engaged", k_3, 0}, {"customer", k_3, 0}};
      in.dates = dates;
      const Lifecycle lc = plan(in, {{k_3, "engaged"}});
      CHECK(lc.moves.empty());
      CHECK(lc.stage == "customer");
      CHECK(lc.stage_at == k_3);
    }
    SUBCASE("under --merge keep the lead stays, its history grows") {
      const StageDate dates[] = {{"engaged", k_1, 0}, {"customer", k_4, 0}};
      in.dates = dates;
      in.may_change = false;
      const Lifecycle lc = plan(in);
      CHECK(moves_of(lc) == Moves{"01 >engaged #0", "04 mql>customer #0"});
      CHECK(lc.stage == "mql");
      CHECK(lc.stage_at == k_2);
      CHECK(lc.created_at == k_2);
    }
    SUBCASE("a stage a row changed (newest) is dated by it, from the stored one") {
      const StageDate dates[] = {{"engaged", k_1, 1}};
      in.dates = dates;
      in.stage = "sql";
      in.stage_at = k_3;
      in.stage_row = 0;
      const Lifecycle lc = plan(in);
      CHECK(moves_of(lc) == Moves{"01 >engaged #1", "03 mql>sql #0"});
      CHECK(lc.stage == "sql");
      CHECK(lc.stage_at == k_3);
    }
  }

} // TEST_SUITE
