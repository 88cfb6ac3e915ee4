#include <leads/report/line_reader.hpp>

#include <leads/csv/scan.hpp>
#include <leads/csv/writer.hpp>
#include <leads/error.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace leads::report::detail {

namespace {

constexpr std::size_t k_chunk = std::size_t{1} << 20;

} // namespace

int open_file(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0 && errno != ENOENT) {
    throw Error(ErrorKind::io, fmt::format("cannot read: {}", std::strerror(errno)), path);
  }
  return fd;
}

FileCloser::~FileCloser() {
  if (m_fd >= 0) {
    ::close(m_fd);
  }
}

LineReader::LineReader(int fd, std::string name, std::uint64_t begin, std::uint64_t end)
    : m_fd(fd), m_name(std::move(name)), m_end(end), m_file_pos(begin), m_read_to(begin),
      m_buffer(k_chunk + csv::k_scan_padding) {
  if (begin == 0 && refill() && m_size >= 3 && std::memcmp(m_buffer.data(), "\xEF\xBB\xBF", 3) == 0) {
    m_pos = 3;
  }
}

bool LineReader::refill() {
  if (m_eof) {
    return false;
  }
  // Keep the unread bytes; grow when they fill most of the buffer (a long record).
  const std::size_t kept = m_size - m_pos;
  std::memmove(m_buffer.data(), m_buffer.data() + m_pos, kept);
  m_file_pos += m_pos;
  m_pos = 0;
  m_size = kept;
  if (m_buffer.size() - csv::k_scan_padding - m_size < k_chunk / 2) {
    m_buffer.resize(m_buffer.size() * 2);
  }
  const std::size_t room = m_buffer.size() - csv::k_scan_padding - m_size;
  ssize_t got = 0;
  do {
    got = ::pread(m_fd, m_buffer.data() + m_size, room, static_cast<off_t>(m_read_to));
  } while (got < 0 && errno == EINTR);
  if (got < 0) {
    throw Error(ErrorKind::io, fmt::format("cannot read: {}", std::strerror(errno)), m_name);
  }
  m_size += static_cast<std::size_t>(got);
  m_read_to += static_cast<std::uint64_t>(got);
  std::memset(m_buffer.data() + m_size, 0, csv::k_scan_padding);
  m_eof = got == 0;
  return got > 0;
}

bool LineReader::next(std::string_view& record, bool& quoted) {
  static const csv::ByteFinder k_finder('\n', '\r', '"');
  for (;;) {
    if (m_file_pos + m_pos >= m_end) {
      return false;
    }
    const char* const base = m_buffer.data();
    const char* const start = base + m_pos;
    const char* const end = base + m_size;
    const char* hit = start < end ? k_finder.find(start, end) : end;
    quoted = false;
    long lines = 1;
    if (hit < end && *hit == '"') {
      // Walk the quoted record to its line end outside quotes.
      quoted = true;
      bool inside = false;
      const char* p = start;
      for (; p < end; ++p) {
        if (*p == '"') {
          inside = !inside;
        } else if (!inside && (*p == '\n' || *p == '\r')) {
          break;
        } else if (*p == '\n' || (*p == '\r' && (p + 1 == end || p[1] != '\n'))) {
          ++lines;
        }
      }
      hit = p;
      if (hit == end && inside && m_eof) {
        throw Error(ErrorKind::data, "a quoted field is not closed by the end of the file", m_name,
                    m_next_line, 0, "run 'leads check' to find the problem");
      }
    }
    if (hit == end && !m_eof) {
      // The line goes on past the bytes read.
      if (refill() || m_pos < m_size) {
        continue;
      }
    }
    if (start == end && m_eof) {
      return false;
    }
    record = std::string_view(start, static_cast<std::size_t>(hit - start));
    std::size_t consumed = static_cast<std::size_t>(hit - start);
    if (hit < end) {
      consumed += *hit == '\r' && hit + 1 < end && hit[1] == '\n' ? 2 : 1;
      if (*hit == '\r' && hit + 1 == end && !m_eof) {
        // A CR at the end of the buffer: its LF may come with the next read.
        if (refill()) {
          continue;
        }
      }
    }
    m_pos += consumed;
    m_line = m_next_line;
    m_next_line += lines;
    if (record.empty()) {
      continue; // a blank line
    }
    return true;
  }
}

void split_record(std::string_view record, std::vector<std::string_view>& fields, std::string& scratch) {
  csv::split_row(record, fields, scratch);
}

std::vector<std::uint64_t> split_points(int fd, std::uint64_t begin, std::uint64_t end, std::size_t parts,
                                        std::uint64_t least) {
  std::vector<std::uint64_t> points = {begin};
  const std::uint64_t size = end - begin;
  parts = std::max<std::size_t>(
      1, std::min<std::size_t>(parts, static_cast<std::size_t>(size / std::max<std::uint64_t>(least, 1))));
  char buffer[4096];
  for (std::size_t k = 1; k < parts; ++k) {
    std::uint64_t at = begin + size * k / parts;
    bool found = false;
    while (!found && at < end) {
      const ssize_t got = ::pread(fd, buffer, sizeof buffer, static_cast<off_t>(at));
      if (got <= 0) {
        break;
      }
      const void* nl = std::memchr(buffer, '\n', static_cast<std::size_t>(got));
      if (nl != nullptr) {
        at += static_cast<std::uint64_t>(static_cast<const char*>(nl) - buffer) + 1;
        found = true;
      } else {
        at += static_cast<std::uint64_t>(got);
      }
    }
    if (found && at < end && at > points.back()) {
      points.push_back(at);
    }
  }
  points.push_back(end);
  return points;
}

} // namespace leads::report::detail
