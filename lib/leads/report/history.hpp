#pragma once

#include <leads/report/event_rows.hpp>
#include <leads/report/interner.hpp>
#include <leads/report/lead_table.hpp>
#include <leads/report/stage_set.hpp>

#include <array>
#include <cstdint>
#include <limits>
#include <map>
#include <string>
#include <vector>

// Internal to the report module: what the report keeps of events.csv.
//
// events.csv is in run order, not in time order, so the report reads it
// twice. The first pass (History) keeps a few facts per lead that do not
// depend on the order they are met in (earliest, latest, or-ed bits), and the
// stage entries that fall in the periods shown. Only then is it known which
// leads entered which stage when in the period; the second pass (Targets)
// looks, for just those entries, at what came before them (the last entry
// into each earlier stage: velocity; the owner: SLA) and after (when the lead
// left the handoff stage).
namespace leads::report::detail {

inline constexpr std::int64_t k_never = std::numeric_limits<std::int64_t>::max(); // no time yet, for minima
inline constexpr std::int64_t k_none = std::numeric_limits<std::int64_t>::min();  // no time yet, for maxima

// The facts of the first pass, per lead.
struct LeadHistory {
  std::int64_t first_won = k_never;                        // earliest entry into a won stage
  std::int64_t first_move = k_never;                       // earliest stage event
  std::int64_t created = k_never;                          // earliest created event
  std::int64_t pending_created = k_never;                  // earliest created event without `to`
  std::array<std::int64_t, 2> start_at = {k_none, k_none}; // latest stage entry before each period's start
  std::uint32_t reached = 0; // stages entered by now (and the current one, once finished)
  std::uint8_t first_move_from = k_no_stage;
  std::array<std::uint8_t, 2> start_stage = {k_no_stage, k_no_stage};
  std::uint8_t created_stage = k_no_stage; // where a created event without `to` starts, once finished
};

// An entry into a stage (a stage event, or a created event) in the span of
// the periods shown.
struct Entry {
  std::int64_t at = 0;
  long line = 0;
  std::uint32_t lead = 0;
  std::uint32_t reason = 0; // in History::reasons, for entries into exit stages
  std::uint8_t stage = 0;
  std::uint8_t from = k_no_stage;
};

// The first pass.
class History {
public:
  // starts: the starts of the period and of the one before it; entries are
  // kept for [span_start, span_end); events after now are left out.
  History(const StageSet& stages, const LeadTable& leads, std::int64_t now,
          std::array<std::int64_t, 2> starts, std::int64_t span_start, std::int64_t span_end);

  void add(const EventRow& row);
  // Settles the created events without `to`, adds the current stages to
  // what was reached, and sorts the entries by lead, time and line.
  void finish();

  std::vector<LeadHistory> leads;
  std::vector<Entry> entries; // after finish(): by lead, time, line
  Interner reasons;           // 0 is "" (no reason)

  // For the report's notes.
  long rows = 0;
  long unknown_lead = 0;
  long after_now = 0;
  std::map<std::string, long> unknown_stages;

private:
  void enter(LeadHistory& lead, std::uint8_t stage, std::int64_t at);
  void keep(const EventRow& row, std::uint32_t lead, std::uint8_t stage, std::uint8_t from);

  const StageSet& m_stages;
  const LeadTable& m_leads;
  std::int64_t m_now;
  std::array<std::int64_t, 2> m_starts;
  std::int64_t m_span_start;
  std::int64_t m_span_end;
};

// What the second pass looks for before and after one entry.
struct Probe {
  enum class Kind : std::uint8_t {
    stage,   // velocity into `stage` from the non-exit stage before it
    won,     // velocity into won from each stage
    closed,  // velocity into closed from each stage
    handoff, // SLA
  };
  std::uint32_t lead = 0;
  Kind kind = Kind::stage;
  std::uint8_t window = 0; // 0 the period, 1 the one before
  std::uint8_t stage = 0;
  std::int64_t at = 0;
  long line = 0;
  std::uint32_t slots = 0; // velocity: the first of its slots in Probes::latest
  // handoff: when the lead left the stage, and its owner then
  std::int64_t left = k_never;
  std::int64_t owner_at = k_none;
  std::uint32_t owner = 0;
};

// The second pass.
class Probes {
public:
  Probes(const StageSet& stages, const LeadTable& leads, const History& history, std::int64_t now,
         std::vector<Probe> probes, Interner& owners);

  bool empty() const { return m_probes.empty(); }
  void add(const EventRow& row);

  const std::vector<Probe>& probes() const { return m_probes; }
  // Velocity: per probe, the latest entry into each stage before it (k_none
  // if none); a stage probe has one slot (the stage before), the others one per stage.
  const std::vector<std::int64_t>& latest() const { return m_latest; }

private:
  void entered(std::size_t first, std::size_t last, std::uint8_t stage, std::int64_t at);

  const StageSet& m_stages;
  const LeadTable& m_leads;
  const History& m_history;
  std::int64_t m_now;
  std::vector<Probe> m_probes; // by lead
  std::vector<std::int64_t> m_latest;
  std::vector<bool> m_probed; // per lead
  Interner& m_owners;
};

} // namespace leads::report::detail
