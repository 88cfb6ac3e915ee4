#include <leads/store/store_update.hpp>

#include <leads/error.hpp>
#include <leads/lead/fields.hpp>
#include <leads/stop.hpp>

#include <doctest/doctest.h>

#include "test_files.hpp"

#include <fmt/format.h>

namespace fs = std::filesystem;
using namespace leads;
using leads::testing::read_file;
using leads::testing::TempDir;
using leads::testing::write_file;

namespace {

// A row of the store with id, email and stage set, every other column empty.
std::string store_row(std::string_view id, std::string_view email, std::string_view stage) {
  std::vector<std::string> cells(k_field_count);
  cells[field_index(Field::id)] = id;
  cells[field_index(Field::email)] = email;
  cells[field_index(Field::stage)] = stage;
  return fmt::format("{}\n", fmt::join(cells, ","));
}

std::string store_text() {
  return fmt::format("{}\n", fmt::join(k_field_names, ",")) +
         store_row("00000000000000a1", "a@x.example", "new") +
         store_row("00000000000000b2", "b@x.example", "mql");
}

// Moves every lead in `from` to `to`, with an event each.
long move_all(const store::Workspace& workspace, std::string_view from, std::string_view to, bool dry_run) {
  store::StoreUpdate update(workspace, dry_run);
  const std::size_t stage = *update.column("stage");
  while (update.next()) {
    if (update.row()[stage] != from) {
      update.keep();
      continue;
    }
    std::vector<std::string_view> row(update.row().begin(), update.row().end());
    row[stage] = to;
    update.write(row, true);
    const std::string id(row[0]);
    update.event({"2026-11-27T12:00:00Z", id, store::EventKind::stage, from, to, "test", "moved"});
  }
  update.commit();
  return update.changed_rows();
}

} // namespace

TEST_SUITE_BEGIN("store");

TEST_CASE("store::StoreUpdate") {
  TempDir dir("update");
  store::init_workspace(dir.path, false);
  write_file(dir.path / "leads.csv", store_text());
  const store::Workspace workspace = store::open_workspace(dir.path);
  const std::string events_before = read_file(workspace.events_file());

  SUBCASE("changed rows and their events land together") {
    CHECK(move_all(workspace, "mql", "sal", false) == 1);
    CHECK(read_file(workspace.leads_file()) == fmt::format("{}\n", fmt::join(k_field_names, ",")) +
                                                   store_row("00000000000000a1", "a@x.example", "new") +
                                                   store_row("00000000000000b2", "b@x.example", "sal"));
    CHECK(read_file(workspace.events_file()) ==
          events_before + "2026-11-27T12:00:00Z,00000000000000b2,stage,mql,sal,test,moved\n");
  }

  SUBCASE("a run that changes nothing writes nothing") {
    const auto stamp = fs::last_write_time(workspace.leads_file());
    CHECK(move_all(workspace, "customer", "advocate", false) == 0);
    CHECK(read_file(workspace.leads_file()) == store_text());
    CHECK(fs::last_write_time(workspace.leads_file()) == stamp);
    CHECK(read_file(workspace.events_file()) == events_before);
  }

  SUBCASE("a dry run counts and writes nothing") {
    CHECK(move_all(workspace, "new", "engaged", true) == 1);
    CHECK(read_file(workspace.leads_file()) == store_text());
    CHECK(read_file(workspace.events_file()) == events_before);
  }

  SUBCASE("a stop asked for before the commit changes nothing") {
    request_stop();
    CHECK_THROWS_AS(move_all(workspace, "mql", "sal", false), Error);
    clear_stop_request();
    CHECK(read_file(workspace.leads_file()) == store_text());
    CHECK(read_file(workspace.events_file()) == events_before);
    CHECK(std::distance(fs::directory_iterator(dir.path), fs::directory_iterator()) ==
          5); // what init made: no temp file, no journal
  }
}

TEST_SUITE_END();
