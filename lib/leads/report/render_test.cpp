#include <leads/report/render.hpp>

#include <leads/config/config.hpp>
#include <leads/csv/reader.hpp>
#include <leads/report/funnel.hpp>
#include <leads/report/numbers.hpp>
#include <leads/report/test_workspace.hpp>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <map>
#include <sstream>

using leads::report::Format;
using leads::report::render;
using leads::report::Report;
using leads::report::testing::Workspace;

namespace {

// The worked example of funnel_test.cpp (2026-W47 as of 2026-11-27 noon), by source.
Report example(const Workspace& ws, bool by_source = true) {
  leads::report::testing::write_example(ws);
  leads::report::Options options;
  options.period = "2026-W47";
  options.now = 1795780800;
  if (by_source) {
    options.by = "source";
  }
  return leads::report::compute(leads::config::defaults(), options, ws.leads_file, ws.events_file);
}

// The lines of text from the one starting with `first` up to the next empty line.
std::vector<std::string> block(const std::string& text, std::string_view first) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  std::string line;
  bool inside = false;
  while (std::getline(in, line)) {
    if (!inside && line.starts_with(first)) {
      inside = true;
    }
    if (inside) {
      if (line.empty()) {
        break;
      }
      lines.push_back(line);
    }
  }
  return lines;
}

// Rows of the long csv, keyed by their first eight cells joined with '|', to value and previous.
std::map<std::string, std::pair<std::string, std::string>> csv_rows(const std::string& text) {
  std::map<std::string, std::pair<std::string, std::string>> rows;
  leads::csv::ReaderOptions options;
  options.delimiter = ',';
  auto reader = leads::csv::Reader::from_string(text, options);
  CHECK(reader->header() == std::vector<std::string>{"section", "group", "bucket", "stage", "to_stage",
                                                     "subject", "reason", "metric", "value", "previous"});
  leads::csv::Record record;
  while (reader->next(record)) {
    std::string key;
    for (std::size_t i = 0; i < 8; ++i) {
      key += std::string(record.fields[i]) + (i < 7 ? "|" : "");
    }
    CHECK_MESSAGE((rows.count(key) == 0 || record.fields[0] == "notes"), key);
    rows[key] = {std::string(record.fields[8]), std::string(record.fields[9])};
  }
  return rows;
}

} // namespace

TEST_SUITE("report") {

  TEST_CASE("report::numbers") {
    using namespace leads::report::detail;
    using leads::report::Compared;
    using leads::report::Ratio;
    CHECK(count(0) == "0");
    CHECK(count(999) == "999");
    CHECK(count(1000) == "1,000");
    CHECK(count(-1234567) == "-1,234,567");
    CHECK(percent(Ratio{1, 3}) == "33.3%");
    CHECK(percent(Ratio{2, 3}) == "66.7%");
    CHECK(percent(Ratio{0, 0}) == "-");
    CHECK(count_change(Compared<long>{15, 3}) == "+12");
    CHECK(count_change(Compared<long>{3, 1003}) == "-1,000");
    CHECK(count_change(Compared<long>{4, 4}) == "0");
    // 1/4 - 2/5 = 25% - 40%
    CHECK(share_change(Compared<Ratio>{{1, 4}, {2, 5}}) == "-15.0 pp");
    CHECK(share_change(Compared<Ratio>{{1, 3}, {1, 3}}) == "0.0 pp");
    CHECK(share_change(Compared<Ratio>{{1, 3}, {0, 0}}) == "-");
    CHECK(days(9.5 * 86400) == "9.5");
    CHECK(days_change(3.0 * 86400, 1.75 * 86400) == "+1.2"); // 1.25 rounds to even in the last place shown
    CHECK(days_change(std::nullopt, 1.0) == "-");
    CHECK(decimal(1.0 / 3) == "0.3333");
    CHECK(decimal(2.0) == "2");
    CHECK(decimal(-0.00001) == "0");
  }

  TEST_CASE("report::render table") {
    Workspace ws;
    const Report r = example(ws);
    const std::string text = render(r, Format::table);
    CHECK(text.starts_with("Funnel 2026-W47 (2026-11-16 to 2026-11-22)\n"
                           "As of 2026-11-27T12:00:00Z; compared with 2026-W46 (2026-11-09 to 2026-11-15).\n"
                           "7 leads, 33 events; handoff stage sal, SLA 24 hours.\n"));
    // Numbers right-aligned under their heading; changes signed.
    CHECK(block(text, "Entered in the period") ==
          std::vector<std::string>{
              "Entered in the period", "  stage         2026-W47  2026-W46  change",
              "  new                  1         2      -1", "  engaged              0         0       0",
              "  mql                  2         1      +1", "  sal                  3         2      +1",
              "  sql                  1         2      -1", "  opportunity          1         0      +1",
              "  customer             1         0      +1", "  advocate             0         0       0",
              "  churned              0         0       0", "  recycled             1         0      +1",
              "  disqualified         0         0       0", "  lost                 1         0      +1"});
    // SLA: ben 0 in time of 2 judged (1 late, 1 overdue); all: 1 of 3 now, 2 of 2 before.
    CHECK(
        block(text, "SLA at the handoff") ==
        std::vector<std::string>{"SLA at the handoff",
                                 "  owner  in time  late  overdue  waiting  compliance  previous    change",
                                 "  ana          0     0        0        0           -    100.0%         -",
                                 "  ben          0     1        1        0        0.0%         -         -",
                                 "  cy           1     0        0        0      100.0%         -         -",
                                 "  (all)        1     1        1        0       33.3%    100.0%  -66.7 pp"});
    // Velocity in days with one decimal: mql -> sal 9.5 (median), 11.4 (p90:
    // 11 d 9 h), before 7.5 (7 d 11 h = 7.458): +2.0.
    const auto velocity = block(text, "Velocity (days)");
    REQUIRE(velocity.size() > 2);
    CHECK(velocity[2] == "  mql          sal              3     9.5  11.4              7.5    +2.0");
    // Bold headings only when asked.
    CHECK(text.find('\x1b') == std::string::npos);
    leads::report::RenderOptions color;
    color.color = true;
    CHECK(render(r, Format::table, color).find("\x1b[1mEntered in the period\x1b[0m") != std::string::npos);
  }

  TEST_CASE("report::render csv") {
    Workspace ws;
    const Report r = example(ws);
    const std::string text = render(r, Format::csv);
    const auto rows = csv_rows(text);
    using Cells = std::pair<std::string, std::string>;
    CHECK(rows.at("report|||||||period") == Cells{"2026-W47", "2026-W46"});
    CHECK(rows.at("report|||||||as_of") == Cells{"2026-11-27T12:00:00Z", ""});
    CHECK(rows.at("now|||customer||||leads") == Cells{"1", ""});
    CHECK(rows.at("entered|(all)||sal||||leads") == Cells{"3", "2"});
    CHECK(rows.at("entered|web||sal||||leads") == Cells{"3", "1"});
    CHECK(rows.at("conversion|(all)||sal|sql|||rate") == Cells{"0.3333", "1"});
    CHECK(rows.at("win_rate|(all)||||||won") == Cells{"1", "0"});
    CHECK(rows.at("win_rate|(all)||||||rate") == Cells{"0.5", ""});
    // 9 d 12 h = 9.5 days; 11 d 9 h = 11.375.
    CHECK(rows.at("velocity|(all)||mql|sal|||median_days") == Cells{"9.5", "7.4583"});
    CHECK(rows.at("velocity|(all)||mql|sal|||p90_days") == Cells{"11.375", "7.5"});
    CHECK(rows.at("sla|||||ben||late") == Cells{"1", "0"});
    CHECK(rows.at("sla|||||(all)||compliance") == Cells{"0.3333", "1"});
    CHECK(rows.at("feedback|||lost||ads|budget|entries") == Cells{"1", "0"});
    CHECK(rows.at("retention|||||||referred") == Cells{"2", ""});
    CHECK(rows.at("advocates|||||a@x.com||referred_created") == Cells{"1", "1"});
    // The trend's previous is the bucket before: W46 had 2 sal entries.
    CHECK(rows.at("trend||2026-W47|sal||||entered") == Cells{"3", "2"});
    CHECK(rows.at("trend||2026-W40|new||||entered") == Cells{"1", "0"});
    // The source "<script>" is a group like any other, quoted only if needed.
    CHECK(rows.at("entered|<script>||new||||leads") == Cells{"0", "1"});
    CHECK(text.find("\r") == std::string::npos);
  }

  TEST_CASE("report::render csv, values that need quotes") {
    // A source with a comma, quotes and a line break, and a reason likewise,
    // read back by an RFC 4180 reader exactly as they were.
    Workspace ws;
    const std::string source = "web, \"paid\"\nretargeting";
    const std::string reason = "said \"no\",\r\nthen left";
    ws.write_leads({{{leads::Field::id, leads::report::testing::id(1)},
                     {leads::Field::source, source},
                     {leads::Field::stage, "lost"}}});
    ws.write_events(
        {{"2026-11-18T00:00:00Z", leads::report::testing::id(1), "stage", "sql", "lost", "ana", reason}});
    leads::report::Options options;
    options.period = "2026-W47";
    options.now = 1795780800;
    const std::string text =
        render(leads::report::compute(leads::config::defaults(), options, ws.leads_file, ws.events_file),
               Format::csv);
    const auto rows = csv_rows(text);
    CHECK(rows.at("feedback|||lost||" + source + "|" + reason + "|entries") ==
          std::pair<std::string, std::string>{"1", "0"});
  }

  TEST_CASE("report::render json and yaml") {
    Workspace ws;
    const Report r = example(ws);
    const std::string json_text = render(r, Format::json);
    const auto json = nlohmann::json::parse(json_text);
    CHECK(json["period"]["label"] == "2026-W47");
    CHECK(json["previous"]["first_day"] == "2026-11-09");
    CHECK(json["parameters"]["sla_hours"] == 24);
    CHECK(json["parameters"]["by"] == "source");
    CHECK(json["leads"] == 7);
    CHECK(json["leads_now"]["customer"] == 1);
    CHECK(json["funnel"]["entered"]["sal"]["current"] == 3);
    CHECK(json["funnel"]["win_rate"]["rate"]["current"] == 0.5);
    CHECK(json["funnel"]["win_rate"]["rate"]["previous"].is_null());
    const auto& velocity = json["funnel"]["velocity"][0];
    CHECK(velocity["from"] == "mql");
    CHECK(velocity["current"]["median_seconds"] == 9 * 86400 + 12 * 3600);
    CHECK(velocity["current"]["p90_days"] == 11.375);
    CHECK(json["sla"]["total"]["compliance"]["current"] == 0.3333);
    CHECK(json["retention"]["referrals"]["advocates"][0]["email"] == "a@x.com");
    CHECK(json["trend"]["buckets"].size() == 8);
    CHECK(json["groups"][0]["name"] == "<script>");
    // Keys in a fixed order.
    std::vector<std::string> keys;
    const auto ordered = nlohmann::ordered_json::parse(json_text);
    for (const auto& item : ordered.items()) {
      keys.push_back(item.key());
    }
    CHECK(keys == std::vector<std::string>{"period", "previous", "as_of", "parameters", "stages", "leads",
                                           "events", "leads_now", "leads_other_stage", "funnel", "groups",
                                           "sla", "feedback", "retention", "trend", "notes"});

    // YAML: the same tree.
    const YAML::Node yaml = YAML::Load(render(r, Format::yaml));
    CHECK(yaml["period"]["label"].as<std::string>() == "2026-W47");
    CHECK(yaml["funnel"]["entered"]["sal"]["current"].as<long>() == 3);
    CHECK(yaml["funnel"]["win_rate"]["rate"]["previous"].IsNull());
    CHECK(yaml["funnel"]["velocity"][0]["current"]["p90_days"].as<double>() == 11.375);
    CHECK(yaml["groups"][0]["name"].as<std::string>() == "<script>");
    CHECK(yaml["trend"]["buckets"].size() == 8);
    CHECK(yaml["notes"].size() == json["notes"].size());
    CHECK(yaml["stages"][6]["won"].as<bool>());
  }

  TEST_CASE("report::render md") {
    Workspace ws;
    const Report r = example(ws);
    const std::string md = render(r, Format::md);
    CHECK(md.starts_with("# Funnel 2026-W47 (2026-11-16 to 2026-11-22)\n\n"));
    CHECK(md.find("## Entered in the period\n") != std::string::npos);
    CHECK(md.find("| stage | 2026-W47 | 2026-W46 | change |\n|---|---:|---:|---:|\n| new | 1 | 2 | -1 |\n") !=
          std::string::npos);
    // Markup in values shows as text.
    CHECK(md.find("<script>") == std::string::npos);
    CHECK(md.find("| &lt;script&gt; |") != std::string::npos);
    CHECK(md.ends_with("\n"));
    CHECK(!md.ends_with("\n\n"));
  }

  TEST_CASE("report::render html") {
    Workspace ws;
    const Report r = example(ws);
    const std::string html = render(r, Format::html);
    CHECK(html.starts_with("<!DOCTYPE html>\n<html lang=\"en\">\n"));
    CHECK(html.ends_with("</html>\n"));
    // Self-contained: no script, no link, nothing fetched.
    CHECK(html.find("<script") == std::string::npos);
    CHECK(html.find("<link") == std::string::npos);
    CHECK(html.find("http") == std::string::npos);
    CHECK(html.find("url(") == std::string::npos);
    CHECK(html.find("@import") == std::string::npos);
    CHECK(html.find("&lt;script&gt;") != std::string::npos);
    CHECK(html.find("@media print") != std::string::npos);
    CHECK(html.find("<svg") != std::string::npos);
    // Every section, and the charts.
    for (const char* id : {"now", "entered", "conversion", "win-rate", "velocity", "sla", "feedback",
                           "retention", "trend", "breakdown", "notes"}) {
      CAPTURE(id);
      CHECK(html.find(fmt::format("<section id=\"{}\">", id)) != std::string::npos);
    }
    CHECK(html.find("aria-label=\"Leads that entered each stage in 2026-W47\"") != std::string::npos);
    CHECK(html.find("aria-label=\"Trend per week\"") != std::string::npos);
    // A note with quotes and markup is escaped in full.
    CHECK(html.find("budget") != std::string::npos);
  }

  TEST_CASE("report::render html, a trend of many buckets") {
    // 2026-W47 by day is 7 buckets; a year by week is 53: each bar keeps a
    // positive width, and the labels thin out so that they do not overlap.
    Workspace ws;
    leads::report::testing::write_example(ws);
    leads::report::Options options;
    options.period = "2025-12-01..2026-12-01";
    options.every = leads::report::Every::week;
    options.now = 1795780800;
    const Report r =
        leads::report::compute(leads::config::defaults(), options, ws.leads_file, ws.events_file);
    REQUIRE(r.trend.buckets.size() > 50);
    const std::string html = render(r, Format::html);
    std::size_t labels = 0;
    for (std::size_t at = html.find("text-anchor=\"middle\">"); at != std::string::npos;
         at = html.find("text-anchor=\"middle\">", at + 1)) {
      ++labels;
    }
    CHECK(labels > 0);
    // Two lines (the bucket, its win rate) under at most 11 buckets of the 694
    // pixels of plot, 64 apart; under every bucket they were over 100.
    CHECK(labels <= 24);
    CHECK(html.find("width=\"-") == std::string::npos);
    CHECK(html.find("one in ") != std::string::npos);
    // A range's heading may break after its "..", so that its table fits beside its chart.
    CHECK(html.find("<th class=\"n\">2025-12-01..<wbr>2026-12-01</th>") != std::string::npos);
  }

  TEST_CASE("report::render, deterministic bytes") {
    Workspace ws;
    const Report first = example(ws);
    Workspace again;
    const Report second = example(again);
    for (Format f : {Format::table, Format::csv, Format::json, Format::yaml, Format::md, Format::html}) {
      CHECK(render(first, f) == render(second, f));
    }
    CHECK(leads::report::parse_format("md") == Format::md);
    CHECK_FALSE(leads::report::parse_format("pdf").has_value());
  }

} // TEST_SUITE
