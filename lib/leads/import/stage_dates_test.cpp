#include <leads/import/stage_dates.hpp>

#include <leads/error.hpp>

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace leads;
using namespace leads::import;

namespace {

using Pairs = std::vector<std::pair<std::string, std::string>>;

// The usage error an action throws: its message and hint, "" when none.
template <typename F> std::string usage_error(F action) {
  try {
    action();
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::usage);
    return e.message() + " | " + e.hint();
  }
  return "";
}

} // namespace

TEST_SUITE("import") {

  TEST_CASE("import::parse_stage_date") {
    CHECK(parse_stage_date("Became a Customer Date=customer") ==
          std::pair<std::string, std::string>{"Became a Customer Date", "customer"});
    // The last '=' parts: a column may hold one.
    CHECK(parse_stage_date("a=b=stage_at") == std::pair<std::string, std::string>{"a=b", "stage_at"});
    CHECK(parse_stage_date("close_date= stage_at ").second == "stage_at");
    for (const std::string_view bad : {"close_date", "close_date=", "=won", " = "}) {
      CAPTURE(bad);
      CHECK(usage_error([&] { parse_stage_date(bad); }).find("expected 'Source Column=stage'") !=
            std::string::npos);
    }
  }

  TEST_CASE("import::parse_set") {
    CHECK(parse_set("stage=mql") == std::pair<std::string, std::string>{"stage", "mql"});
    // The first '=' parts: a value may hold one.
    CHECK(parse_set("campaign=a=b") == std::pair<std::string, std::string>{"campaign", "a=b"});
    CHECK(usage_error([] { parse_set("stgae=mql"); }).find("'stgae' is not a field; did you mean 'stage'?") !=
          std::string::npos);
    CHECK(usage_error([] { parse_set("email=a@b.example"); }).find("email identifies a lead") !=
          std::string::npos);
    CHECK(usage_error([] { parse_set("external_id=7"); }).find("identifies a lead") != std::string::npos);
    CHECK(usage_error([] { parse_set("stage"); }).find("expected FIELD=VALUE") != std::string::npos);
    CHECK(usage_error([] { parse_set("stage= "); }).find("no value for stage") != std::string::npos);
  }

  TEST_CASE("import::resolve_stage_dates") {
    const config::Config& config = config::defaults();
    CHECK(resolve_stage_dates(config, Pairs{{"engage_date", "Engaged"}, {"close_date", "stage_at"}}) ==
          Pairs{{"engage_date", "engaged"}, {"close_date", "stage_at"}});
    const std::string error = usage_error([&] { resolve_stage_dates(config, Pairs{{"won_on", "custmer"}}); });
    CHECK(error.find("--stage-date 'won_on=custmer': 'custmer' is not a stage; did you mean 'customer'?") ==
          0);
    CHECK(error.find("new, engaged, mql") != std::string::npos);
  }

  TEST_CASE("import::check_stage_date_columns") {
    const std::vector<std::string> header = {"opportunity_id", "deal_stage", "Engage Date", "close_date"};
    // Headers match as aliases do.
    check_stage_date_columns(Pairs{{"engage_date", "engaged"}, {"CLOSE DATE", "stage_at"}}, header,
                             "deals.csv");
    const std::string error = usage_error([&] {
      check_stage_date_columns(Pairs{{"closed_date", "stage_at"}}, header, "deals.csv");
    });
    CHECK(error == "--stage-date 'closed_date=stage_at': deals.csv has no column 'closed_date'; did you mean "
                   "'close_date'? | its columns are: opportunity_id, deal_stage, Engage Date, close_date");
  }

  TEST_CASE("import::preset_date_stage") {
    const Preset& hubspot = *find_preset("hubspot");
    const config::Config& defaults = config::defaults();
    REQUIRE(preset_date_stage(defaults, hubspot, "marketingqualifiedlead") != nullptr);
    CHECK(preset_date_stage(defaults, hubspot, "marketingqualifiedlead")->name == "mql");
    CHECK(preset_date_stage(defaults, hubspot, "evangelist")->name == "advocate");
    CHECK(preset_date_stage(defaults, hubspot, "lead")->name == "new");
    CHECK(preset_date_stage(defaults, hubspot, "nonsense") == nullptr);
    // Salesforce's converted leads: the stage "Closed - Converted" maps to.
    CHECK(preset_date_stage(defaults, *find_preset("salesforce"), "Closed - Converted")->name == "sql");
    // leads.yaml's values win over the preset's.
    const config::Config config =
        config::load_string("import:\n  values:\n    stage: {salesqualifiedlead: sal}\n", "t.yaml");
    CHECK(preset_date_stage(config, hubspot, "salesqualifiedlead")->name == "sal");
  }

} // TEST_SUITE
