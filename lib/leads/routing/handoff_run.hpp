#pragma once

#include <leads/routing/overdue.hpp>
#include <leads/routing/simulate.hpp>
#include <leads/store/workspace.hpp>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

// A run of `leads handoff` over a workspace (see leads-handoff(1)): the
// passes over the store and events.csv that feed the router, the routed rows
// and their events written in one transaction with the reps' sheets; and the
// read-only --overdue and --simulate.
namespace leads::routing {

struct HandoffOptions {
  std::int64_t now = 0;
  std::string actor;
  bool dry_run = false;
  std::optional<std::filesystem::path> out_dir; // --out-dir: one sheet per rep
};

struct HandoffResult {
  // One row per lead handed off, in store order: id, email, company,
  // country, score, grade, rep, team, how.
  std::vector<std::vector<std::string>> rows;
  std::string summary; // "handed off 12 (ana 5, ben 4, cy 3); 2 left in mql"
  std::vector<std::pair<std::string, std::size_t>> left_reasons;
  std::vector<std::string> sheets; // files written (--out-dir)
};

// The columns of HandoffResult::rows.
std::vector<std::string> handoff_columns();

// Routes and hands off; the caller holds the write lock (the shared one for a
// dry run). Throws leads::Error(no_input) when the store does not exist.
HandoffResult hand_off(const store::Workspace& workspace, const HandoffOptions& options);

// The overdue leads (--overdue), oldest first, and their columns.
std::vector<OverdueLead> find_overdue(const store::Workspace& workspace, std::int64_t now);
std::vector<std::string> overdue_columns();
std::vector<std::string> overdue_row(const OverdueLead& lead);

// --simulate: the period's handoffs replayed through today's settings.
SimulationReport simulate_handoffs(const store::Workspace& workspace, SimulationOptions options);
std::vector<std::string> simulation_columns();
std::vector<std::string> simulation_row(const SimulatedLead& lead);

} // namespace leads::routing
