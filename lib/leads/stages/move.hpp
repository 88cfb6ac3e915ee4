#pragma once

#include <leads/stages/columns.hpp>
#include <leads/stages/event.hpp>
#include <leads/stages/graph.hpp>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace leads::stages {

// What `leads move` was asked to do.
struct MoveRequest {
  std::string to;     // the stage to move to
  std::string reason; // --reason; the note of each stage event
  bool force = false; // override the graph (not the reason rule, unknown stages or missing leads)
  std::string actor;
  std::int64_t now = 0; // epoch seconds: stage_at, updated_at and the events' at
};

// What a move does to one lead, or to a target that names none.
struct MoveOutcome {
  enum class Kind {
    unchanged, // already in the stage
    moved,
    refused,   // why says why; nothing is written
    not_found, // no lead has this id or email
  };
  Kind kind = Kind::unchanged;
  std::string target; // the id or email as given (the first given, when several name the lead)
  std::string id;     // the lead's (empty when not found)
  std::string email;
  std::string from; // the lead's stage (an empty one reads as the first stage)
  std::string to;
  std::string owner;
  bool do_not_contact = false;
  bool forced = false; // moved against the graph because of --force
  std::string why;     // refused, not found, or the graph's refusal that --force overrode
};

// The targets of `leads move -`, from the text of standard input: one id or
// email a line (LF or CRLF), white space around it ignored; blank lines and
// lines starting with '#' are skipped. Appends them to out.
void read_targets(std::string_view text, std::vector<std::string>& out);

// Decides `leads move` over the store, all or nothing. Targets are lead ids (16
// hex digits, any case) or emails (matched as the store writes them: trimmed,
// lower-cased). The store is streamed twice: add_row() for each row in id order
// decides, then apply() rewrites the rows of the moved leads, when
// can_proceed() says the whole move may be written.
class MovePlan {
public:
  // Throws leads::Error(usage) when request.to is not a stage (with a did-you-mean).
  MovePlan(const StageGraph& graph, MoveRequest request, std::span<const std::string> targets,
           StoreColumns columns);
  ~MovePlan();
  MovePlan(const MovePlan&) = delete;
  MovePlan& operator=(const MovePlan&) = delete;

  // Decides one store row; returns its outcome when a target names the lead,
  // else nullptr (valid until the next call).
  const MoveOutcome* add_row(std::span<const std::string_view> row);
  // After the last row: a target that named no lead becomes not_found, in the
  // order the targets were given.
  void finish();

  // The targeted leads in store order, then the targets not found.
  const std::vector<MoveOutcome>& outcomes() const { return m_outcomes; }
  // Nothing refused and nothing not found: the moves may be written.
  bool can_proceed() const;
  std::size_t count(MoveOutcome::Kind kind) const;

  // The `stage` event of each moved lead, in store order: at = now, from, to,
  // actor, note = the reason.
  std::vector<Event> events() const;

  // Rewrites a store row when its lead moves: stage, and stage_at = updated_at
  // = now (views into this plan); owner and every other field stay. Returns
  // whether the row changed: never before finish(), nor when the plan cannot
  // proceed.
  bool apply(std::span<std::string_view> row) const;

private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
  std::vector<MoveOutcome> m_outcomes;
};

} // namespace leads::stages
