#include <leads/csv/writer.hpp>

#include <leads/error.hpp>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <system_error>

#include <unistd.h>

namespace leads::csv {

namespace {

// Buffered output is handed to write(2) once it reaches this size.
constexpr std::size_t k_flush_at = std::size_t{1} << 20;

constexpr std::uint64_t k_ones = 0x0101010101010101ULL;
constexpr std::uint64_t k_highs = 0x8080808080808080ULL;

// Whether any of the 8 bytes of word equals byte (the classic "has zero byte" test on word ^ byte).
bool has_byte(std::uint64_t word, char byte) {
  const std::uint64_t x = word ^ (k_ones * static_cast<unsigned char>(byte));
  return ((x - k_ones) & ~x & k_highs) != 0;
}

// Whether word holds the delimiter, a quote, CR or LF.
bool has_special(std::uint64_t word, char delimiter) {
  return has_byte(word, delimiter) || has_byte(word, '"') || has_byte(word, '\n') || has_byte(word, '\r');
}

// Eight bytes at a time (the last few padded with copies of the last byte, which change nothing):
// this runs for every field written.
bool needs_quotes(std::string_view field, char delimiter) {
  std::size_t i = 0;
  for (; i + 8 <= field.size(); i += 8) {
    std::uint64_t word;
    std::memcpy(&word, field.data() + i, 8);
    if (has_special(word, delimiter)) {
      return true;
    }
  }
  if (i == field.size()) {
    return false;
  }
  std::uint64_t word = k_ones * static_cast<unsigned char>(field.back());
  std::memcpy(&word, field.data() + i, field.size() - i);
  return has_special(word, delimiter);
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
  // Most rows need no quotes: they are laid out with one resize and a copy per field.
  std::size_t size = fields.size();
  bool plain = true;
  for (const auto& field : fields) {
    const std::string_view view(field);
    size += view.size();
    plain = plain && !needs_quotes(view, delimiter);
  }
  if (plain) {
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
    return;
  }
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
