#pragma once

#include <leads/error.hpp>
#include <leads/render/object.hpp>
#include <leads/store/workspace.hpp>

#include <string>
#include <vector>

namespace leads::check {

// One thing wrong with a workspace, located as precisely as it can be.
struct Problem {
  std::string file;
  long line = 0;
  long column = 0;
  std::string message;
};

struct Report {
  std::vector<Problem> problems;
  long leads = 0;
  long events = 0;
  long activities = 0;
};

// Validates the configuration (every scoring and routing expression compiles
// against the store's columns) and the files: the store's header, ids
// (present, well-formed, unique, sorted), emails (valid, unique), stages
// known, timestamps ISO, numbers numeric; events.csv and activities.csv
// headers, kinds and references to known leads. Streams the files; holds
// the set of ids and emails.
Report check_workspace(const store::Workspace& workspace);

// The report as `leads check` prints it: one problem a line,
// "file:line:col: message", control characters in quoted values escaped.
std::string report_text(const Report& report);

// The report as one object: ok, the counts, and the problems (one a line in JSON).
render::Object report_object(const Report& report);

// The report when leads.yaml cannot be loaded: nothing else was read, so the
// counts are null rather than a misleading 0, and the one problem is the error.
render::Object unloadable_config_object(const Error& error);

} // namespace leads::check
