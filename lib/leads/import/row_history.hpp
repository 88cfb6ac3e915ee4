#pragma once

#include <leads/import/row_normalizer.hpp>
#include <leads/import/spill.hpp>

#include <string_view>

// What one normalized row tells of its lead's history, as phase 1 of an
// import spills it (phase 2 works the history out: see plan_lifecycle()).
namespace leads::import {

// The row's stage dates, and whether it dates stages at all: by stage-date
// columns, or by its own stage with its own stage_at.
SpillHistory row_history(const NormalizedRow& row);

// The earliest date the row carries (a stage date, stage_at, updated_at)
// into out, when it carries one: what a new lead without created_at was
// created by.
bool earliest_row_date(const NormalizedRow& row, std::string_view& out);

} // namespace leads::import
