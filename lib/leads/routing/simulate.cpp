#include <leads/routing/simulate.hpp>

#include <leads/lead/fields.hpp>
#include <leads/normalize/date.hpp>
#include <leads/routing/router.hpp>
#include <leads/routing/text_index.hpp>

#include <algorithm>
#include <map>

namespace leads::routing {

namespace {

// A handoff of the period, to replay.
struct Replay {
  std::int64_t at = 0;
  std::string at_text;
  std::string lead_id;
  std::string old_owner;
};

} // namespace

struct Simulator::Impl {
  SimulationOptions options;
  Router router;
  std::vector<Replay> replays;
  // The replayed leads, numbered, and their rows, kept from the store pass
  // (empty until then).
  TextIndex replayed;
  std::vector<std::vector<std::string>> rows;

  Impl(const config::Config& config, std::span<const std::string> header, SimulationOptions o)
      : options(std::move(o)),
        router(config, header, {options.begin, "", options.from_stage, options.store_file}) {}
};

Simulator::Simulator(const config::Config& config, std::span<const std::string> header,
                     SimulationOptions options)
    : m_impl(std::make_unique<Impl>(config, header, std::move(options))) {}

Simulator::~Simulator() = default;

void Simulator::add_event(std::span<const std::string_view> event) {
  Impl& impl = *m_impl;
  if (event.size() < k_event_columns.size() || event[2] != "owner") {
    return;
  }
  const std::optional<std::int64_t> at = normalize::parse_iso(event[0]);
  if (!at) {
    return;
  }
  if (*at < impl.options.begin) {
    impl.router.add_event(event);
  } else if (*at < impl.options.end && event[3].empty() &&
             (impl.options.actor.empty() || event[5] == impl.options.actor)) {
    impl.replays.push_back({*at, std::string(event[0]), std::string(event[1]), std::string(event[4])});
    if (impl.replayed.intern(event[1]) == impl.rows.size()) {
      impl.rows.emplace_back();
    }
  }
}

void Simulator::add_lead(std::span<const std::string_view> row) {
  Impl& impl = *m_impl;
  if (const std::size_t id = impl.router.columns().id; id < row.size()) {
    if (const std::optional<std::uint32_t> lead = impl.replayed.find(row[id])) {
      impl.rows[*lead].assign(row.begin(), row.end());
      return;
    }
  }
  impl.router.add_lead(row);
}

SimulationReport Simulator::run() {
  Impl& impl = *m_impl;
  SimulationReport report;
  // events.csv is in run order, not time order: replay by time, ties in file order.
  std::stable_sort(impl.replays.begin(), impl.replays.end(),
                   [](const Replay& a, const Replay& b) { return a.at < b.at; });
  const std::vector<RosterRep>& reps = impl.router.roster().reps();
  std::vector<std::size_t> before(reps.size(), 0);
  std::vector<std::size_t> after(reps.size(), 0);
  std::map<std::string, std::size_t> others_before; // owners who are no reps
  std::vector<std::string_view> views;
  for (const Replay& replay : impl.replays) {
    const std::vector<std::string>& row = impl.rows[*impl.replayed.find(replay.lead_id)];
    if (row.empty()) {
      ++report.missing;
      continue;
    }
    impl.router.set_now(replay.at);
    views.assign(row.begin(), row.end());
    const Decision decision = impl.router.route(views);
    SimulatedLead lead;
    lead.at = replay.at_text;
    lead.id = replay.lead_id;
    const std::size_t email = impl.router.columns().email;
    lead.email = email < row.size() ? row[email] : std::string();
    lead.old_owner = replay.old_owner;
    if (decision.assigned) {
      lead.new_owner = reps[decision.rep].name;
      lead.how = decision.how;
      ++after[decision.rep];
    } else {
      lead.how = decision.reason;
      ++report.left;
    }
    if (const std::optional<std::size_t> rep = impl.router.roster().find_rep(replay.old_owner)) {
      ++before[*rep];
    } else {
      ++others_before[replay.old_owner];
    }
    report.changed += lead.changed() ? 1 : 0;
    report.leads.push_back(std::move(lead));
  }
  for (std::size_t rep = 0; rep < reps.size(); ++rep) {
    report.totals.push_back({reps[rep].name, before[rep], after[rep]});
  }
  for (const auto& [owner, count] : others_before) {
    report.totals.push_back({owner, count, 0});
  }
  return report;
}

} // namespace leads::routing
