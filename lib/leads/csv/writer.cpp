#include <leads/csv/writer.hpp>

#include <leads/csv/sniff.hpp>
#include <leads/error.hpp>
#include <leads/text/strings.hpp>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <system_error>
#include <vector>

#include <unistd.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace leads::csv {

namespace {

// Buffered output is handed to write(2) once it reaches this size.
constexpr std::size_t k_flush_at = std::size_t{1} << 20;

#if defined(__SSE2__)
// The bytes a CSV writer looks out for, in every lane of a 16-byte block.
struct SpecialBytes {
  explicit SpecialBytes(char delimiter)
      : delimiters(_mm_set1_epi8(delimiter)), quotes(_mm_set1_epi8('"')), lfs(_mm_set1_epi8('\n')),
        crs(_mm_set1_epi8('\r')) {}

  // The lanes holding the delimiter.
  __m128i delimiter(__m128i block) const { return _mm_cmpeq_epi8(block, delimiters); }
  // The lanes holding a quote, LF or CR.
  __m128i quote_or_line_end(__m128i block) const {
    return _mm_or_si128(_mm_cmpeq_epi8(block, quotes),
                        _mm_or_si128(_mm_cmpeq_epi8(block, lfs), _mm_cmpeq_epi8(block, crs)));
  }

  __m128i delimiters;
  __m128i quotes;
  __m128i lfs;
  __m128i crs;
};
#endif

// How many bytes of text[0, size) are the delimiter; SIZE_MAX when one is a
// quote, CR or LF. Sixteen bytes at a time (SSE2, which every x86-64 has),
// without a branch per block: every row written passes through here once.
std::size_t count_delimiters(const char* text, std::size_t size, char delimiter) {
  std::size_t count = 0;
  std::size_t i = 0;
#if defined(__SSE2__)
  const SpecialBytes bytes(delimiter);
  const __m128i zero = _mm_setzero_si128();
  __m128i special = zero;
  while (i + 16 <= size) {
    // Each lane counts its delimiters down from 0 (a match is -1), for at
    // most 255 blocks; then the lanes are summed.
    __m128i lanes = zero;
    for (std::size_t blocks = 0; blocks < 255 && i + 16 <= size; ++blocks, i += 16) {
      const __m128i block = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text + i));
      special = _mm_or_si128(special, bytes.quote_or_line_end(block));
      lanes = _mm_sub_epi8(lanes, bytes.delimiter(block));
    }
    const __m128i sums = _mm_sad_epu8(lanes, zero);
    count += static_cast<std::size_t>(_mm_cvtsi128_si32(sums)) +
             static_cast<std::size_t>(_mm_cvtsi128_si32(_mm_unpackhi_epi64(sums, sums)));
  }
  if (_mm_movemask_epi8(special) != 0) {
    return SIZE_MAX;
  }
#endif
  for (; i < size; ++i) {
    const char c = text[i];
    if (c == '"' || c == '\n' || c == '\r') {
      return SIZE_MAX;
    }
    count += c == delimiter ? 1 : 0;
  }
  return count;
}

// U+FEFF in UTF-8, which a reader takes for a byte order mark at the start of a file.

// Whether a field must be quoted: it holds the delimiter, a quote, CR or LF.
bool needs_quotes(std::string_view field, char delimiter) {
  return count_delimiters(field.data(), field.size(), delimiter) != 0;
}

// A first field that starts like a BOM, or a line (of line_size bytes) that
// reads like Excel's "sep=;", is quoted too: at the start of a file, readers
// would take it for either.
bool quoted_at_start(std::string_view first, std::size_t line_size) {
  return first.starts_with(text::k_utf8_bom) || (line_size == 5 && starts_like_separator_line(first));
}

// Appends a field in quotes, its quotes doubled.
void append_quoted(std::string& out, std::string_view field) {
  out += '"';
  for (std::size_t quote; (quote = field.find('"')) != std::string_view::npos;) {
    out.append(field.substr(0, quote + 1));
    out += '"';
    field.remove_prefix(quote + 1);
  }
  out.append(field);
  out += '"';
}

// One bit per byte of text[0, size): set where the delimiter, a quote, CR or LF is.
void mark_special_bytes(const char* text, std::size_t size, char delimiter,
                        std::vector<std::uint64_t>& bits) {
  bits.assign((size + 63) / 64, 0);
  std::size_t i = 0;
#if defined(__SSE2__)
  const SpecialBytes bytes(delimiter);
  for (; i + 16 <= size; i += 16) {
    const __m128i block = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text + i));
    const __m128i special = _mm_or_si128(bytes.quote_or_line_end(block), bytes.delimiter(block));
    const auto mask = static_cast<std::uint64_t>(static_cast<unsigned>(_mm_movemask_epi8(special)));
    // i is a multiple of 16: a block lies within one word.
    bits[i / 64] |= mask << (i % 64);
  }
#endif
  for (; i < size; ++i) {
    const char c = text[i];
    if (c == delimiter || c == '"' || c == '\n' || c == '\r') {
      bits[i / 64] |= std::uint64_t{1} << (i % 64);
    }
  }
}

// Whether any bit in [from, to) is set.
bool any_bit(const std::vector<std::uint64_t>& bits, std::size_t from, std::size_t to) {
  if (from >= to) {
    return false;
  }
  const std::size_t first = from / 64;
  const std::size_t last = (to - 1) / 64;
  const std::uint64_t low = ~std::uint64_t{0} << (from % 64);
  const std::uint64_t high = ~std::uint64_t{0} >> (63 - (to - 1) % 64);
  if (first == last) {
    return (bits[first] & low & high) != 0;
  }
  if ((bits[first] & low) != 0 || (bits[last] & high) != 0) {
    return true;
  }
  for (std::size_t w = first + 1; w < last; ++w) {
    if (bits[w] != 0) {
      return true;
    }
  }
  return false;
}

// Splits a line at every delimiter, sixteen bytes at a time; false (fields
// unspecified) when it holds a quote, so that split_row() must unquote.
bool split_unquoted(std::string_view line, std::vector<std::string_view>& fields, char delimiter) {
  const char* const text = line.data();
  const std::size_t size = line.size();
  std::size_t start = 0; // of the field being read
  std::size_t i = 0;
#if defined(__SSE2__)
  const SpecialBytes bytes(delimiter);
  for (; i + 16 <= size; i += 16) {
    const __m128i block = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text + i));
    if (_mm_movemask_epi8(_mm_cmpeq_epi8(block, bytes.quotes)) != 0) {
      return false;
    }
    for (auto ends = static_cast<unsigned>(_mm_movemask_epi8(bytes.delimiter(block))); ends != 0;
         ends &= ends - 1) {
      const std::size_t end = i + static_cast<std::size_t>(__builtin_ctz(ends));
      fields.emplace_back(text + start, end - start);
      start = end + 1;
    }
  }
#endif
  for (; i < size; ++i) {
    if (text[i] == '"') {
      return false;
    }
    if (text[i] == delimiter) {
      fields.emplace_back(text + start, i - start);
      start = i + 1;
    }
  }
  fields.emplace_back(text + start, size - start);
  return true;
}

template <typename Field>
void append_fields(std::string& out, std::span<const Field> fields, char delimiter) {
  if (fields.size() == 1 && std::string_view(fields[0]).empty()) {
    // A lone empty field would read back as a blank line, which readers skip.
    out += "\"\"\n";
    return;
  }
  if (fields.empty()) {
    out += '\n';
    return;
  }
  // Most rows need no quotes: they are copied as they are, and the copy is
  // checked in one pass (as many delimiters as separators, no quote, CR or
  // LF). For a row that fails the check, the copy's special bytes tell which
  // fields to quote, and the row is written again.
  std::size_t size = fields.size();
  for (const auto& field : fields) {
    size += std::string_view(field).size();
  }
  const std::size_t start = out.size();
  out.resize(start + size);
  char* p = out.data() + start;
  for (const auto& field : fields) {
    const std::string_view view(field);
    if (!view.empty()) {
      std::memcpy(p, view.data(), view.size());
      p += view.size();
    }
    *p++ = delimiter;
  }
  p[-1] = '\n';
  if (written_as_is(std::string_view(out.data() + start, size - 1), fields.size(), delimiter)) {
    return;
  }
  const std::string_view first(fields[0]);
  const bool quote_first = quoted_at_start(first, size - 1);
  static thread_local std::vector<std::uint64_t> special;
  static thread_local std::vector<char> quote;
  mark_special_bytes(out.data() + start, size - 1, delimiter, special);
  quote.assign(fields.size(), 0);
  std::size_t at = 0;
  for (std::size_t k = 0; k < fields.size(); ++k) {
    const std::size_t length = std::string_view(fields[k]).size();
    quote[k] = any_bit(special, at, at + length) ? 1 : 0;
    at += length + 1;
  }
  quote[0] |= quote_first ? 1 : 0;
  out.resize(start);
  for (std::size_t k = 0; k < fields.size(); ++k) {
    if (k > 0) {
      out += delimiter;
    }
    if (quote[k] != 0) {
      append_quoted(out, fields[k]);
    } else {
      out.append(std::string_view(fields[k]));
    }
  }
  out += '\n';
}

} // namespace

bool written_as_is(std::string_view line, std::size_t field_count, char delimiter) {
  if (field_count == 0 || (field_count == 1 && line.empty())) {
    return false;
  }
  return !quoted_at_start(line, line.size()) &&
         count_delimiters(line.data(), line.size(), delimiter) == field_count - 1;
}

void append_field(std::string& out, std::string_view field, char delimiter) {
  if (!needs_quotes(field, delimiter)) {
    out += field;
    return;
  }
  append_quoted(out, field);
}

void append_row(std::string& out, std::span<const std::string_view> fields, char delimiter) {
  append_fields(out, fields, delimiter);
}

void append_row(std::string& out, std::span<const std::string> fields, char delimiter) {
  append_fields(out, fields, delimiter);
}

void split_row(std::string_view line, std::vector<std::string_view>& fields, std::string& scratch,
               char delimiter) {
  fields.clear();
  scratch.clear();
  if (line.empty()) {
    return;
  }
  // Most lines have no quotes (phase 2 of an import splits every merged row).
  if (split_unquoted(line, fields, delimiter)) {
    return;
  }
  fields.clear();
  // Unquoted text is never longer than the line: no reallocation moves it.
  scratch.reserve(line.size());
  std::size_t at = 0;
  while (at < line.size() || (at == line.size() && !fields.empty() && line.back() == delimiter)) {
    if (at < line.size() && line[at] == '"') {
      const std::size_t start = scratch.size();
      for (++at; at < line.size(); ++at) {
        if (line[at] == '"') {
          if (at + 1 < line.size() && line[at + 1] == '"') {
            ++at;
          } else {
            ++at;
            break;
          }
        }
        scratch += line[at];
      }
      fields.emplace_back(scratch.data() + start, scratch.size() - start);
    } else {
      const std::size_t end = std::min(line.find(delimiter, at), line.size());
      fields.push_back(line.substr(at, end - at));
      at = end;
    }
    // at is on the delimiter that ends the field, or at the end of the line.
    ++at;
  }
}

Writer::Writer(int fd, std::string display_name) : m_fd(fd), m_name(std::move(display_name)) {
  m_buffer.reserve(k_flush_at + 4096);
}

Writer::~Writer() {
  try {
    flush();
  } catch (const Error&) {
    // A destructor cannot report it: callers that care call flush() first.
  }
}

void Writer::write_row(std::span<const std::string_view> fields) {
  append_row(m_buffer, fields);
  if (m_buffer.size() >= k_flush_at) {
    flush();
  }
}

void Writer::write_row(std::span<const std::string> fields) {
  append_row(m_buffer, fields);
  if (m_buffer.size() >= k_flush_at) {
    flush();
  }
}

void Writer::write_row(std::initializer_list<std::string_view> fields) {
  write_row(std::span<const std::string_view>(fields.begin(), fields.size()));
}

void Writer::flush() {
  std::size_t done = 0;
  while (done < m_buffer.size()) {
    const ssize_t n = ::write(m_fd, m_buffer.data() + done, m_buffer.size() - done);
    if (n >= 0) {
      done += static_cast<std::size_t>(n);
      continue;
    }
    if (errno == EINTR) {
      continue;
    }
    const int error = errno;
    m_buffer.clear();
    if (error == EPIPE) {
      throw Error(ErrorKind::io, "broken pipe", m_name, 0, 0, "the reading end of the pipe was closed");
    }
    throw Error(ErrorKind::io, "cannot write: " + std::error_code(error, std::generic_category()).message(),
                m_name, 0, 0, "check free disk space and permissions");
  }
  m_buffer.clear();
}

} // namespace leads::csv
