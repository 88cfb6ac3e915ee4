#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace leads::csv {
class Reader;
}

// Internal to the report module: the rows of events.csv that a report reads.
namespace leads::report::detail {

enum class EventKind : std::uint8_t { created, stage, owner, other };

// One row of events.csv. The views stay valid until the next call to next().
struct EventRow {
  std::int64_t at = 0; // read for created, stage and owner events only
  std::uint64_t lead_id = 0;
  bool lead_id_ok = false; // lead_id is 16 hex digits
  EventKind kind = EventKind::other;
  std::string_view from, to, actor, note;
  long line = 0;
};

// Streams events.csv (a missing file is an empty history). A created, stage
// or owner event whose `at` is not a timestamp is leads::Error(data) at its
// line and column; so is a header without the columns of events.csv.
class EventRows {
public:
  explicit EventRows(const std::filesystem::path& events_file);
  ~EventRows();
  EventRows(const EventRows&) = delete;
  EventRows& operator=(const EventRows&) = delete;

  bool next(EventRow& row);

private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

// Epoch seconds of "YYYY-MM-DDTHH:MM:SSZ" or "YYYY-MM-DD" (the store's
// shapes), quickly for the first; nullopt for anything else.
std::optional<std::int64_t> parse_at(std::string_view text);

} // namespace leads::report::detail
