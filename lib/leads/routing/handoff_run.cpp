#include <leads/routing/handoff_run.hpp>

#include <leads/error.hpp>
#include <leads/lead/fields.hpp>
#include <leads/routing/router.hpp>
#include <leads/routing/sheets.hpp>
#include <leads/stop.hpp>
#include <leads/store/history.hpp>
#include <leads/store/store_reader.hpp>
#include <leads/store/store_update.hpp>

#include <fmt/format.h>

namespace leads::routing {

namespace fs = std::filesystem;

namespace {

void require_store(const store::Workspace& workspace) {
  std::error_code ec;
  if (!fs::exists(workspace.leads_file(), ec)) {
    throw Error(ErrorKind::no_input, "the store does not exist", store::display_path(workspace.leads_file()), 0,
                0, "import leads first (leads import FILE), or restore leads.csv from a backup");
  }
}

// Calls f with every row of events.csv (at,lead_id,kind,from,to,actor,note), in file order.
template <typename F>
void for_each_event(const store::Workspace& workspace, F&& f) {
  std::error_code ec;
  if (!fs::exists(workspace.events_file(), ec)) {
    return;
  }
  csv::ReaderOptions reading;
  reading.display_name = store::display_path(workspace.events_file());
  reading.ragged = csv::RaggedPolicy::allow;
  auto reader = csv::Reader::open(workspace.events_file().string(), reading);
  csv::Record record;
  while (reader->next(record)) {
    f(std::span<const std::string_view>(record.fields));
  }
}

} // namespace

std::vector<std::string> handoff_columns() {
  return {"id", "email", "company", "country", "score", "grade", "rep", "team", "how"};
}

HandoffResult hand_off(const store::Workspace& workspace, const HandoffOptions& options) {
  require_store(workspace);
  const config::Config& config = workspace.config;
  store::StoreUpdate update(workspace, options.dry_run);
  RouterOptions router_options;
  router_options.now = options.now;
  router_options.actor = options.actor;
  router_options.from_stage = std::string(config::routing_from_stage(config));
  router_options.store_file = store::display_path(workspace.leads_file());
  Router router(config, update.stored_header(), router_options);

  // Pass 1: account owners and open loads; pass 2: today's handoffs and turns.
  {
    store::StoreReader store(workspace.leads_file());
    while (store.next()) {
      router.add_lead(store.record().fields);
    }
  }
  for_each_event(workspace, [&](std::span<const std::string_view> event) { router.add_event(event); });
  throw_if_stop_requested();

  // Pass 3: route the candidates in store order, and write.
  HandoffResult result;
  RepSheets sheets(update.stored_header());
  const auto column = [&](Field field) { return field_index(field); };
  std::vector<std::string_view> row;
  while (update.next()) {
    if (!router.is_candidate(update.row())) {
      update.keep();
      continue;
    }
    const Decision decision = router.route(update.row());
    if (!decision.assigned) {
      update.keep();
      continue;
    }
    row.assign(update.row().begin(), update.row().end());
    const std::string previous_owner(row[column(Field::owner)]);
    update.write(row, router.apply(decision, row));
    for (const stages::Event& event : router.events(decision, row[column(Field::id)], previous_owner)) {
      update.event({event.at, event.lead_id, *store::event_kinds.parse(event.kind), event.from, event.to,
                    event.actor, event.note});
    }
    const std::string& rep = router.roster().reps()[decision.rep].name;
    result.rows.push_back({std::string(row[column(Field::id)]), std::string(row[column(Field::email)]),
                           std::string(row[column(Field::company)]), std::string(row[column(Field::country)]),
                           std::string(row[column(Field::score)]), std::string(row[column(Field::grade)]), rep,
                           router.roster().teams()[decision.team].name, decision.how});
    sheets.add(rep, row);
  }
  if (options.out_dir) {
    for (const RepSheets::Sheet& sheet : sheets.sheets()) {
      const fs::path file = *options.out_dir / sheet.file_name;
      update.replace_file(file).write(sheet.text);
      result.sheets.push_back(file.string());
    }
  }
  update.commit();
  result.summary = router.summary();
  result.left_reasons = router.left_reasons();
  return result;
}

std::vector<OverdueLead> find_overdue(const store::Workspace& workspace, std::int64_t now) {
  require_store(workspace);
  store::StoreReader store(workspace.leads_file());
  OverdueFinder finder(workspace.config, store.header(), now, store::display_path(workspace.leads_file()));
  while (store.next()) {
    finder.add_lead(store.record().fields);
  }
  return finder.take();
}

std::vector<std::string> overdue_columns() {
  return {"id", "email", "company", "owner", "stage_at", "hours"};
}

std::vector<std::string> overdue_row(const OverdueLead& lead) {
  return {lead.id, lead.email, lead.company, lead.owner, lead.stage_at, std::to_string(lead.hours_waiting)};
}

SimulationReport simulate_handoffs(const store::Workspace& workspace, SimulationOptions options) {
  require_store(workspace);
  options.from_stage = std::string(config::routing_from_stage(workspace.config));
  options.store_file = store::display_path(workspace.leads_file());
  store::StoreReader store(workspace.leads_file());
  Simulator simulator(workspace.config, store.header(), options);
  for_each_event(workspace, [&](std::span<const std::string_view> event) { simulator.add_event(event); });
  while (store.next()) {
    simulator.add_lead(store.record().fields);
  }
  return simulator.run();
}

std::vector<std::string> simulation_columns() {
  return {"at", "id", "email", "old_owner", "new_owner", "how"};
}

std::vector<std::string> simulation_row(const SimulatedLead& lead) {
  return {lead.at, lead.id, lead.email, lead.old_owner, lead.new_owner, lead.how};
}

} // namespace leads::routing
