// Phase 2 of an import, the history of stages a lead's rows date (see
// plan_lifecycle()): what it makes of the lead, and its stage events.
#include <leads/import/bucket_renderer.hpp>

#include <leads/csv/writer.hpp>
#include <leads/import/row_normalizer.hpp>
#include <leads/lead/id.hpp>

namespace leads::import::detail {

void BucketRenderer::gather_history(std::size_t k, const SpillRecord& record) {
  const auto row = static_cast<std::uint32_t>(k);
  const LeadValues& values = m_rows[k].values;
  const SpillHistory& history = record.history();
  const std::vector<config::Stage>& stages = m_run.config.stages;
  for_each_stage_date(history.stage_dates, [&](std::uint8_t stage, std::string_view at) {
    if (stage < stages.size()) {
      m_dates.push_back({stages[stage].name, at, row});
    }
  });
  const std::string_view stage = values[k_stage_column];
  const std::string_view stage_at = values[k_stage_at_column];
  if (!stage.empty() && !stage_at.empty()) {
    m_dates.push_back({stage, stage_at, row});
  }
  for (const std::string_view at : {stage_at, values[k_updated_at_column]}) {
    if (!at.empty() && (m_earliest_edit.empty() || at < m_earliest_edit)) {
      m_earliest_edit = at;
    }
  }
}

void BucketRenderer::plan_history(std::size_t count, bool stored) {
  m_planned = !m_dates.empty();
  const bool needs_created_at = !stored && m_result[k_created_at_column].empty() && !m_earliest_edit.empty();
  if (!m_planned && !needs_created_at) {
    return;
  }
  LifecycleInput in;
  in.dates = m_dates;
  in.stage = m_result[k_stage_column];
  in.stage_at = m_result[k_stage_at_column];
  in.created_at = m_result[k_created_at_column];
  if (!in.stage.empty()) {
    in.stage_row = static_cast<std::uint32_t>(giver(k_stage_column, count) - m_rows.data());
  }
  in.earliest_edit = m_earliest_edit;
  in.stored = stored;
  in.may_change = !stored || m_run.options.merge != MergePolicy::keep;
  in.first_stage = m_run.first_stage;
  if (stored) {
    in.stored_stage = m_store_values[k_stage_column];
    in.stored_stage_at = m_store_values[k_stage_at_column];
    if (in.stage_at.empty() && in.stage != in.stored_stage) {
      in.stage_at = m_run.now_iso; // a change without a date of its own: now, as finalize() dates it
    }
  }
  const std::uint64_t id = *lead::parse_id(std::string_view(m_id, sizeof m_id));
  plan_lifecycle(
      in, [&](std::string_view at, std::string_view stage) { return in_history(m_run, id, stage, at); },
      m_lifecycle);
  m_result[k_created_at_column] = m_lifecycle.created_at;
  if (!m_lifecycle.stage.empty()) {
    m_result[k_stage_column] = m_lifecycle.stage;
    m_result[k_stage_at_column] = m_lifecycle.stage_at;
  }
}

void BucketRenderer::mark_history_rows(std::size_t count, bool stored) {
  if (!m_planned) {
    return;
  }
  m_stage_events += static_cast<long>(m_lifecycle.moves.size());
  for (const StageMove& move : m_lifecycle.moves) {
    if (move.row < count && (stored || move.row > 0)) {
      m_rows[move.row].merged = true;
    }
  }
}

void BucketRenderer::write_stage_moves() {
  for (const StageMove& move : m_lifecycle.moves) {
    note_row(m_rows[move.row].header);
    const std::string_view event[] = {
        move.at, std::string_view(m_id, 16), "stage", move.from, move.to, "import", m_note};
    csv::append_row(*m_events, std::span<const std::string_view>(event));
  }
}

} // namespace leads::import::detail
