#include <leads/csv/sniff.hpp>

#include <array>
#include <cstddef>

namespace leads::csv {

namespace {

// Records looked at, and bytes at most.
constexpr std::size_t k_sample_records = 20;
constexpr std::size_t k_sample_bytes = 64 * 1024;

// Delimiter counts per record of the sample, read as CSV with that delimiter.
struct Counts {
  std::array<std::size_t, k_sample_records> per_record{};
  std::size_t records = 0;
  // Quotes that this delimiter leaves out of place: inside an unquoted field, or
  // followed by text after a closing quote. A right guess has few or none.
  std::size_t stray_quotes = 0;
};

Counts count_delimiters(std::string_view text, bool complete, char delimiter) {
  Counts counts;
  std::size_t count = 0;
  bool field_start = true;
  bool in_quotes = false;
  bool after_quotes = false;
  bool blank = true;
  std::size_t i = 0;
  for (; i < text.size() && counts.records < k_sample_records; ++i) {
    const char c = text[i];
    if (in_quotes) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          ++i;
        } else {
          in_quotes = false;
          after_quotes = true;
        }
      }
      continue;
    }
    const bool closed_before = after_quotes;
    after_quotes = false;
    if (c == '\n' || c == '\r') {
      if (!blank) {
        counts.per_record[counts.records++] = count;
      }
      count = 0;
      field_start = true;
      blank = true;
      continue;
    }
    blank = false;
    if (c == delimiter) {
      ++count;
      field_start = true;
      continue;
    }
    if (c == '"' && field_start) {
      in_quotes = true;
    } else if (c == '"' || closed_before) {
      ++counts.stray_quotes;
    }
    field_start = false;
  }
  const bool cut_short = counts.records == k_sample_records;
  if (complete && !cut_short && !blank && !in_quotes) {
    counts.per_record[counts.records++] = count;
  }
  if (counts.records == 0 && !blank) {
    // Not even one whole record: judge by what there is.
    counts.per_record[counts.records++] = count;
  }
  return counts;
}

} // namespace

char sniff_delimiter(std::string_view sample, bool complete) {
  if (sample.size() > k_sample_bytes) {
    sample = sample.substr(0, k_sample_bytes);
    complete = false;
  }
  char best = ',';
  std::size_t best_matches = 0;
  std::size_t best_header = 0;
  std::size_t best_stray = 0;
  for (char candidate : k_sniffed_delimiters) {
    const Counts counts = count_delimiters(sample, complete, candidate);
    if (counts.records == 0 || counts.per_record[0] == 0) {
      continue;
    }
    const std::size_t header = counts.per_record[0];
    std::size_t matches = 0;
    for (std::size_t r = 1; r < counts.records; ++r) {
      if (counts.per_record[r] == header) {
        ++matches;
      }
    }
    const std::size_t stray = counts.stray_quotes;
    const bool better = best_header == 0 || stray < best_stray ||
                        (stray == best_stray &&
                         (matches > best_matches || (matches == best_matches && header > best_header)));
    if (better) {
      best = candidate;
      best_matches = matches;
      best_header = header;
      best_stray = stray;
    }
  }
  return best;
}

} // namespace leads::csv
