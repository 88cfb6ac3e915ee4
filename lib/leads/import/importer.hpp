#pragma once

#include <leads/config/config.hpp>
#include <leads/import/options.hpp>
#include <leads/store/file_sink.hpp>
#include <leads/store/workspace.hpp>

#include <optional>
#include <string>

// The import driver: runs an import into a workspace or to a stream.
namespace leads::import {

// Workspace mode: imports the inputs into the workspace's leads.csv, appends
// created/merged events to events.csv and activities to activities.csv, and
// writes one rejects/<input stem>-<now as YYYYMMDDTHHMMSSZ>.csv per input that
// has rejected rows; all in one store::Transaction, committed at the end. The
// caller holds the workspace lock. Throws leads::Error (no_input for a missing
// input, data for unreadable CSV or a malformed store, usage for an unknown
// preset, io/cant_create for write failures); nothing is changed then.
Summary import_into_workspace(const store::Workspace& workspace, const Options& options);

// Filter mode: writes the deduplicated, normalized leads (canonical columns
// then extra columns, sorted by id) as CSV to out. Rejected rows go to
// rejects_path (written atomically; columns file,line,reason and the inputs'
// header fields) when given, else to Summary::rejected_rows / Options::on_reject.
Summary import_to_stream(const config::Config& config, const Options& options, store::FileSink& out,
                         const std::optional<std::string>& rejects_path);

} // namespace leads::import
