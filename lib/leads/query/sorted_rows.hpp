#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace leads::query {

// One --sort key: which value of a held row, and the direction.
struct SortKey {
  std::size_t value;
  bool descending = false;
};

// A value as --sort sees it, parsed once: a finite number, text, or empty.
struct SortValue {
  enum class Kind : std::uint8_t { number, text, empty } kind; // in --sort order, either direction
  double number;
};
SortValue sort_value(std::string_view text);

// Compares two non-empty values as --sort does ascending: numbers as numbers,
// before any text; text byte by byte. Empty values are the caller's. (In
// either direction, --sort keeps numbers, then text, then empty values.)
int compare_sort_values(std::string_view a, std::string_view b);

// The rows `leads list --sort` holds: their values copied into one arena and
// their sort keys parsed once. Ties keep the input order. With a limit, only
// the rows that can still be among the first `limit` are kept, so memory is
// bounded by the limit, not by the input.
class SortedRows {
public:
  // Rows of `width` values, ordered by `keys`.
  SortedRows(std::size_t width, std::vector<SortKey> keys, std::optional<std::size_t> limit);

  // Holds a row of `width` values (copied).
  void add(std::span<const std::string_view> values);
  // Hands the rows over in order, at most `limit` of them.
  void emit(const std::function<void(std::span<const std::string_view>)>& out);

  std::size_t held() const { return m_rows.size(); }

private:
  struct Row {
    std::uint64_t sequence; // input order, the last tie-break
    std::size_t begin;      // where its values start in m_bytes
    std::size_t first_end;  // its first value's entry in m_value_ends
    std::size_t first_key;  // its first key in m_keys
  };

  bool before(const Row& a, const Row& b) const;
  std::string_view value(const Row& row, std::size_t index) const;
  // Keeps the first `limit` rows (in order) and drops the rest.
  void prune();

  std::size_t m_width;
  std::vector<SortKey> m_keys_wanted;
  std::optional<std::size_t> m_limit;
  std::uint64_t m_sequence = 0;
  std::vector<Row> m_rows;
  std::vector<SortValue> m_keys; // the sort keys' values, m_keys_wanted.size() a row
  std::string m_bytes;
  std::vector<std::size_t> m_value_ends; // per value, its end in m_bytes
};

} // namespace leads::query
