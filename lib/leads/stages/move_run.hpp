#pragma once

#include <leads/render/object.hpp>
#include <leads/stages/move.hpp>
#include <leads/store/workspace.hpp>

#include <span>
#include <string>
#include <string_view>
#include <vector>

// A run of `leads move` over a workspace: the plan decided over the store,
// then, when nothing was refused, the moved rows and their events written in
// one transaction (see leads-move(1)).
namespace leads::stages {

struct MoveResult {
  std::vector<MoveOutcome> outcomes; // in store order, then the targets not found
  bool written = false;              // the moves were made (not refused, not a dry run)
  bool refused = false;              // something was refused or not found: nothing changed
  std::size_t moved = 0;
  std::size_t unchanged = 0;
  std::size_t refusals = 0; // refused
  std::size_t missing = 0;  // not found
  std::string to;
};

// Decides and makes the moves; the caller holds the write lock (the shared
// one for a dry run). Throws leads::Error(usage) for a stage that is not one,
// (no_input) when the store does not exist.
MoveResult move_leads(const store::Workspace& workspace, const MoveRequest& request,
                      std::span<const std::string> targets, bool dry_run);

// "moved", "unchanged", "refused" or "not found".
std::string_view result_name(MoveOutcome::Kind kind);

// The columns of the result rows, and one row's values. A move that was not
// made (the batch was refused: nothing moved; a dry run) says so in its
// result: "not moved", "would move".
std::vector<std::string> result_columns();
std::vector<std::string> result_row(const MoveOutcome& outcome, const MoveResult& result, bool dry_run);

// "leads move: moved 3 to recycled, 1 unchanged" (with "(dry run) "), or,
// when refused, "leads move: nothing moved: 1 refused, 1 not found" and a line
// per refusal.
std::string summary_text(const MoveResult& result, bool dry_run);

} // namespace leads::stages
