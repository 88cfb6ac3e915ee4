#include <leads/report/line_reader.hpp>

#include <leads/csv/scan.hpp>
#include <leads/csv/writer.hpp>
#include <leads/error.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace leads::report::detail {

namespace {

// Bytes read at a time from the tail of a file; bytes mapped at a time before it.
constexpr std::size_t k_chunk = std::size_t{1} << 20;
constexpr std::uint64_t k_window = std::uint64_t{8} << 20;
// The last bytes of a file are read, not mapped: a scan may look up to
// k_scan_padding bytes past the data, which a mapping must hold.
constexpr std::uint64_t k_tail = std::uint64_t{64} << 10;

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
    : m_fd(fd), m_name(std::move(name)), m_end(end), m_file_pos(begin) {
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    throw Error(ErrorKind::io, fmt::format("cannot read: {}", std::strerror(errno)), m_name);
  }
  m_file_size = static_cast<std::uint64_t>(st.st_size);
  if (begin == 0 && refill() && m_size >= 3 && std::memcmp(m_base, "\xEF\xBB\xBF", 3) == 0) {
    m_pos = 3;
  }
}

LineReader::~LineReader() {
  unmap();
}

void LineReader::unmap() {
  if (m_map != nullptr) {
    ::munmap(m_map, m_map_length);
    m_map = nullptr;
    m_map_length = 0;
  }
}

bool LineReader::refill() {
  if (m_eof) {
    return false;
  }
  const std::uint64_t from = m_file_pos + m_pos;
  const std::size_t unread = m_size - m_pos;
  unmap();
  m_file_pos = from;
  m_pos = 0;
  m_base = m_buffer.data();
  m_size = 0;
  const std::uint64_t remaining = m_file_size > from ? m_file_size - from : 0;
  // Map a window while more than the tail is left; the window's last
  // k_scan_padding bytes are shown to the scans past its end, never as data.
  if (remaining > k_tail) {
    const std::uint64_t page = static_cast<std::uint64_t>(::sysconf(_SC_PAGESIZE));
    const std::uint64_t map_from = from / page * page;
    const std::uint64_t limit = m_file_size / page * page; // whole pages: no access past the file's end
    const std::uint64_t window = std::max<std::uint64_t>(k_window, (unread + page) * 2 / page * page);
    const std::uint64_t length = std::min(window, limit - map_from);
    const std::uint64_t shown_end = map_from + length - csv::k_scan_padding;
    if (shown_end > from + unread) {
      void* map =
          ::mmap(nullptr, length, PROT_READ, MAP_PRIVATE | MAP_POPULATE, m_fd, static_cast<off_t>(map_from));
      if (map != MAP_FAILED) {
        m_map = map;
        m_map_length = length;
        m_base = static_cast<const char*>(map) + (from - map_from);
        m_size = shown_end - from;
        return true;
      }
    }
  }
  // The tail (or a file that cannot be mapped): read it, a chunk at a time.
  const std::size_t size =
      static_cast<std::size_t>(std::min<std::uint64_t>(remaining, std::max(k_chunk, unread * 2 + 1)));
  m_buffer.resize(size + csv::k_scan_padding);
  std::size_t got = 0;
  while (got < size) {
    const ssize_t n = ::pread(m_fd, m_buffer.data() + got, size - got, static_cast<off_t>(from + got));
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n < 0) {
      throw Error(ErrorKind::io, fmt::format("cannot read: {}", std::strerror(errno)), m_name);
    }
    if (n == 0) {
      break;
    }
    got += static_cast<std::size_t>(n);
  }
  std::memset(m_buffer.data() + got, 0, csv::k_scan_padding);
  m_base = m_buffer.data();
  m_size = got;
  m_eof = from + got >= m_file_size;
  return got > unread;
}

bool LineReader::next(std::string_view& record, bool& quoted) {
  static const csv::ByteFinder k_finder('\n', '\r', '"');
  for (;;) {
    if (m_file_pos + m_pos >= m_end) {
      return false;
    }
    const char* const base = m_base;
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
