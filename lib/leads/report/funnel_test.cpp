#include <leads/report/funnel.hpp>

#include <leads/config/config.hpp>
#include <leads/error.hpp>
#include <leads/normalize/date.hpp>
#include <leads/report/render.hpp>
#include <leads/report/test_workspace.hpp>

#include <doctest/doctest.h>

#include <algorithm>

using leads::Field;
using leads::report::Compared;
using leads::report::compute;
using leads::report::Durations;
using leads::report::Options;
using leads::report::Ratio;
using leads::report::Report;
using leads::report::Target;
using leads::report::testing::id;
using leads::report::testing::Workspace;
using leads::report::testing::write_example;

namespace {

constexpr std::int64_t k_day = 86400;
constexpr std::int64_t k_hour = 3600;

Options example_options() {
  Options options;
  options.period = "2026-W47";
  options.now = 1795780800; // 2026-11-27T12:00:00Z
  return options;
}

Report example_report(const Workspace& ws, Options options = example_options()) {
  return compute(leads::config::defaults(), options, ws.leads_file, ws.events_file);
}

std::size_t stage(const Report& r, std::string_view name) {
  for (std::size_t i = 0; i < r.stages.size(); ++i) {
    if (r.stages[i].name == name) {
      return i;
    }
  }
  FAIL("no stage " << name);
  return 0;
}

// The share of a conversion row, as "reached/entered" now and before.
std::string conversion(const Report& r, const leads::report::GroupFunnel& f, std::string_view from,
                       std::string_view to) {
  for (const auto& row : f.conversion) {
    if (r.stages[row.from].name == from && r.target_name(row.to) == to) {
      return fmt::format("{}/{} {}/{}", row.share.current.numerator, row.share.current.denominator,
                         row.share.previous.numerator, row.share.previous.denominator);
    }
  }
  return "none";
}

const leads::report::VelocityRow* velocity(const Report& r, const leads::report::GroupFunnel& f,
                                           std::string_view from, std::string_view to) {
  for (const auto& row : f.velocity) {
    if (r.stages[row.from].name == from && r.target_name(row.to) == to) {
      return &row;
    }
  }
  return nullptr;
}

} // namespace

TEST_SUITE("report") {

  TEST_CASE("report::compute, the worked example") {
    Workspace ws;
    write_example(ws);
    const Report r = example_report(ws);

    SUBCASE("the period, the one before, the parameters") {
      CHECK(r.period.label == "2026-W47");
      CHECK(r.previous.label == "2026-W46");
      CHECK(r.handoff_stage == "sal");
      CHECK(r.sla_hours == 24);
      CHECK(r.events == 33);
    }

    SUBCASE("leads per stage now, from leads.csv") {
      CHECK(r.leads == 7);
      std::vector<long> expected(r.stages.size(), 0);
      for (auto name : {"customer", "sql", "lost", "mql", "recycled", "new", "sal"}) {
        expected[stage(r, name)] = 1;
      }
      CHECK(r.leads_now == expected);
      CHECK(r.leads_other_stage == 0);
    }

    SUBCASE("entered: once per lead and stage, created events too") {
      auto entered = [&](std::string_view name) { return r.all.entered[stage(r, name)]; };
      // W47: new L5; mql L4 (created, starts where it is now) and L5; sal L2, L5, L7;
      // sql L2; opportunity L1; customer L1; recycled L5; lost L3.
      CHECK(entered("new") == Compared<long>{1, 2});     // W46: L6, L7
      CHECK(entered("engaged") == Compared<long>{0, 0}); // L3 entered engaged on 11-01 (W44)
      CHECK(entered("mql") == Compared<long>{2, 1});     // W46: L7
      CHECK(entered("sal") == Compared<long>{3, 2});     // W46: L1, L3
      CHECK(entered("sql") == Compared<long>{1, 2});     // W46: L1, L3
      CHECK(entered("opportunity") == Compared<long>{1, 0});
      CHECK(entered("customer") == Compared<long>{1, 0});
      CHECK(entered("advocate") == Compared<long>{0, 0});
      CHECK(entered("recycled") == Compared<long>{1, 0});
      CHECK(entered("lost") == Compared<long>{1, 0});
    }

    SUBCASE("conversion by cohort: reached by now, exits only by entering them") {
      CHECK(conversion(r, r.all, "new", "engaged") == "1/1 1/2"); // L5 reached mql; W46: L7 yes, L6 no
      CHECK(conversion(r, r.all, "new", "won") == "0/1 0/2");
      CHECK(conversion(r, r.all, "mql", "sal") == "1/2 1/1"); // L5 yes, L4 no; W46: L7
      CHECK(conversion(r, r.all, "sal", "sql") == "1/3 2/2"); // L2 yes; L5 recycled, L7 waits
      CHECK(conversion(r, r.all, "sal", "won") == "0/3 1/2"); // W46: L1 won, L3 lost
      CHECK(conversion(r, r.all, "sql", "opportunity") == "0/1 1/2");
      CHECK(conversion(r, r.all, "opportunity", "customer") == "1/1 0/0");
      CHECK(conversion(r, r.all, "customer", "advocate") == "0/1 0/0");
      CHECK(conversion(r, r.all, "customer", "won") == "none"); // customer is won
      CHECK(conversion(r, r.all, "recycled", "won") == "0/1 0/0");
      CHECK(conversion(r, r.all, "recycled", "engaged") == "none"); // exits have no next stage
    }

    SUBCASE("win rate: won, or lost without having won") {
      CHECK(r.all.win_rate.current == Ratio{1, 2}); // L1 won, L3 lost
      CHECK(r.all.win_rate.previous == Ratio{0, 0});
    }

    SUBCASE("velocity: median and p90, exact to the second") {
      // mql -> sal: L2 11-05 -> 11-16T09 = 11 d 9 h; L5 11-17T06 -> 11-20 = 2 d 18 h;
      // L7 11-12 -> 11-21T12 = 9 d 12 h. Sorted: 2d18h, 9d12h, 11d9h: the median is
      // the middle one, p90 the ceil(2.7) = 3rd.
      const auto* row = velocity(r, r.all, "mql", "sal");
      REQUIRE(row != nullptr);
      CHECK(row->days.current == Durations{3, 9 * k_day + 12 * k_hour, 11 * k_day + 9 * k_hour});
      // W46: L1 11-02 -> 11-09T10, L3 11-04 -> 11-11T12: (7d10h + 7d12h) / 2 = 7d11h.
      CHECK(row->days.previous == Durations{2, 7 * k_day + 11 * k_hour, 7 * k_day + 12 * k_hour});
      // engaged -> mql: nobody who entered mql in either week had entered engaged before.
      CHECK(velocity(r, r.all, "engaged", "mql") == nullptr);
      row = velocity(r, r.all, "opportunity", "customer");
      REQUIRE(row != nullptr);
      CHECK(row->days.current == Durations{1, 2 * k_day, 2 * k_day});
      CHECK_FALSE(row->days.previous.has_value());
      // new -> won: L1 10-01 -> 11-18T10 = 31 + 17 days and 10 hours.
      row = velocity(r, r.all, "new", "won");
      REQUIRE(row != nullptr);
      CHECK(row->days.current == Durations{1, 48 * k_day + 10 * k_hour, 48 * k_day + 10 * k_hour});
      // sal -> closed: L1 won 9 d after its sal entry, L3 lost 7 d 12 h after:
      // the median is the midpoint, 8 d 6 h; p90 the 2nd.
      row = velocity(r, r.all, "sal", "closed");
      REQUIRE(row != nullptr);
      CHECK(row->days.current == Durations{2, 8 * k_day + 6 * k_hour, 9 * k_day});
      // engaged -> closed: only L3 entered engaged (11-01), lost 18 days later.
      row = velocity(r, r.all, "engaged", "closed");
      REQUIRE(row != nullptr);
      CHECK(row->days.current == Durations{1, 18 * k_day, 18 * k_day});
      CHECK(velocity(r, r.all, "lost", "closed") == nullptr); // a lost stage closes, it is no start
    }

    SUBCASE("SLA per owner at the handoff") {
      // W47: L2 (ben, left after 48 h: late), L5 (cy, left after exactly 24 h: in
      // time), L7 (ben, still in sal after 6 days: overdue). W46: L1 (ana by its
      // owner event, 22 h: in time), L3 (no owner event: its owner now, ana; 8 h).
      REQUIRE(r.sla.size() == 3);
      CHECK(r.sla[0].owner == "ana");
      CHECK(r.sla[0].in_time == Compared<long>{0, 2});
      CHECK(r.sla[1].owner == "ben");
      CHECK(r.sla[1].late == Compared<long>{1, 0});
      CHECK(r.sla[1].overdue == Compared<long>{1, 0});
      CHECK(r.sla[2].owner == "cy");
      CHECK(r.sla[2].in_time == Compared<long>{1, 0});
      CHECK(r.sla_total.in_time == Compared<long>{1, 2});
      CHECK(r.sla_total.waiting == Compared<long>{0, 0});
      CHECK(r.sla_total.compliance().current == Ratio{1, 3});
      CHECK(r.sla_total.compliance().previous == Ratio{2, 2});
    }

    SUBCASE("feedback by stage, source and reason, most first") {
      REQUIRE(r.feedback.size() == 2);
      // Equal counts: in stage order (recycled before lost).
      CHECK(r.stages[r.feedback[0].stage].name == "recycled");
      CHECK(r.feedback[0].source == "web");
      CHECK(r.feedback[0].reason == "no budget");
      CHECK(r.feedback[1].reason == "budget"); // trimmed
      CHECK(r.feedback[1].source == "ads");
      CHECK(r.feedback[1].count == Compared<long>{1, 0});
    }

    SUBCASE("retention and referrals") {
      CHECK(r.retention.customers_at_start == Compared<long>{0, 0});
      CHECK(r.retention.won == Compared<long>{1, 0});
      CHECK(r.retention.churned == Compared<long>{0, 0});
      // L5 names L1 by email (in another case), L6 by id.
      CHECK(r.retention.referred == 2);
      CHECK(r.retention.referred_created == Compared<long>{1, 1}); // L5 11-17, L6 11-10
      CHECK(r.retention.referred_win_rate.current == Ratio{0, 0});
      CHECK(r.retention.others_win_rate.current == Ratio{1, 2});
      REQUIRE(r.retention.advocates.size() == 1);
      CHECK(r.retention.advocates[0].name == "Ada Lovelace");
      CHECK(r.retention.advocates[0].email == "a@x.com");
      CHECK(r.retention.advocates[0].referred == 2);
      CHECK(r.retention.advocates[0].referred_created == Compared<long>{1, 1});
    }

    SUBCASE("the weekly trend: 8 weeks ending with the period") {
      REQUIRE(r.trend.buckets.size() == 8);
      CHECK(r.trend.before.period.label == "2026-W39");
      CHECK(r.trend.buckets[0].period.label == "2026-W40");
      auto entered = [&](std::size_t b, std::string_view name) {
        return r.trend.buckets[b].entered[stage(r, name)];
      };
      CHECK(entered(0, "new") == 1);     // L1 10-01
      CHECK(entered(4, "engaged") == 1); // W44: L3 11-01
      CHECK(entered(5, "new") == 1);     // W45: L2
      CHECK(entered(5, "mql") == 3);     // W45: L1, L2, L3
      CHECK(entered(6, "new") == 2);     // W46 as above
      CHECK(entered(7, "sal") == 3);     // W47 as above
      CHECK(r.trend.buckets[7].win_rate == Ratio{1, 2});
      CHECK(r.trend.buckets[6].win_rate == Ratio{0, 0});
    }

    SUBCASE("notes on what was left out") {
      REQUIRE(r.notes.size() == 3);
      CHECK(r.notes[0].text ==
            "1 event of events.csv names a stage that leads.yaml does not have, and was left "
            "out: 'nurture' (1)");
      CHECK(r.notes[1].text.starts_with("1 created or stage event of events.csv names no lead"));
      CHECK(r.notes[2].text.starts_with("1 event of events.csv is dated after the report's time"));
      CHECK(r.notes[2].text.ends_with("the leads per stage, the customers and the referrers are those of "
                                      "leads.csv as it is, not as it was then"));
    }
  }

  TEST_CASE("report::compute, retention, losses and waiting") {
    // Week 2026-W47 (Nov 16-22) as of Sunday Nov 22 noon, the week before W46 (Nov 9-15):
    //   A customer since 10-01 (created there), churned 11-18 ("price")
    //   B new 10-20, customer 11-02
    //   C new 11-01, lost 11-10, recycled 11-12, customer 11-17
    //   D new 11-20, sal 11-22T01:00 (11 hours before now, within the 24 of the SLA)
    //   E new 10-25, customer 11-03, advocate 11-19
    Workspace ws;
    using F = Field;
    ws.write_leads({{{F::id, id(11)}, {F::stage, "churned"}},
                    {{F::id, id(12)}, {F::stage, "customer"}},
                    {{F::id, id(13)}, {F::stage, "customer"}},
                    {{F::id, id(14)}, {F::stage, "sal"}, {F::owner, "dee"}},
                    {{F::id, id(15)}, {F::stage, "advocate"}}});
    ws.write_events({
        {"2026-10-01T00:00:00Z", id(11), "created", "", "customer", "import", "crm.csv:2"},
        {"2026-11-18T00:00:00Z", id(11), "stage", "customer", "churned", "ana", "price"},
        {"2026-10-20T00:00:00Z", id(12), "created", "", "new", "import", "crm.csv:3"},
        {"2026-11-02T00:00:00Z", id(12), "stage", "new", "customer", "ben", ""},
        {"2026-11-01T00:00:00Z", id(13), "created", "", "new", "import", "crm.csv:4"},
        {"2026-11-10T00:00:00Z", id(13), "stage", "new", "lost", "ben", "timing"},
        {"2026-11-12T00:00:00Z", id(13), "stage", "lost", "recycled", "ben", "back"},
        {"2026-11-17T00:00:00Z", id(13), "stage", "recycled", "customer", "ben", ""},
        {"2026-11-20T00:00:00Z", id(14), "created", "", "new", "form", ""},
        {"2026-11-22T01:00:00Z", id(14), "stage", "new", "sal", "handoff", ""},
        {"2026-10-25T00:00:00Z", id(15), "created", "", "new", "form", ""},
        {"2026-11-03T00:00:00Z", id(15), "stage", "new", "customer", "cy", ""},
        {"2026-11-19T00:00:00Z", id(15), "stage", "customer", "advocate", "cy", ""},
    });
    Options options;
    options.period = "this-week";
    options.now = 1795780800 - 5 * k_day; // 2026-11-22T12:00:00Z
    const Report r = example_report(ws, options);
    REQUIRE(r.period.label == "2026-W47");
    // In a won stage when W47 started: A (customer since 10-01), B (11-02), E (11-03); when W46 started, the
    // same.
    CHECK(r.retention.customers_at_start == Compared<long>{3, 3});
    CHECK(r.retention.churned == Compared<long>{1, 0}); // A
    CHECK(r.retention.churn_rate().current == Ratio{1, 3});
    CHECK(r.retention.won == Compared<long>{1, 0}); // C; E's advocate entry is no first win
    // A churned from a won stage: no loss. C was lost in W46, before it won.
    CHECK(r.all.win_rate.current == Ratio{1, 1});
    CHECK(r.all.win_rate.previous == Ratio{0, 1});
    CHECK(r.all.entered[stage(r, "advocate")] == Compared<long>{1, 0});
    CHECK(conversion(r, r.all, "customer", "advocate") == "0/1 0/0"); // C, entered customer in W47
    CHECK(conversion(r, r.all, "recycled", "won") == "0/0 1/1");      // C recycled in W46, won since
    // D waits in sal, 11 hours: within the SLA, not overdue, and no compliance to speak of.
    REQUIRE(r.sla.size() == 1);
    CHECK(r.sla[0].owner == "dee");
    CHECK(r.sla[0].waiting == Compared<long>{1, 0});
    CHECK(r.sla_total.overdue == Compared<long>{0, 0});
    CHECK(r.sla_total.compliance().current == Ratio{0, 0});
    // Feedback: A's churn (price) in W47; C's loss (timing) and recycle (back) in W46.
    REQUIRE(r.feedback.size() == 3);
    CHECK(r.feedback[0].reason == "price");
    CHECK(r.feedback[0].count == Compared<long>{1, 0});
    CHECK(r.feedback[1].reason == "back"); // recycled before lost, in stage order
    CHECK(r.feedback[2].reason == "timing");
    CHECK(r.notes.empty());
  }

  TEST_CASE("report::compute --every month") {
    Workspace ws;
    write_example(ws);
    Options options = example_options();
    options.every = leads::report::Every::month;
    const Report r = example_report(ws, options);
    // W47 lies in one month: the 8 months ending with November.
    REQUIRE(r.trend.buckets.size() == 8);
    CHECK(r.trend.before.period.label == "2026-03");
    CHECK(r.trend.buckets.front().period.label == "2026-04");
    CHECK(r.trend.buckets.back().period.label == "2026-11");
    const auto& november = r.trend.buckets.back();
    // November: new L2, L5, L6, L7; mql L1, L2, L3, L4, L5, L7; sal L1, L2, L3, L5, L7; L1 won, L3 lost.
    CHECK(november.entered[stage(r, "new")] == 4);
    CHECK(november.entered[stage(r, "engaged")] == 1); // L3 started there on 11-01
    CHECK(november.entered[stage(r, "mql")] == 6);
    CHECK(november.entered[stage(r, "sal")] == 5);
    CHECK(november.win_rate == Ratio{1, 2});
    CHECK(r.trend.buckets[6].entered[stage(r, "new")] == 1); // October: L1
  }

  TEST_CASE("report::compute, an empty workspace") {
    Workspace ws; // neither leads.csv nor events.csv
    Report r = example_report(ws);
    CHECK(r.leads == 0);
    CHECK(r.events == 0);
    CHECK(r.all.win_rate.current == Ratio{0, 0});
    CHECK(r.trend.buckets.size() == 8);
    ws.write_leads({});
    ws.write_events({});
    r = example_report(ws);
    CHECK(r.leads == 0);
    CHECK(r.sla.empty());
    CHECK(r.feedback.empty());
    CHECK(r.notes.empty());
  }

  TEST_CASE("report::compute --by") {
    Workspace ws;
    write_example(ws);
    Options options = example_options();
    options.by = "owner";
    const Report r = example_report(ws, options);
    REQUIRE(r.groups.size() == 4);
    CHECK(r.groups[0].name == "ana");
    CHECK(r.groups[1].name == "ben");
    CHECK(r.groups[2].name == "cy");
    CHECK(r.groups[3].name == "(none)"); // empty values last
    CHECK(r.groups[3].leads == 2);       // L4, L6
    // ana: L1 (opportunity, customer: won) and L3 (lost).
    CHECK(r.groups[0].win_rate.current == Ratio{1, 2});
    CHECK(r.groups[0].entered[stage(r, "customer")] == Compared<long>{1, 0});
    // ben: L2 and L7 entered sal in W47; L7 was new and mql in W46.
    CHECK(r.groups[1].entered[stage(r, "sal")] == Compared<long>{2, 0});
    CHECK(r.groups[1].entered[stage(r, "new")] == Compared<long>{0, 1});
    CHECK(conversion(r, r.groups[1], "sal", "sql") == "1/2 0/0");
    const auto* row = velocity(r, r.groups[1], "mql", "sal");
    REQUIRE(row != nullptr);
    // L2 11d9h and L7 9d12h: midpoint 10d10h30m.
    CHECK(row->days.current == Durations{2, 10 * k_day + 10 * k_hour + 1800, 11 * k_day + 9 * k_hour});
    // The groups add up to the whole.
    for (std::size_t s = 0; s < r.stages.size(); ++s) {
      long sum = 0;
      for (const auto& g : r.groups) {
        sum += g.entered[s].current;
      }
      CHECK(sum == r.all.entered[s].current);
    }

    SUBCASE("an unknown column is a usage error with a suggestion") {
      options.by = "ownr";
      try {
        example_report(ws, options);
        FAIL("no error");
      } catch (const leads::Error& e) {
        CHECK(e.kind() == leads::ErrorKind::usage);
        CHECK(e.message() == "unknown field 'ownr' in --by; did you mean 'owner'?");
      }
    }
  }

} // TEST_SUITE

TEST_SUITE("report") {

  TEST_CASE("report::compute, the same numbers on any number of threads") {
    // A few hundred leads with random histories, notes with commas, quotes and
    // line breaks (so that some parts of the files start inside a quoted field),
    // a --by column with a quote in it: every thread count must give the same bytes.
    Workspace ws;
    std::uint64_t state = 7;
    auto next = [&](std::uint64_t n) {
      state = state * 6364136223846793005ULL + 1442695040888963407ULL;
      return (state >> 33) % n;
    };
    const std::vector<std::string> stages = {"new",     "engaged",     "mql",          "sal",
                                             "sql",     "opportunity", "customer",     "advocate",
                                             "churned", "recycled",    "disqualified", "lost"};
    std::string long_note;
    for (int k = 0; k < 12; ++k) {
      long_note += "a reason over\nmany lines, ";
    }
    const std::vector<std::string> notes = {"", "budget", "no \"reply\", twice", long_note, "spam"};
    std::vector<leads::report::testing::LeadFields> leads;
    std::vector<leads::report::testing::EventFields> events;
    const std::int64_t base = 1790000000; // 2026-09-21
    for (int i = 1; i <= 400; ++i) {
      const std::string lead_id = id(i * 7919);
      int stage = 0;
      std::int64_t at = base + static_cast<std::int64_t>(next(60 * 86400));
      events.push_back({leads::normalize::format_iso(at), lead_id, "created", "", next(3) == 0 ? "" : "new",
                        "import", "a.csv:" + std::to_string(i)});
      for (int move = 0; move < 6; ++move) {
        const int to = static_cast<int>(next(stages.size()));
        at += static_cast<std::int64_t>(next(9 * 86400));
        if (next(4) == 0) {
          events.push_back({leads::normalize::format_iso(at), lead_id, "owner", "",
                            next(2) == 0 ? "ana" : "b,en", "handoff", ""});
        }
        events.push_back({leads::normalize::format_iso(at), lead_id, "stage", stages[stage], stages[to], "x",
                          notes[next(notes.size())]});
        stage = to;
      }
      leads.push_back({{Field::id, lead_id},
                       {Field::email, fmt::format("p{}@x.com", i)},
                       {Field::company, next(2) == 0 ? "Acme" : "Line\nbreak\nand\nmore\nlines\n,\"quoted\""},
                       {Field::source, next(2) == 0 ? "web" : "say \"hi\""},
                       {Field::stage, stages[stage]},
                       {Field::owner, next(3) == 0 ? "" : "cy"},
                       {Field::referred_by, next(5) == 0 ? fmt::format("p{}@x.com", 1 + next(i)) : ""}});
    }
    // Run order: shuffled a little, not by time.
    for (std::size_t i = events.size(); i > 1; --i) {
      if (next(3) == 0) {
        std::swap(events[i - 1], events[next(i)]);
      }
    }
    ws.write_leads(leads);
    ws.write_events(events);
    Options options;
    options.period = "2026-10-05..2026-11-08";
    options.now = 1795780800;
    options.by = "source";
    options.threads = 1;
    const std::string one =
        leads::report::render(compute(leads::config::defaults(), options, ws.leads_file, ws.events_file),
                              leads::report::Format::json);
    CHECK(one.find("\"lost\"") != std::string::npos);
    for (std::size_t threads : {2, 3, 4, 7}) {
      CAPTURE(threads);
      options.threads = threads;
      const std::string many =
          leads::report::render(compute(leads::config::defaults(), options, ws.leads_file, ws.events_file),
                                leads::report::Format::json);
      CHECK(many == one);
    }
  }

} // TEST_SUITE
