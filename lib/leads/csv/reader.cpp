#include <leads/csv/reader.hpp>

#include <leads/csv/encoding.hpp>
#include <leads/csv/scan.hpp>
#include <leads/csv/sniff.hpp>
#include <leads/error.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <system_error>
#include <utility>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace leads::csv {

namespace {

constexpr std::string_view k_bom = "\xEF\xBB\xBF";

std::string errno_message(int error) {
  return std::error_code(error, std::generic_category()).message();
}

// Physical line and 1-based byte column of target, counting from from (at the
// start of line `line`). LF, CRLF and a lone CR each end a line.
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

} // namespace

struct Reader::Impl {
  // What a parse step found.
  enum class Step { record, more, end };

  Impl(ReaderOptions options, std::string name, int fd, bool owns_fd)
      : m_options(std::move(options)), m_name(std::move(name)), m_fd(fd), m_owns_fd(owns_fd) {}
  Impl(ReaderOptions options, std::string name, std::string text)
      : m_options(std::move(options)), m_name(std::move(name)), m_from_text(true), m_text(std::move(text)) {}
  ~Impl() {
    if (m_owns_fd) {
      ::close(m_fd);
    }
  }
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;

  void start();
  bool next(Record& record);
  bool next_nonblank(Record& record);
  Step parse(Record& record);
  void refill(bool first);
  std::size_t read_some(char* out, std::size_t size);
  void reserve(std::size_t size);
  void check_utf8_tail();
  void check_width(const Record& record);
  void apply_fixups(Record& record);

  ReaderOptions m_options;
  std::string m_name;
  int m_fd = -1;
  bool m_owns_fd = false;
  bool m_from_text = false;
  std::string m_text;
  std::size_t m_text_pos = 0;

  // The buffer: [m_pos, m_end) is read but not parsed; parsing stops at m_limit
  // (m_end, or the first invalid UTF-8 byte, whose error waits in m_pending).
  std::unique_ptr<char[]> m_buffer;
  std::size_t m_capacity = 0;
  std::size_t m_pos = 0;
  std::size_t m_end = 0;
  std::size_t m_limit = 0;
  std::size_t m_checked = 0;
  bool m_eof = false;
  long m_line = 1;
  std::optional<Error> m_pending;
  std::size_t m_pending_pos = 0;
  std::unique_ptr<char[]> m_raw;
  std::size_t m_raw_capacity = 0;
  std::uint64_t m_raw_total = 0;

  char m_delimiter = ',';
  bool m_bom = false;
  std::vector<std::string> m_header;
  long m_header_line = 0;
  std::size_t m_width = 0;
  bool m_has_width = false;

  // About the last parsed record: where it starts, where its text ends, whether
  // it is a blank line, and which fields still need unescaping.
  std::size_t m_record_start = 0;
  const char* m_record_end = nullptr;
  bool m_blank = false;
  std::vector<std::size_t> m_fixups;
  StopScanner m_stops{','};
  // Where parse() gathers the fields of a record before handing them over.
  std::vector<std::string_view> m_fields = std::vector<std::string_view>(64);
};

void Reader::Impl::start() {
  if (m_options.chunk_size == 0) {
    m_options.chunk_size = 1;
  }
  if (m_options.delimiter) {
    const char d = *m_options.delimiter;
    if (d == '"' || d == '\n' || d == '\r' || static_cast<unsigned char>(d) >= 0x80) {
      throw Error(ErrorKind::usage, fmt::format("cannot use {:?} as the delimiter", std::string(1, d)), {}, 0,
                  0,
                  "pick a single ASCII character other than a quote or a line end, such as ',' ';' or '|'");
    }
  }
  refill(true);
  m_delimiter = m_options.delimiter
                    ? *m_options.delimiter
                    : sniff_delimiter({m_buffer.get() + m_pos, m_limit - m_pos}, m_eof && !m_pending);
  m_stops = StopScanner(m_delimiter);
  if (!m_options.header) {
    return;
  }
  Record record;
  if (next_nonblank(record)) {
    apply_fixups(record);
    m_header.assign(record.fields.begin(), record.fields.end());
    m_header_line = record.line;
    m_width = m_header.size();
    m_has_width = true;
  }
}

std::size_t Reader::Impl::read_some(char* out, std::size_t size) {
  if (m_from_text) {
    const std::size_t n = std::min(size, m_text.size() - m_text_pos);
    std::memcpy(out, m_text.data() + m_text_pos, n);
    m_text_pos += n;
    return n;
  }
  for (;;) {
    const ssize_t n = ::read(m_fd, out, size);
    if (n >= 0) {
      return static_cast<std::size_t>(n);
    }
    if (errno != EINTR) {
      throw Error(ErrorKind::io, "cannot read: " + errno_message(errno), m_name, 0, 0,
                  "check that the input is a readable file or pipe");
    }
  }
}

void Reader::Impl::reserve(std::size_t size) {
  if (size <= m_capacity) {
    return;
  }
  const std::size_t capacity = std::max(size, m_capacity * 2);
  std::unique_ptr<char[]> bigger(new char[capacity + k_scan_padding]());
  if (m_end > 0) {
    std::memcpy(bigger.get(), m_buffer.get(), m_end);
  }
  m_buffer = std::move(bigger);
  m_capacity = capacity;
}

// Moves the unparsed tail to the front and reads more after it: a whole chunk at
// first (for sniffing), later at least as much as the tail, so that a record far
// larger than a chunk is re-scanned only a logarithmic number of times.
void Reader::Impl::refill(bool first) {
  const std::size_t keep = m_end - m_pos;
  if (m_pos > 0) {
    std::memmove(m_buffer.get(), m_buffer.get() + m_pos, keep);
    m_checked = m_checked > m_pos ? m_checked - m_pos : 0;
    m_end = keep;
    m_pos = 0;
  }
  const std::size_t enough =
      first ? std::max(m_options.chunk_size, k_bom.size()) : std::max<std::size_t>(keep, 1);
  const std::size_t want = std::max({m_options.chunk_size, keep, enough});
  const bool transcoding = m_options.encoding != Encoding::utf8;
  reserve(keep + want * (transcoding ? k_max_utf8_per_byte : 1));
  if (transcoding && m_raw_capacity < want) {
    m_raw.reset(new char[want]);
    m_raw_capacity = want;
  }
  std::size_t got = 0;
  while (got < enough) {
    std::size_t n = 0;
    if (transcoding) {
      n = read_some(m_raw.get(), want - got);
      m_end += transcode({m_raw.get(), n}, m_options.encoding, m_buffer.get() + m_end);
    } else {
      n = read_some(m_buffer.get() + m_end, want - got);
      m_end += n;
    }
    if (n == 0) {
      m_eof = true;
      break;
    }
    got += n;
    m_raw_total += n;
  }
  if (first && !transcoding && std::string_view(m_buffer.get(), m_end).starts_with(k_bom)) {
    m_bom = true;
    m_pos = m_checked = k_bom.size();
  }
  if (!transcoding) {
    check_utf8_tail();
  }
  m_limit = m_pending ? m_pending_pos : m_end;
  m_stops.reset();
}

// Checks the bytes read since the last check; the first invalid one becomes the
// pending error, thrown when parsing reaches it.
void Reader::Impl::check_utf8_tail() {
  const Utf8Check check = check_utf8({m_buffer.get() + m_checked, m_end - m_checked});
  const std::size_t stop = m_checked + check.valid;
  if (!check.invalid && (stop == m_end || !m_eof)) {
    m_checked = stop;
    return;
  }
  const auto [line, column] = locate(m_buffer.get() + m_pos, m_line, m_buffer.get() + stop);
  const auto byte = static_cast<unsigned char>(m_buffer[stop]);
  m_pending.emplace(ErrorKind::data, fmt::format("invalid UTF-8 byte 0x{:02X}", byte), m_name, line, column,
                    "if the file comes from Excel or an older CRM, try --encoding windows-1252");
  m_pending_pos = stop;
  m_checked = m_end;
}

Reader::Impl::Step Reader::Impl::parse(Record& record) {
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
      } else if (!m_eof) {
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

bool Reader::Impl::next_nonblank(Record& record) {
  for (;;) {
    switch (parse(record)) {
    case Step::record:
      if (!m_blank || m_options.keep_blank_lines) {
        return true;
      }
      break;
    case Step::end:
      return false;
    case Step::more:
      if (m_pending) {
        throw *m_pending;
      }
      refill(false);
      break;
    }
  }
}

void Reader::Impl::check_width(const Record& record) {
  const std::size_t found = record.fields.size();
  if (!m_has_width) {
    m_width = found;
    m_has_width = true;
    return;
  }
  if (found == m_width || m_options.ragged == RaggedPolicy::allow) {
    return;
  }
  const char* at = m_record_end;
  if (found > m_width) {
    // The first extra field; a quoted one starts at its opening quote.
    at = record.fields[m_width].data();
    at -= at[-1] == '"' ? 1 : 0;
  }
  const auto [line, column] = locate(m_buffer.get() + m_record_start, record.line, at);
  throw Error(ErrorKind::data,
              fmt::format("expected {} fields (as in the {}), found {}", m_width,
                          m_options.header ? "header" : "first record", found),
              m_name, line, column,
              fmt::format("quote fields that contain the delimiter {:?}, or force the right one with -d",
                          std::string(1, m_delimiter)));
}

void Reader::Impl::apply_fixups(Record& record) {
  for (const std::size_t i : m_fixups) {
    std::string_view& field = record.fields[i];
    field = unescape(const_cast<char*>(field.data()), field.size());
  }
}

bool Reader::Impl::next(Record& record) {
  if (!next_nonblank(record)) {
    return false;
  }
  check_width(record);
  apply_fixups(record);
  return true;
}

Reader::Reader(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {
  m_impl->start();
}

Reader::Reader(int fd, ReaderOptions options) {
  std::string name = options.display_name.empty() ? fmt::format("<fd {}>", fd) : options.display_name;
  m_impl = std::make_unique<Impl>(std::move(options), std::move(name), fd, false);
  m_impl->start();
}

std::unique_ptr<Reader> Reader::open(const std::string& path, ReaderOptions options) {
  std::string name = !options.display_name.empty() ? options.display_name : path == "-" ? "<stdin>" : path;
  if (path == "-") {
    return std::unique_ptr<Reader>(
        new Reader(std::make_unique<Impl>(std::move(options), std::move(name), 0, false)));
  }
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    throw Error(ErrorKind::no_input, "cannot open: " + errno_message(errno), name, 0, 0,
                "check the file name, or use - to read standard input");
  }
  auto impl = std::make_unique<Impl>(std::move(options), name, fd, true);
  struct stat info {};
  if (::fstat(fd, &info) == 0 && S_ISDIR(info.st_mode)) {
    throw Error(ErrorKind::no_input, "cannot open: " + errno_message(EISDIR), name, 0, 0,
                "name a CSV file, not a folder");
  }
  return std::unique_ptr<Reader>(new Reader(std::move(impl)));
}

std::unique_ptr<Reader> Reader::from_string(std::string text, ReaderOptions options) {
  std::string name = options.display_name.empty() ? "<string>" : options.display_name;
  return std::unique_ptr<Reader>(
      new Reader(std::make_unique<Impl>(std::move(options), std::move(name), std::move(text))));
}

Reader::~Reader() = default;

const std::vector<std::string>& Reader::header() const {
  return m_impl->m_header;
}

long Reader::header_line() const {
  return m_impl->m_header_line;
}

char Reader::delimiter() const {
  return m_impl->m_delimiter;
}

bool Reader::had_bom() const {
  return m_impl->m_bom;
}

const std::string& Reader::display_name() const {
  return m_impl->m_name;
}

bool Reader::next(Record& record) {
  return m_impl->next(record);
}

std::uint64_t Reader::bytes_read() const {
  const std::uint64_t unparsed = m_impl->m_end - m_impl->m_pos;
  return m_impl->m_raw_total > unparsed ? m_impl->m_raw_total - unparsed : 0;
}

} // namespace leads::csv
