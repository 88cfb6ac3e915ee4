#pragma once

#include <leads/config/config.hpp>
#include <leads/lead/shard.hpp>
#include <leads/report/model.hpp>
#include <leads/report/partial.hpp>
#include <leads/report/period.hpp>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

namespace leads::report {

// What `leads report` asks for.
struct Options {
  std::string period = "last-week";  // a --period value (see parse_period)
  std::optional<std::string> by;     // a column of leads.csv to break the funnel down by
  Every every = Every::week;         // the unit of the trend
  std::string handoff_stage = "sal"; // routing.handoff_stage: where the SLA clock starts
  std::int64_t now = 0;              // "as of", epoch seconds: later events are left out
  std::size_t threads = 0;           // threads to read with; 0: one a core, up to 4 (the result is the same)
  // Only the leads of this shard, and their events (--shard I/N); recorded in the partial.
  std::optional<lead::Shard> shard;
};

// The funnel of a workspace over a period (definitions in leads-report(1)).
// Reads leads.csv once and events.csv twice (it is not in time order: the
// first pass finds the entries of the period, the second what came before
// and after them), streaming both; holds a few facts per lead and the stage
// entries of the periods shown, never the history. With several threads,
// each takes a share of the leads (a range of ids) and reads the whole
// history for their events. Missing files read as an
// empty store or history. Throws leads::Error: usage for a bad period or an
// unknown --by column, config for a handoff stage leads.yaml does not have,
// data (with file and line) for a store or history that `leads check` would
// reject, interrupted when a stop is requested.
Report compute(const config::Config& config, const Options& options, const std::filesystem::path& leads_file,
               const std::filesystem::path& events_file);

// What compute() finds, before it becomes a report: the mergeable state of
// the report (see partial.hpp), for `leads report --partial`. compute() is
// to_report(compute_partial()). Throws as compute() does.
Partial compute_partial(const config::Config& config, const Options& options,
                        const std::filesystem::path& leads_file, const std::filesystem::path& events_file);

} // namespace leads::report
