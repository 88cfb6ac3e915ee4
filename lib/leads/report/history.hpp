#pragma once

#include <leads/report/event_rows.hpp>
#include <leads/report/interner.hpp>
#include <leads/report/lead_table.hpp>
#include <leads/report/stage_set.hpp>

#include <algorithm>
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

// A time among a lead's facts: seconds since 1970 in 32 bits, which holds
// every second from 1970 to 2106 (times outside are clamped), so that a
// lead's facts fit in half a cache line.
using Time32 = std::uint32_t;
inline constexpr Time32 k_never32 = std::numeric_limits<Time32>::max(); // no time yet, for minima
inline constexpr Time32 k_none32 = 0;                                   // no time yet, for maxima
constexpr Time32 pack(std::int64_t at) {
  return static_cast<Time32>(std::clamp<std::int64_t>(at, 1, std::int64_t{k_never32} - 1));
}

// The facts of the first pass, per lead.
struct LeadHistory {
  Time32 first_won = k_never32;                          // earliest entry into a won stage
  Time32 first_move = k_never32;                         // earliest stage event
  Time32 created = k_never32;                            // earliest created event
  Time32 pending_created = k_never32;                    // earliest created event without `to`
  std::array<Time32, 2> start_at = {k_none32, k_none32}; // latest stage entry before each period's start
  std::uint32_t reached = 0; // stages entered by now (and the current one, once finished)
  std::uint8_t first_move_from = k_no_stage;
  std::array<std::uint8_t, 2> start_stage = {k_no_stage, k_no_stage};
  std::uint8_t created_stage = k_no_stage; // where a created event without `to` starts, once finished
};
static_assert(sizeof(LeadHistory) == 32);

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

// An event of events.csv as the passes use it: names resolved to numbers.
struct Event {
  std::int64_t at = 0;
  std::uint64_t lead_id = 0;
  long line = 0;
  std::int64_t row = -1;  // the lead's row in the table, once looked up
  std::uint32_t text = 0; // the reason of an entry into an exit stage; the name of an unknown stage
  EventKind kind = EventKind::other;
  std::uint8_t to =
      k_no_stage; // k_pending_stage: created without `to`; k_unknown_stage: a name leads.yaml lacks
  std::uint8_t from = k_no_stage;
  bool lead_id_ok = false;
};

// A stage name that leads.yaml does not have.
inline constexpr std::uint8_t k_unknown_stage = 0xFD;

// The first pass.
class History {
public:
  // For the leads of the table. starts: the starts of the period and
  // of the one before it; entries are kept for [span_start, span_end);
  // events after now are left out.
  History(const StageSet& stages, const LeadTable& leads, std::int64_t now,
          std::array<std::int64_t, 2> starts, std::int64_t span_start, std::int64_t span_end);

  // Takes a row of events.csv (created, stage and owner events); adds it a
  // batch at a time, so that the lookups of a batch overlap.
  void add(const EventRow& row);
  // Sorts the entries by lead, time and line (the part's own lines), so
  // that merge() and finish() find them in order.
  void sort_entries();
  // Adds what a history of the part of events.csv after this one found
  // (its lines count from 1 at its start, which is line line_offset + 1).
  void merge(History& later, long line_offset);
  // Settles the created events without `to`, adds the current stages to
  // what was reached, and sorts the entries by lead, time and line.
  void finish();

  std::vector<LeadHistory> leads; // by row of the table
  std::vector<Entry> entries;     // after finish(): by lead, time, line
  Interner reasons;               // 0 is "" (no reason)

  // For the report's notes.
  long unknown_lead = 0;
  long after_now = 0;
  std::map<std::string, long> unknown_stages;

private:
  static constexpr std::size_t k_batch = 64;

  void flush();
  void apply(const Event& event);
  void enter(LeadHistory& lead, std::uint8_t stage, Time32 at);

  const StageSet& m_stages;
  const LeadTable& m_leads;
  std::int64_t m_now;
  std::array<Time32, 2> m_starts;
  std::int64_t m_span_start;
  std::int64_t m_span_end;
  std::array<Event, k_batch> m_batch;
  std::size_t m_batched = 0;
  Interner m_unknown_names;
  bool m_sorted = false;
};

// What the second pass looks for before and after one entry.
struct Probe {
  enum class Kind : std::uint8_t {
    stage,   // velocity into `stage` from the non-exit stage before it
    won,     // velocity into won from each stage
    closed,  // velocity into closed from each stage
    handoff, // SLA
  };
  std::uint32_t lead = 0; // its row in the table
  Kind kind = Kind::stage;
  std::uint8_t window = 0; // 0 the period, 1 the one before
  std::uint8_t stage = 0;
  std::int64_t at = 0;
  long line = 0;
  std::uint32_t slots = 0; // velocity: the first of its slots in Probes::Found::latest
};

// The second pass: the probes of the periods' entries, and what the events
// of one part of events.csv tell about them.
class Probes {
public:
  Probes(const StageSet& stages, const LeadTable& leads, const History& history, std::int64_t now,
         std::vector<Probe> probes);

  // What a part of events.csv tells, per probe.
  struct Found {
    // Velocity: per slot (see Probes::slots), the latest entry into the stage before the probe (k_none if
    // none).
    std::vector<std::int64_t> latest;
    // Handoff: when the lead left the stage; its owner then, by the time of the owner event.
    std::vector<std::int64_t> left;
    std::vector<std::int64_t> owner_at;
    std::vector<std::uint32_t> owner; // in owners
    Interner owners;

    // Rows taken but not yet looked at (see Probes::add).
    struct Pending {
      std::int64_t at;
      long line;
      std::uint64_t id;
      std::size_t slot;
      std::uint32_t owner;
      EventKind kind;
      std::uint8_t stage;
    };
    std::vector<Pending> pending;
  };
  Found start() const;
  // Takes a row of the part (its line in the file's numbers); looks at the
  // rows a batch at a time, so that the lookups of a batch overlap.
  void add(const EventRow& row, Found& found) const;
  // Looks at the rows still pending.
  void flush(Found& found) const;
  // Adds what a later part found.
  void merge(Found& into, const Found& later) const;

  bool empty() const { return m_probes.empty(); }
  const std::vector<Probe>& probes() const { return m_probes; }
  // A filter of the probed leads' ids for EventRows: a bit per value of
  // their top bits (see IdRange).
  const std::vector<std::uint64_t>& filter() const { return m_filter; }
  static constexpr unsigned k_filter_shift = 64 - 22;

private:
  static constexpr std::size_t k_batch = 32;
  void look(const Found::Pending& row, Found& found) const;

  const StageSet& m_stages;
  const LeadTable& m_leads;
  const History& m_history;
  std::int64_t m_now;
  std::vector<Probe> m_probes; // by lead
  std::size_t m_slots =
      0; // velocity: a probe into a stage has one (the stage before), the others one per stage
  std::vector<std::uint64_t> m_filter;
  // The probed leads by id: an open-addressed table of (id, first probe, end of its probes).
  struct Slot {
    std::uint64_t id = 0;
    std::uint32_t first = 0;
    std::uint32_t end = 0; // 0: an empty slot
  };
  std::vector<Slot> m_table;
  unsigned m_table_shift = 64;
};

} // namespace leads::report::detail
