#include <leads/import/row_history.hpp>

#include <leads/normalize/date.hpp>

#include <fmt/format.h>

namespace leads::import {

SpillHistory row_history(const NormalizedRow& row) {
  SpillHistory history;
  history.stage_dates = row.stage_dates;
  history.dated = !row.stage_dates.empty() || (!row[Field::stage].empty() && !row[Field::stage_at].empty());
  return history;
}

bool earliest_row_date(const NormalizedRow& row, std::string_view& out) {
  std::string_view earliest;
  auto take = [&](std::string_view at) {
    if (!at.empty() && (earliest.empty() || at < earliest)) {
      earliest = at;
    }
  };
  take(row[Field::stage_at]);
  take(row[Field::updated_at]);
  for_each_stage_date(row.stage_dates, [&](std::uint8_t, std::string_view at) { take(at); });
  if (earliest.empty()) {
    return false;
  }
  out = earliest;
  return true;
}

// (RowNormalizer's part in the history: its stage-date cells and --set values.)

void RowNormalizer::take_stage_date(const Column& column, std::string_view cell, std::size_t i,
                                    NormalizedRow& row) {
  if (!normalize_timestamp(cell, m_date_order, m_scratch) || m_scratch.size() > 0xFF) {
    warn(row, "unreadable date",
         fmt::format("unreadable date '{}' of an entry into {} ({}), left out{}", cell,
                     m_config.stages[column.stage].name, column_label(i),
                     normalize::unreadable_date_note(cell, m_date_order)));
    return;
  }
  row.stage_dates += static_cast<char>(column.stage);
  row.stage_dates += static_cast<char>(m_scratch.size());
  row.stage_dates += m_scratch;
}

std::string RowNormalizer::set_problem(Field field, std::string_view value) {
  const Column column = set_column(field);
  NormalizedRow row;
  Rejection rejection;
  if (!take_field(column, trim_cell(value), k_set_column, row, rejection)) {
    return rejection.reason;
  }
  if (row.cell_warnings.empty()) {
    return {};
  }
  // (The warning says what a cell would lose: here nothing is imported.)
  std::string reason = row.cell_warnings.front().reason;
  if (const std::size_t at = reason.find(", left out"); at != std::string::npos) {
    reason.erase(at, std::string_view(", left out").size());
  }
  return reason;
}

} // namespace leads::import
