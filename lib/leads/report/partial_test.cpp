#include <leads/report/partial.hpp>

#include <leads/config/config.hpp>
#include <leads/error.hpp>
#include <leads/lead/id.hpp>
#include <leads/lead/shard.hpp>
#include <leads/report/funnel.hpp>
#include <leads/report/render.hpp>
#include <leads/report/test_workspace.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <sstream>

using leads::Field;
using leads::lead::Shard;
using leads::report::compute;
using leads::report::compute_partial;
using leads::report::Format;
using leads::report::Options;
using leads::report::Partial;
using leads::report::Report;
using leads::report::testing::EventFields;
using leads::report::testing::id;
using leads::report::testing::LeadFields;
using leads::report::testing::Workspace;
using leads::report::testing::write_example;

namespace {

constexpr Format k_formats[] = {Format::table, Format::csv, Format::json,
                                Format::yaml,  Format::md,  Format::html};

Options example_options() {
  Options options;
  options.period = "2026-W47";
  options.now = 1795780800; // 2026-11-27T12:00:00Z
  return options;
}

// Every format of a report, one after another.
std::string rendered(const Report& report) {
  std::string out;
  for (Format format : k_formats) {
    out += leads::report::render(report, format);
  }
  return out;
}

// Through the file format and back.
Partial round_trip(const Partial& partial) {
  std::istringstream in(leads::report::write_partial(partial));
  std::vector<Partial> read;
  leads::report::read_partials(in, "part.json", [&](Partial p) { read.push_back(std::move(p)); });
  REQUIRE(read.size() == 1);
  return std::move(read.front());
}

// The partials of the n shards of a workspace, written and read back, merged
// in the order given (a permutation of 1..n).
Partial merged_shards(const Workspace& ws, Options options, const std::vector<std::uint32_t>& order) {
  std::optional<Partial> merged;
  for (std::uint32_t index : order) {
    options.shard = Shard{index, static_cast<std::uint32_t>(order.size())};
    Partial part =
        round_trip(compute_partial(leads::config::defaults(), options, ws.leads_file, ws.events_file));
    if (!merged) {
      merged = std::move(part);
    } else {
      leads::report::merge(*merged, std::move(part));
    }
  }
  return std::move(*merged);
}

std::string error_of(const std::function<void()>& run) {
  try {
    run();
  } catch (const leads::Error& e) {
    CHECK(e.kind() == leads::ErrorKind::data);
    return e.located();
  }
  return "no error";
}

// splitmix64, for a workspace that is the same on every run.
struct Random {
  std::uint64_t state;
  std::uint64_t next() {
    std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  std::size_t below(std::size_t n) { return static_cast<std::size_t>(next() % n); }
  bool chance(int percent) { return below(100) < static_cast<std::size_t>(percent); }
};

// A workspace of 300 leads with a tangled history: moves between any
// stages, owners, reasons (one of them not UTF-8), referrals by id or email
// in any case (to customers, to nobody, to the lead itself, to an email two
// customers share), events of no lead, of unknown stages, after now, and
// with a lead_id that is no id.
void write_tangled(const Workspace& ws, std::uint64_t seed) {
  Random random{seed};
  const char* stages[] = {"new",      "engaged",  "mql",     "sal",      "sql",          "opportunity",
                          "customer", "advocate", "churned", "recycled", "disqualified", "lost"};
  const char* sources[] = {"web", "ads", "", "event", "<b>partner</b>"};
  const char* owners[] = {"ana", "ben", "", "cy"};
  const char* reasons[] = {"no budget", " budget ", "", "timing", "caf\xe9 closed", "spam"};
  auto time = [&](int day, int second) {
    return fmt::format("2026-{:02}-{:02}T{:02}:{:02}:{:02}Z", 10 + day / 30, 1 + day % 30, second / 3600,
                       second / 60 % 60, second % 60);
  };
  constexpr int k_leads = 300;
  std::vector<std::uint64_t> ids;
  for (int i = 0; i < k_leads; ++i) {
    ids.push_back(random.next());
  }
  std::sort(ids.begin(), ids.end());
  std::vector<LeadFields> leads;
  std::vector<EventFields> events;
  std::vector<std::string> stage_now(k_leads);
  for (int i = 0; i < k_leads; ++i) {
    const std::string lead_id = leads::lead::format_id(ids[static_cast<std::size_t>(i)]);
    int day = static_cast<int>(random.below(50));
    int second = static_cast<int>(random.below(86400));
    events.push_back(
        {time(day, second), lead_id, "created", "", random.chance(20) ? "" : "new", "import", "crm.csv:2"});
    std::string at = "new";
    for (int moves = static_cast<int>(random.below(6)); moves > 0; --moves) {
      day += static_cast<int>(random.below(8));
      second = random.chance(10) ? second : static_cast<int>(random.below(86400));
      const std::string to = stages[random.below(std::size(stages))];
      if (to == "sal" && random.chance(70)) {
        events.push_back({time(day, second), lead_id, "owner", "", owners[random.below(std::size(owners))],
                          "handoff", ""});
      }
      events.push_back({time(day, second), lead_id, "stage", at, to, random.chance(10) ? "import" : "ana",
                        reasons[random.below(std::size(reasons))]});
      at = to;
    }
    stage_now[static_cast<std::size_t>(i)] = at;
    LeadFields lead{{Field::id, lead_id},
                    {Field::email, fmt::format("lead{}@x.example", i % 290)}, // 10 emails twice
                    {Field::first_name, i % 3 == 0 ? "" : "Ada"},
                    {Field::last_name, "L" + std::to_string(i)},
                    {Field::source, sources[random.below(std::size(sources))]},
                    {Field::stage, random.chance(3) ? "nurture" : at},
                    {Field::owner, owners[random.below(std::size(owners))]}};
    if (random.chance(30)) {
      lead[Field::created_at] = time(static_cast<int>(random.below(60)), 0);
    }
    leads.push_back(std::move(lead));
  }
  std::vector<std::size_t> customers;
  for (std::size_t i = 0; i < stage_now.size(); ++i) {
    if (stage_now[i] == "customer" || stage_now[i] == "advocate") {
      customers.push_back(i);
    }
  }
  for (int i = 0; i < k_leads; ++i) {
    // Half of the referrals name a lead that won, the others any lead.
    const auto other = random.chance(50) ? customers[random.below(customers.size())] : random.below(k_leads);
    switch (random.below(6)) {
    case 0:
      leads[static_cast<std::size_t>(i)][Field::referred_by] = fmt::format(" LEAD{}@X.example ", other % 290);
      break;
    case 1:
      leads[static_cast<std::size_t>(i)][Field::referred_by] = leads[other][Field::id];
      break;
    case 2:
      leads[static_cast<std::size_t>(i)][Field::referred_by] =
          leads[static_cast<std::size_t>(i)][Field::email];
      break;
    case 3:
      leads[static_cast<std::size_t>(i)][Field::referred_by] = "nobody@x.example";
      break;
    default:
      break;
    }
  }
  events.push_back({time(20, 0), "not-an-id", "stage", "new", "mql", "ana", ""});
  events.push_back({time(20, 0), id(77), "stage", "new", "mql", "ana", ""});
  events.push_back({time(21, 0), leads[5][Field::id], "stage", "new", "nurture", "ana", ""});
  events.push_back({"2027-01-05T00:00:00Z", leads[6][Field::id], "stage", "new", "mql", "ana", ""});
  events.push_back({time(22, 0), leads[7][Field::id], "score", "", "", "score", ""});
  // In run order, not time order.
  for (std::size_t i = events.size(); i > 1; --i) {
    std::swap(events[i - 1], events[random.below(i)]);
  }
  ws.write_leads(leads);
  ws.write_events(events);
}

} // namespace

TEST_SUITE("report") {

  TEST_CASE("report::merge, partials of shards give the single run's report") {
    Workspace ws;
    write_example(ws);

    SUBCASE("the worked example in 1 to 5 shards, in any order, every format, with and without --by") {
      for (std::optional<std::string> by :
           {std::optional<std::string>(), std::optional<std::string>("source")}) {
        Options options = example_options();
        options.by = by;
        const std::string single =
            rendered(compute(leads::config::defaults(), options, ws.leads_file, ws.events_file));
        for (const std::vector<std::uint32_t>& order :
             {std::vector<std::uint32_t>{1}, {2, 1}, {1, 2, 3}, {4, 2, 3, 1}, {5, 3, 1, 2, 4}}) {
          CAPTURE(order.size());
          CHECK(rendered(leads::report::to_report(merged_shards(ws, options, order))) == single);
        }
      }
    }

    SUBCASE("a customer in one shard, referred from another") {
      // In 4 shards L1 (the customer) is in shard 3, L5 and L6 that name it in shard 4.
      REQUIRE(leads::lead::shard_of(1, 4) == 3);
      REQUIRE(leads::lead::shard_of(5, 4) == 4);
      REQUIRE(leads::lead::shard_of(6, 4) == 4);
      Options options = example_options();
      options.shard = Shard{4, 4};
      const Report alone = compute(leads::config::defaults(), options, ws.leads_file, ws.events_file);
      CHECK(alone.retention.referred == 0); // the customer is not in the shard
      const Report merged = leads::report::to_report(merged_shards(ws, example_options(), {1, 2, 3, 4}));
      CHECK(merged.retention.referred == 2);
      REQUIRE(merged.retention.advocates.size() == 1);
      CHECK(merged.retention.advocates[0].id == id(1));
      CHECK(merged.retention.advocates[0].referred == 2);
    }

    SUBCASE("a shard's report counts its leads and events, and says it is one") {
      Options options = example_options();
      long leads = 0;
      long events = 0;
      for (std::uint32_t s = 1; s <= 4; ++s) {
        options.shard = Shard{s, 4};
        const Report r = compute(leads::config::defaults(), options, ws.leads_file, ws.events_file);
        leads += r.leads;
        events += r.events;
        REQUIRE_FALSE(r.notes.empty());
        CHECK(r.notes[0].text ==
              fmt::format("only the leads of shard {}/4 (by id, see leads-report(1)) and "
                          "their events: merge the partials of all 4 shards for every lead",
                          s));
      }
      // Shard 1 of 4 holds L2, L3 and id 255 (an event's lead that is in no shard's leads.csv).
      options.shard = Shard{1, 4};
      CHECK(compute(leads::config::defaults(), options, ws.leads_file, ws.events_file).leads == 2);
      CHECK(leads == 7);
      CHECK(events == 33); // every row of events.csv in exactly one shard
    }

    SUBCASE("workspaces of one shard each, merged") {
      // The leads and events of each shard in a workspace of its own, as
      // `leads list --shard` cuts them; partials made without --shard.
      const std::string leads_text = leads::testing::read_file(ws.leads_file);
      const std::string events_text = leads::testing::read_file(ws.events_file);
      auto lines_of = [](const std::string& text, std::size_t id_at, std::uint32_t shard) {
        std::istringstream in(text);
        std::string line;
        std::string out;
        std::getline(in, line);
        out = line + "\n";
        while (std::getline(in, line)) {
          const auto value = leads::lead::parse_any_case_id(line.substr(id_at, 16));
          if ((value ? leads::lead::shard_of(*value, 2) : 1) == shard) {
            out += line + "\n";
          }
        }
        return out;
      };
      std::optional<Partial> merged;
      for (std::uint32_t s = 1; s <= 2; ++s) {
        Workspace part;
        leads::testing::write_file(part.leads_file, lines_of(leads_text, 0, s));
        leads::testing::write_file(part.events_file, lines_of(events_text, 21, s));
        Partial p = round_trip(
            compute_partial(leads::config::defaults(), example_options(), part.leads_file, part.events_file));
        CHECK(p.shard_count == 0);
        if (merged) {
          leads::report::merge(*merged, std::move(p));
        } else {
          merged = std::move(p);
        }
      }
      const Report single =
          compute(leads::config::defaults(), example_options(), ws.leads_file, ws.events_file);
      CHECK(rendered(leads::report::to_report(std::move(*merged))) == rendered(single));
    }
  }

  TEST_CASE("report::merge, a tangled history in shards") {
    for (std::uint64_t seed : {1, 2, 3}) {
      CAPTURE(seed);
      Workspace ws;
      write_tangled(ws, seed);
      for (std::optional<std::string> by :
           {std::optional<std::string>(), std::optional<std::string>("owner")}) {
        Options options;
        options.period = "2026-11";
        options.now = 1796558400; // 2026-12-06T12:00:00Z
        options.every = leads::report::Every::week;
        options.by = by;
        options.threads = 2;
        const Report single = compute(leads::config::defaults(), options, ws.leads_file, ws.events_file);
        // The workspace has what the test means to tangle.
        CHECK(single.retention.referred > 20);
        CHECK(single.retention.advocates.size() > 3);
        CHECK(single.notes.size() == 4);
        CHECK(single.feedback.size() > 20);
        const std::string expected = rendered(single);
        CHECK(rendered(leads::report::to_report(merged_shards(ws, options, {3, 1, 2}))) == expected);
        CHECK(rendered(leads::report::to_report(merged_shards(ws, options, {2, 7, 5, 1, 6, 3, 4}))) ==
              expected);
      }
    }
  }

  TEST_CASE("report::merge, partials that do not agree") {
    Workspace ws;
    write_example(ws);
    const auto& config = leads::config::defaults();
    Options options = example_options();
    Partial base = compute_partial(config, options, ws.leads_file, ws.events_file);
    base.origin = "a.json:1";
    auto merge_with = [&](Options other, const leads::config::Config& settings = leads::config::defaults()) {
      Partial into = base;
      Partial from = compute_partial(settings, other, ws.leads_file, ws.events_file);
      from.origin = "b.json:1";
      return error_of([&] { leads::report::merge(into, std::move(from)); });
    };

    SUBCASE("the period, as-of, --by, --every") {
      Options other = options;
      other.period = "2026-W46";
      CHECK(merge_with(other) ==
            "b.json:1: the partials do not merge: this one is of the period 2026-W46, and "
            "a.json:1 2026-W47");
      other = options;
      other.now += 1;
      CHECK(merge_with(other) ==
            "b.json:1: the partials do not merge: this one is as of 2026-11-27T12:00:01Z, "
            "and a.json:1 2026-11-27T12:00:00Z");
      other = options;
      other.by = "source";
      CHECK(merge_with(other) ==
            "b.json:1: the partials do not merge: this one is broken down by 'source', and "
            "a.json:1 nothing (no --by)");
      other = options;
      other.every = leads::report::Every::month;
      CHECK(merge_with(other) ==
            "b.json:1: the partials do not merge: this one has a trend by month, and a.json:1 week");
    }

    SUBCASE("settings") {
      leads::config::Config config = leads::config::defaults();
      config.routing.sla_hours = 48;
      CHECK(merge_with(options, config) ==
            "b.json:1: the partials do not merge: this one has routing.sla_hours 48, and a.json:1 24");
      config = leads::config::defaults();
      config.report.top = 5;
      CHECK(merge_with(options, config) ==
            "b.json:1: the partials do not merge: this one has report.top 5, and a.json:1 10");
      config = leads::config::defaults();
      config.stages[0].next.pop_back(); // new no longer moves to disqualified: the same pairs shown
      CHECK(merge_with(options, config) == "no error");
      config.stages.pop_back(); // lost
      CHECK(merge_with(options, config).find("this one has the stages new, engaged,") != std::string::npos);
    }

    SUBCASE("shards") {
      Options other = options;
      other.shard = Shard{1, 2};
      CHECK(merge_with(other) ==
            "b.json:1: the partials do not merge: this one is shard 1/2, and a.json:1 no "
            "shard (made without --shard)");
      options.shard = Shard{1, 2};
      base = compute_partial(config, options, ws.leads_file, ws.events_file);
      base.origin = "a.json:1";
      other.shard = Shard{1, 3};
      CHECK(merge_with(other) ==
            "b.json:1: the partials do not merge: this one is shard 1/3, and a.json:1 shard 1/2");
      other.shard = Shard{1, 2};
      CHECK(merge_with(other) ==
            "b.json:1: the partials do not merge: shard 1/2 is in this one and in a.json:1 too");
    }

    SUBCASE("the shards a merge lacks") {
      options.shard = Shard{2, 5};
      Partial p = compute_partial(config, options, ws.leads_file, ws.events_file);
      options.shard = Shard{4, 5};
      leads::report::merge(p, compute_partial(config, options, ws.leads_file, ws.events_file));
      CHECK(p.shards == std::vector<std::uint32_t>{2, 4});
      CHECK(leads::report::missing_shards(p) == std::vector<std::string>{"1/5", "3/5", "5/5"});
      const Report r = leads::report::to_report(p);
      REQUIRE_FALSE(r.notes.empty());
      CHECK(r.notes[0].text.starts_with("only the leads of shards 2/5, 4/5 (by id"));
      CHECK(leads::report::missing_shards(base).empty());
    }
  }

  TEST_CASE("report::write_partial and read_partials") {
    Workspace ws;
    write_example(ws);
    Options options = example_options();
    options.by = "source";
    options.shard = Shard{2, 3};
    const Partial partial =
        compute_partial(leads::config::defaults(), options, ws.leads_file, ws.events_file);

    SUBCASE("one line of JSON, versioned, that reads back to the same partial") {
      const std::string text = leads::report::write_partial(partial);
      CHECK(text.starts_with(
          "{\"format\":\"leads-report-partial\",\"version\":1,\"as_of\":\"2026-11-27T12:00:00Z\","
          "\"period\":{\"label\":\"2026-W47\",\"kind\":\"week\",\"start\":\"2026-11-16T00:00:00Z\","
          "\"end\":\"2026-11-23T00:00:00Z\"},"));
      CHECK(text.find("\"by\":\"source\",\"shard\":{\"count\":3,\"held\":[2]},") != std::string::npos);
      CHECK(std::count(text.begin(), text.end(), '\n') == 1);
      CHECK(text.back() == '\n');
      const Partial back = round_trip(partial);
      CHECK(leads::report::write_partial(back) == text);
      CHECK(back.origin == "part.json:1");
      CHECK(rendered(leads::report::to_report(back)) == rendered(leads::report::to_report(partial)));
    }

    SUBCASE("text that is not UTF-8 comes back byte for byte") {
      Partial p = partial;
      p.other_stages["n\xffrture"] = 2;
      p.feedback[{9,
                  "w\xe9"
                  "b",
                  "caf\xe9"}] = {3, 1};
      const std::string text = leads::report::write_partial(p);
      CHECK(text.find("[{\"hex\":\"6eff7274757265\"},2]") != std::string::npos);
      const Partial back = round_trip(p);
      CHECK(back.other_stages == p.other_stages);
      CHECK(back.feedback == p.feedback);
    }

    SUBCASE("several partials a stream, blank lines between") {
      std::istringstream in(leads::report::write_partial(partial) + "\n  \n" +
                            leads::report::write_partial(partial));
      std::vector<std::string> origins;
      leads::report::read_partials(in, "-", [&](Partial p) { origins.push_back(p.origin); });
      CHECK(origins == std::vector<std::string>{"-:1", "-:4"});
    }

    SUBCASE("what is not a partial of this version") {
      auto read = [](const std::string& text) {
        return error_of([&] {
          std::istringstream in(text);
          leads::report::read_partials(in, "p.json", [](Partial) {});
        });
      };
      CHECK(read("\n{\"format\": \"leads-report-partial\"")
                .starts_with("p.json:2:34: not a partial of leads report: the line is not JSON"));
      CHECK(read("{\"a\": 1}") ==
            "p.json:1: not a partial of leads report: it has no \"format\": \"leads-report-partial\"");
      CHECK(read("{\"format\": \"leads-report-partial\", \"version\": 2}") ==
            "p.json:1: the partial is of version 2; this leads reads version 1");
      std::string text = leads::report::write_partial(partial);
      const std::size_t at = text.find("\"leads\":{\"count\":");
      CHECK(read(text.substr(0, at) + "\"leads\":{\"count\":\"many\"" + text.substr(text.find(',', at)))
                .starts_with("p.json:1: the partial is damaged: "));
      text = leads::report::write_partial(partial);
      text.replace(text.find("\"held\":[2]"), 10, "\"held\":[4]");
      CHECK(read(text) == "p.json:1: the partial is damaged: 'shard' holds no shards of its count");
    }
  }
}
