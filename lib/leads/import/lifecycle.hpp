#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string_view>
#include <vector>

// What the stage dates of an export make of one lead's lifecycle: where it
// is now and since when, when it was created, and the stage events that tell
// how it got there (leads-import(1), STAGE HISTORY).
namespace leads::import {

// An entry into a stage that a row records: a stage-date cell, or the row's
// own stage with its own stage_at.
struct StageDate {
  std::string_view stage;
  std::string_view at;   // "YYYY-MM-DDTHH:MM:SSZ"
  std::uint32_t row = 0; // the row that gave it, among the lead's rows
};

// A stage event to append: from "" when the stage before is not known.
struct StageMove {
  std::string_view at;
  std::string_view from;
  std::string_view to;
  std::uint32_t row = 0;
};

// What is known of one lead once the merge policy has folded its versions.
struct LifecycleInput {
  // The rows' entries into stages, in any order.
  std::span<const StageDate> dates;
  // The folded lead: its stage ("" when no version gave one: a new lead
  // then takes the stage of its latest entry), that stage's date ("" when
  // none is known), and created_at ("" when no version gave one).
  std::string_view stage;
  std::string_view stage_at;
  std::string_view created_at;
  std::uint32_t stage_row = 0; // the row that gave the stage
  // The earliest stage_at or updated_at that a row gives ("" when none):
  // with the entries, what a new lead without created_at was created by.
  std::string_view earliest_edit;
  // A lead of the store: its stage and stage_at as they are there.
  bool stored = false;
  std::string_view stored_stage;
  std::string_view stored_stage_at;
  // Whether an entry later than the lead's stage moves the lead, and an
  // earlier one makes it older (false for a stored lead under --merge keep,
  // which stays as it is: its history still grows).
  bool may_change = true;
  // Where a new lead created before its first entry started (the first of `stages:`).
  std::string_view first_stage;
};

struct Lifecycle {
  // The lead's stage and stage_at: those of the input, or of the latest
  // entry when it is later and moves the lead (stage_at being the start of
  // its last stay in that stage); "" when there is none to give (a new lead
  // without stage and entries starts in the first stage, as ever).
  std::string_view stage;
  std::string_view stage_at;
  std::uint32_t stage_row = 0;
  // The earliest of the input's created_at and the entries, or for a new
  // lead without one, of the entries and earliest_edit; "" when none.
  std::string_view created_at;
  // A new lead's created event: the stage of its earliest entry when that
  // is at created_at, the first stage when the lead is older than its
  // entries, else "" (the lead's stage).
  std::string_view created_to;
  // The stage events to append, in time order: each entry that changes the
  // stage (from the one before it in time), less the first entry of a new
  // lead, which its created event records, and those already known.
  std::vector<StageMove> moves;
};

// Whether the history already holds an entry into `stage` at `at` (a stage
// event, or a created event starting there).
using KnownEntry = std::function<bool(std::string_view at, std::string_view stage)>;

// Works out a lead's lifecycle from its entries. Entries are taken in time
// order; at one time in their rows' order, and the stage the lead is in
// (stored, then its own) last: only a later entry moves it. Two entries into
// one stage at one time are one, in the place of the last. An entry into the
// stage the lead was in already changes nothing. A stored lead's stored stage, and
// the entries `known` names, are not appended again, so that importing an
// export twice appends its history once.
void plan_lifecycle(const LifecycleInput& in, const KnownEntry& known, Lifecycle& out);

} // namespace leads::import
