#pragma once

#include <leads/csv/reader.hpp>
#include <leads/lead/shard.hpp>
#include <leads/render/render.hpp>

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace leads::query {

// What `leads list` selects and how it orders it.
struct ListOptions {
  std::optional<std::string> where; // expression (see leads-expressions(7))
  std::vector<std::string> fields;  // columns to print; empty = all
  std::vector<std::string> sort;    // "score" ascending, "-score" descending; stable
  std::optional<long> limit;        // at most this many rows
  std::map<std::string, std::vector<std::string>, std::less<>> lists; // named lists for `in`
  std::int64_t now = 0;                                               // for days_since()
  // The configuration's stage names: when the input is a lead file (its
  // header starts with the canonical lead columns: the store, or what import
  // writes), `stage == "mqll"` in --where is an error with a did-you-mean.
  std::vector<std::string> stages = {};
  // Only the rows of this shard (--shard I/N), by the id column, else lead_id
  // (events.csv, activities.csv).
  std::optional<lead::Shard> shard;
};

// Streams the rows of `reader` that match into `write`, rendered in `format`.
// Without --sort nothing is held: rows flow through and the read stops at the
// limit. With --sort the matching rows are held (only the printed and sort
// fields), and with a limit only those that can still be printed.
// Throws leads::Error(usage) for unknown fields and bad expressions, or a
// --shard without an id or lead_id column; leads::Error(data) for a row whose
// id is not 16 hex digits under --shard, and the reader's data errors.
// Returns the number of rows printed.
long list_rows(csv::Reader& reader, const ListOptions& options, render::Format format,
               render::RowPrinter::Style style, const std::function<void(std::string_view)>& write);

} // namespace leads::query
