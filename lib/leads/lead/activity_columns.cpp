#include <leads/lead/activity_columns.hpp>

#include <leads/normalize/text.hpp>

namespace leads::lead {

namespace {

struct Spelling {
  std::string_view key; // header_key form
  ActivityColumn column;
};

constexpr Spelling k_spellings[] = {
    {"at", ActivityColumn::at},
    {"timestamp", ActivityColumn::at},
    {"date", ActivityColumn::at},
    {"time", ActivityColumn::at},
    {"datetime", ActivityColumn::at},
    {"occurredat", ActivityColumn::at},
    {"eventtime", ActivityColumn::at},
    {"activitydate", ActivityColumn::at},
    {"email", ActivityColumn::email},
    {"emailaddress", ActivityColumn::email},
    {"leadid", ActivityColumn::lead_id},
    {"lead", ActivityColumn::lead_id},
    {"type", ActivityColumn::type},
    {"activity", ActivityColumn::type},
    {"event", ActivityColumn::type},
    {"activitytype", ActivityColumn::type},
    {"eventtype", ActivityColumn::type},
    {"kind", ActivityColumn::type},
    {"detail", ActivityColumn::detail},
    {"details", ActivityColumn::detail},
    {"description", ActivityColumn::detail},
    {"url", ActivityColumn::detail},
    {"page", ActivityColumn::detail},
    {"subject", ActivityColumn::detail},
    {"source", ActivityColumn::source},
    {"channel", ActivityColumn::source},
};

} // namespace

bool activity_column(std::string_view header, ActivityColumn& column) {
  const std::string key = normalize::header_key(header);
  for (const Spelling& s : k_spellings) {
    if (s.key == key) {
      column = s.column;
      return true;
    }
  }
  return false;
}

ActivityPositions activity_positions(const std::vector<std::string>& header) {
  ActivityPositions positions;
  for (std::size_t i = 0; i < header.size(); ++i) {
    ActivityColumn column;
    if (activity_column(header[i], column) && !positions[static_cast<std::size_t>(column)]) {
      positions[static_cast<std::size_t>(column)] = i;
    }
  }
  return positions;
}

} // namespace leads::lead
