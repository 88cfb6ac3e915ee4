#include <leads/import/presets.hpp>

#include <doctest/doctest.h>

#include <string>

using namespace leads::import;

TEST_CASE("import::salesforce_long_id") {
  std::string out = "untouched";
  SUBCASE("15 characters get the 3 that spell out their case") {
    // Salesforce's own example, and ids that differ only in case.
    CHECK(salesforce_long_id("001A0000006Vm9r", out));
    CHECK(out == "001A0000006Vm9rIAC");
    CHECK(salesforce_long_id("00Q5e00000AbCdE", out));
    CHECK(out == "00Q5e00000AbCdEEAV");
    CHECK(salesforce_long_id("00Q5e00000abcde", out));
    CHECK(out == "00Q5e00000abcdeEAA");
    CHECK(salesforce_long_id("ABCDEABCDEABCDE", out));
    CHECK(out == "ABCDEABCDEABCDE555");
  }
  SUBCASE("anything else is not a short Salesforce id") {
    for (const char* id :
         {"", "001A0000006Vm9", "001A0000006Vm9rIAC", "001A0000006Vm9-", "001A0000006Vm9ü"}) {
      CHECK_FALSE(salesforce_long_id(id, out));
    }
    CHECK(out == "untouched");
  }
}

TEST_CASE("import::find_preset") {
  REQUIRE(find_preset("salesforce") != nullptr);
  CHECK(find_preset("salesforce")->salesforce_ids);
  CHECK_FALSE(find_preset("hubspot")->salesforce_ids);
  CHECK(find_preset("zoho") == nullptr);
}
