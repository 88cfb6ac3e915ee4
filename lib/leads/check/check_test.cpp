#include <leads/check/check.hpp>

#include <leads/store/workspace.hpp>

#include <doctest/doctest.h>

#include "test_files.hpp"

#include <filesystem>

using namespace leads;
namespace fs = std::filesystem;

namespace {

// A workspace in a fresh temporary folder, removed at the end.
struct TempWorkspace {
  leads::testing::TempDir dir{"check-test"};
  fs::path root = dir.path / "ws";
  TempWorkspace() { store::init_workspace(root, false); }
  void write(const std::string& name, const std::string& text) const {
    leads::testing::write_file(root / name, text);
  }
  check::Report check() const { return check::check_workspace(store::open_workspace(root)); }
};

const std::string k_header = "id,external_id,email,first_name,last_name,company,title,phone,country,city,"
                             "industry,employees,website,source,campaign,stage,owner,score,fit,engagement,grade,"
                             "do_not_contact,referred_by,created_at,updated_at,stage_at\n";

std::string lead(const std::string& id, const std::string& email, const std::string& stage = "new",
                 const std::string& score = "") {
  return id + ",," + email + ",,,,,,,,,,,,," + stage + ",," + score + ",,,,false,,2026-11-01T00:00:00Z,,\n";
}

} // namespace

TEST_CASE("check::check_workspace") {
  TempWorkspace workspace;

  SUBCASE("a new workspace is clean") {
    auto report = workspace.check();
    CHECK(report.problems.empty());
    CHECK(report.leads == 0);
  }
  SUBCASE("a consistent store is clean") {
    workspace.write("leads.csv", k_header + lead("00000000000000a1", "a@x.test") + lead("00000000000000b2", "b@x.test"));
    workspace.write("events.csv", "at,lead_id,kind,from,to,actor,note\n"
                                  "2026-11-01T00:00:00Z,00000000000000a1,created,,,import,x.csv:2\n");
    auto report = workspace.check();
    CHECK(report.problems.empty());
    CHECK(report.leads == 2);
    CHECK(report.events == 1);
  }
  SUBCASE("each broken rule is one problem at its line") {
    workspace.write("leads.csv", k_header + lead("00000000000000b2", "b@x.test") +
                                     lead("00000000000000a1", "b@x.test", "nurture", "high") +
                                     lead("not-an-id", "B@X.test") + lead("00000000000000c3", "c@x"));
    workspace.write("events.csv", "at,lead_id,kind,from,to,actor,note\n"
                                  "2026-11-01T00:00:00Z,ffffffffffffffff,created,,,import,\n");
    auto report = workspace.check();
    std::vector<std::string> seen;
    for (const auto& p : report.problems) {
      seen.push_back(fs::path(p.file).filename().string() + ":" + std::to_string(p.line) + ": " + p.message);
    }
    CHECK(seen == std::vector<std::string>{
                      "leads.csv:3: id 00000000000000a1 is out of order (rows are sorted by id)",
                      "leads.csv:3: email b@x.test belongs to two leads; merge them",
                      "leads.csv:3: stage 'nurture' is not a stage in leads.yaml",
                      "leads.csv:3: score 'high' is not a number",
                      "leads.csv:4: id 'not-an-id' is not 16 lower-case hex digits",
                      "leads.csv:4: email 'B@X.test' is not normalized; write it as b@x.test",
                      "leads.csv:4: email b@x.test belongs to two leads; merge them", // its twin in capitals
                      "leads.csv:5: email 'c@x' is not a valid, normalized address",
                      "events.csv:2: lead ffffffffffffffff is not in the store",
                  });
  }
  SUBCASE("a source id shared by two leads is a problem") {
    auto with_source_id = [](std::string row, const std::string& source_id) {
      return row.insert(17, source_id); // after "<16-hex id>,"
    };
    workspace.write("leads.csv", k_header + with_source_id(lead("00000000000000a1", "a@x.test"), "101") +
                                     with_source_id(lead("00000000000000b2", "b@x.test"), "102") +
                                     with_source_id(lead("00000000000000c3", "c@x.test"), "101") +
                                     lead("00000000000000d4", "d@x.test"));
    auto report = workspace.check();
    REQUIRE(report.problems.size() == 1);
    CHECK(report.problems[0].line == 4);
    CHECK(report.problems[0].message ==
          "external_id 101 belongs to two leads; merge them, or empty it where it is wrong");
  }
  SUBCASE("a store whose header lost a canonical column") {
    workspace.write("leads.csv", "id,email\n");
    auto report = workspace.check();
    REQUIRE(report.problems.size() == 1);
    CHECK(report.problems[0].message ==
          "column 2 should be 'external_id' (the canonical columns come first, in order), found 'email'");
  }
  SUBCASE("expressions in leads.yaml are compiled against the store's columns") {
    workspace.write("leads.yaml", "routing:\n  rules:\n    - {when: 'contry == \"US\"', team: americas}\n"
                                  "    - {when: 'true', team: emea}\n");
    auto report = workspace.check();
    REQUIRE(report.problems.size() == 1);
    CHECK(report.problems[0].line == 3);
    CHECK(report.problems[0].column == 15); // the c of contry, after the quote
    CHECK(report.problems[0].message == "unknown field 'contry'; did you mean 'country'?");
  }
}
