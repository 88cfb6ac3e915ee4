#include <leads/report/funnel.hpp>

#include <leads/error.hpp>
#include <leads/report/analysis.hpp>
#include <leads/report/history.hpp>
#include <leads/report/lead_table.hpp>
#include <leads/report/stage_set.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <thread>

namespace leads::report {

namespace {

using detail::Counts;
using detail::k_no_stage;
using detail::LeadTable;
using detail::Result;
using detail::StageSet;

// Parts of a file smaller than this are not worth a thread.
constexpr std::uint64_t k_least_bytes = std::uint64_t{4} << 20;

// The counts of every lead (group 0) or of one --by value (group 1 + g).
PartialGroup group_counts(Result& sum, std::size_t groups, std::size_t g, std::size_t pairs) {
  PartialGroup out;
  for (std::size_t w = 0; w < 2; ++w) {
    const Counts& c = sum.counts[w][g];
    out.entered[w] = c.entered;
    out.converted[w] = c.converted;
    (w == 0 ? out.won.current : out.won.previous) = c.won;
    (w == 0 ? out.lost.current : out.lost.previous) = c.lost;
    out.durations[w].resize(pairs);
    for (std::size_t p = 0; p < pairs; ++p) {
      out.durations[w][p] = std::move(sum.durations[(w * groups + g) * pairs + p]);
    }
  }
  return out;
}

// Leads per stage now, the counts of all and of each group.
void add_leads(const StageSet& stages, const LeadTable& table, bool by, Result& sum, Partial& partial) {
  const std::size_t groups = 1 + (by ? table.groups.size() : 0);
  const std::size_t pairs = stages.velocity.size();
  partial.leads = static_cast<long>(table.rows.size());
  partial.leads_now.assign(stages.size(), 0);
  std::vector<long> group_size(groups, 0);
  for (const detail::LeadRow& row : table.rows) {
    if (row.stage != k_no_stage) {
      ++partial.leads_now[row.stage];
    }
    ++group_size[by ? 1 + row.group : 0];
  }
  partial.other_stages.insert(table.other_stages.begin(), table.other_stages.end());
  partial.all = group_counts(sum, groups, 0, pairs);
  partial.all.leads = partial.leads;
  for (std::size_t g = 1; g < groups; ++g) {
    if (group_size[g] == 0) {
      continue; // "" before any lead was read
    }
    PartialGroup& group = partial.groups[table.groups.text(static_cast<std::uint32_t>(g - 1))];
    group = group_counts(sum, groups, g, pairs);
    group.leads = group_size[g];
  }
}

// Referrals by what they name: each lead's part, added up.
void add_referrals(const LeadTable& table, const Result& sum, Partial& partial) {
  for (std::size_t i = 0; i < table.referrals.size(); ++i) {
    const detail::Referral& r = table.referrals[i];
    ReferralCounts& counts = partial.referrals[{r.key, r.self}];
    ++counts.leads;
    counts.created += sum.referral_created[i];
    counts.win_rate.current += sum.referral_win[i][0];
    counts.win_rate.previous += sum.referral_win[i][1];
  }
}

} // namespace

Partial compute_partial(const config::Config& config, const Options& options,
                        const std::filesystem::path& leads_file, const std::filesystem::path& events_file) {
  const StageSet stages(config);
  const std::uint8_t handoff = stages.find(options.handoff_stage);
  if (handoff == k_no_stage) {
    throw Error(ErrorKind::config,
                fmt::format("the handoff stage '{}' is not one of the stages", options.handoff_stage),
                config.source, 0, 0, "routing.handoff_stage names the stage where sales takes a lead over");
  }
  Partial partial;
  partial.now = options.now;
  partial.period = parse_period(options.period, options.now);
  partial.previous = previous(partial.period);
  partial.every = options.every;
  const std::vector<Period> buckets = trend_buckets(partial.period, options.every);
  // The trend's buckets, the one before them first.
  partial.trend = {previous(buckets.front())};
  partial.trend.insert(partial.trend.end(), buckets.begin(), buckets.end());
  partial.by = options.by;
  partial.handoff_stage = options.handoff_stage;
  partial.sla_hours = config.routing.sla_hours;
  partial.top = config.report.top;
  partial.stages = stages.info;
  partial.conversion = stages.conversion;
  partial.velocity = stages.velocity;
  const lead::Shard shard = options.shard.value_or(lead::Shard{});
  if (options.shard) {
    partial.shard_count = shard.count;
    partial.shards = {shard.index};
  }

  const std::size_t threads = options.threads > 0
                                  ? options.threads
                                  : std::clamp<std::size_t>(std::thread::hardware_concurrency(), 1, 4);
  // Small stores are not worth a thread, unless asked for (tests).
  const std::uint64_t least = options.threads > 0 ? 1 : k_least_bytes;
  LeadTable table = detail::read_leads(leads_file, stages, options.by, threads, least, shard);
  const detail::Setup setup{stages,
                            table,
                            events_file,
                            options.now,
                            {partial.period, partial.previous},
                            partial.trend,
                            handoff,
                            static_cast<std::int64_t>(config.routing.sla_hours * 3600),
                            1 + (options.by ? table.groups.size() : 0),
                            options.by.has_value(),
                            threads,
                            least,
                            shard};
  Result sum = detail::analyze(setup);

  add_leads(stages, table, options.by.has_value(), sum, partial);
  partial.sla = std::move(sum.sla);
  for (const auto& [key, count] : sum.feedback) {
    const auto& [stage, source, reason] = key;
    partial.feedback[{stage, table.sources.text(source), reason}] += count;
  }
  partial.customers_at_start = sum.customers_at_start;
  partial.won = sum.won;
  partial.churned = sum.churned;
  add_referrals(table, sum, partial);
  partial.won_leads = std::move(table.won);
  partial.trend_entered = std::move(sum.trend_entered);
  partial.trend_win = std::move(sum.trend_win);
  partial.events = sum.rows;
  partial.unknown_lead = sum.unknown_lead;
  partial.after_now = sum.after_now;
  partial.unknown_stages = std::move(sum.unknown_stages);
  return partial;
}

Report compute(const config::Config& config, const Options& options, const std::filesystem::path& leads_file,
               const std::filesystem::path& events_file) {
  return to_report(compute_partial(config, options, leads_file, events_file));
}

} // namespace leads::report
