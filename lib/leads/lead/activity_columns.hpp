#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace leads::lead {

// The columns of an activities file (what `leads import --activities` and
// `leads score --activities` read) and the header spellings each accepts
// (compared as normalize::header_key does):
//   at:      at, timestamp, date, time, datetime, occurred at, event time, activity date
//   email:   email, e-mail, email address
//   lead_id: lead id, lead
//   type:    type, activity, event, activity type, event type, kind
//   detail:  detail, details, description, url, page, subject
//   source:  source, channel
// Other columns are ignored.
enum class ActivityColumn { at, email, lead_id, type, detail, source };
inline constexpr std::size_t k_activity_column_kinds = 6;

// The column a header names, if any.
bool activity_column(std::string_view header, ActivityColumn& column);

// Where each kind of column is in a header: the first column that names it.
using ActivityPositions = std::array<std::optional<std::size_t>, k_activity_column_kinds>;
ActivityPositions activity_positions(const std::vector<std::string>& header);

inline std::optional<std::size_t> position_of(const ActivityPositions& positions, ActivityColumn column) {
  return positions[static_cast<std::size_t>(column)];
}

} // namespace leads::lead
