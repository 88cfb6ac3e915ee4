#include <leads/stages/move_run.hpp>

#include <leads/error.hpp>
#include <leads/stop.hpp>
#include <leads/store/store_reader.hpp>
#include <leads/store/store_update.hpp>

#include <fmt/format.h>

#include <filesystem>

namespace leads::stages {

MoveResult move_leads(const store::Workspace& workspace, const MoveRequest& request,
                      std::span<const std::string> targets, bool dry_run) {
  std::error_code ec;
  if (!std::filesystem::exists(workspace.leads_file(), ec)) {
    throw Error(ErrorKind::no_input, "the store does not exist", store::display_path(workspace.leads_file()), 0,
                0, "import leads first (leads import FILE), or restore leads.csv from a backup");
  }
  const StageGraph graph(workspace.config);
  const std::string store_file = store::display_path(workspace.leads_file());
  MoveResult result;
  result.to = request.to;

  // Pass 1: decide every target against the store as it is.
  std::optional<MovePlan> plan;
  {
    store::StoreReader store(workspace.leads_file());
    plan.emplace(graph, request, targets, StoreColumns::of(store.header(), store_file));
    while (store.next()) {
      plan->add_row(store.record().fields);
    }
    plan->finish();
  }
  result.outcomes = plan->outcomes();
  result.moved = plan->count(MoveOutcome::Kind::moved);
  result.unchanged = plan->count(MoveOutcome::Kind::unchanged);
  result.refusals = plan->count(MoveOutcome::Kind::refused);
  result.missing = plan->count(MoveOutcome::Kind::not_found);
  result.refused = !plan->can_proceed();
  if (result.refused || result.moved == 0) {
    return result;
  }

  // Pass 2: the moved rows and their events, all or nothing.
  store::StoreUpdate update(workspace, dry_run);
  std::vector<std::string_view> row;
  while (update.next()) {
    row.assign(update.row().begin(), update.row().end());
    update.write(row, plan->apply(row));
  }
  for (const Event& event : plan->events()) {
    update.event({event.at, event.lead_id, *store::event_kinds.parse(event.kind), event.from, event.to,
                  event.actor, event.note});
  }
  update.commit();
  result.written = !dry_run;
  return result;
}

std::string_view result_name(MoveOutcome::Kind kind) {
  switch (kind) {
  case MoveOutcome::Kind::moved:
    return "moved";
  case MoveOutcome::Kind::unchanged:
    return "unchanged";
  case MoveOutcome::Kind::refused:
    return "refused";
  case MoveOutcome::Kind::not_found:
    return "not found";
  }
  return "";
}

std::vector<std::string> result_columns() {
  return {"target", "id", "email", "from", "to", "result", "owner", "why"};
}

std::vector<std::string> result_row(const MoveOutcome& outcome, const MoveResult& result, bool dry_run) {
  const bool failed = outcome.kind == MoveOutcome::Kind::refused || outcome.kind == MoveOutcome::Kind::not_found;
  std::string name(result_name(outcome.kind));
  std::string why = failed ? outcome.why : outcome.forced ? "forced" : "";
  if (outcome.kind == MoveOutcome::Kind::moved && result.refused) {
    name = "not moved";
    why = "nothing moved: another target was refused or not found";
  } else if (outcome.kind == MoveOutcome::Kind::moved && dry_run) {
    name = "would move";
  }
  return {outcome.target, outcome.id, outcome.email, outcome.from, outcome.to, name, outcome.owner, why};
}

std::string summary_text(const MoveResult& result, bool dry_run) {
  const char* dry = dry_run ? "(dry run) " : "";
  std::string out;
  if (result.refused) {
    std::vector<std::string> parts;
    if (result.refusals > 0) {
      parts.push_back(fmt::format("{} refused", result.refusals));
    }
    if (result.missing > 0) {
      parts.push_back(fmt::format("{} not found", result.missing));
    }
    out += fmt::format("leads move: {}nothing moved: {}\n", dry, fmt::join(parts, ", "));
    for (const MoveOutcome& outcome : result.outcomes) {
      if (outcome.kind == MoveOutcome::Kind::refused || outcome.kind == MoveOutcome::Kind::not_found) {
        out += fmt::format("leads move: {}: {}{}\n", outcome.target,
                           outcome.kind == MoveOutcome::Kind::not_found ? "not found: " : "", outcome.why);
      }
    }
    return out;
  }
  out += fmt::format("leads move: {}moved {} to {}", dry, result.moved, result.to);
  if (result.unchanged > 0) {
    out += fmt::format(", {} unchanged", result.unchanged);
  }
  return out + "\n";
}

} // namespace leads::stages
