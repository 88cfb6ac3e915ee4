#pragma once

#include <leads/lead/fields.hpp>

#include <array>
#include <string>
#include <string_view>

namespace leads::stages {

// One row of events.csv (at,lead_id,kind,from,to,actor,note), as a command
// that changes a lead appends it.
struct Event {
  std::string at; // UTC ISO 8601
  std::string lead_id;
  std::string kind; // "stage", "owner", ...
  std::string from;
  std::string to;
  std::string actor;
  std::string note;

  // The fields in the order of k_event_columns, for a CSV writer.
  std::array<std::string_view, k_event_columns.size()> fields() const {
    return {at, lead_id, kind, from, to, actor, note};
  }

  bool operator==(const Event&) const = default;
};

} // namespace leads::stages
