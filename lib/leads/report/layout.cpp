#include <leads/report/layout.hpp>

#include <leads/report/numbers.hpp>

#include <fmt/format.h>

namespace leads::report::detail {

namespace {

Table table(std::vector<std::string> columns, std::vector<bool> numeric) {
  Table t;
  t.columns = std::move(columns);
  t.numeric = std::move(numeric);
  return t;
}

std::string median_text(const std::optional<Durations>& d) {
  return d ? days(d->median_seconds) : "-";
}

std::optional<double> median_of(const std::optional<Durations>& d) {
  return d ? std::optional<double>(d->median_seconds) : std::nullopt;
}

// Keeps the first `top` rows; says how many it left out.
void cut(Table& t, std::size_t top, std::string_view what) {
  if (t.rows.size() > top) {
    const std::size_t more = t.rows.size() - top;
    t.rows.resize(top);
    t.footer = fmt::format("and {} more {} (all of them in the csv, json and yaml formats)",
                           count(static_cast<long>(more)), what);
  }
}

Section now_section(const Report& r) {
  Section s{"now",
            fmt::format("Leads per stage now ({})", count(r.leads)),
            "Every lead in leads.csv, by its stage now.",
            {}};
  Table t = table({"stage", "leads", "share"}, {false, true, true});
  for (std::size_t i = 0; i < r.stages.size(); ++i) {
    t.rows.push_back({r.stages[i].name, count(r.leads_now[i]), percent({r.leads_now[i], r.leads})});
  }
  if (r.leads_other_stage > 0) {
    t.rows.push_back({"(other)", count(r.leads_other_stage), percent({r.leads_other_stage, r.leads})});
  }
  s.tables.push_back(std::move(t));
  return s;
}

Section entered_section(const Report& r) {
  Section s{"entered",
            "Entered in the period",
            "Leads that entered each stage in the period (a lead counts once per stage).",
            {}};
  Table t = table({"stage", r.period.label, r.previous.label, "change"}, {false, true, true, true});
  for (std::size_t i = 0; i < r.stages.size(); ++i) {
    const auto& e = r.all.entered[i];
    t.rows.push_back({r.stages[i].name, count(e.current), count(e.previous), count_change(e)});
  }
  s.tables.push_back(std::move(t));
  return s;
}

Section conversion_section(const Report& r) {
  Section s{
      "conversion",
      "Conversion by cohort",
      "Of the leads that entered a stage in the period, the share that reached the next stage (or won) by "
      "now.",
      {}};
  Table t = table({"from", "to", "entered", "reached", "rate", "previous", "change"},
                  {false, false, true, true, true, true, true});
  for (const ConversionRow& row : r.all.conversion) {
    if (row.share.current.denominator == 0 && row.share.previous.denominator == 0) {
      continue;
    }
    t.rows.push_back({r.stages[row.from].name, r.target_name(row.to), count(row.share.current.denominator),
                      count(row.share.current.numerator), percent(row.share.current),
                      percent(row.share.previous), share_change(row.share)});
  }
  if (t.rows.empty()) {
    t.footer = "No lead entered a stage in either period.";
  }
  s.tables.push_back(std::move(t));
  return s;
}

Section win_section(const Report& r) {
  Section s{
      "win-rate",
      "Win rate",
      "Leads that entered a won stage for the first time in the period, over those plus the leads lost in it "
      "(entered a lost stage without having won).",
      {}};
  Table t = table({"", r.period.label, r.previous.label, "change"}, {false, true, true, true});
  const auto& w = r.all.win_rate;
  const Compared<long> won{w.current.numerator, w.previous.numerator};
  const Compared<long> lost{w.current.denominator - w.current.numerator,
                            w.previous.denominator - w.previous.numerator};
  t.rows.push_back({"won", count(won.current), count(won.previous), count_change(won)});
  t.rows.push_back({"lost", count(lost.current), count(lost.previous), count_change(lost)});
  t.rows.push_back({"win rate", percent(w.current), percent(w.previous), share_change(w)});
  s.tables.push_back(std::move(t));
  return s;
}

void add_velocity_rows(const Report& r, const GroupFunnel& f, Table& t, bool with_group) {
  for (const VelocityRow& row : f.velocity) {
    std::vector<std::string> cells;
    if (with_group) {
      cells.push_back(f.name);
    }
    const auto& now = row.days.current;
    cells.insert(cells.end(),
                 {r.stages[row.from].name, r.target_name(row.to), now ? count(now->count) : "0",
                  median_text(now), now ? days(static_cast<double>(now->p90_seconds)) : "-",
                  median_text(row.days.previous), days_change(median_of(now), median_of(row.days.previous))});
    t.rows.push_back(std::move(cells));
  }
}

Section velocity_section(const Report& r) {
  Section s{
      "velocity",
      "Velocity (days)",
      "For the leads that entered the second stage in the period: the days since their last entry into the "
      "first before it. Median and 90th percentile (nearest rank).",
      {}};
  Table t = table({"from", "to", "leads", "median", "p90", "previous median", "change"},
                  {false, false, true, true, true, true, true});
  add_velocity_rows(r, r.all, t, false);
  if (t.rows.empty()) {
    t.footer = "No lead made a move in either period.";
  }
  s.tables.push_back(std::move(t));
  return s;
}

std::vector<std::string> sla_cells(const SlaRow& row) {
  return {row.owner,
          count(row.in_time.current),
          count(row.late.current),
          count(row.overdue.current),
          count(row.waiting.current),
          percent(row.compliance().current),
          percent(row.compliance().previous),
          share_change(row.compliance())};
}

Section sla_section(const Report& r, std::size_t top) {
  Section s{
      "sla",
      "SLA at the handoff",
      fmt::format(
          "Leads that entered {} in the period, by their owner then: accepted (moved on) within {} "
          "hours, late, or still waiting (overdue past the SLA). Compliance = in time / (in time + late "
          "+ overdue).",
          r.handoff_stage, decimal(r.sla_hours)),
      {}};
  Table t = table({"owner", "in time", "late", "overdue", "waiting", "compliance", "previous", "change"},
                  {false, true, true, true, true, true, true, true});
  for (const SlaRow& row : r.sla) {
    t.rows.push_back(sla_cells(row));
  }
  cut(t, top, "owners");
  t.rows.push_back(sla_cells(r.sla_total));
  s.tables.push_back(std::move(t));
  return s;
}

Section feedback_section(const Report& r, std::size_t top) {
  Section s{"feedback",
            "Feedback",
            "Entries in the period into stages that record a reason (the exit stages), by the lead's source "
            "and the "
            "reason given, most first.",
            {}};
  Table t = table({"stage", "source", "reason", "entries", "previous", "change"},
                  {false, false, false, true, true, true});
  for (const FeedbackRow& row : r.feedback) {
    t.rows.push_back({r.stages[row.stage].name, row.source, row.reason, count(row.count.current),
                      count(row.count.previous), count_change(row.count)});
  }
  cut(t, top, "rows");
  if (r.feedback.empty()) {
    t.footer = "No lead entered an exit stage in either period.";
  }
  s.tables.push_back(std::move(t));
  return s;
}

Section retention_section(const Report& r, std::size_t top) {
  const Retention& k = r.retention;
  Section s{"retention",
            "Retention and referrals",
            "Customers are leads in a won stage. Churned: moved from a won stage into an exit stage. "
            "Referred: leads "
            "whose referred_by names a lead in a won stage now.",
            {}};
  Table t = table({"", r.period.label, r.previous.label, "change"}, {false, true, true, true});
  auto counts = [&](std::string name, const Compared<long>& c) {
    t.rows.push_back({std::move(name), count(c.current), count(c.previous), count_change(c)});
  };
  auto shares = [&](std::string name, const Compared<Ratio>& c) {
    t.rows.push_back({std::move(name), percent(c.current), percent(c.previous), share_change(c)});
  };
  counts("customers at the start", k.customers_at_start);
  counts("won", k.won);
  counts("churned", k.churned);
  shares("churn rate", k.churn_rate());
  t.rows.push_back({"referred leads, all told", count(k.referred), "", ""});
  counts("referred leads created", k.referred_created);
  shares("win rate of referred leads", k.referred_win_rate);
  shares("win rate of other leads", k.others_win_rate);
  s.tables.push_back(std::move(t));
  if (!k.advocates.empty()) {
    Table a = table({"advocate", "email", "referred", "created in " + r.period.label, "previous"},
                    {false, false, true, true, true});
    a.caption = "Advocates: the customers that referred them, most first.";
    for (const Advocate& adv : k.advocates) {
      a.rows.push_back({adv.name.empty() ? adv.id : adv.name, adv.email, count(adv.referred),
                        count(adv.referred_created.current), count(adv.referred_created.previous)});
    }
    cut(a, top, "advocates");
    s.tables.push_back(std::move(a));
  }
  return s;
}

// The stages that anything entered in the trend, in stage order.
std::vector<std::size_t> trend_stages(const Report& r) {
  std::vector<std::size_t> used;
  for (std::size_t i = 0; i < r.stages.size(); ++i) {
    bool any = false;
    for (const TrendBucket& b : r.trend.buckets) {
      any = any || b.entered[i] > 0;
    }
    if (any) {
      used.push_back(i);
    }
  }
  return used;
}

Section trend_section(const Report& r) {
  const bool weeks = r.trend.every == Every::week;
  Section s{
      "trend",
      weeks ? "Weekly trend" : "Monthly trend",
      fmt::format("Leads that entered each stage per {}, and the win rate; the change is against the {} "
                  "before.",
                  weeks ? "week" : "month", weeks ? "week" : "month"),
      {}};
  const std::vector<std::size_t> used = trend_stages(r);
  std::vector<std::string> columns = {weeks ? "week" : "month", "from"};
  std::vector<bool> numeric = {false, false};
  for (std::size_t i : used) {
    columns.push_back(r.stages[i].name);
    numeric.push_back(true);
  }
  columns.insert(columns.end(), {"win rate", "change"});
  numeric.insert(numeric.end(), {true, true});
  Table t = table(columns, numeric);
  const TrendBucket* before = &r.trend.before;
  for (const TrendBucket& b : r.trend.buckets) {
    std::vector<std::string> cells = {b.period.label, b.period.first_day()};
    for (std::size_t i : used) {
      cells.push_back(count(b.entered[i]));
    }
    cells.push_back(percent(b.win_rate));
    cells.push_back(share_change({b.win_rate, before->win_rate}));
    t.rows.push_back(std::move(cells));
    before = &b;
  }
  s.tables.push_back(std::move(t));
  return s;
}

Section breakdown_section(const Report& r) {
  Section s{"breakdown",
            fmt::format("By {}", *r.by),
            fmt::format("The funnel per value of {} in leads.csv now ((none): empty).", *r.by),
            {}};
  std::vector<std::size_t> used;
  for (std::size_t i = 0; i < r.stages.size(); ++i) {
    if (r.all.entered[i].current > 0 || r.all.entered[i].previous > 0) {
      used.push_back(i);
    }
  }
  std::vector<std::string> columns = {*r.by, "leads"};
  std::vector<bool> numeric = {false, true};
  for (std::size_t i : used) {
    columns.push_back(r.stages[i].name);
    numeric.push_back(true);
  }
  columns.insert(columns.end(), {"win rate", "change"});
  numeric.insert(numeric.end(), {true, true});
  Table entered = table(columns, numeric);
  entered.caption = fmt::format("Entered in {} by stage, and the win rate.", r.period.label);
  Table conversion = table({*r.by, "from", "to", "entered", "reached", "rate", "previous", "change"},
                           {false, false, false, true, true, true, true, true});
  conversion.caption = "Conversion by cohort.";
  Table velocity = table({*r.by, "from", "to", "leads", "median", "p90", "previous median", "change"},
                         {false, false, false, true, true, true, true, true});
  velocity.caption = "Velocity (days).";
  for (const GroupFunnel& g : r.groups) {
    std::vector<std::string> cells = {g.name, count(g.leads)};
    for (std::size_t i : used) {
      cells.push_back(count(g.entered[i].current));
    }
    cells.push_back(percent(g.win_rate.current));
    cells.push_back(share_change(g.win_rate));
    entered.rows.push_back(std::move(cells));
    for (const ConversionRow& row : g.conversion) {
      if (row.share.current.denominator == 0 && row.share.previous.denominator == 0) {
        continue;
      }
      conversion.rows.push_back({g.name, r.stages[row.from].name, r.target_name(row.to),
                                 count(row.share.current.denominator), count(row.share.current.numerator),
                                 percent(row.share.current), percent(row.share.previous),
                                 share_change(row.share)});
    }
    add_velocity_rows(r, g, velocity, true);
  }
  s.tables.push_back(std::move(entered));
  s.tables.push_back(std::move(conversion));
  if (!velocity.rows.empty()) {
    s.tables.push_back(std::move(velocity));
  }
  return s;
}

} // namespace

Heading heading(const Report& r) {
  Heading h;
  h.title = fmt::format("Funnel {} ({} to {})", r.period.label, r.period.first_day(), r.period.last_day());
  h.lines.push_back(fmt::format("As of {}; compared with {} ({} to {}).", timestamp(r.now), r.previous.label,
                                r.previous.first_day(), r.previous.last_day()));
  h.lines.push_back(fmt::format("{} leads, {} events; handoff stage {}, SLA {} hours.", count(r.leads),
                                count(r.events), r.handoff_stage, decimal(r.sla_hours)));
  return h;
}

std::vector<Section> layout(const Report& r, std::size_t top) {
  std::vector<Section> sections;
  sections.push_back(now_section(r));
  sections.push_back(entered_section(r));
  sections.push_back(conversion_section(r));
  sections.push_back(win_section(r));
  sections.push_back(velocity_section(r));
  sections.push_back(sla_section(r, top));
  sections.push_back(feedback_section(r, top));
  sections.push_back(retention_section(r, top));
  sections.push_back(trend_section(r));
  if (r.by) {
    sections.push_back(breakdown_section(r));
  }
  if (!r.notes.empty()) {
    Section notes{"notes", "Notes", "", {}};
    Table t = table({"note"}, {false});
    for (const Note& note : r.notes) {
      t.rows.push_back({note.text});
    }
    notes.tables.push_back(std::move(t));
    sections.push_back(std::move(notes));
  }
  return sections;
}

} // namespace leads::report::detail
