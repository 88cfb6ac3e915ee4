#pragma once

#include <leads/report/event_rows.hpp>
#include <leads/report/lead_table.hpp>
#include <leads/report/model.hpp>
#include <leads/report/stage_set.hpp>

#include <array>
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <tuple>
#include <vector>

// Internal to the report module: the numbers of the funnel, from both passes
// over the history, each spread over threads that take a part of
// events.csv each.
namespace leads::report::detail {

// What every share reads.
struct Setup {
  const StageSet& stages;
  const LeadTable& table;
  std::filesystem::path events_file;
  std::int64_t now = 0;
  std::array<Period, 2> windows; // the period and the one before
  std::vector<Period> trend;     // the bucket before the trend, then its buckets
  std::uint8_t handoff = 0;
  std::int64_t sla_seconds = 0;
  std::size_t groups = 1; // 1 + the --by values (0 is every lead)
  bool by = false;
  std::size_t threads = 1;
  std::uint64_t least = 1; // bytes of events.csv worth a thread
  lead::Shard shard;       // the events of the table's leads: of this shard
};

// Counts of one group in one period.
struct Counts {
  std::vector<long> entered;   // per stage
  std::vector<long> converted; // per conversion pair
  long won = 0;
  long lost = 0;
};

struct Result {
  std::array<std::vector<Counts>, 2> counts; // per period and group
  std::vector<std::vector<long>> trend_entered;
  std::vector<Ratio> trend_win;
  // (stage, source in the table, reason) -> entries
  std::map<std::tuple<std::uint8_t, std::uint32_t, std::string>, Compared<long>> feedback;
  Compared<long> customers_at_start, won, churned;
  // Per referral of the table: whether the lead was created in each period,
  // and its wins and losses there.
  std::vector<Compared<long>> referral_created;
  std::vector<std::array<Ratio, 2>> referral_win;
  // Durations per (period * groups + group) * velocity pairs + pair.
  std::vector<std::vector<std::int64_t>> durations;
  std::map<std::string, SlaRow> sla; // by owner
  long rows = 0;                     // of events.csv
  long unknown_lead = 0;
  long after_now = 0;
  std::map<std::string, long> unknown_stages;
};

Result analyze(const Setup& setup);

} // namespace leads::report::detail
