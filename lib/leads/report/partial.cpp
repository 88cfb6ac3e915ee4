#include <leads/report/partial.hpp>

#include <leads/error.hpp>
#include <leads/normalize/text.hpp>
#include <leads/report/numbers.hpp>
#include <leads/report/stats.hpp>
#include <leads/text/strings.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <iterator>
#include <unordered_map>

namespace leads::report {

namespace {

constexpr std::string_view k_all = "(all)";
constexpr std::string_view k_no_value = "(none)";
constexpr std::string_view k_no_reason = "(no reason)";

std::string shown(const std::string& value) {
  return value.empty() ? std::string(k_no_value) : value;
}

// "s" for a count other than one.
const char* plural(long n, const char* many = "s", const char* one = "") {
  return n == 1 ? one : many;
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

// --- merge -------------------------------------------------------------------

[[noreturn]] void disagree(const Partial& into, const Partial& from, const std::string& what,
                           const std::string& theirs, const std::string& ours, std::string hint) {
  const std::string other = into.origin.empty() ? "the partials before it" : into.origin;
  throw Error(ErrorKind::data,
              fmt::format("the partials do not merge: this one {} {}, and {} {}", what, theirs, other, ours),
              from.origin, 0, 0, std::move(hint));
}

std::string by_text(const std::optional<std::string>& by) {
  return by ? fmt::format("'{}'", *by) : "nothing (no --by)";
}

std::string shards_text(const Partial& p) {
  if (p.shard_count == 0) {
    return "no shard (made without --shard)";
  }
  std::string held;
  for (std::uint32_t s : p.shards) {
    held += fmt::format("{}{}/{}", held.empty() ? "" : ", ", s, p.shard_count);
  }
  return fmt::format("shard{} {}", p.shards.size() == 1 ? "" : "s", held);
}

// Settings as the partials record them, for the message.
std::string stages_text(const std::vector<StageInfo>& stages) {
  std::string out;
  for (const StageInfo& s : stages) {
    out += fmt::format("{}{}{}", out.empty() ? "" : ", ", s.name, s.won ? " (won)" : s.exit ? " (exit)" : "");
  }
  return out;
}

void check_agreement(const Partial& into, const Partial& from) {
  constexpr const char* k_same = "make every partial with the same --period, --by, --every, --as-of and "
                                 "leads.yaml settings, then merge them";
  if (from.now != into.now) {
    disagree(into, from, "is as of", detail::timestamp(from.now), detail::timestamp(into.now), k_same);
  }
  if (from.period != into.period || from.previous != into.previous) {
    disagree(into, from, "is of the period", from.period.label, into.period.label, k_same);
  }
  if (from.by != into.by) {
    disagree(into, from, "is broken down by", by_text(from.by), by_text(into.by), k_same);
  }
  if (from.every != into.every || from.trend != into.trend) {
    disagree(into, from, "has a trend by", std::string(every_name(from.every)),
             std::string(every_name(into.every)), k_same);
  }
  if (from.stages != into.stages || from.conversion != into.conversion || from.velocity != into.velocity) {
    disagree(into, from, "has the stages", stages_text(from.stages), stages_text(into.stages),
             "the stages: of leads.yaml, their order, won: and exit: flags and next: moves must be the same");
  }
  if (from.handoff_stage != into.handoff_stage) {
    disagree(into, from, "has routing.handoff_stage", from.handoff_stage, into.handoff_stage, k_same);
  }
  if (from.sla_hours != into.sla_hours) {
    disagree(into, from, "has routing.sla_hours", fmt::format("{}", from.sla_hours),
             fmt::format("{}", into.sla_hours), k_same);
  }
  if (from.top != into.top) {
    disagree(into, from, "has report.top", std::to_string(from.top), std::to_string(into.top), k_same);
  }
  if (from.shard_count != into.shard_count) {
    disagree(into, from, "is", shards_text(from), shards_text(into),
             "merge the partials of one --shard I/N run of every I, or partials made without --shard");
  }
  for (std::uint32_t s : from.shards) {
    if (std::binary_search(into.shards.begin(), into.shards.end(), s)) {
      throw Error(ErrorKind::data,
                  fmt::format("the partials do not merge: shard {}/{} is in this one and in {} too", s,
                              from.shard_count, into.origin.empty() ? "the partials before it" : into.origin),
                  from.origin, 0, 0, "merge each shard's partial once");
    }
  }
}

template <typename T> void add_each(std::vector<T>& into, const std::vector<T>& from) {
  for (std::size_t i = 0; i < into.size() && i < from.size(); ++i) {
    into[i] += from[i];
  }
}

void add_group(PartialGroup& into, PartialGroup& from) {
  into.leads += from.leads;
  for (std::size_t w = 0; w < 2; ++w) {
    add_each(into.entered[w], from.entered[w]);
    add_each(into.converted[w], from.converted[w]);
    for (std::size_t p = 0; p < into.durations[w].size() && p < from.durations[w].size(); ++p) {
      auto& seconds = into.durations[w][p];
      seconds.insert(seconds.end(), from.durations[w][p].begin(), from.durations[w][p].end());
      from.durations[w][p] = {};
    }
  }
  into.won += from.won;
  into.lost += from.lost;
}

template <typename Key, typename Value> void add_map(std::map<Key, Value>& into, std::map<Key, Value>& from) {
  for (auto& [key, value] : from) {
    auto [at, fresh] = into.try_emplace(key);
    if (fresh) {
      at->second = std::move(value);
    } else {
      at->second += value;
    }
  }
}

// --- the report ----------------------------------------------------------------

GroupFunnel funnel(const Partial& p, PartialGroup& g, std::string name) {
  GroupFunnel f;
  f.name = std::move(name);
  f.leads = g.leads;
  for (std::size_t s = 0; s < p.stages.size(); ++s) {
    f.entered.push_back({g.entered[0][s], g.entered[1][s]});
  }
  for (std::size_t i = 0; i < p.conversion.size(); ++i) {
    const auto& [from, to] = p.conversion[i];
    f.conversion.push_back(
        {from, to, {{g.converted[0][i], g.entered[0][from]}, {g.converted[1][i], g.entered[1][from]}}});
  }
  f.win_rate = {{g.won.current, g.won.current + g.lost.current},
                {g.won.previous, g.won.previous + g.lost.previous}};
  for (std::size_t i = 0; i < p.velocity.size(); ++i) {
    VelocityRow row{p.velocity[i].first, p.velocity[i].second, {}};
    row.days.current = summarize(g.durations[0][i]);
    row.days.previous = summarize(g.durations[1][i]);
    if (row.days.current || row.days.previous) {
      f.velocity.push_back(row);
    }
  }
  return f;
}

// SLA by owner, "(none)" last, and the total.
void add_sla(Partial& p, Report& report) {
  report.sla_total.owner = std::string(k_all);
  std::vector<std::pair<std::string, SlaRow>> sla(std::make_move_iterator(p.sla.begin()),
                                                  std::make_move_iterator(p.sla.end()));
  std::stable_partition(sla.begin(), sla.end(), [](const auto& entry) { return !entry.first.empty(); });
  for (auto& [owner, row] : sla) {
    row.owner = shown(owner);
    report.sla_total.in_time += row.in_time;
    report.sla_total.late += row.late;
    report.sla_total.overdue += row.overdue;
    report.sla_total.waiting += row.waiting;
    report.sla.push_back(std::move(row));
  }
}

// Feedback, most first.
void add_feedback(const Partial& p, Report& report) {
  for (const auto& [key, count] : p.feedback) {
    const auto& [stage, source, reason] = key;
    report.feedback.push_back(
        {stage, shown(source), reason.empty() ? std::string(k_no_reason) : reason, count});
  }
  std::stable_sort(report.feedback.begin(), report.feedback.end(),
                   [](const FeedbackRow& a, const FeedbackRow& b) {
                     return std::tie(b.count.current, b.count.previous, a.stage, a.source, a.reason) <
                            std::tie(a.count.current, a.count.previous, b.stage, b.source, b.reason);
                   });
}

// Text trimmed and in lower case, as ids and emails match in referred_by.
std::string key_of(std::string_view text) {
  std::string key(text::trim(text));
  for (char& c : key) {
    c = text::ascii_lower_char(c);
  }
  return key;
}

// Retention; referrals resolved against every won lead: a key names the won
// lead of the smallest id (the first in leads.csv) whose id or email it is,
// never the referring lead itself. Advocates with the most referrals first.
void add_retention(Partial& p, Retention& retention) {
  retention.customers_at_start = p.customers_at_start;
  retention.won = p.won;
  retention.churned = p.churned;
  std::stable_sort(p.won_leads.begin(), p.won_leads.end(),
                   [](const WonLead& a, const WonLead& b) { return a.id < b.id; });
  std::unordered_map<std::string, std::size_t> named;
  for (std::size_t i = 0; i < p.won_leads.size(); ++i) {
    for (const std::string* text : {&p.won_leads[i].id_text, &p.won_leads[i].email}) {
      if (std::string key = key_of(*text); !key.empty()) {
        named.try_emplace(std::move(key), i);
      }
    }
  }
  std::map<std::size_t, Advocate> advocates;
  std::array<Ratio, 2> referred_win{};
  for (const auto& [key, counts] : p.referrals) {
    const auto found = named.find(key.first);
    if (found == named.end()) {
      continue;
    }
    const WonLead& lead = p.won_leads[found->second];
    if (key.second && *key.second == lead.id) {
      continue;
    }
    retention.referred += counts.leads;
    retention.referred_created += counts.created;
    referred_win[0] += counts.win_rate.current;
    referred_win[1] += counts.win_rate.previous;
    auto [at, fresh] = advocates.try_emplace(found->second);
    if (fresh) {
      at->second.id = lead.id_text;
      at->second.name = lead.name;
      at->second.email = lead.email;
    }
    at->second.referred += counts.leads;
    at->second.referred_created += counts.created;
  }
  retention.referred_win_rate = {referred_win[0], referred_win[1]};
  // Every other lead: all the wins and losses but those.
  const PartialGroup& all = p.all;
  retention.others_win_rate = {{all.won.current - referred_win[0].numerator,
                                all.won.current + all.lost.current - referred_win[0].denominator},
                               {all.won.previous - referred_win[1].numerator,
                                all.won.previous + all.lost.previous - referred_win[1].denominator}};
  for (auto& [lead, advocate] : advocates) {
    retention.advocates.push_back(std::move(advocate));
  }
  std::sort(retention.advocates.begin(), retention.advocates.end(), [](const Advocate& a, const Advocate& b) {
    return std::tie(b.referred, b.referred_created.current, a.email, a.id) <
           std::tie(a.referred, a.referred_created.current, b.email, b.id);
  });
}

// What the report left out, for the reader to know.
void add_notes(const Partial& p, Report& report) {
  if (p.shard_count > 1) {
    if (const std::vector<std::string> missing = missing_shards(p); !missing.empty()) {
      std::string held;
      for (std::uint32_t s : p.shards) {
        held += fmt::format("{}{}/{}", held.empty() ? "" : ", ", s, p.shard_count);
      }
      report.notes.push_back({fmt::format(
          "only the leads of shard{} {} (by id, see leads-report(1)) and their events: merge the partials "
          "of all {} shards for every lead",
          p.shards.size() == 1 ? "" : "s", held, p.shard_count)});
    }
  }
  if (const long n = report.leads_other_stage; n > 0) {
    report.notes.push_back({fmt::format("{} lead{} in leads.csv {} a stage that leads.yaml does not have: {}",
                                        n, plural(n), plural(n, "have", "has"), stage_list(p.other_stages))});
  }
  long unknown_stage = 0;
  for (const auto& [name, count] : p.unknown_stages) {
    unknown_stage += count;
  }
  if (const long n = unknown_stage; n > 0) {
    report.notes.push_back({fmt::format(
        "{} event{} of events.csv name{} a stage that leads.yaml does not have, "
        "and {} left out: {}",
        n, plural(n), plural(n, "", "s"), plural(n, "were", "was"), stage_list(p.unknown_stages))});
  }
  if (const long n = p.unknown_lead; n > 0) {
    report.notes.push_back(
        {fmt::format("{} created or stage event{} of events.csv name{} no lead of leads.csv "
                     "(forgotten or merged away), and {} left out",
                     n, plural(n), plural(n, "", "s"), plural(n, "were", "was"))});
  }
  if (const long n = p.after_now; n > 0) {
    report.notes.push_back({fmt::format(
        "{} event{} of events.csv {} dated after the report's time ({}), and {} "
        "left out; the leads per stage, the customers and the referrers are those of leads.csv "
        "as it is, not as it was then",
        n, plural(n), plural(n, "are", "is"), detail::timestamp(p.now), plural(n, "were", "was"))});
  }
}

} // namespace

void merge(Partial& into, Partial from) {
  check_agreement(into, from);
  std::vector<std::uint32_t> shards;
  std::merge(into.shards.begin(), into.shards.end(), from.shards.begin(), from.shards.end(),
             std::back_inserter(shards));
  into.shards = std::move(shards);

  into.leads += from.leads;
  add_each(into.leads_now, from.leads_now);
  add_map(into.other_stages, from.other_stages);
  add_group(into.all, from.all);
  for (auto& [name, group] : from.groups) {
    auto [at, fresh] = into.groups.try_emplace(name);
    if (fresh) {
      at->second = std::move(group);
    } else {
      add_group(at->second, group);
    }
  }
  for (auto& [owner, row] : from.sla) {
    SlaRow& sla = into.sla[owner];
    sla.in_time += row.in_time;
    sla.late += row.late;
    sla.overdue += row.overdue;
    sla.waiting += row.waiting;
  }
  add_map(into.feedback, from.feedback);
  into.customers_at_start += from.customers_at_start;
  into.won += from.won;
  into.churned += from.churned;
  for (auto& [key, counts] : from.referrals) {
    ReferralCounts& sum = into.referrals[key];
    sum.leads += counts.leads;
    sum.created += counts.created;
    sum.win_rate += counts.win_rate;
  }
  const auto middle = static_cast<std::ptrdiff_t>(into.won_leads.size());
  std::move(from.won_leads.begin(), from.won_leads.end(), std::back_inserter(into.won_leads));
  std::inplace_merge(into.won_leads.begin(), into.won_leads.begin() + middle, into.won_leads.end(),
                     [](const WonLead& a, const WonLead& b) { return a.id < b.id; });
  for (std::size_t b = 0; b < into.trend_entered.size() && b < from.trend_entered.size(); ++b) {
    add_each(into.trend_entered[b], from.trend_entered[b]);
  }
  add_each(into.trend_win, from.trend_win);
  into.events += from.events;
  into.unknown_lead += from.unknown_lead;
  into.after_now += from.after_now;
  add_map(into.unknown_stages, from.unknown_stages);
}

std::vector<std::string> missing_shards(const Partial& partial) {
  std::vector<std::string> missing;
  for (std::uint32_t s = 1; s <= partial.shard_count; ++s) {
    if (!std::binary_search(partial.shards.begin(), partial.shards.end(), s)) {
      missing.push_back(fmt::format("{}/{}", s, partial.shard_count));
    }
  }
  return missing;
}

Report to_report(Partial p) {
  Report report;
  report.period = p.period;
  report.previous = p.previous;
  report.now = p.now;
  report.handoff_stage = p.handoff_stage;
  report.sla_hours = p.sla_hours;
  report.by = p.by;
  report.stages = p.stages;
  report.leads = p.leads;
  report.leads_now = p.leads_now;
  for (const auto& [stage, count] : p.other_stages) {
    report.leads_other_stage += count;
  }
  report.events = p.events;

  report.all = funnel(p, p.all, std::string(k_all));
  // By value, bytewise, with "(none)" last.
  for (auto& [name, group] : p.groups) {
    if (!name.empty()) {
      report.groups.push_back(funnel(p, group, name));
    }
  }
  if (auto none = p.groups.find(""); none != p.groups.end()) {
    report.groups.push_back(funnel(p, none->second, std::string(k_no_value)));
  }
  add_sla(p, report);
  add_feedback(p, report);
  add_retention(p, report.retention);
  report.trend.every = p.every;
  for (std::size_t b = 0; b < p.trend.size(); ++b) {
    TrendBucket bucket{p.trend[b], p.trend_entered[b], p.trend_win[b]};
    (b == 0 ? report.trend.before : report.trend.buckets.emplace_back()) = std::move(bucket);
  }
  add_notes(p, report);
  return report;
}

} // namespace leads::report
