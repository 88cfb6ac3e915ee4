#include <leads/report/funnel.hpp>

#include <leads/error.hpp>
#include <leads/report/event_rows.hpp>
#include <leads/report/history.hpp>
#include <leads/report/lead_table.hpp>
#include <leads/report/stage_set.hpp>
#include <leads/report/stats.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <map>
#include <tuple>

namespace leads::report {

namespace {

using detail::bit;
using detail::Entry;
using detail::History;
using detail::k_never;
using detail::k_no_stage;
using detail::k_none;
using detail::LeadHistory;
using detail::LeadTable;
using detail::Probe;
using detail::StageSet;

constexpr std::string_view k_all = "(all)";
constexpr std::string_view k_no_value = "(none)";
constexpr std::string_view k_no_reason = "(no reason)";

// Counts of one group in one period.
struct Counts {
  std::vector<long> entered;   // per stage
  std::vector<long> converted; // per conversion pair
  long won = 0;
  long lost = 0;
};

// What one lead did in one period, from its entries there.
struct InPeriod {
  std::uint32_t entered = 0;
  std::array<const Entry*, detail::k_max_stages> first{}; // first entry into each stage
  const Entry* won = nullptr;                             // its first entry into a won stage ever, if here
  const Entry* lost = nullptr;                            // first entry into a lost stage, before any win
  bool churned = false;
};

InPeriod scan_period(const StageSet& stages, const LeadHistory& h, const Entry* begin, const Entry* end,
                     const Period& period) {
  InPeriod in;
  for (const Entry* e = begin; e != end; ++e) {
    if (!period.contains(e->at)) {
      continue;
    }
    const std::uint32_t b = bit(e->stage);
    if ((in.entered & b) == 0) {
      in.entered |= b;
      in.first[e->stage] = e;
    }
    if ((stages.won & b) != 0 && e->at == h.first_won && in.won == nullptr) {
      in.won = e;
    }
    if ((stages.lost & b) != 0 && e->at < h.first_won && in.lost == nullptr) {
      in.lost = e;
    }
    if ((stages.exit & b) != 0 && e->from != k_no_stage && (stages.won & bit(e->from)) != 0) {
      in.churned = true;
    }
  }
  return in;
}

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

} // namespace

Report compute(const config::Config& config, const Options& options, const std::filesystem::path& leads_file,
               const std::filesystem::path& events_file) {
  const StageSet stages(config);
  const std::size_t n_stages = stages.size();
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
  const std::array<Period, 2> windows = {report.period, report.previous};

  const std::vector<Period> buckets = trend_buckets(report.period, options.every);
  const Period before = previous(buckets.front());
  // The trend's buckets, the one before them first.
  std::vector<Period> trend_periods = {before};
  trend_periods.insert(trend_periods.end(), buckets.begin(), buckets.end());

  LeadTable table = detail::read_leads(leads_file, stages, options.by);
  const std::int64_t span_start = std::min(report.previous.start, before.start);
  const std::int64_t span_end = std::max(report.period.end, buckets.back().end);
  History history(stages, table, options.now, {report.period.start, report.previous.start}, span_start,
                  span_end);
  {
    detail::EventRows rows(events_file);
    detail::EventRow row;
    while (rows.next(row)) {
      history.add(row);
    }
  }
  history.finish();

  // Groups: 0 is every lead, 1 + g the leads of --by value g.
  const std::size_t n_groups = 1 + (options.by ? table.groups.size() : 0);
  const std::size_t n_conversion = stages.conversion.size();
  std::array<std::vector<Counts>, 2> counts;
  for (auto& per_period : counts) {
    per_period.assign(n_groups,
                      Counts{std::vector<long>(n_stages, 0), std::vector<long>(n_conversion, 0), 0, 0});
  }
  std::vector<std::vector<long>> trend_entered(trend_periods.size(), std::vector<long>(n_stages, 0));
  std::vector<Ratio> trend_win(trend_periods.size());
  std::map<std::tuple<std::uint8_t, std::uint32_t, std::uint32_t>, Compared<long>> feedback;
  Retention& retention = report.retention;
  std::array<Ratio, 2> referred_win{};
  std::array<Ratio, 2> others_win{};
  std::vector<Probe> probes;

  auto group_of = [&](std::uint32_t lead) { return options.by ? 1 + table.rows[lead].group : 0; };
  auto add_probe = [&](std::uint32_t lead, Probe::Kind kind, std::size_t w, std::uint8_t stage,
                       const Entry* e) {
    Probe probe;
    probe.lead = lead;
    probe.kind = kind;
    probe.window = static_cast<std::uint8_t>(w);
    probe.stage = stage;
    probe.at = e->at;
    probe.line = e->line;
    probes.push_back(probe);
  };

  const Entry* entries = history.entries.data();
  const Entry* entries_end = entries + history.entries.size();
  for (const Entry* begin = entries; begin != entries_end;) {
    const std::uint32_t lead = begin->lead;
    const Entry* end = begin;
    while (end != entries_end && end->lead == lead) {
      ++end;
    }
    const LeadHistory& h = history.leads[lead];
    const std::size_t group = group_of(lead);
    const bool referred = table.rows[lead].referred;
    for (std::size_t w = 0; w < windows.size(); ++w) {
      const InPeriod in = scan_period(stages, h, begin, end, windows[w]);
      for (std::size_t g : {std::size_t{0}, group}) {
        Counts& c = counts[w][g];
        for (std::size_t s = 0; s < n_stages; ++s) {
          c.entered[s] += (in.entered & bit(static_cast<std::uint8_t>(s))) != 0 ? 1 : 0;
        }
        for (std::size_t p = 0; p < n_conversion; ++p) {
          const auto& [from, to] = stages.conversion[p];
          if ((in.entered & bit(static_cast<std::uint8_t>(from))) != 0 && stages.reached(h.reached, to)) {
            ++c.converted[p];
          }
        }
        c.lost += in.lost != nullptr ? 1 : 0;
        if (group == 0) {
          break;
        }
      }
      if (in.lost != nullptr) {
        ++(referred ? referred_win : others_win)[w].denominator;
      }
      (w == 0 ? retention.churned.current : retention.churned.previous) += in.churned ? 1 : 0;
      for (std::size_t s = 0; s < n_stages; ++s) {
        const auto stage = static_cast<std::uint8_t>(s);
        if (in.first[s] != nullptr && stages.before[s] != k_no_stage) {
          add_probe(lead, Probe::Kind::stage, w, stage, in.first[s]);
        }
      }
      if (in.won != nullptr) {
        add_probe(lead, Probe::Kind::won, w, 0, in.won);
      }
      const Entry* closed = in.won == nullptr                                ? in.lost
                            : in.lost == nullptr || in.won->at < in.lost->at ? in.won
                                                                             : in.lost;
      if (closed != nullptr) {
        add_probe(lead, Probe::Kind::closed, w, 0, closed);
      }
      if (in.first[handoff] != nullptr) {
        add_probe(lead, Probe::Kind::handoff, w, handoff, in.first[handoff]);
      }
      for (const Entry* e = begin; e != end; ++e) {
        if (windows[w].contains(e->at) && (stages.exit & bit(e->stage)) != 0) {
          auto& count = feedback[{e->stage, table.rows[lead].source, e->reason}];
          ++(w == 0 ? count.current : count.previous);
        }
      }
    }
    for (std::size_t b = 0; b < trend_periods.size(); ++b) {
      const InPeriod in = scan_period(stages, h, begin, end, trend_periods[b]);
      for (std::size_t s = 0; s < n_stages; ++s) {
        trend_entered[b][s] += (in.entered & bit(static_cast<std::uint8_t>(s))) != 0 ? 1 : 0;
      }
      trend_win[b].denominator += in.lost != nullptr ? 1 : 0;
    }
    begin = end;
  }

  // Per lead: wins (its first entry into a won stage), customers at the starts.
  for (std::uint32_t lead = 0; lead < history.leads.size(); ++lead) {
    const LeadHistory& h = history.leads[lead];
    const std::size_t group = group_of(lead);
    for (std::size_t w = 0; w < windows.size(); ++w) {
      const std::uint8_t at_start = h.start_stage[w];
      if (at_start != k_no_stage && (stages.won & bit(at_start)) != 0) {
        ++(w == 0 ? retention.customers_at_start.current : retention.customers_at_start.previous);
      }
      if (h.first_won == k_never || !windows[w].contains(h.first_won)) {
        continue;
      }
      ++counts[w][0].won;
      if (group != 0) {
        ++counts[w][group].won;
      }
      ++(w == 0 ? retention.won.current : retention.won.previous);
      Ratio& split = (table.rows[lead].referred ? referred_win : others_win)[w];
      ++split.numerator;
      ++split.denominator;
    }
    if (h.first_won != k_never) {
      for (std::size_t b = 0; b < trend_periods.size(); ++b) {
        if (trend_periods[b].contains(h.first_won)) {
          ++trend_win[b].numerator;
          ++trend_win[b].denominator;
        }
      }
    }
  }

  // The second pass: what came before and after the entries of the period.
  detail::Probes found(stages, table, history, options.now, std::move(probes), table.owners);
  if (!found.empty()) {
    detail::EventRows rows(events_file);
    detail::EventRow row;
    while (rows.next(row)) {
      found.add(row);
    }
  }

  // Durations per period, group and velocity pair.
  const std::size_t n_velocity = stages.velocity.size();
  std::vector<std::size_t> stage_pair(n_stages, n_velocity);
  std::vector<std::size_t> won_pair(n_stages, n_velocity);
  std::vector<std::size_t> closed_pair(n_stages, n_velocity);
  for (std::size_t p = 0; p < n_velocity; ++p) {
    const auto& [from, to] = stages.velocity[p];
    (to.kind == Target::Kind::stage ? stage_pair[to.stage]
     : to.kind == Target::Kind::won ? won_pair[from]
                                    : closed_pair[from]) = p;
  }
  std::vector<std::vector<std::int64_t>> durations(2 * n_groups * n_velocity);
  auto add_duration = [&](const Probe& probe, std::size_t pair, std::int64_t since) {
    if (since == k_none || pair == n_velocity) {
      return;
    }
    const std::size_t group = group_of(probe.lead);
    durations[(probe.window * n_groups) * n_velocity + pair].push_back(probe.at - since);
    if (group != 0) {
      durations[(probe.window * n_groups + group) * n_velocity + pair].push_back(probe.at - since);
    }
  };
  std::map<std::uint32_t, SlaRow> sla;
  const auto sla_seconds = static_cast<std::int64_t>(config.routing.sla_hours * 3600);
  for (const Probe& probe : found.probes()) {
    const std::int64_t* latest = found.latest().data() + probe.slots;
    switch (probe.kind) {
    case Probe::Kind::stage:
      add_duration(probe, stage_pair[probe.stage], latest[0]);
      break;
    case Probe::Kind::won:
    case Probe::Kind::closed:
      for (std::size_t s = 0; s < n_stages; ++s) {
        add_duration(probe, (probe.kind == Probe::Kind::won ? won_pair : closed_pair)[s], latest[s]);
      }
      break;
    case Probe::Kind::handoff: {
      const std::uint32_t owner = probe.owner_at != k_none ? probe.owner : table.rows[probe.lead].owner;
      SlaRow& row = sla[owner];
      const bool current = probe.window == 0;
      auto bump = [current](Compared<long>& c) { ++(current ? c.current : c.previous); };
      if (probe.left != k_never) {
        bump(probe.left - probe.at <= sla_seconds ? row.in_time : row.late);
      } else {
        bump(options.now - probe.at > sla_seconds ? row.overdue : row.waiting);
      }
      break;
    }
    }
  }

  // The funnels.
  auto funnel = [&](std::size_t g, std::string name) {
    GroupFunnel f;
    f.name = std::move(name);
    for (std::size_t s = 0; s < n_stages; ++s) {
      f.entered.push_back({counts[0][g].entered[s], counts[1][g].entered[s]});
    }
    for (std::size_t p = 0; p < n_conversion; ++p) {
      const auto& [from, to] = stages.conversion[p];
      f.conversion.push_back({from,
                              to,
                              {{counts[0][g].converted[p], counts[0][g].entered[from]},
                               {counts[1][g].converted[p], counts[1][g].entered[from]}}});
    }
    f.win_rate = {{counts[0][g].won, counts[0][g].won + counts[0][g].lost},
                  {counts[1][g].won, counts[1][g].won + counts[1][g].lost}};
    for (std::size_t p = 0; p < n_velocity; ++p) {
      VelocityRow row{stages.velocity[p].first, stages.velocity[p].second, {}};
      row.days.current = summarize(durations[g * n_velocity + p]);
      row.days.previous = summarize(durations[(n_groups + g) * n_velocity + p]);
      if (row.days.current || row.days.previous) {
        f.velocity.push_back(row);
      }
    }
    return f;
  };
  report.all = funnel(0, std::string(k_all));
  report.leads = static_cast<long>(table.rows.size());
  report.leads_now.assign(n_stages, 0);
  std::vector<long> group_size(n_groups, 0);
  for (std::uint32_t lead = 0; lead < table.rows.size(); ++lead) {
    const std::uint8_t stage = table.rows[lead].stage;
    if (stage == k_no_stage) {
      ++report.leads_other_stage;
    } else {
      ++report.leads_now[stage];
    }
    ++group_size[group_of(lead)];
  }
  report.all.leads = report.leads;
  if (options.by) {
    std::vector<std::uint32_t> ids(table.groups.size());
    for (std::uint32_t g = 0; g < ids.size(); ++g) {
      ids[g] = g;
    }
    for (std::uint32_t g : name_order(table.groups, ids)) {
      if (group_size[1 + g] == 0) {
        continue; // "" before any lead was read
      }
      report.groups.push_back(funnel(1 + g, shown(table.groups.text(g))));
      report.groups.back().leads = group_size[1 + g];
    }
  }

  // SLA by owner.
  std::vector<std::uint32_t> owners;
  for (const auto& [owner, row] : sla) {
    owners.push_back(owner);
  }
  report.sla_total.owner = std::string(k_all);
  for (std::uint32_t owner : name_order(table.owners, owners)) {
    SlaRow row = sla[owner];
    row.owner = shown(table.owners.text(owner));
    for (auto [total, part] :
         {std::pair{&report.sla_total.in_time, &row.in_time}, std::pair{&report.sla_total.late, &row.late},
          std::pair{&report.sla_total.overdue, &row.overdue},
          std::pair{&report.sla_total.waiting, &row.waiting}}) {
      total->current += part->current;
      total->previous += part->previous;
    }
    report.sla.push_back(std::move(row));
  }

  // Feedback, most first.
  for (const auto& [key, count] : feedback) {
    const auto& [stage, source, reason] = key;
    const std::string& why = history.reasons.text(reason);
    report.feedback.push_back(
        {stage, shown(table.sources.text(source)), why.empty() ? std::string(k_no_reason) : why, count});
  }
  std::stable_sort(report.feedback.begin(), report.feedback.end(),
                   [](const FeedbackRow& a, const FeedbackRow& b) {
                     return std::tie(b.count.current, b.count.previous, a.stage, a.source, a.reason) <
                            std::tie(a.count.current, a.count.previous, b.stage, b.source, b.reason);
                   });

  // Referrals.
  retention.referred = static_cast<long>(table.referrals.size());
  retention.referred_win_rate = {referred_win[0], referred_win[1]};
  retention.others_win_rate = {others_win[0], others_win[1]};
  for (const detail::AdvocateRow& a : table.advocates) {
    retention.advocates.push_back({a.id, a.name, a.email, 0, {}});
  }
  for (const detail::Referral& r : table.referrals) {
    const std::int64_t created = r.created_at.value_or(history.leads[r.lead].created);
    Advocate& advocate = retention.advocates[r.advocate];
    ++advocate.referred;
    for (std::size_t w = 0; w < windows.size(); ++w) {
      if (created != k_never && windows[w].contains(created)) {
        ++(w == 0 ? advocate.referred_created.current : advocate.referred_created.previous);
        ++(w == 0 ? retention.referred_created.current : retention.referred_created.previous);
      }
    }
  }
  std::sort(retention.advocates.begin(), retention.advocates.end(), [](const Advocate& a, const Advocate& b) {
    return std::tie(b.referred, b.referred_created.current, a.email, a.id) <
           std::tie(a.referred, a.referred_created.current, b.email, b.id);
  });

  // The trend.
  report.trend.every = options.every;
  for (std::size_t b = 0; b < trend_periods.size(); ++b) {
    TrendBucket bucket{trend_periods[b], trend_entered[b], trend_win[b]};
    if (b == 0) {
      report.trend.before = std::move(bucket);
    } else {
      report.trend.buckets.push_back(std::move(bucket));
    }
  }

  // Notes.
  report.events = history.rows;
  if (report.leads_other_stage > 0) {
    std::map<std::string, long> others(table.other_stages.begin(), table.other_stages.end());
    report.notes.push_back({fmt::format("{} lead{} in leads.csv {} a stage that leads.yaml does not have: {}",
                                        report.leads_other_stage, report.leads_other_stage == 1 ? "" : "s",
                                        report.leads_other_stage == 1 ? "has" : "have", stage_list(others))});
  }
  long unknown_stage_events = 0;
  for (const auto& [name, count] : history.unknown_stages) {
    unknown_stage_events += count;
  }
  if (unknown_stage_events > 0) {
    report.notes.push_back({fmt::format(
        "{} event{} of events.csv name{} a stage that leads.yaml does not have, "
        "and {} left out: {}",
        unknown_stage_events, unknown_stage_events == 1 ? "" : "s", unknown_stage_events == 1 ? "s" : "",
        unknown_stage_events == 1 ? "was" : "were", stage_list(history.unknown_stages))});
  }
  if (history.unknown_lead > 0) {
    report.notes.push_back(
        {fmt::format("{} created, stage or owner event{} of events.csv name{} no lead of "
                     "leads.csv (forgotten or merged away), and {} left out",
                     history.unknown_lead, history.unknown_lead == 1 ? "" : "s",
                     history.unknown_lead == 1 ? "s" : "", history.unknown_lead == 1 ? "was" : "were")});
  }
  if (history.after_now > 0) {
    report.notes.push_back({fmt::format(
        "{} event{} of events.csv {} dated after the report's time ({}), and {} "
        "left out",
        history.after_now, history.after_now == 1 ? "" : "s", history.after_now == 1 ? "is" : "are",
        iso_day(options.now), history.after_now == 1 ? "was" : "were")});
  }
  return report;
}

} // namespace leads::report
