#pragma once

#include <leads/config/config.hpp>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace leads::routing {

// What `leads handoff --simulate` replays.
struct SimulationOptions {
  std::int64_t begin = 0; // the period [begin, end), epoch seconds
  std::int64_t end = 0;
  // Replay only the owner events of this actor ("" = any actor's).
  std::string actor;
  std::string from_stage; // config::routing_from_stage(config) as a rule
  std::string store_file = "leads.csv";
};

// One lead handed off in the period, routed again.
struct SimulatedLead {
  std::string at; // when it was handed off
  std::string id;
  std::string email;
  std::string old_owner;
  std::string new_owner; // "" when today's settings would leave it
  std::string how;       // "account", "rule 2", or why it would be left
  bool changed() const { return old_owner != new_owner; }
};

// Leads per owner, in the period and in the replay.
struct OwnerTotals {
  std::string owner;
  std::size_t before = 0;
  std::size_t after = 0;
};

struct SimulationReport {
  std::vector<SimulatedLead> leads; // in the order they were handed off
  // Reps in the order of routing.reps, then former owners who are no reps, by name.
  std::vector<OwnerTotals> totals;
  std::size_t changed = 0; // leads that would go to another owner (or be left)
  std::size_t left = 0;    // leads today's settings would leave in the from-stage
  std::size_t missing = 0; // handed off in the period, no longer in the store
};

// Routes the leads handed off in a period again through today's routing
// settings, changing nothing: who would have got what. The leads handed off
// are the period's `owner` events with an empty `from` (a first owner); the
// state starts from the owner events before the period (turns, and the leads
// of the period's first day), and from the store without the replayed leads
// (account owners, open load). Each lead is routed as of its own handoff time.
//
// A command feeds it events.csv first, then the store.
class Simulator {
public:
  Simulator(const config::Config& config, std::span<const std::string> header, SimulationOptions options);
  ~Simulator();
  Simulator(const Simulator&) = delete;
  Simulator& operator=(const Simulator&) = delete;

  // Pass 1: one events.csv row (at,lead_id,kind,from,to,actor,note), in file order.
  void add_event(std::span<const std::string_view> event);
  // Pass 2: one store row.
  void add_lead(std::span<const std::string_view> row);
  // Replays the period.
  SimulationReport run();

private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

} // namespace leads::routing
