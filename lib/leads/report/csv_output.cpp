#include <leads/report/numbers.hpp>
#include <leads/report/outputs.hpp>

#include <leads/csv/writer.hpp>

#include <array>

namespace leads::report::detail {

namespace {

// One row of the long table; empty cells for the dimensions a section does not have.
struct Row {
  std::string_view section;
  std::string_view group;
  std::string_view bucket;
  std::string_view stage;
  std::string_view to_stage;
  std::string_view subject;
  std::string_view reason;
};

class LongTable {
public:
  LongTable() {
    static constexpr std::array<std::string_view, 10> k_columns = {"section",  "group",   "bucket", "stage",
                                                                   "to_stage", "subject", "reason", "metric",
                                                                   "value",    "previous"};
    csv::append_row(m_out, std::span<const std::string_view>(k_columns));
  }

  void add(const Row& row, std::string_view metric, std::string_view value, std::string_view previous) {
    const std::array<std::string_view, 10> fields = {row.section,  row.group,   row.bucket, row.stage,
                                                     row.to_stage, row.subject, row.reason, metric,
                                                     value,        previous};
    csv::append_row(m_out, std::span<const std::string_view>(fields));
  }
  void add(const Row& row, std::string_view metric, const Compared<long>& c) {
    add(row, metric, std::to_string(c.current), std::to_string(c.previous));
  }
  void add(const Row& row, std::string_view metric, const Compared<Ratio>& c) {
    add(row, metric, text(c.current), text(c.previous));
  }
  // leads, median_days and p90_days.
  void add(const Row& row, const std::optional<Durations>& now, const std::optional<Durations>& before) {
    auto field = [](const std::optional<Durations>& d, auto get) { return d ? get(*d) : std::string(); };
    add(row, "leads", field(now, [](const Durations& d) { return std::to_string(d.count); }),
        field(before, [](const Durations& d) { return std::to_string(d.count); }));
    auto median = [](const Durations& d) { return decimal(d.median_seconds / 86400); };
    auto p90 = [](const Durations& d) { return decimal(static_cast<double>(d.p90_seconds) / 86400); };
    add(row, "median_days", field(now, median), field(before, median));
    add(row, "p90_days", field(now, p90), field(before, p90));
  }

  std::string take() { return std::move(m_out); }

private:
  static std::string text(const Ratio& r) {
    const auto s = share(r);
    return s ? decimal(*s) : std::string();
  }
  std::string m_out;
};

void add_funnel(LongTable& t, const Report& r, const GroupFunnel& f) {
  for (std::size_t i = 0; i < r.stages.size(); ++i) {
    t.add({"entered", f.name, "", r.stages[i].name, "", "", ""}, "leads", f.entered[i]);
  }
  for (const ConversionRow& row : f.conversion) {
    const std::string to = r.target_name(row.to);
    const Row at{"conversion", f.name, "", r.stages[row.from].name, to, "", ""};
    t.add(at, "entered", Compared<long>{row.share.current.denominator, row.share.previous.denominator});
    t.add(at, "reached", Compared<long>{row.share.current.numerator, row.share.previous.numerator});
    t.add(at, "rate", row.share);
  }
  const Row win{"win_rate", f.name, "", "", "", "", ""};
  t.add(win, "won", Compared<long>{f.win_rate.current.numerator, f.win_rate.previous.numerator});
  t.add(win, "lost",
        Compared<long>{f.win_rate.current.denominator - f.win_rate.current.numerator,
                       f.win_rate.previous.denominator - f.win_rate.previous.numerator});
  t.add(win, "rate", f.win_rate);
  for (const VelocityRow& row : f.velocity) {
    const std::string to = r.target_name(row.to);
    t.add({"velocity", f.name, "", r.stages[row.from].name, to, "", ""}, row.days.current, row.days.previous);
  }
}

void add_sla(LongTable& t, const SlaRow& row) {
  const Row at{"sla", "", "", "", "", row.owner, ""};
  t.add(at, "in_time", row.in_time);
  t.add(at, "late", row.late);
  t.add(at, "overdue", row.overdue);
  t.add(at, "waiting", row.waiting);
  t.add(at, "compliance", row.compliance());
}

} // namespace

std::string render_csv(const Report& r) {
  LongTable t;
  const Row report{"report", "", "", "", "", "", ""};
  t.add(report, "period", r.period.label, r.previous.label);
  t.add(report, "first_day", r.period.first_day(), r.previous.first_day());
  t.add(report, "last_day", r.period.last_day(), r.previous.last_day());
  t.add(report, "as_of", timestamp(r.now), "");
  t.add(report, "handoff_stage", r.handoff_stage, "");
  t.add(report, "sla_hours", decimal(r.sla_hours), "");
  t.add(report, "by", r.by.value_or(""), "");
  t.add(report, "every", every_name(r.trend.every), "");
  t.add(report, "leads", std::to_string(r.leads), "");
  t.add(report, "events", std::to_string(r.events), "");
  for (std::size_t i = 0; i < r.stages.size(); ++i) {
    t.add({"now", "", "", r.stages[i].name, "", "", ""}, "leads", std::to_string(r.leads_now[i]), "");
  }
  if (r.leads_other_stage > 0) {
    t.add({"now", "", "", "(other)", "", "", ""}, "leads", std::to_string(r.leads_other_stage), "");
  }
  add_funnel(t, r, r.all);
  for (const GroupFunnel& g : r.groups) {
    add_funnel(t, r, g);
  }
  for (const SlaRow& row : r.sla) {
    add_sla(t, row);
  }
  add_sla(t, r.sla_total);
  for (const FeedbackRow& row : r.feedback) {
    t.add({"feedback", "", "", r.stages[row.stage].name, "", row.source, row.reason}, "entries", row.count);
  }
  const Retention& k = r.retention;
  const Row retention{"retention", "", "", "", "", "", ""};
  t.add(retention, "customers_at_start", k.customers_at_start);
  t.add(retention, "won", k.won);
  t.add(retention, "churned", k.churned);
  t.add(retention, "churn_rate", k.churn_rate());
  t.add(retention, "referred", std::to_string(k.referred), "");
  t.add(retention, "referred_created", k.referred_created);
  t.add(retention, "referred_win_rate", k.referred_win_rate);
  t.add(retention, "others_win_rate", k.others_win_rate);
  for (const Advocate& a : k.advocates) {
    const std::string who = a.email.empty() ? a.id : a.email;
    const Row at{"advocates", "", "", "", "", who, ""};
    t.add(at, "referred", std::to_string(a.referred), "");
    t.add(at, "referred_created", a.referred_created);
  }
  const TrendBucket* before = &r.trend.before;
  for (const TrendBucket& b : r.trend.buckets) {
    for (std::size_t i = 0; i < r.stages.size(); ++i) {
      t.add({"trend", "", b.period.label, r.stages[i].name, "", "", ""}, "entered",
            Compared<long>{b.entered[i], before->entered[i]});
    }
    const Row at{"trend", "", b.period.label, "", "", "", ""};
    const long lost = b.win_rate.denominator - b.win_rate.numerator;
    const long lost_before = before->win_rate.denominator - before->win_rate.numerator;
    t.add(at, "won", Compared<long>{b.win_rate.numerator, before->win_rate.numerator});
    t.add(at, "lost", Compared<long>{lost, lost_before});
    t.add(at, "win_rate", Compared<Ratio>{b.win_rate, before->win_rate});
    before = &b;
  }
  for (const Note& note : r.notes) {
    t.add({"notes", "", "", "", "", "", ""}, "note", note.text, "");
  }
  return t.take();
}

} // namespace leads::report::detail
