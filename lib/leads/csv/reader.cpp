#include <leads/csv/reader.hpp>

#include <leads/csv/encoding.hpp>
#include <leads/csv/reader_impl.hpp>
#include <leads/csv/sniff.hpp>
#include <leads/error.hpp>
#include <leads/text/strings.hpp>

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

// Room before each chunk read ahead for the record the chunk edge cut; a
// longer one takes the copying path.
constexpr std::size_t k_read_ahead_headroom = 64 * 1024;
// How many of the first bytes tell a file that is not CSV text (the first
// read takes at least these, and the BOM, whatever the chunk size).
constexpr std::size_t k_head_bytes = 8;
static_assert(k_head_bytes >= text::k_utf8_bom.size());

std::string errno_message(int error) {
  return std::error_code(error, std::generic_category()).message();
}

bool is_regular_file(int fd) {
  struct stat info {};
  return ::fstat(fd, &info) == 0 && S_ISREG(info.st_mode);
}

// Files users hand over as CSV that are something else, by their first bytes.
struct NotCsv {
  std::string_view signature;
  const char* what;
  const char* hint;
};
constexpr const char* k_save_as_csv =
    "open it in the spreadsheet and save it as CSV (CSV UTF-8 where offered)";
constexpr const char* k_convert_utf32 =
    "convert it to UTF-8 first, for instance: iconv -f UTF-32 -t UTF-8 FILE > FILE-utf8.csv";
constexpr const char* k_decompress_xz =
    "decompress it first (unxz), or read it from a pipe: xzcat FILE | leads import - (or leads list -); "
    "gzip and zstd files are read as they are";
using namespace std::string_view_literals; // signatures with NUL bytes
constexpr NotCsv k_not_csv[] = {
    {"\xFD"
     "7zXZ\0"sv,
     "xz-compressed, not CSV text", k_decompress_xz},
    {"%PDF-"sv, "a PDF document, not CSV text", "export the data as CSV where it came from"},
    {"PK\x03\x04"sv, "a ZIP archive (an Excel .xlsx or OpenDocument workbook?), not CSV text", k_save_as_csv},
    {"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"sv, "an Excel 97-2003 workbook (.xls), not CSV text", k_save_as_csv},
    {"\xFF\xFE\0\0"sv, "UTF-32 text, not UTF-8 or UTF-16", k_convert_utf32},
    {"\0\0\xFE\xFF"sv, "UTF-32 text, not UTF-8 or UTF-16", k_convert_utf32},
};

} // namespace

// Refuses a workbook or a UTF-32 file, or NUL bytes in what should be
// 8-bit text, at 1:1 with what to do, rather than reading it as mangled
// text. `first` are the first bytes as read (before transcoding, which would
// hide the signatures).
void Reader::Impl::refuse_if_not_text(std::string_view first) const {
  if (const auto inner = detect_compression(first); inner && m_decompressor) {
    // (A compressed input is decompressed: these are the bytes inside.)
    throw Error(ErrorKind::data,
                fmt::format("the file is compressed twice: {} data inside {}", compression_name(*inner),
                            compression_name(m_decompressor->compression())),
                m_name, 1, 1,
                fmt::format("decompress it once first, for instance: {} -dc FILE > FILE-once",
                            compression_name(m_decompressor->compression())));
  }
  for (const NotCsv& kind : k_not_csv) {
    if (first.starts_with(kind.signature)) {
      throw Error(ErrorKind::data, fmt::format("the file is {}", kind.what), m_name, 1, 1, kind.hint);
    }
  }
  // UTF-16 without a byte order mark: every other byte of its ASCII is zero.
  if (!m_utf16 && first.find('\0') != std::string_view::npos) {
    throw Error(ErrorKind::data,
                "the file holds NUL bytes: UTF-16 text without a byte order mark, or not text", m_name, 1, 1,
                "if it is UTF-16, name it: --encoding utf-16le (as Windows writes it) or utf-16be");
  }
}

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
  if (json_lines_input()) {
    start_json_lines();
    return;
  }
  const std::optional<char> named = take_separator_line();
  if (m_options.delimiter) {
    m_delimiter = *m_options.delimiter;
  } else if (named) {
    m_delimiter = *named;
  } else {
    m_delimiter = sniff_delimiter({m_buffer.get() + m_pos, m_limit - m_pos}, m_eof && !m_pending);
  }
  m_stops = StopScanner(m_delimiter);
  m_fields_scan.set_delimiter(m_delimiter);
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
  if (m_options.skip_report_footer) {
    m_footer.emplace(m_width);
  }
}

// Excel reads, and some exporters write, a first line "sep=;" that names the
// delimiter and is no record. Takes it (moving past it) and returns the delimiter.
std::optional<char> Reader::Impl::take_separator_line() {
  // Enough text to tell "sep=X" and the line end after it (the first read
  // may hold less when chunks are tiny).
  constexpr std::size_t k_enough = 7;
  while (m_limit - m_pos < k_enough && !m_eof && !m_pending) {
    refill(false);
  }
  const std::string_view text(m_buffer.get() + m_pos, m_limit - m_pos);
  if (text.size() < 5 || !starts_like_separator_line(text)) {
    return std::nullopt;
  }
  const char d = text[4];
  const bool usable = d != '"' && d != '\n' && d != '\r' && static_cast<unsigned char>(d) < 0x80;
  std::size_t end = 5; // past the line end: LF, CRLF or CR
  if (text.size() > end && text[end] == '\r') {
    ++end;
  }
  if (text.size() > end && text[end] == '\n') {
    ++end;
  }
  const bool whole_line = end > 5 || (text.size() == 5 && m_eof && !m_pending);
  if (!usable || !whole_line) {
    return std::nullopt;
  }
  m_pos += end;
  m_checked = std::max(m_checked, m_pos);
  ++m_line;
  return d;
}

std::size_t Reader::Impl::read_some(char* out, std::size_t size) {
  if (!m_ahead) {
    return read_input(out, size);
  }
  ReadAhead::Buffer& chunk = m_ahead_partial;
  if (m_ahead_partial_used == chunk.size) {
    m_ahead->recycle(std::move(chunk));
    chunk = m_ahead->next();
    m_ahead_partial_used = 0;
  }
  const std::size_t n = std::min(size, chunk.size - m_ahead_partial_used);
  if (n > 0) {
    std::memcpy(out, chunk.bytes.get() + m_ahead->headroom() + m_ahead_partial_used, n);
  }
  m_ahead_partial_used += n;
  return n;
}

std::size_t Reader::Impl::read_input(char* out, std::size_t size) {
  return m_decompressor ? m_decompressor->read(out, size) : read_raw(out, size);
}

void Reader::Impl::detect_compressed_input() {
  char magic[k_compression_magic_bytes];
  std::size_t got = 0;
  while (got < sizeof magic) {
    const std::size_t n = read_raw(magic + got, sizeof magic - got);
    if (n == 0) {
      break;
    }
    got += n;
  }
  m_unread.assign(magic, got);
  m_unread_pos = 0;
  if (const auto compression = detect_compression(m_unread)) {
    m_decompressor = std::make_unique<Decompressor>(
        *compression, [this](char* out, std::size_t size) { return read_raw(out, size); }, m_name);
  }
}

std::size_t Reader::Impl::read_raw(char* out, std::size_t size) {
  if (m_unread_pos < m_unread.size()) {
    const std::size_t n = std::min(size, m_unread.size() - m_unread_pos);
    std::memcpy(out, m_unread.data() + m_unread_pos, n);
    m_unread_pos += n;
    return n;
  }
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

bool Reader::Impl::refill_by_swap() {
  const std::size_t keep = m_end - m_pos;
  if (m_options.encoding != Encoding::utf8 || keep > m_ahead->headroom() ||
      m_ahead_partial_used != m_ahead_partial.size) {
    return false;
  }
  ReadAhead::Buffer chunk = m_ahead->next();
  if (chunk.size == 0) {
    m_eof = true;
    return true;
  }
  const std::size_t pos = m_ahead->headroom() - keep;
  if (keep > 0) {
    std::memcpy(chunk.bytes.get() + pos, m_buffer.get() + m_pos, keep);
  }
  m_checked = (m_checked > m_pos ? m_checked - m_pos : 0) + pos;
  // The buffer goes back for reuse if it has the chunks' shape (ReadAhead checks).
  if (m_capacity >= m_ahead->headroom()) {
    m_ahead->recycle(ReadAhead::Buffer{std::move(m_buffer), m_capacity - m_ahead->headroom(), 0});
  }
  m_buffer = std::move(chunk.bytes);
  m_capacity = m_ahead->headroom() + chunk.capacity;
  m_pos = pos;
  m_end = m_ahead->headroom() + chunk.size;
  m_raw_total += chunk.size;
  return true;
}

// Moves the unparsed tail to the front and reads more after it: a whole chunk at
// first (for sniffing), later at least as much as the tail, so that a record far
// larger than a chunk is re-scanned only a logarithmic number of times. With a
// read-ahead thread, the next chunk becomes the buffer instead when it can.
void Reader::Impl::refill(bool first) {
  if (!first && !m_ahead && m_may_read_ahead) {
    m_ahead =
        std::make_unique<ReadAhead>([this](char* out, std::size_t size) { return read_input(out, size); },
                                    m_options.chunk_size, k_read_ahead_headroom, k_scan_padding);
  }
  if (!first && m_ahead && refill_by_swap()) {
    m_limit = m_pending ? m_pending_pos : m_end;
    m_stops.reset();
    m_fields_scan.invalidate();
    return;
  }
  const std::size_t keep = m_end - m_pos;
  if (m_pos > 0) {
    std::memmove(m_buffer.get(), m_buffer.get() + m_pos, keep);
    m_checked = m_checked > m_pos ? m_checked - m_pos : 0;
    m_end = keep;
    m_pos = 0;
  }
  const std::size_t enough =
      first ? std::max(m_options.chunk_size, k_head_bytes) : std::max<std::size_t>(keep, 1);
  const std::size_t want = std::max({m_options.chunk_size, keep, enough});
  std::string head; // the first bytes as read, which tell how to read the rest
  if (first) {
    detect_compressed_input();
    head = read_head();
    choose_encoding(head);
    refuse_if_not_text(head);
  }
  const bool transcoding = m_options.encoding != Encoding::utf8;
  reserve(keep + (transcoding ? want * k_max_utf8_per_byte + k_max_utf8_carry : want));
  if (transcoding && m_raw_capacity < want) {
    m_raw.reset(new char[want]);
    m_raw_capacity = want;
  }
  decode_input(head);
  std::size_t got = head.size();
  while (!m_eof && got < enough) {
    char* const raw = transcoding ? m_raw.get() : m_buffer.get() + m_end;
    const std::size_t n = read_some(raw, want - got);
    if (n == 0) {
      m_eof = true;
      break;
    }
    if (transcoding) {
      decode_input({raw, n});
    } else {
      m_end += n;
    }
    got += n;
    m_raw_total += n;
  }
  if (first && (m_options.encoding == Encoding::utf8 || m_utf16) &&
      std::string_view(m_buffer.get(), m_end).starts_with(text::k_utf8_bom)) {
    m_bom = true;
    m_pos = m_checked = text::k_utf8_bom.size();
  }
  // Sniffing reads the first chunk checked; after that the scan checks the bytes
  // it reads, and parse_slow() the rest.
  if (first && !transcoding) {
    check_utf8_tail();
  }
  if (m_utf16 && !m_pending) {
    check_utf16_end();
  }
  m_limit = m_pending ? m_pending_pos : m_end;
  m_stops.reset();
  m_fields_scan.invalidate();
}

// The first bytes of the input (fewer when it is shorter).
std::string Reader::Impl::read_head() {
  std::string head(k_head_bytes, '\0');
  std::size_t got = 0;
  while (got < head.size()) {
    const std::size_t n = read_some(head.data() + got, head.size() - got);
    if (n == 0) {
      m_eof = true;
      break;
    }
    got += n;
  }
  head.resize(got);
  m_raw_total += got;
  return head;
}

void Reader::Impl::choose_encoding(std::string_view head) {
  m_bom_overrides = head.starts_with(text::k_utf8_bom) && m_options.encoding != Encoding::utf8;
  m_options.encoding = detect_encoding(head, m_options.encoding);
  if (m_options.encoding == Encoding::utf16le || m_options.encoding == Encoding::utf16be) {
    m_utf16.emplace(m_options.encoding == Encoding::utf16be);
  }
}

void Reader::Impl::decode_input(std::string_view raw) {
  char* const out = m_buffer.get() + m_end;
  m_end += m_utf16 ? m_utf16->decode(raw, out) : transcode(raw, m_options.encoding, out);
}

// Makes the error that parsing throws when it reaches byte stop of the buffer.
void Reader::Impl::set_pending(std::size_t stop, std::string message, std::string hint) {
  const auto [line, column] = locate(m_buffer.get() + m_pos, m_line, m_buffer.get() + stop);
  m_pending.emplace(ErrorKind::data, std::move(message), m_name, line, column, std::move(hint));
  m_pending_pos = stop;
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
  const auto byte = static_cast<unsigned char>(m_buffer[stop]);
  set_pending(stop, fmt::format("invalid UTF-8 byte 0x{:02X}", byte),
              m_bom_overrides
                  ? "the file starts with a UTF-8 byte order mark, which overrides --encoding: save it as "
                    "UTF-8 throughout"
                  : "if the file comes from Excel or an older CRM, try --encoding windows-1252");
  m_checked = m_end;
}

// After the UTF-16 decoder: an unpaired surrogate, or text cut at the end,
// becomes the pending error where the decoded text stops.
void Reader::Impl::check_utf16_end() {
  if (m_utf16->unpaired() != 0) {
    set_pending(m_end, fmt::format("invalid UTF-16: unpaired surrogate 0x{:04X}", m_utf16->unpaired()),
                "the file is damaged, or not UTF-16: export it again, or name its encoding with --encoding");
  } else if (m_eof && m_utf16->cut()) {
    set_pending(
        m_end, "the UTF-16 text ends in the middle of a character",
        "the file is cut short, or not UTF-16: export it again, or name its encoding with --encoding");
  }
}

std::optional<Error> Reader::Impl::ragged_error(const Record& record) {
  const std::size_t found = record.fields.size();
  if (!m_has_width) {
    m_width = found;
    m_has_width = true;
    return std::nullopt;
  }
  if (found == m_width || m_options.ragged == RaggedPolicy::allow) {
    return std::nullopt;
  }
  const char* at = m_record_end;
  if (found > m_width) {
    // The first extra field; a quoted one starts at its opening quote.
    at = record.fields[m_width].data();
    at -= at[-1] == '"' ? 1 : 0;
  }
  const auto [line, column] = locate(m_buffer.get() + m_record_start, record.line, at);
  return Error(ErrorKind::data,
               fmt::format("expected {} fields (as in the {}), found {}", m_width,
                           m_options.header ? "header" : "first record", found),
               m_name, line, column,
               fmt::format("quote fields that contain the delimiter {:?}, or force the right one with -d",
                           std::string(1, m_delimiter)));
}

Reader::Reader(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {
  m_impl->start();
}

Reader::Reader(int fd, ReaderOptions options) {
  std::string name = options.display_name.empty() ? fmt::format("<fd {}>", fd) : options.display_name;
  m_impl = std::make_unique<Impl>(std::move(options), std::move(name), fd, false);
  m_impl->m_may_read_ahead = is_regular_file(fd);
  m_impl->start();
}

std::unique_ptr<Reader> Reader::open(const std::string& path, ReaderOptions options) {
  std::string name = !options.display_name.empty() ? options.display_name : path == "-" ? "<stdin>" : path;
  if (path == "-") {
    auto impl = std::make_unique<Impl>(std::move(options), std::move(name), 0, false);
    impl->m_may_read_ahead = is_regular_file(0); // "< file", not a pipe or terminal
    return std::unique_ptr<Reader>(new Reader(std::move(impl)));
  }
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    const int error = errno;
    throw Error(ErrorKind::no_input, "cannot open: " + errno_message(error), name, 0, 0,
                error == EACCES || error == EPERM
                    ? "you may not read it: check its permissions (ls -l), or run leads as a user who may"
                    : "check the file name, or use - to read standard input");
  }
  auto impl = std::make_unique<Impl>(std::move(options), name, fd, true);
  struct stat info {};
  if (::fstat(fd, &info) == 0 && S_ISDIR(info.st_mode)) {
    throw Error(ErrorKind::no_input, "cannot open: " + errno_message(EISDIR), name, 0, 0,
                "name a CSV file, not a folder");
  }
  impl->m_may_read_ahead = is_regular_file(fd);
  return std::unique_ptr<Reader>(new Reader(std::move(impl)));
}

std::unique_ptr<Reader> Reader::from_string(std::string text, ReaderOptions options) {
  std::string name = options.display_name.empty() ? "<string>" : options.display_name;
  auto impl = std::make_unique<Impl>(std::move(options), std::move(name), std::move(text));
  impl->m_may_read_ahead = true;
  return std::unique_ptr<Reader>(new Reader(std::move(impl)));
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

bool Reader::json_lines() const {
  return m_impl->m_json != nullptr;
}

const std::string& Reader::display_name() const {
  return m_impl->m_name;
}

bool Reader::next(Record& record) {
  return m_impl->next(record);
}

long Reader::report_footer_line() const {
  return m_impl->m_footer_line;
}

std::uint64_t Reader::bytes_read() const {
  const std::uint64_t unparsed = m_impl->m_end - m_impl->m_pos;
  const std::uint64_t parsed = m_impl->m_raw_total > unparsed ? m_impl->m_raw_total - unparsed : 0;
  if (const Decompressor* decompressor = m_impl->m_decompressor.get()) {
    // Bytes of the file, as its size counts them: those taken so far, less
    // the share of the decompressed text read ahead but not parsed yet.
    const std::uint64_t out = decompressor->bytes_out();
    return out == 0 ? 0
                    : static_cast<std::uint64_t>(
                          static_cast<double>(decompressor->bytes_in()) *
                          (static_cast<double>(std::min(parsed, out)) / static_cast<double>(out)));
  }
  return parsed;
}

} // namespace leads::csv
