// The report against real data: Maven Analytics' CRM pipeline (8,800 deals
// of 35 agents, 2016-2017), turned into a workspace as the importer will map
// it (a deal is a lead, engage_date its entry into engaged, close_date its
// entry into customer or lost), checked against numbers computed here
// straight from the CSV.

#include <leads/report/funnel.hpp>

#include <leads/config/config.hpp>
#include <leads/report/test_workspace.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

using leads::Field;
using leads::report::Ratio;

namespace {

const std::filesystem::path k_pipeline =
    std::filesystem::path(LEADS_SHARED_DATA_DIR) / "maven_crm_pipeline" / "sales_pipeline.csv";

struct Deal {
  std::string agent;
  std::string product;
  std::string stage; // Prospecting, Engaging, Won, Lost
  std::string engaged;
  std::string closed;
};

std::vector<Deal> read_deals() {
  std::ifstream in(k_pipeline);
  std::string line;
  std::getline(
      in, line); // opportunity_id,sales_agent,product,account,deal_stage,engage_date,close_date,close_value
  std::vector<Deal> deals;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') {
      line.pop_back();
    }
    std::vector<std::string> f;
    std::stringstream cells(line);
    std::string cell;
    while (std::getline(cells, cell, ',')) {
      f.push_back(cell);
    }
    f.resize(8);
    deals.push_back({f[1], f[2], f[4], f[5], f[6]});
  }
  return deals;
}

// Days since 1970 of "YYYY-MM-DD", by the standard library's calendar.
std::int64_t day_of(const std::string& date) {
  using namespace std::chrono;
  const year_month_day ymd{year{std::stoi(date.substr(0, 4))},
                           month{static_cast<unsigned>(std::stoi(date.substr(5, 2)))},
                           day{static_cast<unsigned>(std::stoi(date.substr(8, 2)))}};
  return sys_days{ymd}.time_since_epoch().count();
}

// The usual median: the middle value, or the midpoint of the two middle ones.
double median(std::vector<std::int64_t> values) {
  std::sort(values.begin(), values.end());
  const std::size_t n = values.size();
  return n % 2 == 1 ? static_cast<double>(values[n / 2])
                    : (static_cast<double>(values[n / 2 - 1]) + static_cast<double>(values[n / 2])) / 2;
}

std::string stage_of(const std::string& deal_stage) {
  return deal_stage == "Won"        ? "customer"
         : deal_stage == "Lost"     ? "lost"
         : deal_stage == "Engaging" ? "engaged"
                                    : "new";
}

} // namespace

TEST_SUITE("report") {

  TEST_CASE("report::compute against the Maven CRM pipeline") {
    if (!std::filesystem::exists(k_pipeline)) {
      MESSAGE("skipped: " << k_pipeline.string() << " is not here");
      return;
    }
    const std::vector<Deal> deals = read_deals();
    REQUIRE(deals.size() == 8800);

    // The workspace: leads in id order, events in the CSV's order.
    leads::report::testing::Workspace ws;
    std::vector<leads::report::testing::LeadFields> leads;
    std::vector<leads::report::testing::EventFields> events;
    for (std::size_t i = 0; i < deals.size(); ++i) {
      const Deal& d = deals[i];
      const std::string id = leads::report::testing::id(static_cast<int>(i + 1));
      leads.push_back({{Field::id, id},
                       {Field::owner, d.agent},
                       {Field::source, d.product},
                       {Field::stage, stage_of(d.stage)},
                       {Field::created_at, d.engaged}});
      if (!d.engaged.empty()) {
        events.push_back({d.engaged, id, "created", "", "engaged", "import", "sales_pipeline.csv"});
      }
      if (!d.closed.empty()) {
        events.push_back(
            {d.closed, id, "stage", "engaged", stage_of(d.stage), "import", "sales_pipeline.csv"});
      }
    }
    ws.write_leads(leads);
    ws.write_events(events);

    // A period that holds every date of the file (engaged from 2016-10-20, closed up to 2017-12-31).
    leads::report::Options options;
    options.period = "2016-10-01..2017-12-31";
    options.now = day_of("2018-01-01") * 86400;
    options.by = "owner";
    const leads::report::Report r =
        leads::report::compute(leads::config::defaults(), options, ws.leads_file, ws.events_file);

    // Straight from the CSV.
    std::map<std::string, long> per_stage;
    struct Agent {
      long engaged = 0, won = 0, lost = 0;
    };
    std::map<std::string, Agent> agents;
    long engaged = 0;
    long won = 0;
    long lost = 0;
    std::vector<std::int64_t> to_won;    // seconds from engaged to won
    std::vector<std::int64_t> to_closed; // to won or lost
    for (const Deal& d : deals) {
      ++per_stage[stage_of(d.stage)];
      Agent& a = agents[d.agent];
      if (!d.engaged.empty()) {
        ++engaged;
        ++a.engaged;
      }
      if (d.stage == "Won" || d.stage == "Lost") {
        const std::int64_t seconds = (day_of(d.closed) - day_of(d.engaged)) * 86400;
        to_closed.push_back(seconds);
        if (d.stage == "Won") {
          to_won.push_back(seconds);
          ++won;
          ++a.won;
        } else {
          ++lost;
          ++a.lost;
        }
      }
    }

    SUBCASE("leads per stage now and entered in the period") {
      CHECK(r.leads == 8800);
      for (std::size_t s = 0; s < r.stages.size(); ++s) {
        CAPTURE(r.stages[s].name);
        CHECK(r.leads_now[s] == per_stage[r.stages[s].name]);
        if (r.stages[s].name == "engaged") {
          CHECK(r.all.entered[s].current == engaged);
        } else if (r.stages[s].name == "customer") {
          CHECK(r.all.entered[s].current == won);
        } else if (r.stages[s].name == "lost") {
          CHECK(r.all.entered[s].current == lost);
        } else {
          CHECK(r.all.entered[s].current == 0);
        }
      }
    }

    SUBCASE("win rate") {
      CHECK(r.all.win_rate.current == Ratio{won, won + lost});
      CHECK(won == 4238);
      CHECK(lost == 2473);
    }

    SUBCASE("per agent") {
      REQUIRE(r.groups.size() == agents.size());
      std::size_t engaged_stage = 0;
      std::size_t customer_stage = 0;
      for (std::size_t s = 0; s < r.stages.size(); ++s) {
        engaged_stage = r.stages[s].name == "engaged" ? s : engaged_stage;
        customer_stage = r.stages[s].name == "customer" ? s : customer_stage;
      }
      for (const auto& group : r.groups) {
        CAPTURE(group.name);
        const Agent& a = agents.at(group.name);
        CHECK(group.entered[engaged_stage].current == a.engaged);
        CHECK(group.entered[customer_stage].current == a.won);
        CHECK(group.win_rate.current == Ratio{a.won, a.won + a.lost});
      }
    }

    SUBCASE("median days engaged -> won and engaged -> closed") {
      auto velocity = [&](std::string_view to) -> const leads::report::VelocityRow* {
        for (const auto& row : r.all.velocity) {
          if (r.stages[row.from].name == "engaged" && r.target_name(row.to) == to) {
            return &row;
          }
        }
        return nullptr;
      };
      const auto* won_row = velocity("won");
      const auto* closed_row = velocity("closed");
      REQUIRE(won_row != nullptr);
      REQUIRE(closed_row != nullptr);
      REQUIRE(won_row->days.current.has_value());
      REQUIRE(closed_row->days.current.has_value());
      CHECK(won_row->days.current->count == static_cast<long>(to_won.size()));
      CHECK(won_row->days.current->median_seconds == median(to_won));
      CHECK(closed_row->days.current->count == static_cast<long>(to_closed.size()));
      CHECK(closed_row->days.current->median_seconds == median(to_closed));
      MESSAGE("median days engaged -> won: " << median(to_won) / 86400
                                             << ", -> closed: " << median(to_closed) / 86400);
    }
  }

} // TEST_SUITE
