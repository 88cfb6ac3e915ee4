#include <leads/csv/encoding.hpp>
#include <leads/csv/reader_impl.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <utility>

namespace leads::csv {

namespace {

// Turns the raw text of a quoted field (after its opening quote: the quoted part,
// the closing quote and any text up to the delimiter) into its value, in place.
// Doubled quotes become one; text after the closing quote is appended as Excel
// does, less trailing spaces and tabs.
std::string_view unescape(char* text, std::size_t size) {
  char* out = text;
  const char* in = text;
  const char* const end = text + size;
  while (in < end) {
    if (*in == '"') {
      if (in + 1 < end && in[1] == '"') {
        *out++ = '"';
        in += 2;
        continue;
      }
      ++in;
      break;
    }
    *out++ = *in++;
  }
  char* const tail = out;
  while (in < end) {
    *out++ = *in++;
  }
  while (out > tail && (out[-1] == ' ' || out[-1] == '\t')) {
    --out;
  }
  return {text, static_cast<std::size_t>(out - text)};
}

// Lines that end inside a quoted text (LF, CRLF or a lone CR); the byte after end
// is readable. Skips 8 bytes at a time while none is below '\r' + 1.
long count_line_ends(const char* begin, const char* end) {
  constexpr std::uint64_t k_ones = 0x0101010101010101ULL;
  constexpr std::uint64_t k_highs = 0x8080808080808080ULL;
  const char* p = begin;
  for (; end - p >= 8; p += 8) {
    std::uint64_t word;
    std::memcpy(&word, p, sizeof word);
    if (((word - k_ones * ('\r' + 1)) & ~word & k_highs) != 0) {
      break;
    }
  }
  long lines = 0;
  for (; p < end; ++p) {
    lines += *p == '\n' || (*p == '\r' && p[1] != '\n') ? 1 : 0;
  }
  return lines;
}

bool blank(const char* begin, const char* end) {
  return std::all_of(begin, end, [](char c) { return c == ' ' || c == '\t'; });
}

} // namespace

std::pair<long, long> locate(const char* from, long line, const char* target) {
  long column = 1;
  for (const char* p = from; p < target; ++p) {
    if (*p == '\n' || (*p == '\r' && !(p + 1 < target && p[1] == '\n'))) {
      ++line;
      column = 1;
    } else if (*p != '\r') {
      ++column;
    }
  }
  return {line, column};
}

bool Reader::Impl::next(Record& record) {
  if (m_json) {
    return next_json(record);
  }
  if (m_footer) {
    return next_watching_footer(record);
  }
  std::optional<Error> ragged;
  if (!next_record(record, ragged)) {
    return false;
  }
  if (ragged) {
    throw *ragged;
  }
  return true;
}

bool Reader::Impl::next_record(Record& record, std::optional<Error>& ragged) {
  if (!next_nonblank(record)) {
    return false;
  }
  if (!m_has_width || record.fields.size() != m_width) {
    if (m_has_width && m_options.header && m_options.ragged == RaggedPolicy::allow &&
        record.end_line != record.line) {
      refuse_swallowed_record(record);
    }
    ragged = ragged_error(record);
  }
  if (!m_fixups.empty()) {
    apply_fixups(record);
  }
  return true;
}

bool Reader::Impl::next_watching_footer(Record& record) {
  if (m_handed_over > 0 && hand_over_held(record)) {
    return true;
  }
  for (;;) {
    std::optional<Error> ragged;
    if (!next_record(record, ragged)) {
      if (m_footer->is_footer()) {
        m_footer_line = m_footer->first_line();
        m_footer->clear();
        return false;
      }
      return hand_over_held(record);
    }
    if (m_footer->hold(record)) {
      m_held_errors.push_back(std::move(ragged));
      continue;
    }
    if (m_footer->held() == 0) {
      if (ragged) {
        throw *ragged;
      }
      return true;
    }
    // The held records were rows: they go first, then this one (whose
    // views stay valid, as nothing is parsed until it is handed over).
    m_after = std::move(record);
    m_after_error = std::move(ragged);
    return hand_over_held(record);
  }
}

bool Reader::Impl::hand_over_held(Record& record) {
  if (m_handed_over < m_footer->held()) {
    const std::size_t i = m_handed_over++;
    m_footer->get(i, record);
    if (m_held_errors[i]) {
      throw *m_held_errors[i];
    }
    return true;
  }
  m_footer->clear();
  m_held_errors.clear();
  m_handed_over = 0;
  if (!m_after) {
    return false;
  }
  record = std::move(*m_after);
  m_after.reset();
  if (m_after_error) {
    throw *std::exchange(m_after_error, std::nullopt);
  }
  return true;
}

bool Reader::Impl::next_nonblank(Record& record) {
  for (;;) {
    const Step step = parse_fast(record) ? Step::record : parse_slow(record);
    if (step == Step::end) {
      return false;
    }
    if (step == Step::record && (!m_blank || m_options.keep_blank_lines)) {
      // A Ctrl-Z that is the input's very last byte is an old DOS end-of-file
      // mark, not a record; a line holding one (even the last) is a record.
      const bool dos_end_mark = m_eof && !m_pending && m_record_start + 1 == m_end &&
                                m_record_end == m_buffer.get() + m_end && m_buffer[m_record_start] == '\x1A';
      return !dos_end_mark;
    }
  }
}

Reader::Impl::Step Reader::Impl::parse_slow(Record& record) {
  // The bytes the scan vouched for need no second check; the byte-wise path
  // needs the rest checked.
  if (m_fields_scan.ready()) {
    const auto vouched = static_cast<std::size_t>(m_fields_scan.vouched_end() - m_buffer.get());
    m_checked = std::max(m_checked, vouched);
  }
  m_fields_scan.invalidate();
  if (m_options.encoding == Encoding::utf8 && !m_pending && m_checked < m_end) {
    check_utf8_tail();
    m_limit = m_pending ? m_pending_pos : m_end;
  }
  const Step step = parse_bytewise(record);
  if (step == Step::more) {
    if (m_pending) {
      throw *m_pending;
    }
    refill(false);
  }
  return step;
}

inline bool Reader::Impl::parse_fast(Record& record) {
  char* const base = m_buffer.get();
  const char* const start = base + m_pos;
  FieldScanner& scan = m_fields_scan;
  if (!scan.ready()) {
    scan.reset(start, base + m_limit);
  }
  FieldScanner::Cursor at = scan.cursor();
  const char* const origin = scan.origin();
  const auto start_offset = static_cast<std::uint32_t>(start - origin);
  // The record ends at the next line end; the LF of a CRLF that ended the
  // previous record comes first.
  for (;;) {
    if (!scan.find_line_end(at)) {
      return false;
    }
    if (scan.stops()[at.stop] >= start_offset) {
      break;
    }
    at.line_end += scan.line_ends()[at.line_end] == at.stop ? 1 : 0;
    ++at.stop;
  }
  const std::uint32_t* const stops = scan.stops();
  const std::size_t first = at.stop;
  const std::size_t last = scan.line_ends()[at.line_end];
  const char* const stop = origin + stops[last];
  const char* next = stop + 1;
  if (*stop == '\r') {
    // A CR last in the buffer ends the line once no more can come: at the
    // end, or before an error (an unpaired surrogate, say), which is no LF.
    if (stop + 1 < base + m_end) {
      next += stop[1] == '\n' ? 1 : 0;
    } else if (!m_eof && !m_pending) {
      return false;
    }
  }
  // Each field runs from the stop before it to its own.
  const std::size_t count = last - first + 1;
  std::vector<std::string_view>& fields = record.fields;
  if (fields.size() != count) {
    fields.resize(count);
  }
  std::string_view* const out = fields.data();
  out[0] = std::string_view(start, stops[first] - start_offset);
  for (std::size_t k = 1; k < count; ++k) {
    const std::uint32_t from = stops[first + k - 1] + 1;
    out[k] = std::string_view(origin + from, stops[first + k] - from);
  }
  // Quoted fields lose their quotes; doubled quotes inside wait for apply_fixups().
  m_fixups.clear();
  long line = m_line;
  const std::uint32_t* const quoted = scan.quoted();
  for (; at.quoted < scan.quoted_count() && quoted[at.quoted] <= last; ++at.quoted) {
    const std::size_t k = quoted[at.quoted] - first;
    const char* const text = out[k].data() + 1;
    const auto size = out[k].size() - 2;
    if (std::memchr(text, '"', size) != nullptr) {
      m_fixups.push_back(k);
    }
    line += count_line_ends(text, text + size);
    out[k] = std::string_view(text, size);
  }
  at.stop = last + 1;
  ++at.line_end;
  scan.save(at);
  m_record_end = stop;
  record.line = m_line;
  record.end_line = line;
  m_record_start = m_pos;
  m_pos = static_cast<std::size_t>(next - base);
  m_line = line + 1;
  m_blank = count == 1 && out[0].empty() && *start != '"';
  return true;
}

// Text after a closing quote is appended to the field when the quoted part
// is on one line ("a"b -> ab, as Excel reads it). When the quoted part runs
// over line ends, the quote that opened it was almost surely stray or its
// closing quote missing: the field has swallowed the rows up to the next
// quote, so stop there instead of importing them as one field.
void Reader::Impl::throw_swallowed_lines(const char* start, const char* open, const char* close,
                                         long line_ends) const {
  const auto [line, column] = locate(start, m_line, open);
  const auto [close_line, close_column] = locate(start, m_line, close);
  throw Error(ErrorKind::data,
              fmt::format("the quoted field that starts here runs over {} line end{} to a quote at line {}, "
                          "column {}, and text follows that quote",
                          line_ends, line_ends == 1 ? "" : "s", close_line, close_column),
              m_name, line, column,
              "a quote is stray or missing: a field that starts with a quote runs to the next quote, across "
              "lines; close it where the field ends, and double every quote inside it (\"\")");
}

// A record whose field count is not the header's, and that a quoted field
// carried over line ends: the quote was stray or its closing quote missing,
// and the field swallowed the lines up to the next quote (people, in an
// export). Handing it over would turn them into one ragged row; stop at the
// quote instead. Extra fields that are all empty (a trailing delimiter) are
// no sign of it.
void Reader::Impl::refuse_swallowed_record(const Record& record) const {
  const std::vector<std::string_view>& fields = record.fields;
  if (fields.size() > m_width &&
      std::all_of(fields.begin() + static_cast<std::ptrdiff_t>(m_width), fields.end(),
                  [](std::string_view field) { return blank(field.data(), field.data() + field.size()); })) {
    return;
  }
  const char* const start = m_buffer.get() + m_record_start;
  for (const std::string_view field : fields) {
    // (Unescaped later: a quoted field's view still starts after its opening quote.)
    if (field.data() <= start || field.data()[-1] != '"') {
      continue;
    }
    // The closing quote, and the line ends before it.
    const char* const end = field.data() + field.size();
    const char* close = end;
    long line_ends = 0;
    for (const char* p = field.data(); p < close; ++p) {
      if (*p == '"') {
        if (p + 1 < end && p[1] == '"') {
          ++p;
        } else {
          close = p;
        }
      } else if (*p == '\n' || (*p == '\r' && !(p + 1 < end && p[1] == '\n'))) {
        ++line_ends;
      }
    }
    if (line_ends == 0) {
      continue;
    }
    const auto [line, column] = locate(start, record.line, field.data() - 1);
    const auto [close_line, close_column] = locate(start, record.line, close);
    throw Error(
        ErrorKind::data,
        fmt::format("the quoted field that starts here runs over {} line end{} to its closing quote at "
                    "line {}, column {}, which leaves the record with {} field{} where the header has {}",
                    line_ends, line_ends == 1 ? "" : "s", close_line, close_column, fields.size(),
                    fields.size() == 1 ? "" : "s", m_width),
        m_name, line, column,
        "a quote is stray or missing: a field that starts with a quote runs to the next quote, across "
        "lines; close it where the field ends, and double every quote inside it (\"\")");
  }
}

Reader::Impl::Step Reader::Impl::parse_bytewise(Record& record) {
  char* const base = m_buffer.get();
  const char* const start = base + m_pos;
  const char* const limit = base + m_limit;
  const char* const data_end = base + m_end;
  const bool at_end = m_eof && !m_pending;
  if (start == limit) {
    return at_end ? Step::end : Step::more;
  }
  const char d = m_delimiter;
  const ByteFinder quoted_stop('"', '\n', '\r');
  StopScanner stops = m_stops;
  std::string_view* out = m_fields.data();
  std::string_view* out_end = out + m_fields.size();
  const auto push = [&](const char* begin, const char* end) {
    if (out == out_end) {
      const std::size_t used = m_fields.size();
      m_fields.resize(used * 2);
      out = m_fields.data() + used;
      out_end = m_fields.data() + m_fields.size();
    }
    *out++ = std::string_view(begin, static_cast<std::size_t>(end - begin));
  };
  m_fixups.clear();
  long line = m_line;
  bool first_quoted = false;
  const char* p = start;
  // The start of a field that follows a stop the scanner returned (a delimiter).
  const char* after_stop = nullptr;
  bool scanned = false;
  for (;;) {
    if (p < limit && *p == '"') {
      const char* const open = p;
      const long open_line = line;
      const char* q = p + 1;
      const char* close = nullptr;
      bool fix = false;
      while (close == nullptr) {
        const char* c = quoted_stop.find(q, limit);
        if (c == limit) {
          if (at_end) {
            const auto [l, col] = locate(start, m_line, open);
            throw Error(ErrorKind::data, "unterminated quoted field", m_name, l, col,
                        "end the field with a closing quote, and double every quote inside it (\"\")");
          }
          return Step::more;
        }
        if (*c == '"') {
          if (c + 1 < data_end) {
            if (c[1] == '"') {
              fix = true;
              q = c + 2;
              continue;
            }
          } else if (!m_eof) {
            return Step::more;
          }
          close = c;
        } else if (*c == '\n') {
          ++line;
        } else if (c + 1 < data_end) {
          line += c[1] != '\n' ? 1 : 0;
        } else if (m_eof) {
          ++line;
        } else {
          return Step::more;
        }
        q = c + 1;
      }
      // Most often the delimiter or a line end follows at once: no need to scan.
      const bool ends_at_once = q < limit && (*q == d || *q == '\n' || *q == '\r');
      const char* const stop = ends_at_once ? q : stops.find(q, limit);
      scanned = !ends_at_once;
      if (stop != q) {
        fix = true;
        // (Once the text is whole: it may run into bytes not read or checked yet.)
        if (line != open_line && (stop < limit || at_end) && !blank(q, stop)) {
          throw_swallowed_lines(start, open, close, line - open_line);
        }
      }
      const auto index = static_cast<std::size_t>(out - m_fields.data());
      if (fix) {
        m_fixups.push_back(index);
      }
      first_quoted = first_quoted || index == 0;
      push(open + 1, stop != q ? stop : close);
      p = stop;
    } else {
      // Right after a stop, the next stop is the next one the scanner knows of.
      const char* const stop = p == after_stop ? stops.next(limit) : stops.find(p, limit);
      scanned = true;
      push(p, stop);
      p = stop;
    }
    if (p == limit) {
      if (!at_end) {
        return Step::more;
      }
      m_record_end = p;
      record.line = m_line;
      record.end_line = line;
      m_record_start = m_pos;
      m_pos = m_limit;
      m_line = line;
      break;
    }
    if (*p == d) {
      ++p;
      after_stop = scanned ? p : nullptr;
      continue;
    }
    m_record_end = p;
    if (*p == '\r') {
      if (p + 1 < data_end) {
        p += p[1] == '\n' ? 1 : 0;
      } else if (!m_eof && !m_pending) { // (as in parse_fast())
        return Step::more;
      }
    }
    record.line = m_line;
    record.end_line = line;
    m_record_start = m_pos;
    m_pos = static_cast<std::size_t>(p + 1 - base);
    m_line = line + 1;
    break;
  }
  m_stops = stops;
  record.fields.assign(m_fields.data(), out);
  m_blank = record.fields.size() == 1 && record.fields[0].empty() && !first_quoted;
  return Step::record;
}

void Reader::Impl::apply_fixups(Record& record) {
  for (const std::size_t i : m_fixups) {
    std::string_view& field = record.fields[i];
    field = unescape(const_cast<char*>(field.data()), field.size());
  }
}

} // namespace leads::csv
