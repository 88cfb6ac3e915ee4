#include <leads/model/dataset.hpp>

#include <leads/config/config.hpp>
#include <leads/error.hpp>
#include <leads/lead/fields.hpp>
#include <leads/model/encoding.hpp>
#include <leads/model/label.hpp>

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <numeric>

using leads::model::ColumnReport;
using leads::model::Dataset;
using leads::model::FeatureOptions;
using leads::model::label_from_stages;
using leads::model::label_from_text;

namespace {

using Use = ColumnReport::Use;

// Rows of text, added to a dataset (the label in column 0).
Dataset dataset(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows,
                FeatureOptions options = {}) {
  if (options.label.empty()) {
    options.label = header[0];
  }
  if (options.null_values.empty()) {
    options.null_values = {"", "N/A", "Select"};
  }
  Dataset data(header, options);
  for (const auto& row : rows) {
    std::vector<std::string_view> fields(row.begin(), row.end());
    data.add(fields);
  }
  return data;
}

std::string report_of(const leads::model::Plan& plan) {
  std::string out;
  for (const ColumnReport& column : plan.report) {
    out += fmt::format("{}: {} ({})\n", column.name, leads::model::use_name(column.use), column.reason);
  }
  return out;
}

} // namespace

TEST_SUITE_BEGIN("model");

TEST_CASE("model::label_from_text") {
  for (const char* yes : {"1", "true", "TRUE", "Yes", " yes "}) {
    CHECK_MESSAGE(label_from_text(yes) == true, yes);
  }
  for (const char* no : {"0", "false", "False", "NO", "no\t"}) {
    CHECK_MESSAGE(label_from_text(no) == false, no);
  }
  for (const char* other : {"", "2", "y", "n", "maybe", "1.0", "-"}) {
    CHECK_MESSAGE(!label_from_text(other), other);
  }
}

TEST_CASE("model::label_from_stages") {
  const leads::config::Config& config = leads::config::defaults();
  CHECK(label_from_stages(config, "customer", false) == true);
  CHECK(label_from_stages(config, "advocate", false) == true);
  CHECK(label_from_stages(config, "churned", true) == true);  // it was a customer
  CHECK(label_from_stages(config, "recycled", true) == true); // won once, whatever came after
  CHECK(label_from_stages(config, "lost", false) == false);   // next: recycled, itself an exit
  CHECK(label_from_stages(config, "disqualified", false) == false);
  CHECK(label_from_stages(config, "churned", false) == false);
  CHECK(!label_from_stages(config, "recycled", false)); // back into the funnel: still open
  CHECK(!label_from_stages(config, "sql", false));
  CHECK(!label_from_stages(config, "", false));
  CHECK(!label_from_stages(config, "archived", false));
}

TEST_CASE("model::k_outcome_columns") {
  // In a workspace, the stage is the label and these follow from it: a model
  // trained on them would learn nothing it can use on open leads.
  FeatureOptions options;
  options.outcome_columns.assign(leads::model::k_outcome_columns.begin(),
                                 leads::model::k_outcome_columns.end());
  const std::vector<std::string> store(leads::k_field_names.begin(), leads::k_field_names.end());
  const Dataset data(store, options);
  std::vector<std::string> held;
  for (const auto& column : data.columns()) {
    held.push_back(column.name);
  }
  CHECK(held == std::vector<std::string>{"company", "title", "country", "city", "industry", "employees",
                                         "website", "source", "campaign", "do_not_contact", "referred_by",
                                         "created_at", "updated_at"});
  CHECK(data.drop_reasons()[15] == "carries the outcome"); // stage
}

TEST_CASE("model::Dataset") {
  const std::vector<std::string> header = {"won", "id", "email", "industry", "employees", "stage", "notes"};

  SUBCASE("holds labelled rows only, and the columns that may be features") {
    FeatureOptions options;
    options.label = "won";
    options.exclude = {"notes"};
    options.outcome_columns = {"stage"};
    options.null_values = {"", "N/A"};
    Dataset data(header, options);
    const std::vector<std::string_view> a = {"yes", "00000000000000a1", "a@x.io", " Software ", "200", "sql",
                                             "x"};
    const std::vector<std::string_view> b = {"no", "00000000000000b2", "b@x.io", "n/a", "15", "lost", "y"};
    const std::vector<std::string_view> open = {"", "00000000000000c3", "c@x.io", "Retail", "3", "new", "z"};
    const std::vector<std::string_view> short_row = {"1", "00000000000000d4", "d@x.io", "software"};
    data.add(a);
    data.add(b);
    data.add(open);
    data.add(short_row);
    CHECK(data.rows() == 3);
    CHECK(data.positives() == 2);
    CHECK(data.unlabelled() == 1);
    CHECK(std::vector<std::uint8_t>(data.labels().begin(), data.labels().end()) ==
          std::vector<std::uint8_t>{1, 0, 1});
    REQUIRE(data.columns().size() == 2);
    CHECK(data.columns()[0].name == "industry");
    CHECK(data.columns()[1].name == "employees");
    // Trimmed, null values (any case) as code 0, "software" apart from "Software".
    CHECK(data.columns()[0].values == std::vector<std::string>{"Software", "software"});
    CHECK(data.code(0, 0) == 1);
    CHECK(data.code(1, 0) == 0);
    CHECK(data.code(2, 0) == 2);
    CHECK(data.code(2, 1) == 0); // past the end of a short row
    CHECK(data.columns()[1].counts == std::vector<std::uint32_t>{1, 1, 1});
    CHECK(data.drop_reasons() == std::vector<std::string>{"the label", "identifies a lead",
                                                          "identifies a lead", "", "", "carries the outcome",
                                                          "excluded (--exclude)"});
  }

  SUBCASE("--features keeps only the columns it names") {
    FeatureOptions options;
    options.label = "won";
    options.features = {"employees"};
    Dataset data(header, options);
    REQUIRE(data.columns().size() == 1);
    CHECK(data.columns()[0].name == "employees");
    CHECK(data.drop_reasons()[3] == "not in --features");
  }

  SUBCASE("names that are not columns are usage errors") {
    auto error_of = [&](FeatureOptions options) -> std::optional<leads::Error> {
      try {
        Dataset data(header, options);
      } catch (const leads::Error& e) {
        return e;
      }
      return std::nullopt;
    };
    FeatureOptions label;
    label.label = "Won";
    auto e = error_of(label);
    REQUIRE(e);
    CHECK(e->kind() == leads::ErrorKind::usage);
    CHECK(e->message() == "unknown column 'Won' in --label; did you mean 'won'?");
    FeatureOptions features;
    features.features = {"employes"};
    e = error_of(features);
    REQUIRE(e);
    CHECK(e->message() == "unknown column 'employes' in --features; did you mean 'employees'?");
    CHECK(e->hint() == "the columns are: won, id, email, industry, employees, stage, notes");
    FeatureOptions exclude;
    exclude.exclude = {"xyzzy"};
    e = error_of(exclude);
    REQUIRE(e);
    CHECK(e->message() == "unknown column 'xyzzy' in --exclude");
  }
}

TEST_CASE("model::plan_columns") {
  // 20 rows: label, then columns that show each rule.
  std::vector<std::vector<std::string>> rows;
  for (int i = 0; i < 20; ++i) {
    rows.push_back({i % 2 == 0 ? "1" : "0",
                    i == 0 ? "many" : std::to_string(i % 6), // 19 of 20 numbers: 95 %, numeric
                    i < 2 ? "many" : std::to_string(i % 6),  // 18 of 20: categorical
                    fmt::format("2026-11-{:02}", i + 1),     // dates
                    fmt::format("{:06}", 100000 + i * 7),    // distinct in 100 % of rows
                    fmt::format("{}", i % 17),               // distinct in 85 % of the rows: kept
                    "No",                                    // a single value
                    i % 4 == 0 ? "" : "Yes",                 // one value and no value: two states
                    "Select",                                // only null values
                    i < 3 ? "N/A" : std::to_string(i % 5)}); // numbers with some missing
  }
  const Dataset data = dataset({"label", "mostly numbers", "mixed", "day", "lead number", "bucket",
                                "constant", "opt in", "unset", "visits"},
                               rows);
  const leads::model::Plan plan = leads::model::plan_columns(data);
  CHECK(report_of(plan) == "label: dropped (the label)\n"
                           "mostly numbers: numeric (numbers, 1 missing)\n"
                           "mixed: categorical (7 values)\n"
                           "day: dropped (dates)\n"
                           "lead number: dropped (identifies rows (values distinct in 100% of the rows))\n"
                           "bucket: numeric (numbers)\n"
                           "constant: dropped (a single value ('No'))\n"
                           "opt in: categorical (1 value, 5 missing)\n"
                           "unset: dropped (no values)\n"
                           "visits: numeric (numbers, 3 missing)\n");
  REQUIRE(plan.used.size() == 5);
  CHECK(plan.used[0].kind == leads::model::ColumnPlan::Kind::numeric);
  CHECK(std::isnan(plan.used[0].numbers[0]));
}

TEST_CASE("model::fit_encoding") {
  // 40 rows: "a" in 25, "b" in 10 (kept: 10 rows is the minimum), "c" in 4
  // and "d" in 1 (pooled), none in 0; numbers 1..8, five times each.
  std::vector<std::vector<std::string>> rows;
  for (int i = 0; i < 40; ++i) {
    const char* value = i < 25 ? "a" : i < 35 ? "b" : i < 39 ? "c" : "d";
    rows.push_back({i % 3 == 0 ? "1" : "0", value, std::to_string(i % 8 + 1)});
  }
  const Dataset data = dataset({"label", "kind", "n"}, rows);
  const leads::model::Plan plan = leads::model::plan_columns(data);
  REQUIRE(plan.used.size() == 2);
  std::vector<std::uint32_t> all(40);
  std::iota(all.begin(), all.end(), 0);

  SUBCASE("on all rows") {
    const leads::model::Encoding encoding = leads::model::fit_encoding(data, plan, all);
    REQUIRE(encoding.categorical.size() == 1);
    REQUIRE(encoding.numeric.size() == 1);
    const auto& kind = encoding.categorical[0];
    CHECK(kind.levels == std::vector<std::string>{"a", "b"});
    CHECK(encoding.features == 5); // a, b, (other), (missing); n without missing
    // Columns in input order: kind's features 0..3, n's 4.
    CHECK(kind.first_level == 0);
    CHECK(kind.other == 2);
    CHECK(kind.missing == 3);
    CHECK(kind.feature_of_code[data.code(36, 0)] == kind.other); // "c"
    CHECK(kind.feature_of_code[data.code(39, 0)] == kind.other); // "d"
    CHECK(kind.feature_of_code[data.code(30, 0)] == 1);          // "b"
    const auto& n = encoding.numeric[0];
    CHECK(n.feature == 4);
    CHECK(n.missing_feature == leads::model::Encoding::k_none);
    // 1..8 equally often: mean 4.5; population variance (8^2 - 1) / 12 = 5.25.
    CHECK(n.mean == doctest::Approx(4.5));
    CHECK(n.sd == doctest::Approx(std::sqrt(5.25)));
    const leads::model::EncodedDesign design(data, encoding);
    REQUIRE(design.max_entries() == 2);
    std::vector<leads::model::FeatureValue> row(2);
    CHECK(design.row(39, row.data()) == 2); // n = 8, kind "d"
    CHECK(row[0].feature == 4);
    CHECK(row[0].value == doctest::Approx(3.5 / std::sqrt(5.25)));
    CHECK(row[1].feature == 2);
    CHECK(row[1].value == 1);
  }

  SUBCASE("on some rows: what the others hold does not count") {
    // The first 30 rows: a in 25, b in 5 (now pooled); n = 1..8 three times,
    // then 1..6: (3 * 36 + 21) / 30 = 4.3.
    const std::vector<std::uint32_t> first(all.begin(), all.begin() + 30);
    const leads::model::Encoding encoding = leads::model::fit_encoding(data, plan, first);
    CHECK(encoding.categorical[0].levels == std::vector<std::string>{"a"});
    CHECK(encoding.numeric[0].mean == doctest::Approx(4.3));
  }
}

TEST_SUITE_END();
