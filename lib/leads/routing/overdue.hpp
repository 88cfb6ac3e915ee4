#pragma once

#include <leads/config/config.hpp>
#include <leads/stages/columns.hpp>

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace leads::routing {

// A lead handed off and not moved on within the SLA.
struct OverdueLead {
  std::string id;
  std::string email;
  std::string company;
  std::string owner;
  std::string stage_at;
  std::int64_t hours_waiting = 0; // whole hours since stage_at
};

// Finds the leads in routing.handoff_stage whose stage_at is more than
// routing.sla_hours before now (`leads handoff --overdue`), from the store's
// rows streamed once. A lead with no readable stage_at cannot be judged and is
// not listed.
class OverdueFinder {
public:
  OverdueFinder(const config::Config& config, std::span<const std::string> header, std::int64_t now,
                const std::string& store_file = "leads.csv");

  void add_lead(std::span<const std::string_view> row);
  // The overdue leads, oldest stage_at first (then by id).
  std::vector<OverdueLead> take();

private:
  stages::StoreColumns m_columns;
  std::size_t m_company;
  std::string m_stage;
  std::int64_t m_now;
  std::int64_t m_sla_seconds;
  std::vector<std::pair<std::int64_t, OverdueLead>> m_found;
};

} // namespace leads::routing
