#pragma once

// Small workspaces for the report's tests: leads.csv and events.csv written
// from a few fields per lead and event.

#include <leads/csv/writer.hpp>
#include <leads/lead/fields.hpp>

#include <test_files.hpp>

#include <fmt/format.h>

#include <array>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace leads::report::testing {

// A lead: the canonical columns named here, the others empty.
using LeadFields = std::map<Field, std::string>;

struct EventFields {
  std::string at, lead_id, kind, from, to, actor, note;
};

struct Workspace {
  leads::testing::TempDir dir{"report"};
  std::filesystem::path leads_file = dir.path / "leads.csv";
  std::filesystem::path events_file = dir.path / "events.csv";

  // Writes leads.csv: the canonical header plus `extra` columns, then the
  // leads (sorted by id, as the store is).
  void write_leads(std::vector<LeadFields> leads, const std::vector<std::string>& extra = {},
                   const std::vector<std::vector<std::string>>& extra_values = {}) const {
    std::string out;
    std::vector<std::string> header(k_field_names.begin(), k_field_names.end());
    header.insert(header.end(), extra.begin(), extra.end());
    csv::append_row(out, std::span<const std::string>(header));
    for (std::size_t i = 0; i < leads.size(); ++i) {
      std::vector<std::string> row(k_field_count);
      for (const auto& [field, value] : leads[i]) {
        row[field_index(field)] = value;
      }
      if (i < extra_values.size()) {
        row.insert(row.end(), extra_values[i].begin(), extra_values[i].end());
      } else {
        row.resize(header.size());
      }
      csv::append_row(out, std::span<const std::string>(row));
    }
    leads::testing::write_file(leads_file, out);
  }

  void write_events(const std::vector<EventFields>& events) const {
    std::string out;
    csv::append_row(out, std::span<const std::string_view>(k_event_columns));
    for (const EventFields& e : events) {
      const std::array<std::string_view, 7> row = {e.at, e.lead_id, e.kind, e.from, e.to, e.actor, e.note};
      csv::append_row(out, std::span<const std::string_view>(row));
    }
    leads::testing::write_file(events_file, out);
  }
};

inline std::string id(int n) {
  return fmt::format("{:016x}", n);
}

// The workspace of the worked example: seven leads, default stages, the
// report for 2026-W47 (Nov 16-22) as of Friday 2026-11-27 noon; the period
// before is 2026-W46 (Nov 9-15). The entries into stages, by lead:
//   L1 new 10-01, mql 11-02, sal 11-09T10, sql 11-10T08, opportunity 11-16T10, customer 11-18T10
//   L2 new 11-03, mql 11-05, sal 11-16T09, sql 11-18T09
//   L3 created without `to` 11-01 (first move is from engaged: starts there), mql 11-04,
//      sal 11-11T12, sql 11-11T20, lost 11-19 ("budget")
//   L4 created without `to` 11-17, never moved: starts in its stage now, mql
//   L5 new 11-17T00, mql 11-17T06, sal 11-20T00, recycled 11-21T00 ("no budget")
//   L6 new 11-10 (and, left out: a stage nobody knows; a move after now)
//   L7 new 11-10, mql 11-12, sal 11-21T12, still there
// Owners: L1 ana (event 11-09T09), L2 ben (event 11-16T08), L3 ana (no event),
// L5 cy (event 11-20T00, as it entered sal), L7 ben (event 11-21T12).
inline void write_example(const Workspace& ws) {
  using F = Field;
  ws.write_leads({
      {{F::id, id(1)},
       {F::email, "a@x.com"},
       {F::first_name, "Ada"},
       {F::last_name, "Lovelace"},
       {F::source, "web"},
       {F::stage, "customer"},
       {F::owner, "ana"},
       {F::created_at, "2026-10-01T00:00:00Z"}},
      {{F::id, id(2)}, {F::source, "web"}, {F::stage, "sql"}, {F::owner, "ben"}},
      {{F::id, id(3)}, {F::source, "ads"}, {F::stage, "lost"}, {F::owner, "ana"}},
      {{F::id, id(4)}, {F::source, "ads"}, {F::stage, "mql"}},
      {{F::id, id(5)},
       {F::source, "web"},
       {F::stage, "recycled"},
       {F::owner, "cy"},
       {F::referred_by, "A@X.com"},
       {F::created_at, "2026-11-17T00:00:00Z"}},
      {{F::id, id(6)},
       {F::source, "<script>"},
       {F::stage, "new"},
       {F::referred_by, id(1)},
       {F::created_at, "2026-11-10"}},
      {{F::id, id(7)}, {F::source, "web"}, {F::stage, "sal"}, {F::owner, "ben"}},
  });
  // In run order, not in time order.
  ws.write_events({
      {"2026-10-01T00:00:00Z", id(1), "created", "", "new", "import", "crm.csv:2"},
      {"2026-11-27T09:00:00Z", id(1), "score", "", "", "score", ""},
      {"2026-11-18T10:00:00Z", id(1), "stage", "opportunity", "customer", "ana", ""},
      {"2026-11-03T00:00:00Z", id(2), "created", "", "new", "import", "form.csv:9"},
      {"2026-11-02T00:00:00Z", id(1), "stage", "new", "mql", "score", ""},
      {"2026-11-09T09:00:00Z", id(1), "owner", "", "ana", "handoff", ""},
      {"2026-11-09T10:00:00Z", id(1), "stage", "mql", "sal", "handoff", ""},
      {"2026-11-10T08:00:00Z", id(1), "stage", "sal", "sql", "ana", ""},
      {"2026-11-16T10:00:00Z", id(1), "stage", "sql", "opportunity", "ana", ""},
      {"2026-11-05T00:00:00Z", id(2), "stage", "new", "mql", "score", ""},
      {"2026-11-16T08:00:00Z", id(2), "owner", "", "ben", "handoff", ""},
      {"2026-11-16T09:00:00Z", id(2), "stage", "mql", "sal", "handoff", ""},
      {"2026-11-18T09:00:00Z", id(2), "stage", "sal", "sql", "ben", ""},
      {"2026-11-01T00:00:00Z", id(3), "created", "", "", "import", "old.csv:3"},
      {"2026-11-04T00:00:00Z", id(3), "stage", "engaged", "mql", "score", ""},
      {"2026-11-11T12:00:00Z", id(3), "stage", "mql", "sal", "handoff", ""},
      {"2026-11-11T20:00:00Z", id(3), "stage", "sal", "sql", "ana", ""},
      {"2026-11-19T00:00:00Z", id(3), "stage", "sql", "lost", "ana", " budget "},
      {"2026-11-17T00:00:00Z", id(4), "created", "", "", "import", "x.csv:4"},
      {"2026-11-17T00:00:00Z", id(5), "created", "", "new", "import", "y.csv:5"},
      {"2026-11-17T06:00:00Z", id(5), "stage", "new", "mql", "score", ""},
      {"2026-11-20T00:00:00Z", id(5), "stage", "mql", "sal", "handoff", ""},
      {"2026-11-20T00:00:00Z", id(5), "owner", "", "cy", "handoff", ""},
      {"2026-11-21T00:00:00Z", id(5), "stage", "sal", "recycled", "cy", "no budget"},
      {"2026-11-10T00:00:00Z", id(6), "created", "", "new", "import", "z.csv:6"},
      {"2026-11-12T00:00:00Z", id(6), "stage", "new", "nurture", "ana", ""},
      {"2026-12-01T00:00:00Z", id(6), "stage", "new", "engaged", "ana", ""},
      {"2026-11-10T00:00:00Z", id(7), "created", "", "new", "import", "z.csv:7"},
      {"2026-11-12T00:00:00Z", id(7), "stage", "new", "mql", "score", ""},
      {"2026-11-21T12:00:00Z", id(7), "owner", "", "ben", "handoff", ""},
      {"2026-11-21T12:00:00Z", id(7), "stage", "mql", "sal", "handoff", ""},
      {"2026-11-20T00:00:00Z", id(255), "stage", "new", "mql", "score", ""},
      {"2026-11-20T00:00:00Z", id(2), "merged", "", "", "import", "form.csv:10 by email"},
  });
}

} // namespace leads::report::testing
