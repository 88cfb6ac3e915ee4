#include <leads/report/funnel.hpp>

#include <leads/error.hpp>
#include <leads/report/analysis.hpp>
#include <leads/report/history.hpp>
#include <leads/report/lead_table.hpp>
#include <leads/report/numbers.hpp>
#include <leads/report/stage_set.hpp>
#include <leads/report/stats.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <exception>
#include <map>
#include <thread>
#include <tuple>

namespace leads::report {

namespace {

using detail::Counts;
using detail::k_no_stage;
using detail::LeadTable;
using detail::Result;
using detail::StageSet;

constexpr std::string_view k_all = "(all)";
constexpr std::string_view k_no_value = "(none)";
constexpr std::string_view k_no_reason = "(no reason)";
// Parts of a file smaller than this are not worth a thread.
constexpr std::uint64_t k_least_bytes = std::uint64_t{4} << 20;

// Sorts names bytewise with "" (shown as "(none)") last; returns the order of ids.
std::vector<std::uint32_t> name_order(const detail::Interner& names, const std::vector<std::uint32_t>& ids) {
  std::vector<std::uint32_t> order = ids;
  std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
    const std::string& x = names.text(a);
    const std::string& y = names.text(b);
    if (x.empty() != y.empty()) {
      return y.empty();
    }
    return x < y;
  });
  return order;
}

std::string shown(const std::string& value) {
  return value.empty() ? std::string(k_no_value) : value;
}

std::string stage_list(const std::map<std::string, long>& counts) {
  std::vector<std::pair<std::string, long>> list(counts.begin(), counts.end());
  std::stable_sort(list.begin(), list.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  std::string out;
  for (std::size_t i = 0; i < list.size() && i < 3; ++i) {
    out += fmt::format("{}'{}' ({})", i == 0 ? "" : ", ", list[i].first, list[i].second);
  }
  if (list.size() > 3) {
    out += fmt::format(" and {} more", list.size() - 3);
  }
  return out;
}

// "s" for a count other than one.
const char* plural(long n, const char* many = "s", const char* one = "") {
  return n == 1 ? one : many;
}

// The funnel of every lead (group 0) or of one --by value (group 1 + g).
GroupFunnel funnel(const StageSet& stages, Result& sum, std::size_t groups, std::size_t g, std::string name) {
  GroupFunnel f;
  f.name = std::move(name);
  const Counts& now = sum.counts[0][g];
  const Counts& before = sum.counts[1][g];
  for (std::size_t s = 0; s < stages.size(); ++s) {
    f.entered.push_back({now.entered[s], before.entered[s]});
  }
  for (std::size_t p = 0; p < stages.conversion.size(); ++p) {
    const auto& [from, to] = stages.conversion[p];
    f.conversion.push_back(
        {from, to, {{now.converted[p], now.entered[from]}, {before.converted[p], before.entered[from]}}});
  }
  f.win_rate = {{now.won, now.won + now.lost}, {before.won, before.won + before.lost}};
  const std::size_t pairs = stages.velocity.size();
  for (std::size_t p = 0; p < pairs; ++p) {
    VelocityRow row{stages.velocity[p].first, stages.velocity[p].second, {}};
    row.days.current = summarize(sum.durations[g * pairs + p]);
    row.days.previous = summarize(sum.durations[(groups + g) * pairs + p]);
    if (row.days.current || row.days.previous) {
      f.velocity.push_back(row);
    }
  }
  return f;
}

// Leads per stage now, the funnel of all and of each group.
void add_funnels(const StageSet& stages, const LeadTable& table, bool by, Result& sum, Report& report) {
  const std::size_t groups = 1 + (by ? table.groups.size() : 0);
  report.all = funnel(stages, sum, groups, 0, std::string(k_all));
  report.leads = static_cast<long>(table.rows.size());
  report.all.leads = report.leads;
  report.leads_now.assign(stages.size(), 0);
  std::vector<long> group_size(groups, 0);
  for (const detail::LeadRow& row : table.rows) {
    ++(row.stage == k_no_stage ? report.leads_other_stage : report.leads_now[row.stage]);
    ++group_size[by ? 1 + row.group : 0];
  }
  if (!by) {
    return;
  }
  std::vector<std::uint32_t> ids(table.groups.size());
  for (std::uint32_t g = 0; g < ids.size(); ++g) {
    ids[g] = g;
  }
  for (std::uint32_t g : name_order(table.groups, ids)) {
    if (group_size[1 + g] == 0) {
      continue; // "" before any lead was read
    }
    report.groups.push_back(funnel(stages, sum, groups, 1 + g, shown(table.groups.text(g))));
    report.groups.back().leads = group_size[1 + g];
  }
}

// SLA by owner, "(none)" last, and the total.
void add_sla(Result& sum, Report& report) {
  report.sla_total.owner = std::string(k_all);
  std::vector<std::pair<std::string, SlaRow>> sla(sum.sla.begin(), sum.sla.end());
  std::stable_partition(sla.begin(), sla.end(), [](const auto& entry) { return !entry.first.empty(); });
  for (auto& [owner, row] : sla) {
    row.owner = shown(owner);
    for (auto [total, part] :
         {std::pair{&report.sla_total.in_time, &row.in_time}, std::pair{&report.sla_total.late, &row.late},
          std::pair{&report.sla_total.overdue, &row.overdue},
          std::pair{&report.sla_total.waiting, &row.waiting}}) {
      total->current += part->current;
      total->previous += part->previous;
    }
    report.sla.push_back(std::move(row));
  }
}

// Feedback, most first.
void add_feedback(const LeadTable& table, const Result& sum, Report& report) {
  for (const auto& [key, count] : sum.feedback) {
    const auto& [stage, source, reason] = key;
    report.feedback.push_back({stage, shown(table.sources.text(source)),
                               reason.empty() ? std::string(k_no_reason) : reason, count});
  }
  std::stable_sort(report.feedback.begin(), report.feedback.end(),
                   [](const FeedbackRow& a, const FeedbackRow& b) {
                     return std::tie(b.count.current, b.count.previous, a.stage, a.source, a.reason) <
                            std::tie(a.count.current, a.count.previous, b.stage, b.source, b.reason);
                   });
}

// Retention and referrals; advocates with the most referrals first.
void add_retention(const LeadTable& table, const Result& sum, Retention& retention) {
  retention.customers_at_start = sum.customers_at_start;
  retention.won = sum.won;
  retention.churned = sum.churned;
  retention.referred = static_cast<long>(table.referrals.size());
  retention.referred_created = sum.referred_created;
  retention.referred_win_rate = {sum.referred_win[0], sum.referred_win[1]};
  retention.others_win_rate = {sum.others_win[0], sum.others_win[1]};
  for (std::size_t a = 0; a < table.advocates.size(); ++a) {
    const detail::AdvocateRow& row = table.advocates[a];
    retention.advocates.push_back({row.id, row.name, row.email, 0, sum.advocate_created[a]});
  }
  for (const detail::Referral& r : table.referrals) {
    ++retention.advocates[r.advocate].referred;
  }
  std::sort(retention.advocates.begin(), retention.advocates.end(), [](const Advocate& a, const Advocate& b) {
    return std::tie(b.referred, b.referred_created.current, a.email, a.id) <
           std::tie(a.referred, a.referred_created.current, b.email, b.id);
  });
}

// What the report left out.
void add_notes(const LeadTable& table, const Result& sum, std::int64_t now, Report& report) {
  if (const long n = report.leads_other_stage; n > 0) {
    const std::map<std::string, long> others(table.other_stages.begin(), table.other_stages.end());
    report.notes.push_back({fmt::format("{} lead{} in leads.csv {} a stage that leads.yaml does not have: {}",
                                        n, plural(n), plural(n, "have", "has"), stage_list(others))});
  }
  long unknown_stage = 0;
  for (const auto& [name, count] : sum.unknown_stages) {
    unknown_stage += count;
  }
  if (const long n = unknown_stage; n > 0) {
    report.notes.push_back({fmt::format(
        "{} event{} of events.csv name{} a stage that leads.yaml does not have, "
        "and {} left out: {}",
        n, plural(n), plural(n, "", "s"), plural(n, "were", "was"), stage_list(sum.unknown_stages))});
  }
  if (const long n = sum.unknown_lead; n > 0) {
    report.notes.push_back(
        {fmt::format("{} created or stage event{} of events.csv name{} no lead of leads.csv "
                     "(forgotten or merged away), and {} left out",
                     n, plural(n), plural(n, "", "s"), plural(n, "were", "was"))});
  }
  if (const long n = sum.after_now; n > 0) {
    report.notes.push_back({fmt::format(
        "{} event{} of events.csv {} dated after the report's time ({}), and {} "
        "left out",
        n, plural(n), plural(n, "are", "is"), detail::timestamp(now), plural(n, "were", "was"))});
  }
}

} // namespace

Report compute(const config::Config& config, const Options& options, const std::filesystem::path& leads_file,
               const std::filesystem::path& events_file) {
  const StageSet stages(config);
  const std::uint8_t handoff = stages.find(options.handoff_stage);
  if (handoff == k_no_stage) {
    throw Error(ErrorKind::config,
                fmt::format("the handoff stage '{}' is not one of the stages", options.handoff_stage),
                config.source, 0, 0, "routing.handoff_stage names the stage where sales takes a lead over");
  }
  Report report;
  report.now = options.now;
  report.period = parse_period(options.period, options.now);
  report.previous = previous(report.period);
  report.handoff_stage = options.handoff_stage;
  report.sla_hours = config.routing.sla_hours;
  report.by = options.by;
  report.stages = stages.info;

  const std::vector<Period> buckets = trend_buckets(report.period, options.every);
  // The trend's buckets, the one before them first.
  std::vector<Period> trend_periods = {previous(buckets.front())};
  trend_periods.insert(trend_periods.end(), buckets.begin(), buckets.end());

  const std::size_t threads = options.threads > 0
                                  ? options.threads
                                  : std::clamp<std::size_t>(std::thread::hardware_concurrency(), 1, 4);
  // Small stores are not worth a thread, unless asked for (tests).
  const std::uint64_t least = options.threads > 0 ? 1 : k_least_bytes;
  const LeadTable table = detail::read_leads(leads_file, stages, options.by, threads, least);
  const detail::Setup setup{stages,
                            table,
                            events_file,
                            options.now,
                            {report.period, report.previous},
                            trend_periods,
                            handoff,
                            static_cast<std::int64_t>(config.routing.sla_hours * 3600),
                            1 + (options.by ? table.groups.size() : 0),
                            options.by.has_value(),
                            threads,
                            least};
  Result sum = detail::analyze(setup);

  add_funnels(stages, table, options.by.has_value(), sum, report);
  add_sla(sum, report);
  add_feedback(table, sum, report);
  add_retention(table, sum, report.retention);
  report.trend.every = options.every;
  for (std::size_t b = 0; b < trend_periods.size(); ++b) {
    TrendBucket bucket{trend_periods[b], sum.trend_entered[b], sum.trend_win[b]};
    (b == 0 ? report.trend.before : report.trend.buckets.emplace_back()) = std::move(bucket);
  }
  report.events = sum.rows;
  add_notes(table, sum, options.now, report);
  return report;
}

} // namespace leads::report
