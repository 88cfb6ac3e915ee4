#pragma once

#include <leads/config/config.hpp>
#include <leads/csv/reader.hpp>
#include <leads/import/importer.hpp>
#include <leads/import/name_match.hpp>
#include <leads/import/presets.hpp>
#include <leads/import/rejects.hpp>
#include <leads/import/row_normalizer.hpp>
#include <leads/import/spill.hpp>
#include <leads/import/store_keys.hpp>
#include <leads/lead/dedupe_index.hpp>
#include <leads/lead/shard.hpp>
#include <leads/normalize/date.hpp>
#include <leads/store/csv_sink.hpp>
#include <leads/store/store_reader.hpp>

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

// The state one import run carries from phase to phase (importer.cpp drives
// it): phase 0 loads the store's keys, phase 1 (input_pass.cpp) reads the
// inputs into the dedupe index and the spill buckets, activities.cpp matches
// engagement events, phase 2 (output_pass.cpp) writes the leads in id order.
namespace leads::import::detail {

struct Run {
  Run(const config::Config& config, const Options& options);

  const config::Config& config;
  const Options& options;
  const Preset* preset = nullptr;
  normalize::DateOrder date_order = normalize::DateOrder::mdy;
  std::string now_iso;     // "2026-11-27T16:15:41Z"
  std::string stamp;       // "20261127T161541Z", for rejects file names
  std::string first_stage; // where new leads start
  lead::Shard shard;       // the leads this run imports (Options::shard_index, shard_count)
  // The --stage-date options, their stages checked (resolve_stage_dates()).
  std::vector<std::pair<std::string, std::string>> stage_dates;
  // Whether an input has a column that dates stages (set in phase 1): then the
  // history's entries are read (history_keys) before phase 2.
  bool dates_stages = false;
  // The entries into stages events.csv holds (stage events, and created
  // events with a stage), as history_key()s, sorted: the stage events phase 2
  // would append again are left out.
  std::vector<std::uint64_t> history_keys;

  lead::DedupeIndex index;
  lead::GroupIds groups;
  // The name of each group's lead (name_match.hpp), by group number: a phone
  // joins no two people whose names differ.
  std::vector<NamePrint> name_prints;
  // Leads whose names the warnings about shared phones give, sorted, and
  // their names ("first last") once phase 2 has written them, by index.
  std::vector<std::uint64_t> named_leads;
  std::vector<std::string> lead_names;
  // Ids of the stored leads, sorted (read by the normalizing threads while the
  // dedupe thread owns index and groups).
  std::vector<std::uint64_t> store_ids;
  // Output columns: canonical, the store's extra columns, then new extras.
  std::vector<std::string> columns;
  std::unordered_map<std::string, std::uint16_t> extra_columns;
  // Display names of the inputs, by input index.
  std::vector<std::string> input_names;
  // Readers opened before phase 1 (stdin and pipes, which cannot be opened twice), by input index.
  std::vector<std::unique_ptr<csv::Reader>> opened;
  // How far the reading thread is, for the dedupe thread to size its tables
  // by (see DedupePass): input bytes in all (0 when unknown, as for stdin),
  // and bytes and records read so far.
  std::uint64_t input_bytes = 0;
  std::atomic<std::uint64_t> bytes_read{0};
  std::atomic<std::uint64_t> records_read{0};
  SpillBuckets buckets;
  // Phase 1 keeps accepted rows for phase 2 (which runs in a dry run too, to
  // count the merges that change nothing).
  bool spill = true;

  Summary summary;
  std::map<std::string, long, std::less<>> reason_counts;          // of lead rows
  std::map<std::string, long, std::less<>> activity_reason_counts; // of activity rows
  std::map<std::string, long, std::less<>> cell_warning_counts;    // of imported rows
  // Where rejected rows go (a file sink, and/or the summary's list).
  std::vector<RejectSink*> reject_sinks;

  // The column of an extra column name, added at the end when new.
  std::uint16_t column_for(const std::string& name);
  // Uses the store's header (canonical columns, then its extras).
  void set_store_header(const std::vector<std::string>& header);

  void begin_rejects(const std::string& path, const std::string& display_name,
                     const std::vector<std::string>& header);
  // A rejected row of an input (or, with `activity`, of the activities file).
  void reject(std::string_view kind, std::string_view reason, long line,
              std::span<const std::string_view> fields, bool activity = false);

  // A cell of an imported row left out or split (see CellWarning), at file:line.
  void warn_cell(const CellWarning& warning, const std::string& file, long line);

  // Reader options for an input file.
  csv::ReaderOptions reader_options() const;

  // Frees the dedupe index once phase 1 and the activities are done.
  void release_index();
  // The summary with its reasons sorted.
  Summary finish();
};

// Checks the --stage-date and --set options against the configuration (and
// each other) and sets run.stage_dates; throws leads::Error(usage).
void setup_stage_options(Run& run);

// The key of an entry into a stage of a lead at a time, for Run::history_keys.
std::uint64_t history_key(std::uint64_t lead, std::string_view stage, std::string_view at);

// Whether the history holds an entry of lead into stage at `at`.
bool in_history(const Run& run, std::uint64_t lead, std::string_view stage, std::string_view at);

// Reads the entries into stages of events.csv into run.history_keys (when
// the inputs date stages and the file exists).
void load_history_keys(Run& run, const std::filesystem::path& events_file);

// A lead whose phone is an earlier lead's: its keys by phone and each of its names.
void add_phone_of_name(Run& run, const lead::KeyHash& phone, std::uint32_t group);

// Phase 0 (workspace mode): every stored lead becomes a group with its id and keys.
void load_store(Run& run, const std::filesystem::path& leads_file);

// Phase 1: reads, normalizes and dedupes every input.
void read_inputs(Run& run);

// Phase 2: writes the header and every lead in id order to leads, folding
// the spilled rows of each lead (and its stored record, when store is given)
// with the merge policy; created/merged events go to events when given.
void write_leads(Run& run, store::StoreReader* store, store::CsvSink& leads, store::CsvSink* events);

// `--activities FILE`: matches each row to a lead (by lead_id, else email)
// and writes accepted rows to out (when given) in input order, but not a row
// that is already in the store's activities file (`stored`, when it exists)
// or earlier in the same file.
void import_activities(Run& run, const std::string& path, const std::filesystem::path& stored,
                       store::CsvSink* out);

} // namespace leads::import::detail
