#pragma once

#include <leads/text/vocabulary.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace leads::normalize {

// How to read an ambiguous numeric date such as 03/05/2026 (--date-order,
// import.date_order): mdy, dmy or ymd.
enum class DateOrder { mdy, dmy, ymd };
inline constexpr text::Word<DateOrder> k_date_order_words[] = {
    {"mdy", DateOrder::mdy}, {"dmy", DateOrder::dmy}, {"ymd", DateOrder::ymd}};
inline constexpr text::Vocabulary<DateOrder> date_orders{k_date_order_words};

// Reads a date or timestamp in the shapes exports use and returns a UTC
// ISO 8601 timestamp "YYYY-MM-DDTHH:MM:SSZ" (midnight for a date only):
//   2026-11-27, 2026-11-27T16:15:41Z, 2026-11-27 16:15:41, 2026-11-27T16:15:41+01:00,
//   2026-11-27T16:15:41.123Z, 11/27/2026 (by order), 27.11.2026 (day first
//   whatever the order, as everyone who writes dots reads it), 27-Nov-2026,
//   Nov 27, 2026, 27 November 2026, 11/27/2026 4:15 PM, 1764260141000 (epoch ms)
//   and 1764260141 (epoch s, 10 digits).
// nullopt when it cannot be read or is not a real calendar date.
std::optional<std::string> timestamp(std::string_view raw, DateOrder order);

// Why timestamp() could not read raw, when a likely reason shows, as the end
// of a sentence ("; ..."), else "": a spreadsheet's day number (45720, a date
// column not formatted as dates), or a date that reads in another order
// (29/12/2024 under mdy: import with --date-order dmy).
std::string unreadable_date_note(std::string_view raw, DateOrder order);

// Seconds since the epoch of a "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM:SSZ" text
// (the store's own shapes); nullopt otherwise.
std::optional<std::int64_t> parse_iso(std::string_view iso);

// Seconds since the epoch -> "YYYY-MM-DDTHH:MM:SSZ" (years past 0000..9999, which
// timestamp() never yields, in ISO 8601's expanded form: "+10000-01-01T00:00:00Z").
std::string format_iso(std::int64_t epoch_seconds);

} // namespace leads::normalize
