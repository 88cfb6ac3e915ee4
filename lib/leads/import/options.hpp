#pragma once

#include <leads/csv/reader.hpp>
#include <leads/normalize/date.hpp>
#include <leads/text/vocabulary.hpp>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

// What an import is asked to do and what it reports: the public types of
// the import, apart from the driver that runs it (importer.hpp).
namespace leads::import {

// How a lead that turns up again is merged (`--merge`).
enum class MergePolicy {
  fill,   // fill empty fields of the earlier record from the later ones (default)
  newest, // non-empty values of the record with the later updated_at win
  keep,   // the first record (the store's, when any) stays unchanged
};
inline constexpr text::Word<MergePolicy> k_merge_policy_words[] = {
    {"fill", MergePolicy::fill}, {"newest", MergePolicy::newest}, {"keep", MergePolicy::keep}};
inline constexpr text::Vocabulary<MergePolicy> merge_policies{k_merge_policy_words};

// A rejected input row, for callers that print rejects instead of filing them.
struct RejectedRow {
  std::string file; // the input as named in messages ("<stdin>" for -)
  long line = 0;    // where the record starts
  std::string reason;
};

struct Options {
  // Input CSV files in order; "-" is stdin. May be empty with `activities`.
  std::vector<std::string> inputs;
  // "", or a name find_preset() knows (otherwise leads::Error(usage)).
  std::string preset;
  // `--map` options as (source column, field), checked by parse_column_map().
  std::vector<std::pair<std::string, std::string>> maps;
  // `--stage-date` options as (source column, stage name or "stage_at"),
  // checked by parse_stage_date(): the column dates the rows' entries into
  // that stage (see import.stage_dates in leads.yaml). Every input must have
  // the column.
  std::vector<std::pair<std::string, std::string>> stage_dates;
  // `--set` options as (field, value), checked by parse_set(): the value of
  // the field in every row that has none, normalized and mapped as a cell.
  std::vector<std::pair<std::string, std::string>> sets;
  // How to read the inputs: the delimiter (sniffed when unset) and the
  // encoding. The importer sets what it needs beyond these itself (ragged
  // rows handed over, report footers skipped).
  csv::ReaderOptions reading;
  // Unset: the configuration's import.date_order.
  std::optional<normalize::DateOrder> date_order;
  MergePolicy merge = MergePolicy::fill;
  // An opt-out (do_not_contact true) wins under every policy; with this, the
  // inputs' rows may set it back to false (`--allow-opt-in`: people who
  // subscribed again), with a do_not_contact event.
  bool allow_opt_in = false;
  // Read, validate and count exactly as a real run; write nothing.
  bool dry_run = false;
  // Write nothing if any row (lead or activity) is rejected.
  bool strict = false;
  // `source` for rows that have none.
  std::string source;
  // "Now" in epoch seconds (--as-of / LEADS_NOW / the clock), for timestamps and file names.
  std::int64_t now = 0;
  // Engagement events to import into activities.csv (workspace mode only).
  std::optional<std::string> activities;
  // `--shard I/N`: only the leads of shard I of N (lead::Shard), by their
  // final id, are written, created or merged, with their events and
  // activities. Every row is still read and deduplicated (so that the rows
  // of one person in the inputs find each other whatever shard their own
  // keys would give). 1 of 1: every lead.
  std::uint32_t shard_index = 1;
  std::uint32_t shard_count = 1;
  // Called with input bytes read so far and their total (0 when unknown, e.g.
  // stdin) about every MiB, when set.
  std::function<void(std::uint64_t done, std::uint64_t total)> progress;
  // Called for every rejected row as soon as it is found, when set; then
  // Summary::rejected_rows stays empty.
  std::function<void(const RejectedRow&)> on_reject;
};

// How many warnings of one kind about rows (cells left out, rows that name
// two leads, ...) a summary lists one by one; the rest are counted.
inline constexpr std::size_t k_listed_cell_warnings = 10;

struct Summary {
  // Lead rows: read = created + merged + unchanged + rejected + other_shards, always.
  long read = 0;
  long created = 0;
  long merged = 0;    // rows that merged into a lead and changed it
  long unchanged = 0; // rows that merged into a lead and changed nothing (the same export again)
  long rejected = 0;
  // With Options::shard: its name ("2/4"), and the rows of leads of other
  // shards, read and deduplicated but not imported (rejected rows and the
  // warnings about rows are every shard's: they have no lead).
  std::string shard;
  long other_shards = 0;
  // Stage events the inputs' stage dates added to the history (not those
  // already in it): counted in a dry run too.
  long stage_events = 0;
  // Reject reasons of lead rows by kind ("invalid email", "no identity", ...),
  // most frequent first, then by name: they add up to `rejected`.
  std::vector<std::pair<std::string, long>> reasons;
  // Cells of imported rows that were left out (unreadable: a rounded phone,
  // an unknown stage, a yes/no, date or number that means nothing here) or
  // split (several emails in one cell): their count, their kinds as
  // `reasons`, and the first few, to warn about.
  long cell_warning_count = 0;
  std::vector<std::pair<std::string, long>> cell_warnings;
  struct CellWarning {
    std::string file;
    long line = 0;
    std::string reason;
  };
  std::vector<CellWarning> first_cell_warnings;
  // Rejects files written (workspace mode and --rejects), in the order created.
  std::vector<std::string> rejects_files;
  long activities_read = 0;
  long activities_added = 0;
  long activities_duplicate = 0; // rows already in activities.csv, or earlier in the same file
  long activities_rejected = 0;
  long activities_other_shards = 0; // of leads of other shards (Options::shard)
  // Reject reasons of activity rows, as `reasons`: they add up to activities_rejected.
  std::vector<std::pair<std::string, long>> activity_reasons;
  // Rejected rows that no rejects file holds (filter mode without a rejects
  // path, --strict, --dry-run), unless Options::on_reject took them.
  std::vector<RejectedRow> rejected_rows;
  // --map options that matched no input header ("Col=field"), to warn about.
  std::vector<std::string> unused_maps;
  // Inputs whose header has no column that can identify a person (see
  // HeaderMapping::can_identify()), to warn about: every row is rejected.
  struct UnidentifiedInput {
    std::string file;
    long line = 0; // of the header
    std::vector<std::string> header;
  };
  std::vector<UnidentifiedInput> inputs_without_identity;
  // Inputs of whose headers the --preset knows none (a HubSpot preset on a
  // Pipedrive export), and the preset that knows most of them ("" when none
  // does), to warn about.
  struct PresetMisfit {
    std::string file;
    std::string preset;
    std::string better;
  };
  std::vector<PresetMisfit> preset_misfits;
  // Inputs with nothing in them, not even a header (a failed download), to warn about.
  std::vector<std::string> empty_inputs;
  // Rows with no value in any field (spreadsheets write the rows that once
  // held something as ",,,"): skipped, as blank lines are, and not in `read`.
  long empty_rows = 0;
  // Inputs that ended in a report's footer (see ReportFooter), not read as rows.
  struct Footer {
    std::string file;
    long line = 0; // where it starts
  };
  std::vector<Footer> report_footers;
  // Rows that name two leads: their lead id or email found one, and their
  // email or source id belongs to another. They merged into the first
  // without that email or source id, so that no two leads share one. Their
  // count, and the first few, to warn about.
  struct Conflict {
    std::string file;
    long line = 0;
    std::string by;    // the key that found the lead: "id" or "email"
    std::string key;   // the key that is another lead's: "email" or "source id"
    std::string lead;  // the lead the row merged into
    std::string owner; // the lead the key belongs to
  };
  long conflicts = 0;
  std::vector<Conflict> first_conflicts;
  // Rows found by their source id alone whose email is another than the
  // lead's (an email that changed, or ids that are not a person's, as row
  // numbers are): the lead kept one email, and the other in other_emails.
  struct OtherEmail {
    std::string file;
    long line = 0;
    std::string lead;
  };
  long other_emails = 0;
  std::vector<OtherEmail> first_other_emails;
  // Rows whose phone is a lead's whose name is another (colleagues on one
  // switchboard, a family's line): a phone alone joins no two people, so
  // each made a new lead. Their count, and the first few, to warn about.
  struct SharedPhone {
    std::string file;
    long line = 0;
    std::string phone;
    std::string name;      // the row's ("first last")
    std::string lead;      // the lead with that phone
    std::string lead_name; // its name
  };
  long shared_phones = 0;
  std::vector<SharedPhone> first_shared_phones;
  // Nothing was written because of --strict (rows were rejected) or --dry-run.
  bool wrote_nothing = false;
};

} // namespace leads::import
