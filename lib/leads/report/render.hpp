#pragma once

#include <leads/report/model.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace leads::report {

// How `leads report --format` prints a report.
enum class Format { table, csv, json, yaml, md, html };
std::optional<Format> parse_format(std::string_view name); // "table", "csv", "json", "yaml", "md", "html"

struct RenderOptions {
  bool color = false;   // table: bold headings (a terminal without NO_COLOR)
  std::size_t top = 10; // table, md, html: rows of the long lists (feedback, advocates, SLA owners)
};

// The whole report in one format, as bytes that depend on nothing but the
// report and the options (see leads-report(1) for each format and the
// schema of csv, json and yaml):
// - table: aligned text for a terminal, one section after another;
// - csv: one long table, section,group,bucket,stage,to_stage,subject,reason,metric,value,previous;
// - json, yaml: one object, keys in a fixed order, numbers as numbers;
// - md: GitHub-flavoured headings and pipe tables;
// - html: one self-contained page (inline CSS and SVG, no script, no link).
std::string render(const Report& report, Format format, const RenderOptions& options = {});

} // namespace leads::report
