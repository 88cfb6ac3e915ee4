#include <leads/csv/writer.hpp>

#include <leads/error.hpp>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <system_error>

#include <unistd.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace leads::csv {

namespace {

// Buffered output is handed to write(2) once it reaches this size.
constexpr std::size_t k_flush_at = std::size_t{1} << 20;

// How many bytes of text[0, size) are the delimiter; SIZE_MAX when one is a
// quote, CR or LF. Sixteen bytes at a time (SSE2, which every x86-64 has):
// every row written passes through here once.
std::size_t count_delimiters(const char* text, std::size_t size, char delimiter) {
  std::size_t count = 0;
  std::size_t i = 0;
#if defined(__SSE2__)
  const __m128i delimiters = _mm_set1_epi8(delimiter);
  const __m128i quotes = _mm_set1_epi8('"');
  const __m128i lfs = _mm_set1_epi8('\n');
  const __m128i crs = _mm_set1_epi8('\r');
  for (; i + 16 <= size; i += 16) {
    const __m128i block = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text + i));
    const __m128i special = _mm_or_si128(
        _mm_cmpeq_epi8(block, quotes), _mm_or_si128(_mm_cmpeq_epi8(block, lfs), _mm_cmpeq_epi8(block, crs)));
    if (_mm_movemask_epi8(special) != 0) {
      return SIZE_MAX;
    }
    // A few delimiters a block: clearing the lowest bit beats a popcount call without -mpopcnt.
    for (auto bits = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(block, delimiters))); bits != 0;
         bits &= bits - 1) {
      ++count;
    }
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

// Whether a field must be quoted: it holds the delimiter, a quote, CR or LF.
bool needs_quotes(std::string_view field, char delimiter) {
  return count_delimiters(field.data(), field.size(), delimiter) != 0;
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
  // LF); a row that fails the check is written again, field by field.
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
  if (count_delimiters(out.data() + start, size - 1, delimiter) == fields.size() - 1) {
    return;
  }
  out.resize(start);
  bool first = true;
  for (const auto& field : fields) {
    if (!first) {
      out += delimiter;
    }
    first = false;
    append_field(out, field, delimiter);
  }
  out += '\n';
}

} // namespace

void append_field(std::string& out, std::string_view field, char delimiter) {
  if (!needs_quotes(field, delimiter)) {
    out += field;
    return;
  }
  out += '"';
  for (const char c : field) {
    if (c == '"') {
      out += '"';
    }
    out += c;
  }
  out += '"';
}

void append_row(std::string& out, std::span<const std::string_view> fields, char delimiter) {
  append_fields(out, fields, delimiter);
}

void append_row(std::string& out, std::span<const std::string> fields, char delimiter) {
  append_fields(out, fields, delimiter);
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
