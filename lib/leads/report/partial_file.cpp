// The file format of partials (see leads-report(1), PARTIALS): one line of
// JSON per partial, so that partials concatenate (cat, a Hadoop reducer's
// input) and each is read whole before the next.
#include <leads/report/partial.hpp>

#include <leads/csv/encoding.hpp>
#include <leads/error.hpp>
#include <leads/lead/id.hpp>
#include <leads/lead/shard.hpp>
#include <leads/render/render.hpp>
#include <leads/report/event_rows.hpp>
#include <leads/report/numbers.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>

namespace leads::report {

namespace {

constexpr std::string_view k_format = "leads-report-partial";
constexpr std::string_view k_kinds[] = {"day", "week", "month", "range"};

// --- writing ---------------------------------------------------------------

// A JSON text: a string when the bytes are UTF-8, else {"hex": "..."} (a
// damaged history's bytes come back as they were).
void text(std::string& out, std::string_view s) {
  if (csv::check_utf8(s).valid == s.size()) {
    render::append_json_string(out, s);
    return;
  }
  out += "{\"hex\":\"";
  for (unsigned char c : s) {
    out += "0123456789abcdef"[c >> 4];
    out += "0123456789abcdef"[c & 15];
  }
  out += "\"}";
}

void key(std::string& out, std::string_view name) {
  if (out.back() != '{') {
    out += ',';
  }
  out += '"';
  out += name;
  out += "\":";
}

void number(std::string& out, long n) {
  out += std::to_string(n);
}

void pair(std::string& out, const Compared<long>& c) {
  out += fmt::format("[{},{}]", c.current, c.previous);
}

void ratio(std::string& out, const Ratio& r) {
  out += fmt::format("[{},{}]", r.numerator, r.denominator);
}

template <typename T, typename Write> void array(std::string& out, const std::vector<T>& items, Write write) {
  out += '[';
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) {
      out += ',';
    }
    write(items[i]);
  }
  out += ']';
}

void numbers(std::string& out, const std::vector<long>& values) {
  array(out, values, [&](long n) { number(out, n); });
}

void period(std::string& out, const Period& p) {
  out += '{';
  key(out, "label");
  text(out, p.label);
  key(out, "kind");
  text(out, k_kinds[static_cast<std::size_t>(p.kind)]);
  key(out, "start");
  text(out, detail::timestamp(p.start));
  key(out, "end");
  text(out, detail::timestamp(p.end));
}

void counts_by_name(std::string& out, const std::map<std::string, long>& counts) {
  out += '[';
  for (const auto& [name, count] : counts) {
    out += out.back() == '[' ? "[" : ",[";
    text(out, name);
    out += fmt::format(",{}]", count);
  }
  out += ']';
}

void pairs(std::string& out, const Partial& p, const std::vector<std::pair<std::size_t, Target>>& list) {
  array(out, list, [&](const std::pair<std::size_t, Target>& pair) {
    out += '[';
    text(out, p.stages[pair.first].name);
    out += ',';
    switch (pair.second.kind) {
    case Target::Kind::stage:
      out += "\"stage\",";
      text(out, p.stages[pair.second.stage].name);
      break;
    case Target::Kind::won:
      out += "\"won\",null";
      break;
    case Target::Kind::closed:
      out += "\"closed\",null";
      break;
    }
    out += ']';
  });
}

void group(std::string& out, const PartialGroup& g, const std::string* name) {
  out += '{';
  if (name != nullptr) {
    key(out, "name");
    text(out, *name);
  }
  key(out, "leads");
  number(out, g.leads);
  key(out, "entered");
  out += '[';
  numbers(out, g.entered[0]);
  out += ',';
  numbers(out, g.entered[1]);
  out += ']';
  key(out, "converted");
  out += '[';
  numbers(out, g.converted[0]);
  out += ',';
  numbers(out, g.converted[1]);
  out += ']';
  key(out, "won");
  pair(out, g.won);
  key(out, "lost");
  pair(out, g.lost);
  key(out, "durations");
  out += '[';
  for (std::size_t w = 0; w < 2; ++w) {
    out += w == 0 ? "" : ",";
    array(out, g.durations[w], [&](const std::vector<std::int64_t>& seconds) {
      std::vector<std::int64_t> sorted = seconds;
      std::sort(sorted.begin(), sorted.end());
      array(out, sorted, [&](std::int64_t s) { out += std::to_string(s); });
    });
  }
  out += "]}";
}

// --- reading ---------------------------------------------------------------

using Json = nlohmann::json;

std::string text_of(const Json& j) {
  if (j.is_object()) {
    const std::string hex = j.at("hex").get<std::string>();
    std::string bytes;
    auto digit = [](char c) {
      if (c >= '0' && c <= '9') {
        return c - '0';
      }
      if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
      }
      throw std::invalid_argument("'hex' holds a character that is no hex digit");
    };
    for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
      bytes += static_cast<char>(digit(hex[i]) << 4 | digit(hex[i + 1]));
    }
    return bytes;
  }
  return j.get<std::string>();
}

std::int64_t time_of(const Json& j) {
  const auto at = detail::parse_at(j.get<std::string>());
  if (!at) {
    throw std::invalid_argument("'" + j.get<std::string>() + "' is not a time such as 2026-11-27T12:00:00Z");
  }
  return *at;
}

Compared<long> pair_of(const Json& j) {
  return {j.at(0).get<long>(), j.at(1).get<long>()};
}

Ratio ratio_of(const Json& j) {
  return {j.at(0).get<long>(), j.at(1).get<long>()};
}

Period period_of(const Json& j) {
  Period p;
  p.label = text_of(j.at("label"));
  const std::string kind = j.at("kind").get<std::string>();
  const auto* found = std::find(std::begin(k_kinds), std::end(k_kinds), kind);
  if (found == std::end(k_kinds)) {
    throw std::invalid_argument("'" + kind + "' is no kind of period");
  }
  p.kind = static_cast<PeriodKind>(found - std::begin(k_kinds));
  p.start = time_of(j.at("start"));
  p.end = time_of(j.at("end"));
  return p;
}

std::map<std::string, long> counts_by_name_of(const Json& j) {
  std::map<std::string, long> counts;
  for (const Json& item : j) {
    counts[text_of(item.at(0))] += item.at(1).get<long>();
  }
  return counts;
}

std::size_t stage_of(const Partial& p, const Json& j) {
  const std::string name = text_of(j);
  for (std::size_t s = 0; s < p.stages.size(); ++s) {
    if (p.stages[s].name == name) {
      return s;
    }
  }
  throw std::invalid_argument("'" + name + "' is none of its stages");
}

std::vector<std::pair<std::size_t, Target>> pairs_of(const Partial& p, const Json& j) {
  std::vector<std::pair<std::size_t, Target>> list;
  for (const Json& item : j) {
    Target to;
    const std::string kind = item.at(1).get<std::string>();
    if (kind == "stage") {
      to.stage = stage_of(p, item.at(2));
    } else if (kind == "won" || kind == "closed") {
      to.kind = kind == "won" ? Target::Kind::won : Target::Kind::closed;
    } else {
      throw std::invalid_argument("'" + kind + "' is no kind of stage pair");
    }
    list.emplace_back(stage_of(p, item.at(0)), to);
  }
  return list;
}

// A vector of counts of the expected size.
std::vector<long> numbers_of(const Json& j, std::size_t size, const char* what) {
  std::vector<long> values = j.get<std::vector<long>>();
  if (values.size() != size) {
    throw std::invalid_argument(fmt::format("{} holds {} numbers, not {}", what, values.size(), size));
  }
  return values;
}

PartialGroup group_of(const Partial& p, const Json& j) {
  PartialGroup g;
  g.leads = j.at("leads").get<long>();
  for (std::size_t w = 0; w < 2; ++w) {
    g.entered[w] = numbers_of(j.at("entered").at(w), p.stages.size(), "'entered'");
    g.converted[w] = numbers_of(j.at("converted").at(w), p.conversion.size(), "'converted'");
    g.durations[w] = j.at("durations").at(w).get<std::vector<std::vector<std::int64_t>>>();
    if (g.durations[w].size() != p.velocity.size()) {
      throw std::invalid_argument("'durations' holds a list for each velocity pair");
    }
  }
  g.won = pair_of(j.at("won"));
  g.lost = pair_of(j.at("lost"));
  return g;
}

Partial partial_of(const Json& j) {
  Partial p;
  p.now = time_of(j.at("as_of"));
  p.period = period_of(j.at("period"));
  p.previous = period_of(j.at("previous"));
  const auto every = parse_every(j.at("every").get<std::string>());
  if (!every) {
    throw std::invalid_argument("'every' is neither week nor month");
  }
  p.every = *every;
  if (!j.at("by").is_null()) {
    p.by = text_of(j.at("by"));
  }
  if (const Json& shard = j.at("shard"); !shard.is_null()) {
    p.shard_count = shard.at("count").get<std::uint32_t>();
    p.shards = shard.at("held").get<std::vector<std::uint32_t>>();
    if (p.shard_count < 1 || p.shard_count > lead::k_max_shards || p.shards.empty() ||
        !std::is_sorted(p.shards.begin(), p.shards.end()) ||
        std::adjacent_find(p.shards.begin(), p.shards.end()) != p.shards.end() || p.shards.front() < 1 ||
        p.shards.back() > p.shard_count) {
      throw std::invalid_argument("'shard' holds no shards of its count");
    }
  }
  const Json& settings = j.at("settings");
  p.handoff_stage = text_of(settings.at("handoff_stage"));
  p.sla_hours = settings.at("sla_hours").get<double>();
  p.top = settings.at("top").get<long>();
  for (const Json& stage : settings.at("stages")) {
    p.stages.push_back({text_of(stage.at("name")), stage.at("won").get<bool>(), stage.at("exit").get<bool>(),
                        stage.at("lost").get<bool>()});
  }
  p.conversion = pairs_of(p, settings.at("conversion"));
  p.velocity = pairs_of(p, settings.at("velocity"));

  const Json& leads = j.at("leads");
  p.leads = leads.at("count").get<long>();
  p.leads_now = numbers_of(leads.at("now"), p.stages.size(), "'now'");
  p.other_stages = counts_by_name_of(leads.at("other_stages"));
  p.all = group_of(p, j.at("all"));
  for (const Json& g : j.at("groups")) {
    p.groups[text_of(g.at("name"))] = group_of(p, g);
  }
  for (const Json& row : j.at("sla")) {
    SlaRow& sla = p.sla[text_of(row.at("owner"))];
    sla.in_time = pair_of(row.at("in_time"));
    sla.late = pair_of(row.at("late"));
    sla.overdue = pair_of(row.at("overdue"));
    sla.waiting = pair_of(row.at("waiting"));
  }
  for (const Json& row : j.at("feedback")) {
    p.feedback[{stage_of(p, row.at("stage")), text_of(row.at("source")), text_of(row.at("reason"))}] +=
        pair_of(row.at("count"));
  }
  const Json& retention = j.at("retention");
  p.customers_at_start = pair_of(retention.at("customers_at_start"));
  p.won = pair_of(retention.at("won"));
  p.churned = pair_of(retention.at("churned"));
  for (const Json& row : j.at("referrals")) {
    std::optional<std::uint64_t> self;
    if (row.contains("self")) {
      self = lead::parse_any_case_id(row.at("self").get<std::string>());
      if (!self) {
        throw std::invalid_argument("'self' is no id");
      }
    }
    ReferralCounts& counts = p.referrals[{text_of(row.at("key")), self}];
    counts.leads += row.at("leads").get<long>();
    counts.created += pair_of(row.at("created"));
    counts.win_rate += {ratio_of(row.at("win_rate").at(0)), ratio_of(row.at("win_rate").at(1))};
  }
  for (const Json& row : j.at("won_leads")) {
    WonLead& lead = p.won_leads.emplace_back();
    lead.id_text = text_of(row.at("id"));
    const auto id = lead::parse_any_case_id(lead.id_text);
    if (!id) {
      throw std::invalid_argument("'" + lead.id_text + "' is no id");
    }
    lead.id = *id;
    lead.name = text_of(row.at("name"));
    lead.email = text_of(row.at("email"));
  }
  std::stable_sort(p.won_leads.begin(), p.won_leads.end(),
                   [](const WonLead& a, const WonLead& b) { return a.id < b.id; });
  for (const Json& bucket : j.at("trend")) {
    p.trend.push_back(period_of(bucket));
    p.trend_entered.push_back(numbers_of(bucket.at("entered"), p.stages.size(), "'entered'"));
    p.trend_win.push_back(ratio_of(bucket.at("win_rate")));
  }
  if (p.trend.empty()) {
    throw std::invalid_argument("'trend' holds no bucket");
  }
  const Json& events = j.at("events");
  p.events = events.at("rows").get<long>();
  p.unknown_lead = events.at("unknown_lead").get<long>();
  p.after_now = events.at("after_now").get<long>();
  p.unknown_stages = counts_by_name_of(events.at("unknown_stages"));
  return p;
}

} // namespace

std::string write_partial(const Partial& p) {
  std::string out = "{";
  key(out, "format");
  text(out, k_format);
  key(out, "version");
  number(out, k_partial_version);
  key(out, "as_of");
  text(out, detail::timestamp(p.now));
  key(out, "period");
  period(out, p.period);
  out += '}';
  key(out, "previous");
  period(out, p.previous);
  out += '}';
  key(out, "every");
  text(out, every_name(p.every));
  key(out, "by");
  if (p.by) {
    text(out, *p.by);
  } else {
    out += "null";
  }
  key(out, "shard");
  if (p.shard_count > 0) {
    out += fmt::format("{{\"count\":{},\"held\":[{}]}}", p.shard_count, fmt::join(p.shards, ","));
  } else {
    out += "null";
  }

  key(out, "settings");
  out += '{';
  key(out, "handoff_stage");
  text(out, p.handoff_stage);
  key(out, "sla_hours");
  out += fmt::format("{}", p.sla_hours);
  key(out, "top");
  number(out, p.top);
  key(out, "stages");
  array(out, p.stages, [&](const StageInfo& s) {
    out += '{';
    key(out, "name");
    text(out, s.name);
    out += fmt::format(",\"won\":{},\"exit\":{},\"lost\":{}}}", s.won, s.exit, s.lost);
  });
  key(out, "conversion");
  pairs(out, p, p.conversion);
  key(out, "velocity");
  pairs(out, p, p.velocity);
  out += '}';

  key(out, "leads");
  out += '{';
  key(out, "count");
  number(out, p.leads);
  key(out, "now");
  numbers(out, p.leads_now);
  key(out, "other_stages");
  counts_by_name(out, p.other_stages);
  out += '}';
  key(out, "all");
  group(out, p.all, nullptr);
  key(out, "groups");
  out += '[';
  for (const auto& [name, g] : p.groups) {
    out += out.back() == '[' ? "" : ",";
    group(out, g, &name);
  }
  out += ']';
  key(out, "sla");
  out += '[';
  for (const auto& [owner, row] : p.sla) {
    out += out.back() == '[' ? "{" : ",{";
    key(out, "owner");
    text(out, owner);
    for (const auto& [name, figure] :
         {std::pair{"in_time", &row.in_time}, std::pair{"late", &row.late},
          std::pair{"overdue", &row.overdue}, std::pair{"waiting", &row.waiting}}) {
      key(out, name);
      pair(out, *figure);
    }
    out += '}';
  }
  out += ']';
  key(out, "feedback");
  out += '[';
  for (const auto& [at, count] : p.feedback) {
    const auto& [stage, source, reason] = at;
    out += out.back() == '[' ? "{" : ",{";
    key(out, "stage");
    text(out, p.stages[stage].name);
    key(out, "source");
    text(out, source);
    key(out, "reason");
    text(out, reason);
    key(out, "count");
    pair(out, count);
    out += '}';
  }
  out += ']';
  key(out, "retention");
  out += '{';
  key(out, "customers_at_start");
  pair(out, p.customers_at_start);
  key(out, "won");
  pair(out, p.won);
  key(out, "churned");
  pair(out, p.churned);
  out += '}';
  key(out, "referrals");
  out += '[';
  for (const auto& [at, counts] : p.referrals) {
    out += out.back() == '[' ? "{" : ",{";
    key(out, "key");
    text(out, at.first);
    if (at.second) {
      key(out, "self");
      text(out, lead::format_id(*at.second));
    }
    key(out, "leads");
    number(out, counts.leads);
    key(out, "created");
    pair(out, counts.created);
    key(out, "win_rate");
    out += '[';
    ratio(out, counts.win_rate.current);
    out += ',';
    ratio(out, counts.win_rate.previous);
    out += "]}";
  }
  out += ']';
  key(out, "won_leads");
  array(out, p.won_leads, [&](const WonLead& lead) {
    out += '{';
    key(out, "id");
    text(out, lead.id_text);
    key(out, "name");
    text(out, lead.name);
    key(out, "email");
    text(out, lead.email);
    out += '}';
  });
  key(out, "trend");
  out += '[';
  for (std::size_t b = 0; b < p.trend.size(); ++b) {
    out += b == 0 ? "" : ",";
    period(out, p.trend[b]);
    key(out, "entered");
    numbers(out, p.trend_entered[b]);
    key(out, "win_rate");
    ratio(out, p.trend_win[b]);
    out += '}';
  }
  out += ']';
  key(out, "events");
  out += '{';
  key(out, "rows");
  number(out, p.events);
  key(out, "unknown_lead");
  number(out, p.unknown_lead);
  key(out, "after_now");
  number(out, p.after_now);
  key(out, "unknown_stages");
  counts_by_name(out, p.unknown_stages);
  out += "}}\n";
  return out;
}

void read_partials(std::istream& in, const std::string& name, const std::function<void(Partial)>& each) {
  std::string line;
  long number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (line.find_first_not_of(" \t\r") == std::string::npos) {
      continue;
    }
    constexpr const char* k_hint = "give the files that leads report --partial wrote, whole";
    Json j;
    try {
      j = Json::parse(line);
    } catch (const Json::parse_error& e) {
      throw Error(ErrorKind::data, "not a partial of leads report: the line is not JSON", name, number,
                  static_cast<long>(e.byte), k_hint);
    }
    if (!j.is_object() || !j.contains("format") || j["format"] != k_format) {
      throw Error(ErrorKind::data,
                  "not a partial of leads report: it has no \"format\": \"leads-report-partial\"", name,
                  number, 0, k_hint);
    }
    if (!j.contains("version") || j["version"] != k_partial_version) {
      throw Error(ErrorKind::data,
                  fmt::format("the partial is of version {}; this leads reads version {}",
                              j.contains("version") ? j["version"].dump() : "(none)", k_partial_version),
                  name, number, 0, "merge the partials with the release of leads that wrote them");
    }
    Partial partial;
    try {
      partial = partial_of(j);
    } catch (const std::exception& e) {
      throw Error(ErrorKind::data, fmt::format("the partial is damaged: {}", e.what()), name, number, 0,
                  k_hint);
    }
    partial.origin = fmt::format("{}:{}", name, number);
    each(std::move(partial));
  }
  if (in.bad()) {
    throw Error(ErrorKind::io, "cannot read the partials", name);
  }
}

} // namespace leads::report
