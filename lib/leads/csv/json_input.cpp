// The reader's JSON lines input: lines from its buffer, objects read by JsonLines.

#include <leads/csv/reader_impl.hpp>

#include <leads/text/strings.hpp>

#include <cstring>

namespace leads::csv {

namespace {

bool json_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

} // namespace

std::optional<InputFormat> parse_input_format(std::string_view name) {
  if (text::equals_ignoring_case(name, "auto")) {
    return InputFormat::automatic;
  }
  if (text::equals_ignoring_case(name, "csv")) {
    return InputFormat::csv;
  }
  if (text::equals_ignoring_case(name, "jsonl")) {
    return InputFormat::jsonl;
  }
  return std::nullopt;
}

bool Reader::Impl::json_lines_input() {
  if (m_options.format != InputFormat::automatic) {
    return m_options.format == InputFormat::jsonl;
  }
  // The first byte that is not white space, reading on while there is none yet.
  for (;;) {
    const char* p = m_buffer.get() + m_pos;
    const char* const end = m_buffer.get() + m_limit;
    while (p < end && json_space(*p)) {
      ++p;
    }
    if (p < end) {
      return *p == '{';
    }
    if (m_eof || m_pending) {
      return false;
    }
    refill(false);
  }
}

void Reader::Impl::start_json_lines() {
  m_json = std::make_unique<JsonLines>(m_name);
  m_delimiter = ',';
  std::string_view line;
  long number = 0;
  if (next_json_line(line, number)) {
    m_json->read_first(line, number, m_header);
    m_header_line = number;
    m_width = m_header.size();
    m_has_width = true;
    m_json_first = true;
  }
}

bool Reader::Impl::next_json(Record& record) {
  if (m_json_first) {
    m_json_first = false;
    m_json->values(record.fields);
    record.line = record.end_line = m_header_line;
    return true;
  }
  std::string_view line;
  long number = 0;
  if (!next_json_line(line, number)) {
    return false;
  }
  m_json->read(line, number);
  m_json->values(record.fields);
  record.line = record.end_line = number;
  return true;
}

bool Reader::Impl::next_json_line(std::string_view& line, long& number) {
  for (;;) {
    const char* const begin = m_buffer.get() + m_pos;
    const char* const limit = m_buffer.get() + m_limit;
    const auto* const end =
        static_cast<const char*>(std::memchr(begin, '\n', static_cast<std::size_t>(limit - begin)));
    if (end == nullptr) {
      if (m_pending) {
        throw *m_pending; // the line runs into a byte that is not UTF-8
      }
      if (!m_eof) {
        refill(false);
        continue;
      }
      if (begin == limit) {
        return false;
      }
      line = std::string_view(begin, static_cast<std::size_t>(limit - begin));
      m_pos = m_limit;
    } else {
      line = std::string_view(begin, static_cast<std::size_t>(end - begin));
      m_pos = static_cast<std::size_t>(end + 1 - m_buffer.get());
    }
    number = m_line++;
    for (const char c : line) {
      if (!json_space(c)) {
        return true;
      }
    }
  }
}

} // namespace leads::csv
