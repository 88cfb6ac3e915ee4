#pragma once

#include <leads/import/options.hpp>
#include <leads/render/object.hpp>

#include <string>

// What an import tells its user at the end: the summary on standard error
// (or as JSON), and the warnings about what it met on the way.
namespace leads::import {

// How the run was asked for, as the summary reports it.
struct SummaryContext {
  bool dry_run = false;
  bool strict = false;
  bool lead_inputs = true; // lead files were named (not only --activities)
  bool activities = false; // --activities was given
  bool filter_mode = false; // -o: no history is written
};

// "leads import: read 30, new 26, merged 2, unchanged 0, rejected 2" and the lines under
// it: reasons, rejects files, skipped rows and footers.
std::string summary_text(const Summary& summary, const SummaryContext& context);

// The same as one JSON object (see leads-import(1), "JSON SUMMARY").
render::Object summary_object(const Summary& summary, const SummaryContext& context);

// Warnings, one or more lines each, every line ending in a newline: rejected
// rows no file holds, --map options that matched nothing, inputs without an
// identifying column, rows that name two leads, merges by source id across
// emails, empty inputs.
std::string warnings_text(const Summary& summary);

} // namespace leads::import
