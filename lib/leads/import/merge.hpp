#pragma once

#include <leads/import/options.hpp>

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace leads::import {

// One version of a lead: a value per column (canonical columns first, then
// extra columns), "" for none.
using LeadValues = std::vector<std::string_view>;

// Folds the versions of one lead into out, oldest first (the store's record,
// when there is one, comes first):
//   fill:   the first version, with its empty fields filled from later ones in order;
//   newest: non-empty values of the version with the later updated_at win (an
//           empty updated_at counts as now_iso; on a tie the later version wins),
//           created_at keeps the earliest value, updated_at becomes the latest;
//   keep:   the first version unchanged.
// stage and stage_at travel together. Under newest, stage_at is what importing
// the versions one by one in their order would give: a stage that stays keeps
// its date, and a change without a date of its own is dated by the edit that
// made it (see newest_stage in merge.cpp). The views in out point where the
// versions' views point (or at now_iso).
void fold_versions(MergePolicy policy, std::span<const LeadValues* const> versions, std::string_view now_iso,
                   LeadValues& out);

// An opt-out wins: after fold_versions, do_not_contact becomes "true" when any
// version says so, whatever the policy. With allow_opt_in (`import
// --allow-opt-in`, a file of people who subscribed again), the import's own
// rows decide instead: the value of the last of versions[first_row...] that
// has one, when any (an earlier version, the store's, counts no more).
void apply_opt_out(std::span<const LeadValues* const> versions, std::size_t first_row, bool allow_opt_in,
                   LeadValues& out);

// fold_versions, then apply_opt_out: the lead that versions make.
void fold_lead(MergePolicy policy, std::span<const LeadValues* const> versions, std::size_t first_row,
               bool allow_opt_in, std::string_view now_iso, LeadValues& out);

// Fills in what a new lead must have where its values are empty: created_at
// and updated_at become now_iso, stage the first stage (with stage_at
// cleared), stage_at created_at. values holds at least the canonical columns.
// Returns the spill_defaults bits (spill.hpp) of the columns it filled, with
// k_own_stage_at when it cleared a stage_at that had a value.
std::uint8_t new_lead_defaults(std::span<std::string_view> values, std::string_view now_iso,
                               std::string_view first_stage);

} // namespace leads::import
