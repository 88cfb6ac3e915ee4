#include <leads/query/sorted_rows.hpp>

#include <leads/expr/functions.hpp>

#include <algorithm>
#include <cmath>
#include <limits>

namespace leads::query {

namespace {

// The order of two non-empty values, parsed; text_order() compares their
// texts (called only when both are text).
template <typename TextOrder>
int compare_parsed(const SortValue& a, const SortValue& b, TextOrder text_order) {
  if (a.kind == SortValue::Kind::number && b.kind == SortValue::Kind::number) {
    return a.number < b.number ? -1 : (a.number > b.number ? 1 : 0);
  }
  if (a.kind != b.kind) {
    return a.kind == SortValue::Kind::number ? -1 : 1; // numbers before text
  }
  const int c = text_order();
  return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

// Rows held before a prune: a few times the limit, and never so few that
// pruning runs all the time.
constexpr std::size_t k_min_prune_rows = 4096;

} // namespace

SortValue sort_value(std::string_view text) {
  if (text.empty()) {
    return {SortValue::Kind::empty, 0};
  }
  // What reads as a number to --where reads as one here (" 50", "+7"), so
  // that a filter and a sort agree. ("nan" and "inf" are no numbers, and
  // sort as text: a NaN would break the ordering.)
  const std::optional<double> number = expr::number_from_text(text);
  if (number && std::isfinite(*number)) {
    return {SortValue::Kind::number, *number};
  }
  return {SortValue::Kind::text, 0};
}

int compare_sort_values(std::string_view a, std::string_view b) {
  return compare_parsed(sort_value(a), sort_value(b), [&] { return a.compare(b); });
}

SortedRows::SortedRows(std::size_t width, std::vector<SortKey> keys, std::optional<std::size_t> limit)
    : m_width(width), m_keys_wanted(std::move(keys)), m_limit(limit) {}

void SortedRows::add(std::span<const std::string_view> values) {
  const auto at = [&values](std::size_t i) { return i < values.size() ? values[i] : std::string_view(); };
  Row row{m_sequence++, m_bytes.size(), m_value_ends.size(), m_keys.size()};
  for (std::size_t i = 0; i < m_width; ++i) {
    m_bytes.append(at(i));
    m_value_ends.push_back(m_bytes.size());
  }
  for (const SortKey& wanted : m_keys_wanted) {
    m_keys.push_back(sort_value(at(wanted.value)));
  }
  m_rows.push_back(row);
  if (m_limit && *m_limit <= std::numeric_limits<std::size_t>::max() / 4 &&
      m_rows.size() >= std::max(4 * *m_limit, k_min_prune_rows)) {
    prune();
  }
}

std::string_view SortedRows::value(const Row& row, std::size_t index) const {
  const std::size_t begin = index == 0 ? row.begin : m_value_ends[row.first_end + index - 1];
  return std::string_view(m_bytes).substr(begin, m_value_ends[row.first_end + index] - begin);
}

bool SortedRows::before(const Row& a, const Row& b) const {
  for (std::size_t k = 0; k < m_keys_wanted.size(); ++k) {
    const SortValue& ka = m_keys[a.first_key + k];
    const SortValue& kb = m_keys[b.first_key + k];
    // Numbers, then text, then leads without the value, whatever the
    // direction: --sort -employees starts with the largest count, not with
    // a range written as text ("201-500").
    if (ka.kind != kb.kind) {
      return ka.kind < kb.kind;
    }
    const std::size_t column = m_keys_wanted[k].value;
    const int c = compare_parsed(ka, kb, [&] { return value(a, column).compare(value(b, column)); });
    if (c != 0) {
      return m_keys_wanted[k].descending ? c > 0 : c < 0;
    }
  }
  return a.sequence < b.sequence;
}

void SortedRows::prune() {
  const auto order = [this](const Row& a, const Row& b) { return before(a, b); };
  const std::size_t keep = std::min(*m_limit, m_rows.size());
  std::nth_element(m_rows.begin(), m_rows.begin() + static_cast<std::ptrdiff_t>(keep), m_rows.end(), order);
  m_rows.resize(keep);
  // Copy what the kept rows hold to fresh storage, in the same shape.
  std::string bytes;
  std::vector<std::size_t> ends;
  std::vector<SortValue> keys;
  for (Row& row : m_rows) {
    const std::size_t begin = bytes.size();
    const std::size_t first_end = ends.size();
    for (std::size_t i = 0; i < m_width; ++i) {
      bytes.append(value(row, i));
      ends.push_back(bytes.size());
    }
    const std::size_t first_key = keys.size();
    keys.insert(keys.end(), m_keys.begin() + static_cast<std::ptrdiff_t>(row.first_key),
                m_keys.begin() + static_cast<std::ptrdiff_t>(row.first_key + m_keys_wanted.size()));
    row.begin = begin;
    row.first_end = first_end;
    row.first_key = first_key;
  }
  m_bytes = std::move(bytes);
  m_value_ends = std::move(ends);
  m_keys = std::move(keys);
}

void SortedRows::emit(const std::function<void(std::span<const std::string_view>)>& out) {
  std::sort(m_rows.begin(), m_rows.end(), [this](const Row& a, const Row& b) { return before(a, b); });
  const std::size_t count = m_limit ? std::min(*m_limit, m_rows.size()) : m_rows.size();
  std::vector<std::string_view> values(m_width);
  for (std::size_t r = 0; r < count; ++r) {
    for (std::size_t i = 0; i < m_width; ++i) {
      values[i] = value(m_rows[r], i);
    }
    out(values);
  }
}

} // namespace leads::query
