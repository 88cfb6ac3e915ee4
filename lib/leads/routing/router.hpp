#pragma once

#include <leads/config/config.hpp>
#include <leads/routing/roster.hpp>
#include <leads/stages/columns.hpp>
#include <leads/stages/event.hpp>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace leads::routing {

// What a handoff run is told besides the configuration.
struct RouterOptions {
  std::int64_t now = 0; // epoch seconds; "today" is its UTC date
  std::string actor;    // of the events
  // The stage whose leads are routed: config::routing_from_stage(config) as a rule.
  std::string from_stage;
  // Where the store was read from, for messages.
  std::string store_file = "leads.csv";
};

// What became of one candidate.
struct Decision {
  bool assigned = false;
  std::size_t rep = 0;  // the roster's index, when assigned
  std::size_t team = 0; // the rep's team
  // The rule that chose the team (0-based index in routing.rules); unset when
  // the lead went to its account's owner.
  std::optional<std::size_t> rule;
  std::string how;    // "account" or "rule 2" (rules count from 1)
  std::string note;   // of the owner event: "rule 1 (country in [...]) -> team americas, round_robin"
  std::string reason; // when left in the from-stage: why ("no routing rule matches")
};

// Routes marketing-qualified leads to reps, statelessly: everything it knows
// comes from the store and events.csv, so that a run gives the same result
// whether or not the runs before it happened in the same process, and a
// restored pair of files restores the turns.
//
// A command feeds it in passes:
//   1. add_lead() for every store row: account owners (company email domain ->
//      the owner of most of its leads) and each rep's open load;
//   2. add_event() for every events.csv row in file order: the leads each rep
//      was handed today, and each team's recent owner events;
//   3. for each row in id order that is_candidate(): route(), then apply() and
//      events() for the assignments.
// route() updates that state as the files will show it after the run.
class Router {
public:
  // Compiles the routing rules against the store's columns: a rule that does
  // not compile throws leads::Error(config) at its leads.yaml line:col. Throws
  // leads::Error(data) when the store lacks a column routing needs, and
  // leads::Error(config) when options.from_stage is not a stage.
  Router(const config::Config& config, std::span<const std::string> header, RouterOptions options);
  ~Router();
  Router(const Router&) = delete;
  Router& operator=(const Router&) = delete;

  // Pass 1: one store row.
  void add_lead(std::span<const std::string_view> row);
  // Pass 2: one events.csv row (at,lead_id,kind,from,to,actor,note); only
  // `owner` events naming a rep in `to` count.
  void add_event(std::span<const std::string_view> event);

  // A lead to route: in the from-stage, do_not_contact not true, and no
  // owner, or an owner it was handed to before it went back to marketing and
  // came to the from-stage again (its last owner event is older than its
  // stage_at). An owner a CRM export gave (no owner event) is kept.
  bool is_candidate(std::span<const std::string_view> row) const;
  // Decides one lead: its account's owner when that rep can take a lead now,
  // else the first rule whose `when` holds gives a team and the team's strategy
  // a rep; or the lead is left, with the reason.
  Decision route(std::span<const std::string_view> row);
  // Rewrites an assigned lead's row: owner, stage = the handoff stage, stage_at
  // = updated_at = now (views into this router). Returns whether it changed.
  bool apply(const Decision& decision, std::span<std::string_view> row) const;
  // The events of an assignment: `owner` ("" -> rep, with the note), then
  // `stage` (from-stage -> handoff stage).
  std::vector<stages::Event> events(const Decision& decision, std::string_view lead_id,
                                    std::string_view previous_owner = {}) const;

  // Moves "now" (a replay walks through the days): a new day starts with no
  // lead handed to anyone.
  void set_now(std::int64_t now);

  const Roster& roster() const;
  const stages::StoreColumns& columns() const;
  const std::string& from_stage() const;
  // Leads handed to each rep by route() so far, by roster index.
  const std::vector<std::size_t>& handed_this_run() const;
  std::size_t left_this_run() const;
  // "handed off 12 (ana 5, ben 4, cy 3); 2 left in mql"
  std::string summary() const;
  // Why leads were left, with how many: the most frequent reason first, then by text.
  std::vector<std::pair<std::string, std::size_t>> left_reasons() const;

private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

} // namespace leads::routing
