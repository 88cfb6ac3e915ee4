#pragma once

// Small workspaces for the report's tests: leads.csv and events.csv written
// from a few fields per lead and event.

#include <leads/csv/writer.hpp>
#include <leads/lead/fields.hpp>

#include <test_files.hpp>

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

} // namespace leads::report::testing
