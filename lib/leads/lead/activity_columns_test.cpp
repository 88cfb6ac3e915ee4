#include <leads/lead/activity_columns.hpp>

#include <doctest/doctest.h>

using leads::lead::ActivityColumn;

TEST_SUITE("lead") {

  TEST_CASE("lead::activity_column") {
    ActivityColumn column;
    REQUIRE(leads::lead::activity_column("Timestamp", column));
    CHECK(column == ActivityColumn::at);
    REQUIRE(leads::lead::activity_column("Email Address", column));
    CHECK(column == ActivityColumn::email);
    REQUIRE(leads::lead::activity_column("Lead ID", column));
    CHECK(column == ActivityColumn::lead_id);
    REQUIRE(leads::lead::activity_column("Activity", column));
    CHECK(column == ActivityColumn::type);
    REQUIRE(leads::lead::activity_column("URL", column));
    CHECK(column == ActivityColumn::detail);
    CHECK_FALSE(leads::lead::activity_column("Campaign", column));
  }

  TEST_CASE("lead::activity_positions") {
    // The first column of each kind counts: "Date" before "Time", "Activity" before "Type".
    const auto positions =
        leads::lead::activity_positions({"Contact", "Date", "Activity", "Time", "Type", "E-Mail", "Page"});
    CHECK(position_of(positions, ActivityColumn::at) == 1);
    CHECK(position_of(positions, ActivityColumn::type) == 2);
    CHECK(position_of(positions, ActivityColumn::email) == 5);
    CHECK(position_of(positions, ActivityColumn::detail) == 6);
    CHECK_FALSE(position_of(positions, ActivityColumn::lead_id));
    CHECK_FALSE(position_of(positions, ActivityColumn::source));
  }

} // TEST_SUITE
