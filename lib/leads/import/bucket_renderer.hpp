#pragma once

#include <leads/import/lifecycle.hpp>
#include <leads/import/merge.hpp>
#include <leads/import/run.hpp>
#include <leads/import/spill.hpp>
#include <leads/lead/fields.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

// Phase 2 of an import, one bucket of leads at a time (output_pass.cpp runs
// the buckets): bucket_renderer.cpp renders the leads, bucket_events.cpp
// writes their events. Internal to the import module.
namespace leads::import::detail {

// The stored leads whose ids fall in one bucket, copied out of the store stream.
struct StoreChunk {
  std::size_t fields = 0;             // values per row (the store's columns)
  std::vector<std::uint64_t> ids;     // one per row, increasing
  std::vector<std::uint32_t> offsets; // fields + 1 per row, into bytes
  // Each row's values, each followed by a comma: for a row whose values
  // need no quotes (most), its CSV line as the writer writes it.
  std::string bytes;
  std::vector<bool> as_is; // one per row: its line() is its CSV line

  void clear() {
    ids.clear();
    offsets.clear();
    bytes.clear();
    as_is.clear();
  }

  std::string_view value(std::size_t row, std::size_t field) const {
    const std::size_t at = row * (fields + 1) + field;
    return std::string_view(bytes).substr(offsets[at], offsets[at + 1] - offsets[at] - 1);
  }

  // The row's values joined by commas.
  std::string_view line(std::size_t row) const {
    const std::size_t at = row * (fields + 1);
    return std::string_view(bytes).substr(offsets[at], offsets[at + fields] - offsets[at] - 1);
  }
};

// Renders one bucket as CSV text, on a worker thread: its spilled rows sorted
// by (id, sequence) and folded per lead with the merge policy, merge-joined
// with the bucket's stored leads (which pass through unchanged when no row
// names them), plus the created/merged events in the same order.
class BucketRenderer {
public:
  // names: where the names of run.named_leads go as their leads are written.
  BucketRenderer(const Run& run, std::vector<std::string>& names);

  // Rows that merged into a lead and changed nothing, so far.
  long unchanged() const { return m_unchanged; }
  // Stage events of stage dates, so far (counted without an events file too).
  long stage_events() const { return m_stage_events; }

  // Renders a bucket: its spilled rows (spill) and stored leads (store) into
  // leads, and their events into events (when given).
  void render(std::string_view spill, const StoreChunk& store, std::string& leads, std::string* events);

private:
  static constexpr std::size_t k_id = field_index(Field::id);
  static constexpr std::size_t k_stage_column = field_index(Field::stage);
  static constexpr std::size_t k_stage_at_column = field_index(Field::stage_at);
  static constexpr std::size_t k_email_column = field_index(Field::email);
  static constexpr std::size_t k_created_at_column = field_index(Field::created_at);
  static constexpr std::size_t k_updated_at_column = field_index(Field::updated_at);
  static constexpr std::size_t k_owner_column = field_index(Field::owner);
  static constexpr std::size_t k_first_name_column = field_index(Field::first_name);
  static constexpr std::size_t k_last_name_column = field_index(Field::last_name);
  static constexpr std::size_t k_dnc_column = field_index(Field::do_not_contact);
  // Versions of a lead (the stored one and its rows) up to which each row's
  // part in a merge is found by folding them prefix by prefix (quadratic).
  static constexpr std::size_t k_exact_versions = 64;
  // Spilled rows fetched ahead of rendering, and how many of their first bytes.
  static constexpr std::size_t k_prefetch_distance = 8;
  static constexpr std::size_t k_prefetch_bytes = 256;
  struct Entry {
    std::uint64_t id;
    std::uint32_t sequence;
    std::size_t offset;
  };

  bool store_at_end() const { return m_store_row >= m_store->ids.size(); }

  // Writes the stored leads whose id is below *id (all that are left for nullptr), unchanged.
  void pass_store_until(const std::uint64_t* id);

  // Keeps the name of a lead that a warning names (see Run::named_leads).
  void name_lead(std::uint64_t id, std::string_view first, std::string_view last);

  // A CSV line of the first `width` columns as it is, then empty columns up
  // to the output's width, and the line end.
  void write_line(std::string_view line, std::size_t width);

  // The stored lead as it is.
  void write_stored_lead();

  // The current stored lead's values into m_store_values.
  void load_store_values();

  // One lead: the spilled rows of m_entries[begin, end) (one id), and the
  // stored lead of that id when there is one.
  void write_lead(std::string_view spill, std::size_t begin, std::size_t end);

  // The events of a lead that rows merged into: created for the first row of
  // a new lead; merged for each row that merged (the last of them names the
  // source ids the lead did not keep: its emails go to other_emails); and
  // when a stored lead changed its stage, owner or do_not_contact, an event
  // of that kind, from the old value to the new, naming the row that gave it.
  void write_events(std::size_t count, bool stored, bool changed);

  // Which rows change the lead, one after another: row k does when the lead
  // its versions up to it make differs from the one made without it (in any
  // column but id and updated_at). A new lead's first row makes it. The
  // lead of all versions is in m_result (before finalize()); a group too
  // large to fold prefix by prefix counts each row as changing it.
  void mark_changing_rows(std::size_t first_row);

  // The lead that versions make (fold_lead()), keeping in other_emails (when
  // the output has it) every email of theirs that it does not keep as its
  // email, and every one their other_emails hold: nothing is lost, and the
  // same rows again add nothing. other: where the new value is written.
  void fold(std::span<const LeadValues* const> versions, std::size_t first_row, LeadValues& out,
            std::string& other);

  // Settles which rows count as merged: none when the stored lead stays as
  // it was (the same export again leaves events.csv as it was, even for a
  // row whose email or source id the lead does not keep), the last one when
  // it changed but no row alone did (defaults a stored lead lacked).
  void mark_merged_rows(std::size_t count, bool stored, bool changed);

  // The stage of a new lead of one row: from its spill header (the first
  // stage when the row had none), else from its line.
  std::string_view spilled_stage(const SpillRecord& record);

  // A column of a spilled line of `width` columns: its text in the line, or,
  // when the line has quotes, as a merge splits it (into split).
  struct SpilledRow;
  std::string_view spilled_column(std::string_view line, std::size_t column, SpilledRow& split,
                                  std::size_t width);

  // The row's own values (without the defaults of a new lead), for a merge.
  void read_own_values(const SpillRecord& record, LeadValues& values, std::string& scratch) const;

  // The entries into stages of row k (its stage dates, and its own stage
  // with its own stage_at) into m_dates, and its earliest own date into m_earliest_edit.
  void gather_history(std::size_t k, const SpillRecord& record);

  // Works out the lifecycle of the lead in m_result from m_dates (see
  // plan_lifecycle()), when its rows date stages or it needs a created_at:
  // its stage, stage_at and created_at, and the stage events to append.
  void plan_history(std::size_t count, bool stored);

  // Rows that gave a stage event merged into the lead (its history grew).
  void mark_history_rows(std::size_t count, bool stored);

  // The stage events of m_lifecycle.
  void write_stage_moves();

  // Defaults of a lead that this import touched (the result of a merge);
  // updated_at moves to now when a stored lead changed. False when the
  // result is the stored lead as it was.
  bool finalize(bool stored);

  // Starts an event's note with the row's input and line ("export.csv:12").
  void note_row(const SpillHeader& row);

  // A stored lead's stage, owner or do_not_contact changed (kind, in column):
  // from the stored value to the new one, at `at`, naming the row that gave it.
  void write_change_event(std::string_view kind, std::size_t column, std::string_view at, std::size_t count);

  // The emails and source ids of the versions of a merged lead (the stored
  // one, if any, and its first count rows) that it did not keep, as
  // "; email x not kept; external_ids 7, 9 not kept"; "" when it kept them all.
  const std::string& unkept_keys(std::size_t count, bool stored);

  void append_unkept(std::size_t column, std::string_view name, std::size_t count, bool stored);

  // A created or merged event of a row, at `at`; to: a created lead's stage.
  void write_event(const SpillHeader& header, std::string_view kind, std::string_view to,
                   std::string_view unkept, std::string_view at);

  const Run& m_run;
  std::vector<std::string>& m_names;
  std::size_t m_columns;
  const StoreChunk* m_store = nullptr;
  std::size_t m_store_row = 0;
  std::string* m_leads = nullptr;
  std::string* m_events = nullptr;
  LeadValues m_result;
  LeadValues m_store_values;
  // The spilled rows of the lead being written: header, and for a merge
  // their own values (unquoted text in scratch).
  struct SpilledRow {
    SpillHeader header;
    LeadValues values;
    std::string scratch;
    bool merged = false; // it changed the lead (see mark_changing_rows())
  };

  // The last of the first count rows whose value in column the lead now has.
  const SpilledRow* giver(std::size_t column, std::size_t count) const;

  std::vector<SpilledRow> m_rows;
  SpilledRow m_split;   // a line split for spilled_column()
  std::string m_unkept; // see unkept_keys()
  std::vector<std::string_view> m_unkept_list;
  std::vector<const LeadValues*> m_versions;
  LeadValues m_before; // see mark_changing_rows()
  LeadValues m_after;
  // The column of other_emails (m_columns when the output has none), and the
  // values fold() makes for it, for m_result, m_before and m_after.
  std::size_t m_other_emails_column = 0;
  std::string m_result_other_emails;
  std::string m_before_other_emails;
  std::string m_after_other_emails;
  std::string m_email_key; // scratch of fold()
  std::string m_address_key;
  long m_unchanged = 0;
  long m_stage_events = 0;
  // The history of the lead being written: its rows' entries into stages,
  // their earliest own date, and (m_planned) what plan_lifecycle() made of them.
  std::vector<StageDate> m_dates;
  std::string_view m_earliest_edit;
  Lifecycle m_lifecycle;
  bool m_planned = false;
  bool m_edit_time_only = false; // finalize() changed only updated_at (see there)
  std::vector<Entry> m_entries;
  std::string m_note;
  std::vector<bool> m_plain_names; // by input: its name needs no quotes in CSV
  bool m_plain_stages = false;     // no stage name needs quotes in CSV
  char m_id[16] = {};
};

} // namespace leads::import::detail
