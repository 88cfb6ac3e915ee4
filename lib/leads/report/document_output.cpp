#include <leads/report/document.hpp>
#include <leads/report/numbers.hpp>
#include <leads/report/outputs.hpp>

namespace leads::report::detail {

namespace {

Value period_value(const Period& p) {
  Value v = Value::object();
  v.add("label", p.label);
  v.add("first_day", p.first_day());
  v.add("last_day", p.last_day());
  v.add("start", timestamp(p.start));
  v.add("end", timestamp(p.end));
  return v;
}

Value compared(const Compared<long>& c) {
  Value v = Value::object();
  v.add("current", c.current);
  v.add("previous", c.previous);
  return v;
}

Value share_value(const Ratio& r) {
  const auto s = share(r);
  return s ? Value(*s) : Value();
}

// {"current": 0.4286, "previous": null}
Value compared_share(const Compared<Ratio>& c) {
  Value v = Value::object();
  v.add("current", share_value(c.current));
  v.add("previous", share_value(c.previous));
  return v;
}

Value durations(const std::optional<Durations>& d) {
  if (!d) {
    return {};
  }
  Value v = Value::object();
  v.add("leads", d->count);
  v.add("median_days", rounded(d->median_seconds / 86400));
  v.add("p90_days", rounded(static_cast<double>(d->p90_seconds) / 86400));
  v.add("median_seconds", d->median_seconds);
  v.add("p90_seconds", d->p90_seconds);
  return v;
}

Value funnel_value(const Report& r, const GroupFunnel& f) {
  Value v = Value::object();
  v.add("name", f.name);
  v.add("leads", f.leads);
  Value& entered = v.add("entered", Value::object());
  for (std::size_t i = 0; i < r.stages.size(); ++i) {
    entered.add(r.stages[i].name, compared(f.entered[i]));
  }
  Value& conversion = v.add("conversion", Value::array());
  for (const ConversionRow& row : f.conversion) {
    Value& c = conversion.push(Value::object());
    c.add("from", r.stages[row.from].name);
    c.add("to", r.target_name(row.to));
    c.add("entered", compared({row.share.current.denominator, row.share.previous.denominator}));
    c.add("reached", compared({row.share.current.numerator, row.share.previous.numerator}));
    c.add("rate", compared_share(row.share));
  }
  Value& win = v.add("win_rate", Value::object());
  win.add("won", compared({f.win_rate.current.numerator, f.win_rate.previous.numerator}));
  win.add("lost", compared({f.win_rate.current.denominator - f.win_rate.current.numerator,
                            f.win_rate.previous.denominator - f.win_rate.previous.numerator}));
  win.add("rate", compared_share(f.win_rate));
  Value& velocity = v.add("velocity", Value::array());
  for (const VelocityRow& row : f.velocity) {
    Value& d = velocity.push(Value::object());
    d.add("from", r.stages[row.from].name);
    d.add("to", r.target_name(row.to));
    d.add("current", durations(row.days.current));
    d.add("previous", durations(row.days.previous));
  }
  return v;
}

Value sla_value(const SlaRow& row) {
  Value v = Value::object();
  v.add("owner", row.owner);
  v.add("in_time", compared(row.in_time));
  v.add("late", compared(row.late));
  v.add("overdue", compared(row.overdue));
  v.add("waiting", compared(row.waiting));
  v.add("compliance", compared_share(row.compliance()));
  return v;
}

Value bucket_value(const Report& r, const TrendBucket& b) {
  Value v = Value::object();
  v.add("label", b.period.label);
  v.add("first_day", b.period.first_day());
  v.add("last_day", b.period.last_day());
  Value& entered = v.add("entered", Value::object());
  for (std::size_t i = 0; i < r.stages.size(); ++i) {
    entered.add(r.stages[i].name, b.entered[i]);
  }
  v.add("won", b.win_rate.numerator);
  v.add("lost", b.win_rate.denominator - b.win_rate.numerator);
  v.add("win_rate", share_value(b.win_rate));
  return v;
}

Value document(const Report& r) {
  Value doc = Value::object();
  doc.add("period", period_value(r.period));
  doc.add("previous", period_value(r.previous));
  doc.add("as_of", timestamp(r.now));
  Value& parameters = doc.add("parameters", Value::object());
  parameters.add("handoff_stage", r.handoff_stage);
  parameters.add("sla_hours", r.sla_hours);
  parameters.add("by", r.by ? Value(*r.by) : Value());
  parameters.add("every", std::string(every_name(r.trend.every)));
  Value& stages = doc.add("stages", Value::array());
  for (const StageInfo& s : r.stages) {
    Value& stage = stages.push(Value::object());
    stage.add("name", s.name);
    stage.add("won", s.won);
    stage.add("exit", s.exit);
    stage.add("lost", s.lost);
  }
  doc.add("leads", r.leads);
  doc.add("events", r.events);
  Value& now = doc.add("leads_now", Value::object());
  for (std::size_t i = 0; i < r.stages.size(); ++i) {
    now.add(r.stages[i].name, r.leads_now[i]);
  }
  doc.add("leads_other_stage", r.leads_other_stage);
  doc.add("funnel", funnel_value(r, r.all));
  Value& groups = doc.add("groups", Value::array());
  for (const GroupFunnel& g : r.groups) {
    groups.push(funnel_value(r, g));
  }
  Value& sla = doc.add("sla", Value::object());
  Value& owners = sla.add("owners", Value::array());
  for (const SlaRow& row : r.sla) {
    owners.push(sla_value(row));
  }
  sla.add("total", sla_value(r.sla_total));
  Value& feedback = doc.add("feedback", Value::array());
  for (const FeedbackRow& row : r.feedback) {
    Value& f = feedback.push(Value::object());
    f.add("stage", r.stages[row.stage].name);
    f.add("source", row.source);
    f.add("reason", row.reason);
    f.add("entries", compared(row.count));
  }
  const Retention& k = r.retention;
  Value& retention = doc.add("retention", Value::object());
  retention.add("customers_at_start", compared(k.customers_at_start));
  retention.add("won", compared(k.won));
  retention.add("churned", compared(k.churned));
  retention.add("churn_rate", compared_share(k.churn_rate()));
  Value& referrals = retention.add("referrals", Value::object());
  referrals.add("referred", k.referred);
  referrals.add("created", compared(k.referred_created));
  referrals.add("win_rate", compared_share(k.referred_win_rate));
  referrals.add("others_win_rate", compared_share(k.others_win_rate));
  Value& advocates = referrals.add("advocates", Value::array());
  for (const Advocate& a : k.advocates) {
    Value& adv = advocates.push(Value::object());
    adv.add("id", a.id);
    adv.add("name", a.name);
    adv.add("email", a.email);
    adv.add("referred", a.referred);
    adv.add("created", compared(a.referred_created));
  }
  Value& trend = doc.add("trend", Value::object());
  trend.add("every", std::string(every_name(r.trend.every)));
  trend.add("before", bucket_value(r, r.trend.before));
  Value& buckets = trend.add("buckets", Value::array());
  for (const TrendBucket& b : r.trend.buckets) {
    buckets.push(bucket_value(r, b));
  }
  Value& notes = doc.add("notes", Value::array());
  for (const Note& note : r.notes) {
    notes.push(note.text);
  }
  return doc;
}

} // namespace

std::string render_json(const Report& report) {
  return document(report).json();
}

std::string render_yaml(const Report& report) {
  return document(report).yaml();
}

} // namespace leads::report::detail
