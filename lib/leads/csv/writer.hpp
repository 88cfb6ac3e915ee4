#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace leads::csv {

// Appends one CSV field to out, quoted only when it must be (delimiter, quote,
// CR or LF inside; or leading/trailing space is NOT a reason).
void append_field(std::string& out, std::string_view field, char delimiter = ',');

// Appends a whole row plus "\n".
void append_row(std::string& out, std::span<const std::string_view> fields, char delimiter = ',');
void append_row(std::string& out, std::span<const std::string> fields, char delimiter = ',');

// Whether line, field_count fields joined by the delimiter, is also the
// line append_row() writes for them (without its line end): no field holds
// the delimiter, a quote, CR or LF, and nothing needs quotes at the start.
bool written_as_is(std::string_view line, std::size_t field_count, char delimiter = ',');

// Splits one line that append_row() wrote (without its line end) into fields.
// Quoted fields are unquoted into scratch, which must stay as it is while the
// fields are in use; the others point into line. An empty line has no fields.
void split_row(std::string_view line, std::vector<std::string_view>& fields, std::string& scratch,
               char delimiter = ',');

// A buffered CSV writer on a file descriptor (1 for stdout). LF line ends.
// Flushes every ~1 MiB and on flush()/destruction. Throws leads::Error(io)
// on a failed write.
class Writer {
public:
  explicit Writer(int fd, std::string display_name = "<stdout>");
  ~Writer();
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;

  void write_row(std::span<const std::string_view> fields);
  void write_row(std::span<const std::string> fields);
  void write_row(std::initializer_list<std::string_view> fields);
  void flush();

private:
  int m_fd;
  std::string m_name;
  std::string m_buffer;
};

} // namespace leads::csv
