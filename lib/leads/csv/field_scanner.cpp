#include <leads/csv/field_scanner.hpp>

#include <algorithm>

namespace leads::csv {

namespace {

// Entries the lists start with; they grow for records of very many fields.
constexpr std::size_t k_first_room = 4096;

// Makes sure list has room for count + need entries.
void ensure_room(std::vector<std::uint32_t>& list, std::size_t count, std::size_t need) {
  if (list.size() < count + need) {
    list.resize(std::max(k_first_room, 2 * (count + need)));
  }
}

} // namespace

bool FieldScanner::scan_more(Cursor& at) {
  if (m_blocked || m_next >= m_limit) {
    return false;
  }
  const auto left = static_cast<std::size_t>(m_limit - m_next);
  const std::size_t size = std::min(left, m_batch * 64);
  make_room(at, size);
  const auto offset = static_cast<std::uint32_t>(m_next - m_origin);
  const std::size_t clean = find_stops(m_next, size, offset, m_delimiter, m_carry, m_lists);
  m_blocked = clean < size;
  m_vouched = m_next + clean;
  m_next += size;
  m_batch = std::min(m_batch * 2, k_max_batch);
  return true;
}

void FieldScanner::make_room(Cursor& at, std::size_t size) {
  const std::size_t need = (size + 63) / 64 * 64 + 8;
  if (m_lists.stop_count + need <= m_stops.size() && m_lists.line_end_count + need <= m_line_ends.size() &&
      m_lists.quoted_count + need <= m_quoted.size()) {
    return;
  }
  // Keep the entries from the cursor on, numbered from 0.
  if (at.stop > 0) {
    std::copy(m_stops.begin() + static_cast<std::ptrdiff_t>(at.stop),
              m_stops.begin() + static_cast<std::ptrdiff_t>(m_lists.stop_count), m_stops.begin());
  }
  const auto drop = static_cast<std::uint32_t>(at.stop);
  m_lists.stop_count -= at.stop;
  std::size_t kept = 0;
  for (std::size_t i = at.line_end; i < m_lists.line_end_count; ++i) {
    m_line_ends[kept++] = m_line_ends[i] - drop;
  }
  m_lists.line_end_count = kept;
  kept = 0;
  for (std::size_t i = at.quoted; i < m_lists.quoted_count; ++i) {
    m_quoted[kept++] = m_quoted[i] - drop;
  }
  m_lists.quoted_count = kept;
  at = Cursor{};
  ensure_room(m_stops, m_lists.stop_count, need);
  ensure_room(m_line_ends, m_lists.line_end_count, need);
  ensure_room(m_quoted, m_lists.quoted_count, need);
  m_lists.stops = m_stops.data();
  m_lists.line_ends = m_line_ends.data();
  m_lists.quoted = m_quoted.data();
}

} // namespace leads::csv
