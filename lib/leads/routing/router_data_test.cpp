// Routing over a real sales pipeline: Maven Analytics' CRM sample (accounts,
// agents and their regional offices), when ../shared/data holds it.
#include <leads/routing/router.hpp>

#include <leads/csv/reader.hpp>
#include <leads/normalize/text.hpp>
#include <leads/routing/test_support.hpp>

#include <doctest/doctest.h>

#include <filesystem>
#include <map>

using namespace leads::routing::testing;
using leads::routing::Decision;

namespace fs = std::filesystem;

namespace {

std::vector<std::vector<std::string>> read_rows(const fs::path& file) {
  auto reader = leads::csv::Reader::open(file.string());
  std::vector<std::vector<std::string>> rows;
  leads::csv::Record record;
  while (reader->next(record)) {
    rows.emplace_back(record.fields.begin(), record.fields.end());
  }
  return rows;
}

// "Acme Corporation" -> "acme-corporation.example"
std::string domain_of(std::string_view account) {
  std::string domain = leads::text::ascii_lower(account);
  std::replace(domain.begin(), domain.end(), ' ', '-');
  return domain + ".example";
}

} // namespace

TEST_SUITE("routing") {

  TEST_CASE("routing::Router with Maven's CRM pipeline") {
#ifndef LEADS_SHARED_DATA_DIR
    MESSAGE("skipped: no shared data folder");
#else
    const fs::path dir = fs::path(LEADS_SHARED_DATA_DIR) / "maven_crm_pipeline";
    if (!fs::exists(dir / "sales_pipeline.csv") || !fs::exists(dir / "sales_teams.csv")) {
      MESSAGE("skipped: " << dir << " is absent");
      return;
    }
    // sales_agent,manager,regional_office: every agent a rep of their office's team.
    const auto agents = read_rows(dir / "sales_teams.csv");
    std::string yaml = "routing:\n  reps:\n";
    std::map<std::string, std::size_t> rep_order;
    std::vector<std::string> west;
    for (const auto& agent : agents) {
      yaml += fmt::format("    - {{name: \"{}\", team: {}}}\n", agent[0],
                          leads::text::ascii_lower(agent[2]));
      rep_order.emplace(agent[0], rep_order.size());
      if (agent[2] == "West") {
        west.push_back(agent[0]);
      }
    }
    yaml += "  rules: [{when: 'true', team: west}]\n"
            "  teams: {central: {}, east: {}, west: {}}\n";
    const leads::config::Config config = leads::config::load_string(yaml, "maven.yaml");

    // opportunity_id,sales_agent,product,account,deal_stage,...: a lead per
    // opportunity; prospects are the marketing-qualified leads nobody owns yet,
    // the others the agent's. Opportunities with no account have a free-mail address.
    const auto pipeline = read_rows(dir / "sales_pipeline.csv");
    REQUIRE(pipeline.size() == 8800);
    const std::map<std::string, std::string> stage_of = {
        {"Won", "customer"}, {"Lost", "lost"}, {"Engaging", "sql"}, {"Prospecting", "mql"}};
    std::vector<Row> store;
    std::map<std::string, std::map<std::string, int>> owners_by_domain;
    for (std::size_t i = 0; i < pipeline.size(); ++i) {
      const auto& op = pipeline[i];
      const bool prospect = op[4] == "Prospecting";
      const std::string domain = op[3].empty() ? "gmail.com" : domain_of(op[3]);
      store.push_back(lead(id_of(static_cast<int>(i)), leads::text::ascii_lower(op[0]) + "@" + domain,
                           stage_of.at(op[4]), prospect ? "" : op[1]));
      if (!prospect && !op[3].empty()) {
        ++owners_by_domain[domain][op[1]];
      }
    }

    const Handoff run = handoff(config, store, {});
    REQUIRE(run.decisions.size() == 500);
    std::size_t by_account = 0;
    std::size_t by_rule = 0;
    std::size_t decision = 0;
    // The west office's turn: the next after the west agent last handed a lead,
    // by the rule or by an account.
    std::size_t west_next = 0;
    for (std::size_t i = 0; i < store.size(); ++i) {
      if (!store[i][leads::field_index(leads::Field::owner)].empty()) {
        CHECK(run.owners[i] ==
              store[i][leads::field_index(leads::Field::owner)]); // owned leads are not routed
        continue;
      }
      const std::string email = store[i][leads::field_index(leads::Field::email)];
      const std::string domain = email.substr(email.find('@') + 1);
      const Decision& d = run.decisions[decision++];
      REQUIRE(d.assigned);
      if (domain == "gmail.com") {
        CHECK(d.how == "rule 1");
        CHECK(run.owners[i] == west[west_next]);
        ++by_rule;
      } else {
        // The agent with the most of the account's deals, ties to the agent listed first.
        std::string expected;
        int most = 0;
        for (const auto& [agent, deals] : owners_by_domain.at(domain)) {
          if (deals > most || (deals == most && rep_order.at(agent) < rep_order.at(expected))) {
            expected = agent;
            most = deals;
          }
        }
        CHECK(d.how == "account");
        CHECK(run.owners[i] == expected);
        ++by_account;
      }
      if (auto it = std::find(west.begin(), west.end(), run.owners[i]); it != west.end()) {
        west_next = static_cast<std::size_t>(it - west.begin() + 1) % west.size();
      }
    }
    CHECK(by_account == 163);
    CHECK(by_rule == 337);
#endif
  }

} // TEST_SUITE
