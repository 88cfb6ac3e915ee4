#include <leads/report/event_rows.hpp>

#include <leads/error.hpp>
#include <leads/lead/fields.hpp>
#include <leads/normalize/civil.hpp>
#include <leads/normalize/date.hpp>
#include <leads/report/lead_table.hpp>
#include <leads/report/line_reader.hpp>
#include <leads/stop.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cerrno>
#include <cstring>
#include <optional>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace leads::report::detail {

namespace {

constexpr std::string_view k_check_hint =
    "run 'leads check' to list the history's problems, then fix events.csv";

EventKind kind_of(std::string_view kind) {
  switch (kind.size()) {
  case 5:
    return kind == "stage" ? EventKind::stage : kind == "owner" ? EventKind::owner : EventKind::other;
  case 7:
    return kind == "created" ? EventKind::created : EventKind::other;
  default:
    return EventKind::other;
  }
}

// The commas among the 64 bytes at p, as bits.
std::uint64_t commas_in(const char* p) {
#if defined(__SSE2__)
  const __m128i comma = _mm_set1_epi8(',');
  std::uint64_t bits = 0;
  for (int i = 0; i < 4; ++i) {
    const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * i));
    bits |= std::uint64_t{static_cast<std::uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(bytes, comma)))}
            << (16 * i);
  }
  return bits;
#else
  std::uint64_t bits = 0;
  for (int i = 0; i < 64; ++i) {
    bits |= std::uint64_t{p[i] == ','} << i;
  }
  return bits;
#endif
}

} // namespace

std::optional<std::int64_t> parse_at(std::string_view t) {
  if (t.size() == 20 && t[4] == '-' && t[7] == '-' && t[10] == 'T' && t[13] == ':' && t[16] == ':' &&
      t[19] == 'Z') {
    unsigned v[6] = {};
    constexpr std::array<std::array<unsigned, 2>, 6> k_parts = {
        {{0, 4}, {5, 2}, {8, 2}, {11, 2}, {14, 2}, {17, 2}}};
    for (std::size_t p = 0; p < k_parts.size(); ++p) {
      for (unsigned i = k_parts[p][0]; i < k_parts[p][0] + k_parts[p][1]; ++i) {
        const unsigned digit = static_cast<unsigned>(t[i]) - '0';
        if (digit > 9) {
          return std::nullopt;
        }
        v[p] = v[p] * 10 + digit;
      }
    }
    constexpr std::array<unsigned, 12> k_days = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (v[0] % 4 == 0 && v[0] % 100 != 0) || v[0] % 400 == 0;
    if (v[1] < 1 || v[1] > 12 || v[2] < 1 || v[2] > k_days[v[1] - 1] + (v[1] == 2 && leap ? 1 : 0) ||
        v[3] > 23 || v[4] > 59 || v[5] > 59) {
      return std::nullopt;
    }
    return normalize::days_from_civil(v[0], v[1], v[2]) * 86400 + v[3] * 3600 + v[4] * 60 + v[5];
  }
  if (t.size() == 10) {
    return normalize::parse_iso(t);
  }
  return std::nullopt;
}

EventsFile::EventsFile(const std::filesystem::path& events_file) : m_name(events_file.string()) {
  m_fd = open_file(m_name);
  if (m_fd < 0) {
    return;
  }
  struct stat st {};
  if (::fstat(m_fd, &st) != 0) {
    throw Error(ErrorKind::io, fmt::format("cannot read: {}", std::strerror(errno)), m_name);
  }
  m_size = static_cast<std::uint64_t>(st.st_size);
  LineReader reader(m_fd, m_name, 0, m_size);
  std::string_view record;
  bool quoted = false;
  if (!reader.next(record, quoted)) {
    m_body = m_size;
    return;
  }
  m_body = reader.offset();
  m_header_line = reader.line();
  std::vector<std::string_view> fields;
  std::string scratch;
  split_record(record, fields, scratch);
  for (std::size_t c = 0; c < k_event_columns.size(); ++c) {
    auto found = std::find(fields.begin(), fields.end(), k_event_columns[c]);
    if (found == fields.end()) {
      throw Error(ErrorKind::data, fmt::format("the header has no column '{}'", k_event_columns[c]), m_name,
                  m_header_line, 0,
                  fmt::format("events.csv starts with the header {}", fmt::join(k_event_columns, ",")));
    }
    m_columns[c] = static_cast<std::size_t>(found - fields.begin());
    m_canonical = m_canonical && m_columns[c] == c;
  }
}

EventsFile::~EventsFile() {
  if (m_fd >= 0) {
    ::close(m_fd);
  }
}

std::optional<std::int64_t> AtParser::parse(std::string_view t) {
  if (t.size() == 20 && m_known && std::memcmp(t.data(), m_date, 10) == 0 && t[10] == 'T' && t[13] == ':' &&
      t[16] == ':' && t[19] == 'Z') {
    const unsigned h0 = static_cast<unsigned>(t[11]) - '0';
    const unsigned h1 = static_cast<unsigned>(t[12]) - '0';
    const unsigned m0 = static_cast<unsigned>(t[14]) - '0';
    const unsigned m1 = static_cast<unsigned>(t[15]) - '0';
    const unsigned s0 = static_cast<unsigned>(t[17]) - '0';
    const unsigned s1 = static_cast<unsigned>(t[18]) - '0';
    const unsigned h = h0 * 10 + h1;
    const unsigned m = m0 * 10 + m1;
    const unsigned s = s0 * 10 + s1;
    if ((h0 | h1 | m0 | m1 | s0 | s1) <= 9 && h <= 23 && m <= 59 && s <= 59) {
      return m_day_start + h * 3600 + m * 60 + s;
    }
  }
  const auto at = parse_at(t);
  if (at && t.size() >= 10) {
    std::memcpy(m_date, t.data(), 10);
    const std::int64_t day = *at >= 0 ? *at / 86400 : (*at - 86399) / 86400;
    m_day_start = day * 86400;
    m_known = true;
  }
  return at;
}

struct EventRows::Impl {
  const EventsFile& file;
  IdRange range;
  LineReader reader;
  std::vector<std::string_view> fields;
  std::string scratch;
  long rows = 0;
  long outside = 0; // rows of other shards
  long line_offset = 0;
  AtParser times;

  Impl(const EventsFile& f, std::uint64_t begin, std::uint64_t end, IdRange r, long offset)
      : file(f), range(r), reader(f.fd(), f.name(), begin, end), line_offset(offset) {}

  // Fills row from the fields of a record; false when the event is not wanted.
  bool take(EventRow& row) {
    const auto& column = file.columns();
    auto field = [&](std::size_t c) {
      return column[c] < fields.size() ? fields[column[c]] : std::string_view();
    };
    const auto id = parse_hex_id(field(1));
    if (!range.in_shard(id)) {
      ++outside;
      return false;
    }
    row.kind = kind_of(field(2));
    if (row.kind == EventKind::other || !range.wants(id)) {
      return false;
    }
    row.lead_id_ok = id.has_value();
    row.lead_id = id.value_or(0);
    return finish(row, field(0), field(3), field(4), field(5), field(6));
  }

  bool finish(EventRow& row, std::string_view at, std::string_view from, std::string_view to,
              std::string_view actor, std::string_view note) {
    const auto time = times.parse(at);
    if (!time) {
      throw Error(ErrorKind::data,
                  fmt::format("'{}' in column at is not a timestamp such as 2026-11-27T16:15:41Z", at),
                  file.name(), row.line, 0, std::string(k_check_hint));
    }
    row.at = *time;
    row.from = from;
    row.to = to;
    row.actor = actor;
    row.note = note;
    return true;
  }

  // An unquoted record in the canonical column order: the id and kind first
  // (at fixed places when `at` has the store's 20 characters), the rest only
  // for the events wanted.
  bool take_canonical(std::string_view record, EventRow& row) {
    std::size_t c1 = 20;
    std::size_t c2 = 37;
    std::optional<std::uint64_t> id;
    if (record.size() > c2 && record[c1] == ',' && record[c2] == ',') {
      // Sixteen hex digits hold no comma: then these are the first two fields.
      id = parse_hex_id(record.substr(c1 + 1, c2 - c1 - 1));
    }
    if (!id) {
      c1 = record.find(',');
      c2 = c1 == std::string_view::npos ? c1 : record.find(',', c1 + 1);
      if (c2 == std::string_view::npos) {
        outside += range.in_shard(std::nullopt) ? 0 : 1;
        return false; // fewer than three fields: no kind
      }
      id = parse_hex_id(record.substr(c1 + 1, c2 - c1 - 1));
    }
    if (!range.in_shard(id)) {
      ++outside;
      return false;
    }
    if (!range.wants(id)) {
      return false;
    }
    // The commas after the lead_id, 64 bytes at a time (the reader keeps
    // that many readable past a record).
    std::array<std::size_t, 4> comma{}; // the ends of kind, from, to and actor
    std::size_t found = 0;
    for (std::size_t block = c2 + 1; found < comma.size() && block < record.size(); block += 64) {
      std::uint64_t bits = commas_in(record.data() + block);
      if (record.size() - block < 64) {
        bits &= (std::uint64_t{1} << (record.size() - block)) - 1;
      }
      for (; bits != 0 && found < comma.size(); bits &= bits - 1) {
        comma[found++] = block + static_cast<std::size_t>(std::countr_zero(bits));
      }
    }
    for (std::size_t k = found; k < comma.size(); ++k) {
      comma[k] = record.size();
    }
    row.kind = kind_of(record.substr(c2 + 1, comma[0] - c2 - 1));
    if (row.kind == EventKind::other) {
      return false;
    }
    row.lead_id_ok = id.has_value();
    row.lead_id = id.value_or(0);
    std::array<std::string_view, 4> rest{}; // from, to, actor, note
    for (std::size_t k = 0; k < rest.size(); ++k) {
      const std::size_t start = std::min(record.size(), comma[k] + 1);
      const std::size_t end = k + 1 < rest.size() ? comma[k + 1] : record.size();
      rest[k] = record.substr(start, end > start ? end - start : 0);
    }
    return finish(row, record.substr(0, c1), rest[0], rest[1], rest[2], rest[3]);
  }
};

EventRows::EventRows(const EventsFile& file, std::uint64_t begin, std::uint64_t end, IdRange range,
                     long line_offset)
    : m_impl(file.fd() < 0 ? nullptr : std::make_unique<Impl>(file, begin, end, range, line_offset)) {}

EventRows::~EventRows() = default;

long EventRows::rows() const {
  return m_impl ? m_impl->rows - m_impl->outside : 0;
}

long EventRows::lines() const {
  return m_impl ? m_impl->reader.lines() : 0;
}

std::uint64_t EventRows::offset() const {
  return m_impl ? m_impl->reader.offset() : 0;
}

bool EventRows::next(EventRow& row) {
  if (!m_impl) {
    return false;
  }
  Impl& impl = *m_impl;
  std::string_view record;
  bool quoted = false;
  while (impl.reader.next(record, quoted)) {
    if ((++impl.rows & 8191) == 0) {
      throw_if_stop_requested();
    }
    row.line = impl.reader.line() + impl.line_offset;
    if (impl.file.canonical() && !quoted) {
      if (impl.take_canonical(record, row)) {
        return true;
      }
      continue;
    }
    split_record(record, impl.fields, impl.scratch);
    if (impl.take(row)) {
      return true;
    }
  }
  return false;
}

} // namespace leads::report::detail
