#include <leads/report/analysis.hpp>

#include <leads/error.hpp>
#include <leads/report/history.hpp>
#include <leads/report/line_reader.hpp>

#include <algorithm>
#include <bit>
#include <exception>
#include <memory>
#include <thread>
#include <unordered_map>

namespace leads::report::detail {

namespace {

void bump(Compared<long>& c, std::size_t w) {
  ++(w == 0 ? c.current : c.previous);
}

// What one lead did in one period, from its entries there.
struct InPeriod {
  std::uint32_t entered = 0;
  std::array<const Entry*, k_max_stages> first{}; // first entry into each stage
  const Entry* won = nullptr;                     // its first entry into a won stage ever, if here
  const Entry* lost = nullptr;                    // first entry into a lost stage, before any win
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
    if ((stages.won & b) != 0 && pack(e->at) == h.first_won && in.won == nullptr) {
      in.won = e;
    }
    if ((stages.lost & b) != 0 && pack(e->at) < h.first_won && in.lost == nullptr) {
      in.lost = e;
    }
    if ((stages.exit & b) != 0 && e->from != k_no_stage && (stages.won & bit(e->from)) != 0) {
      in.churned = true;
    }
  }
  return in;
}

// Runs work(k) for k in [0, n) on n threads (k = 0 on this one); rethrows
// the error of the first part that failed.
template <typename Work> void run_parts(std::size_t n, Work work) {
  std::vector<std::exception_ptr> errors(n);
  auto run = [&](std::size_t k) {
    try {
      work(k);
    } catch (...) {
      errors[k] = std::current_exception();
    }
  };
  std::vector<std::thread> threads;
  for (std::size_t k = 1; k < n; ++k) {
    threads.emplace_back(run, k);
  }
  run(0);
  for (std::thread& t : threads) {
    t.join();
  }
  for (const std::exception_ptr& error : errors) {
    if (error) {
      std::rethrow_exception(error);
    }
  }
}

// The first pass over events.csv, in parts: a history per part, added up in
// file order. A part that does not start where the one before ended (its
// start fell inside a quoted line break), or one that failed (its line
// numbers count from its start), sends the whole file through one history.
History first_pass(const Setup& setup, const EventsFile& file, std::vector<std::uint64_t>& points,
                   std::vector<long>& line_offsets, Result& out) {
  const auto& windows = setup.windows;
  const auto& trend = setup.trend;
  auto make = [&] {
    return History(setup.stages, setup.table, setup.now, {windows[0].start, windows[1].start},
                   std::min(windows[1].start, trend.front().start),
                   std::max(windows[0].end, trend.back().end));
  };
  struct Part {
    std::unique_ptr<History> history;
    long rows = 0;
    long lines = 0;
    std::uint64_t end = 0;
  };
  // Lines of the parts after the first are known once the parts before
  // are read: they count from 1, and merge() shifts them.
  auto scan = [&](Part& part, std::uint64_t begin, std::uint64_t end) {
    part.history = std::make_unique<History>(make());
    IdRange range;
    range.shard = setup.shard;
    EventRows rows(file, begin, end, range, begin == file.body() ? file.header_line() : 0);
    EventRow row;
    while (rows.next(row)) {
      part.history->add(row);
    }
    part.history->sort_entries();
    part.rows = rows.rows();
    part.lines = rows.lines();
    part.end = rows.offset();
  };
  std::vector<Part> parts(points.size() - 1);
  bool whole = true;
  try {
    run_parts(parts.size(), [&](std::size_t k) { scan(parts[k], points[k], points[k + 1]); });
    for (std::size_t k = 0; k + 1 < parts.size(); ++k) {
      whole = whole && parts[k].end == points[k + 1];
    }
  } catch (const Error& e) {
    if (parts.size() == 1 || e.kind() == ErrorKind::interrupted) {
      throw;
    }
    whole = false;
  }
  if (!whole) {
    points = {points.front(), points.back()};
    parts.clear();
    parts.resize(1);
    scan(parts[0], points[0], points[1]);
  }
  // Lines of part k start after those of the header and the parts before.
  line_offsets.assign(parts.size(), file.header_line());
  for (std::size_t k = 1; k < parts.size(); ++k) {
    line_offsets[k] = line_offsets[k - 1] + parts[k - 1].lines;
  }
  History history = std::move(*parts[0].history);
  out.rows = parts[0].rows;
  for (std::size_t k = 1; k < parts.size(); ++k) {
    history.merge(*parts[k].history, line_offsets[k]);
    parts[k].history.reset();
    out.rows += parts[k].rows;
  }
  return history;
}

// What the entries of one lead in the span add to the counts; the probes the
// second pass must look into.
class EntryCounter {
public:
  EntryCounter(const Setup& setup, const History& history, Result& out)
      : m_setup(setup), m_stages(setup.stages), m_history(history), m_out(out),
        m_conversion_from(setup.stages.size()), m_bucket_entered(setup.trend.size()),
        m_bucket_lost(setup.trend.size()) {
    for (std::size_t p = 0; p < m_stages.conversion.size(); ++p) {
      m_conversion_from[m_stages.conversion[p].first].push_back(p);
    }
  }

  // The entries [begin, end) of one lead.
  void count(const Entry* begin, const Entry* end) {
    const std::uint32_t lead = begin->lead;
    const LeadHistory& h = m_history.leads[lead];
    const LeadRow& row = m_setup.table.rows[lead];
    const std::size_t group = m_setup.by ? 1 + row.group : 0;
    for (std::size_t w = 0; w < m_setup.windows.size(); ++w) {
      const InPeriod in = scan_period(m_stages, h, begin, end, m_setup.windows[w]);
      for (std::size_t g : {std::size_t{0}, group}) {
        Counts& c = m_out.counts[w][g];
        for (std::uint32_t left = in.entered; left != 0; left &= left - 1) {
          const auto s = static_cast<std::size_t>(std::countr_zero(left));
          ++c.entered[s];
          for (std::size_t p : m_conversion_from[s]) {
            c.converted[p] += m_stages.reached(h.reached, m_stages.conversion[p].second) ? 1 : 0;
          }
        }
        c.lost += in.lost != nullptr ? 1 : 0;
        if (group == 0) {
          break;
        }
      }
      if (in.lost != nullptr && row.referred) {
        ++m_out.referral_win[m_setup.table.referral_of(lead)][w].denominator;
      }
      if (in.churned) {
        bump(m_out.churned, w);
      }
      add_probes(lead, w, in);
      for (const Entry* e = begin; e != end; ++e) {
        if (m_setup.windows[w].contains(e->at) && (m_stages.exit & bit(e->stage)) != 0) {
          bump(m_feedback[std::uint64_t{e->stage} << 56 | std::uint64_t{row.source} << 32 | e->reason], w);
        }
      }
    }
    count_trend(h, begin, end);
  }

  // Feedback by its texts; the probes.
  std::vector<Probe> finish() {
    for (const auto& [key, count] : m_feedback) {
      const auto stage = static_cast<std::uint8_t>(key >> 56);
      const auto source = static_cast<std::uint32_t>(key >> 32 & 0xFFFFFF);
      m_out.feedback[{stage, source, m_history.reasons.text(static_cast<std::uint32_t>(key))}] = count;
    }
    return std::move(m_probes);
  }

private:
  void add_probe(std::uint32_t lead, Probe::Kind kind, std::size_t w, std::uint8_t stage, const Entry* e) {
    Probe probe;
    probe.lead = lead;
    probe.kind = kind;
    probe.window = static_cast<std::uint8_t>(w);
    probe.stage = stage;
    probe.at = e->at;
    probe.line = e->line;
    m_probes.push_back(probe);
  }

  void add_probes(std::uint32_t lead, std::size_t w, const InPeriod& in) {
    for (std::uint32_t left = in.entered; left != 0; left &= left - 1) {
      const auto s = static_cast<std::size_t>(std::countr_zero(left));
      if (m_stages.before[s] != k_no_stage) {
        add_probe(lead, Probe::Kind::stage, w, static_cast<std::uint8_t>(s), in.first[s]);
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
    if (in.first[m_setup.handoff] != nullptr) {
      add_probe(lead, Probe::Kind::handoff, w, m_setup.handoff, in.first[m_setup.handoff]);
    }
  }

  // The trend's buckets follow each other: one walk over the entries.
  void count_trend(const LeadHistory& h, const Entry* begin, const Entry* end) {
    const auto& trend = m_setup.trend;
    std::fill(m_bucket_entered.begin(), m_bucket_entered.end(), 0);
    std::fill(m_bucket_lost.begin(), m_bucket_lost.end(), false);
    std::size_t b = 0;
    for (const Entry* e = begin; e != end; ++e) {
      while (b < trend.size() && e->at >= trend[b].end) {
        ++b;
      }
      if (b == trend.size()) {
        break;
      }
      if (e->at < trend[b].start) {
        continue;
      }
      m_bucket_entered[b] |= bit(e->stage);
      m_bucket_lost[b] =
          m_bucket_lost[b] || ((m_stages.lost & bit(e->stage)) != 0 && pack(e->at) < h.first_won);
    }
    for (std::size_t k = 0; k < trend.size(); ++k) {
      for (std::uint32_t left = m_bucket_entered[k]; left != 0; left &= left - 1) {
        ++m_out.trend_entered[k][static_cast<std::size_t>(std::countr_zero(left))];
      }
      m_out.trend_win[k].denominator += m_bucket_lost[k] ? 1 : 0;
    }
  }

  const Setup& m_setup;
  const StageSet& m_stages;
  const History& m_history;
  Result& m_out;
  std::vector<std::vector<std::size_t>> m_conversion_from;      // per stage: its conversion pairs
  std::unordered_map<std::uint64_t, Compared<long>> m_feedback; // stage << 56 | source << 32 | reason
  std::vector<std::uint32_t> m_bucket_entered;
  std::vector<bool> m_bucket_lost;
  std::vector<Probe> m_probes;
};

// Per lead: wins (its first entry into a won stage), customers at the starts;
// referred leads created in the periods (leads.csv created_at, else the created event).
void count_leads(const Setup& setup, const History& history, Result& out) {
  const StageSet& stages = setup.stages;
  const LeadTable& table = setup.table;
  for (std::uint32_t lead = 0; lead < history.leads.size(); ++lead) {
    const LeadHistory& h = history.leads[lead];
    const std::size_t group = setup.by ? 1 + table.rows[lead].group : 0;
    for (std::size_t w = 0; w < setup.windows.size(); ++w) {
      const std::uint8_t at_start = h.start_stage[w];
      if (at_start != k_no_stage && (stages.won & bit(at_start)) != 0) {
        bump(out.customers_at_start, w);
      }
      if (h.first_won == k_never32 || !setup.windows[w].contains(h.first_won)) {
        continue;
      }
      ++out.counts[w][0].won;
      if (group != 0) {
        ++out.counts[w][group].won;
      }
      bump(out.won, w);
      if (table.rows[lead].referred) {
        Ratio& win = out.referral_win[table.referral_of(lead)][w];
        ++win.numerator;
        ++win.denominator;
      }
    }
    if (h.first_won != k_never32) {
      for (std::size_t b = 0; b < setup.trend.size(); ++b) {
        if (setup.trend[b].contains(h.first_won)) {
          ++out.trend_win[b].numerator;
          ++out.trend_win[b].denominator;
        }
      }
    }
  }
  for (std::size_t i = 0; i < table.referrals.size(); ++i) {
    const Referral& r = table.referrals[i];
    const Time32 fallback = history.leads[r.lead].created;
    if (!r.created_at && fallback == k_never32) {
      continue;
    }
    const std::int64_t created = r.created_at.value_or(fallback);
    for (std::size_t w = 0; w < setup.windows.size(); ++w) {
      if (setup.windows[w].contains(created)) {
        bump(out.referral_created[i], w);
      }
    }
  }
}

// Durations per period, group and velocity pair; SLA per owner: from what
// the second pass found.
void count_probes(const Setup& setup, const Probes& probed, const Probes::Found& found, Result& out) {
  const StageSet& stages = setup.stages;
  const LeadTable& table = setup.table;
  const std::size_t n_stages = stages.size();
  const std::size_t pairs = stages.velocity.size();
  std::vector<std::size_t> stage_pair(n_stages, pairs);
  std::vector<std::size_t> won_pair(n_stages, pairs);
  std::vector<std::size_t> closed_pair(n_stages, pairs);
  for (std::size_t p = 0; p < pairs; ++p) {
    const auto& [from, to] = stages.velocity[p];
    (to.kind == Target::Kind::stage ? stage_pair[to.stage]
     : to.kind == Target::Kind::won ? won_pair[from]
                                    : closed_pair[from]) = p;
  }
  out.durations.assign(2 * setup.groups * pairs, {});
  auto add_duration = [&](const Probe& probe, std::size_t pair, std::int64_t since) {
    if (since == k_none || pair == pairs) {
      return;
    }
    const std::size_t group = setup.by ? 1 + table.rows[probe.lead].group : 0;
    out.durations[(probe.window * setup.groups) * pairs + pair].push_back(probe.at - since);
    if (group != 0) {
      out.durations[(probe.window * setup.groups + group) * pairs + pair].push_back(probe.at - since);
    }
  };
  for (std::size_t i = 0; i < probed.probes().size(); ++i) {
    const Probe& probe = probed.probes()[i];
    const std::int64_t* latest = found.latest.data() + probe.slots;
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
      const std::string& owner = found.owner_at[i] != k_none
                                     ? found.owners.text(found.owner[i])
                                     : table.owners.text(table.rows[probe.lead].owner);
      SlaRow& sla = out.sla[owner];
      if (found.left[i] != k_never) {
        bump(found.left[i] - probe.at <= setup.sla_seconds ? sla.in_time : sla.late, probe.window);
      } else {
        bump(setup.now - probe.at > setup.sla_seconds ? sla.overdue : sla.waiting, probe.window);
      }
      break;
    }
    }
  }
}

} // namespace

Result analyze(const Setup& setup) {
  Result out;
  const StageSet& stages = setup.stages;
  const std::size_t n_stages = stages.size();
  for (auto& per_period : out.counts) {
    per_period.assign(setup.groups, Counts{std::vector<long>(n_stages, 0),
                                           std::vector<long>(stages.conversion.size(), 0), 0, 0});
  }
  out.trend_entered.assign(setup.trend.size(), std::vector<long>(n_stages, 0));
  out.trend_win.assign(setup.trend.size(), Ratio{});
  out.referral_created.assign(setup.table.referrals.size(), Compared<long>{});
  out.referral_win.assign(setup.table.referrals.size(), std::array<Ratio, 2>{});

  // The first pass, in parts of the file.
  const EventsFile file(setup.events_file);
  std::vector<std::uint64_t> points =
      file.fd() < 0 ? std::vector<std::uint64_t>{0, 0}
                    : split_points(file.fd(), file.body(), file.size(), setup.threads, setup.least);
  std::vector<long> line_offsets;
  History history = first_pass(setup, file, points, line_offsets, out);
  history.finish();

  // Per lead with entries in the span.
  EntryCounter counter(setup, history, out);
  const Entry* const entries_end = history.entries.data() + history.entries.size();
  for (const Entry* begin = history.entries.data(); begin != entries_end;) {
    const Entry* end = begin;
    while (end != entries_end && end->lead == begin->lead) {
      ++end;
    }
    counter.count(begin, end);
    begin = end;
  }
  std::vector<Probe> probes = counter.finish();
  count_leads(setup, history, out);

  // The second pass, over the same parts: what came before and after the entries of the periods.
  const Probes probed(stages, setup.table, history, setup.now, std::move(probes));
  std::vector<Probes::Found> parts(points.size() - 1);
  if (!probed.empty()) {
    IdRange range;
    range.filter = probed.filter().data();
    range.filter_shift = Probes::k_filter_shift;
    run_parts(parts.size(), [&](std::size_t k) {
      parts[k] = probed.start();
      EventRows rows(file, points[k], points[k + 1], range, line_offsets[k]);
      EventRow row;
      while (rows.next(row)) {
        probed.add(row, parts[k]);
      }
      probed.flush(parts[k]);
    });
    for (std::size_t k = 1; k < parts.size(); ++k) {
      probed.merge(parts[0], parts[k]);
    }
  }
  count_probes(setup, probed, probed.empty() ? probed.start() : parts[0], out);
  out.unknown_lead = history.unknown_lead;
  out.after_now = history.after_now;
  out.unknown_stages = history.unknown_stages;
  return out;
}

} // namespace leads::report::detail
