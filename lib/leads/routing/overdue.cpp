#include <leads/routing/overdue.hpp>

#include <leads/lead/fields.hpp>
#include <leads/normalize/date.hpp>

#include <algorithm>
#include <cmath>

namespace leads::routing {

namespace {

std::string_view cell(std::span<const std::string_view> row, std::size_t column) {
  return column < row.size() ? row[column] : std::string_view();
}

} // namespace

OverdueFinder::OverdueFinder(const config::Config& config, std::span<const std::string> header,
                             std::int64_t now, const std::string& store_file)
    : m_columns(stages::StoreColumns::of(header, store_file)), m_stage(config.routing.handoff_stage),
      m_now(now), m_sla_seconds(std::llround(config.routing.sla_hours * 3600)) {
  // The company is for people to recognize the lead; a store without it is still judged.
  auto it = std::find(header.begin(), header.end(), field_name(Field::company));
  m_company = it == header.end() ? header.size() : static_cast<std::size_t>(it - header.begin());
}

void OverdueFinder::add_lead(std::span<const std::string_view> row) {
  if (cell(row, m_columns.stage) != m_stage) {
    return;
  }
  const std::string_view stage_at = cell(row, m_columns.stage_at);
  const std::optional<std::int64_t> since = normalize::parse_iso(stage_at);
  if (!since || m_now - *since <= m_sla_seconds) {
    return;
  }
  m_found.emplace_back(
      *since, OverdueLead{std::string(cell(row, m_columns.id)), std::string(cell(row, m_columns.email)),
                          std::string(cell(row, m_company)), std::string(cell(row, m_columns.owner)),
                          std::string(stage_at), (m_now - *since) / 3600});
}

std::vector<OverdueLead> OverdueFinder::take() {
  std::stable_sort(m_found.begin(), m_found.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first < b.first : a.second.id < b.second.id;
  });
  std::vector<OverdueLead> out;
  out.reserve(m_found.size());
  for (auto& found : m_found) {
    out.push_back(std::move(found.second));
  }
  m_found.clear();
  return out;
}

} // namespace leads::routing
