#pragma once

#include <leads/config/config.hpp>
#include <leads/csv/reader.hpp>
#include <leads/lead/shard.hpp>
#include <leads/render/render.hpp>
#include <leads/store/file_sink.hpp>
#include <leads/store/workspace.hpp>

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

// A run of `leads score` (not --train): every lead of the store or of a CSV
// scored from the `scoring:` model, MQLs promoted, events recorded, or, with
// --explain, every point explained instead (see leads-score(1)).
namespace leads::scoring {

// One row of --explain: a rule that gave or took a lead's points (dimension
// fit or engagement: they add up to its score), or a model feature's part of
// the log-odds (dimension model).
struct Explanation {
  std::string_view id;
  std::string_view email;
  std::string_view dimension;
  std::string_view rule;
  std::string_view points;
  std::string_view note;
};

// Prints the rows of --explain (id, email, dimension, rule, points, note) as
// `format` asks, handing them to `out` 64 KiB at a time (a table waits for
// every row, to size its columns).
class ExplanationPrinter {
public:
  ExplanationPrinter(render::Format format, bool color, store::FileSink& out);
  void print(const Explanation& explanation);
  // Writes what is left (a table: all of it).
  void finish();

private:
  render::RowPrinter m_printer;
  bool m_whole; // a table: nothing is written before finish()
  store::FileSink& m_out;
  std::string m_text;
};

struct RunOptions {
  std::int64_t now = 0;
  bool dry_run = false;
  // A model file to apply (--model, or scoring.model resolved against the
  // folder of leads.yaml: see model_path()).
  std::optional<std::string> model_file;
  // Filter mode: the activities engagement comes from (--activities).
  std::optional<std::string> activities;
  // --explain: an id, an email, or "all". Nothing is written then: each row
  // of the explanation goes to on_explain, in store order.
  std::optional<std::string> explain;
  std::function<void(const Explanation&)> on_explain;
  // Called with input bytes read so far and their total, now and then.
  std::function<void(std::uint64_t done, std::uint64_t total)> progress;
  // --shard I/N: only the leads of this shard (by id) are scored (and
  // explained). In filter mode the others are left out of the output; in a
  // workspace they stay in the store as they are, with no event.
  std::optional<lead::Shard> shard;
};

struct RunSummary {
  long scored = 0;
  long changed_grade = 0;
  long promoted = 0;
  std::string mql_stage;
  long explained = 0; // leads explained
  // Activities whose time could not be read: not counted.
  long unreadable_activities = 0;
  std::string first_unreadable; // "activities.csv:118"
  // Activities whose type (and detail) no engagement rule names, by type:
  // they count for nothing, and the summary says so.
  std::map<std::string, long, std::less<>> unmatched_types;
  std::optional<lead::Shard> shard; // the counts are of this shard's leads
};

// The model to apply: --model as given, else the config's scoring.model
// relative to the folder of its leads.yaml; nullopt for none.
std::optional<std::string> model_path(const config::Config& config, const std::optional<std::string>& option);

// Workspace mode: scores the store in place (one transaction: leads.csv and
// events.csv), reading activities.csv. The caller holds the lock (the write
// lock, unless a dry run or --explain). Throws leads::Error: config for a bad
// rule or model, usage for an --explain that matches no lead (of the shard),
// data for an unreadable store; nothing is changed then.
RunSummary score_workspace(const store::Workspace& workspace, const RunOptions& options);

// Filter mode: scores the rows of input to out (the input's columns, with
// fit, engagement, score, grade (and probability) set or appended; stage and
// stage_at promoted where the input has them). out may be null with --explain.
// With a shard: leads::Error(usage) for an input without an id column,
// leads::Error(data) at a row whose id is not 16 hex digits.
RunSummary score_stream(const config::Config& config, csv::Reader& input, store::FileSink* out,
                        const RunOptions& options);

// "leads score: scored 55, changed grade 12, promoted 3 to mql" ("scored 14
// of shard 2/4" for a shard), and the line about unreadable activity times
// when there were any.
std::string summary_text(const RunSummary& summary, bool dry_run);

} // namespace leads::scoring
