#pragma once

#include <leads/report/model.hpp>

#include <string>
#include <vector>

// Internal to the report module: the report as sections of tables, which the
// table, md and html formats each draw in their own way.
namespace leads::report::detail {

struct Table {
  std::vector<std::string> columns;
  std::vector<bool> numeric; // per column: right-aligned
  std::vector<std::vector<std::string>> rows;
  std::string caption; // above the table, may be empty
  std::string footer;  // below it ("and 12 more rows"), may be empty
};

struct Section {
  std::string id;    // "entered", "conversion", ...: an anchor in html
  std::string title; // "Entered in the period"
  std::string intro; // one sentence that says what the numbers count
  std::vector<Table> tables;
};

// "Funnel 2026-W47 (2026-11-16 to 2026-11-22)" and the lines under it.
struct Heading {
  std::string title;
  std::vector<std::string> lines;
};

Heading heading(const Report& report);

// Every section, in the order printed. Long lists (feedback, advocates, SLA
// owners, breakdown groups) show their first `top` rows and say how many more there are.
std::vector<Section> layout(const Report& report, std::size_t top);

} // namespace leads::report::detail
