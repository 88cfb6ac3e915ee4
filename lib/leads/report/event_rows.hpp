#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <leads/lead/shard.hpp>

// Internal to the report module: the rows of events.csv that a report reads.
namespace leads::report::detail {

enum class EventKind : std::uint8_t { created, stage, owner, other };

// One row of events.csv. The views stay valid until the next call to next().
struct EventRow {
  std::int64_t at = 0;
  std::uint64_t lead_id = 0;
  bool lead_id_ok = false; // lead_id is 16 hex digits
  EventKind kind = EventKind::other;
  std::string_view from, to, actor, note;
  long line = 0;
};

// The leads whose events a scan hands over: ids from `first` to `last`.
struct IdRange {
  std::uint64_t first = 0;
  std::uint64_t last = std::numeric_limits<std::uint64_t>::max();
  // Also hand over the events whose lead_id is no id (lead_id_ok false), so
  // that one scan of several counts them.
  bool malformed = true;
  // When set, only ids whose top bits (id >> filter_shift) have their bit set in it.
  const std::uint64_t* filter = nullptr;
  unsigned filter_shift = 44;
  // Only the events of this shard's leads (those whose lead_id is no id: of
  // the first shard). EventRows::rows() counts the rows of the shard.
  lead::Shard shard;

  bool in_shard(const std::optional<std::uint64_t>& id) const {
    return shard.whole() || (id ? shard.contains(*id) : shard.contains_malformed());
  }
  bool wants(const std::optional<std::uint64_t>& id) const {
    if (!id) {
      return malformed && filter == nullptr && in_shard(id);
    }
    if (*id < first || *id > last || !in_shard(id)) {
      return false;
    }
    const std::uint64_t top = *id >> filter_shift;
    return filter == nullptr || (filter[top >> 6] >> (top & 63) & 1) != 0;
  }
};

// events.csv opened: its header read (a missing file is an empty history;
// a header without the columns of events.csv is leads::Error(data)).
class EventsFile {
public:
  explicit EventsFile(const std::filesystem::path& events_file);
  ~EventsFile();
  EventsFile(const EventsFile&) = delete;
  EventsFile& operator=(const EventsFile&) = delete;

  // Where the rows start and the file ends (equal for no rows).
  std::uint64_t body() const { return m_body; }
  std::uint64_t size() const { return m_size; }
  const std::string& name() const { return m_name; }
  int fd() const { return m_fd; }
  long header_line() const { return m_header_line; }
  // Columns of at, lead_id, kind, from, to, actor, note; canonical when in that order.
  const std::array<std::size_t, 7>& columns() const { return m_columns; }
  bool canonical() const { return m_canonical; }

private:
  std::string m_name;
  int m_fd = -1;
  std::uint64_t m_body = 0;
  std::uint64_t m_size = 0;
  long m_header_line = 0;
  std::array<std::size_t, 7> m_columns{0, 1, 2, 3, 4, 5, 6};
  bool m_canonical = true;
};

// Streams the created, stage and owner events of the rows of events.csv in
// the byte range [begin, end) (which starts at a row), of the leads in
// `range` (the other kinds are no part of a report). Such an event whose
// `at` is not a timestamp is leads::Error(data) at its line. The range's
// lines are numbered from line_offset + 1 (header_line() + 1 when begin is
// body(), in the file's numbers).
class EventRows {
public:
  EventRows(const EventsFile& file, std::uint64_t begin, std::uint64_t end, IdRange range, long line_offset);
  ~EventRows();
  EventRows(const EventRows&) = delete;
  EventRows& operator=(const EventRows&) = delete;

  bool next(EventRow& row);
  // Rows read so far, of any kind and lead of the range's shard.
  long rows() const;
  // The physical lines of the range read so far, and where the last row ended.
  long lines() const;
  std::uint64_t offset() const;

private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

// Epoch seconds of "YYYY-MM-DDTHH:MM:SSZ" or "YYYY-MM-DD" (the store's
// shapes), quickly for the first; nullopt for anything else.
std::optional<std::int64_t> parse_at(std::string_view text);

// parse_at() that remembers the last date: the rows of a run mostly share theirs.
class AtParser {
public:
  std::optional<std::int64_t> parse(std::string_view text);

private:
  char m_date[10] = {};
  std::int64_t m_day_start = 0;
  bool m_known = false;
};

} // namespace leads::report::detail
