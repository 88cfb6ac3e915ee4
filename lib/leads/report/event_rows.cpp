#include <leads/report/event_rows.hpp>

#include <leads/csv/reader.hpp>
#include <leads/error.hpp>
#include <leads/lead/fields.hpp>
#include <leads/normalize/date.hpp>
#include <leads/report/lead_table.hpp>
#include <leads/stop.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <optional>
#include <sys/stat.h>

namespace leads::report::detail {

namespace {

constexpr std::string_view k_check_hint =
    "run 'leads check' to list the history's problems, then fix events.csv";

// Days since 1970-01-01 (H. Hinnant's days_from_civil).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2 ? 1 : 0;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

EventKind kind_of(std::string_view kind) {
  if (kind == "stage") {
    return EventKind::stage;
  }
  if (kind == "owner") {
    return EventKind::owner;
  }
  if (kind == "created") {
    return EventKind::created;
  }
  return EventKind::other;
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
    return days_from_civil(v[0], v[1], v[2]) * 86400 + v[3] * 3600 + v[4] * 60 + v[5];
  }
  if (t.size() == 10) {
    return normalize::parse_iso(t);
  }
  return std::nullopt;
}

struct EventRows::Impl {
  std::unique_ptr<csv::Reader> reader;
  std::string name;
  csv::Record record;
  std::array<std::size_t, 7> column{}; // of at, lead_id, kind, from, to, actor, note
  std::size_t rows = 0;
};

EventRows::EventRows(const std::filesystem::path& events_file) : m_impl(std::make_unique<Impl>()) {
  m_impl->name = events_file.string();
  struct stat st {};
  if (::stat(events_file.c_str(), &st) != 0 && errno == ENOENT) {
    return;
  }
  csv::ReaderOptions options;
  options.display_name = m_impl->name;
  options.delimiter = ',';
  options.ragged = csv::RaggedPolicy::allow;
  m_impl->reader = csv::Reader::open(m_impl->name, options);
  const std::vector<std::string>& header = m_impl->reader->header();
  for (std::size_t c = 0; c < k_event_columns.size(); ++c) {
    auto found = std::find(header.begin(), header.end(), k_event_columns[c]);
    if (found == header.end() && !header.empty()) {
      throw Error(ErrorKind::data, fmt::format("the header has no column '{}'", k_event_columns[c]),
                  m_impl->name, m_impl->reader->header_line(), 1,
                  fmt::format("events.csv starts with the header {}", fmt::join(k_event_columns, ",")));
    }
    m_impl->column[c] = static_cast<std::size_t>(found - header.begin());
  }
}

EventRows::~EventRows() = default;

bool EventRows::next(EventRow& row) {
  Impl& impl = *m_impl;
  if (!impl.reader || !impl.reader->next(impl.record)) {
    return false;
  }
  if ((++impl.rows & 4095) == 0) {
    throw_if_stop_requested();
  }
  const auto& f = impl.record.fields;
  auto field = [&](std::size_t c) {
    return impl.column[c] < f.size() ? f[impl.column[c]] : std::string_view();
  };
  row.line = impl.record.line;
  row.kind = kind_of(field(2));
  if (row.kind == EventKind::other) {
    return true;
  }
  const std::string_view at = field(0);
  const auto time = parse_at(at);
  if (!time) {
    throw Error(ErrorKind::data,
                fmt::format("'{}' in column at is not a timestamp such as 2026-11-27T16:15:41Z", at),
                impl.name, row.line, 1, std::string(k_check_hint));
  }
  row.at = *time;
  const auto id = parse_hex_id(field(1));
  row.lead_id_ok = id.has_value();
  row.lead_id = id.value_or(0);
  row.from = field(3);
  row.to = field(4);
  row.actor = field(5);
  row.note = field(6);
  return true;
}

} // namespace leads::report::detail
