// The CSV reader on any bytes, with options from the first byte (and from
// the size, whether it skips a report's footer). Properties:
// - it returns records or throws leads::Error (data, with a line and column);
// - the chunk size never changes the outcome (records, lines, error), given
//   the delimiter (sniffing looks at the first chunk only);
// - what it reads, the writer writes back so that it reads the same again
//   (unless the text written starts like a file that is not CSV text, a
//   workbook or UTF-32, which the reader refuses by design).

#include "fuzz.hpp"

#include <leads/csv/reader.hpp>
#include <leads/csv/writer.hpp>
#include <leads/error.hpp>

#include <string>
#include <vector>

namespace {

using namespace leads;

struct Outcome {
  char delimiter = 0;
  std::vector<std::vector<std::string>> records; // the header first, when read as one
  std::vector<long> lines;
  std::string error;     // "line:column: message", empty when none
  bool not_text = false; // refused as a workbook or UTF-32 file
};

Outcome read_all(const std::string& text, const csv::ReaderOptions& options) {
  Outcome outcome;
  try {
    auto reader = csv::Reader::from_string(text, options);
    outcome.delimiter = reader->delimiter();
    if (options.header && !reader->header().empty()) {
      outcome.records.push_back(reader->header());
    }
    csv::Record record;
    long previous = 0;
    while (reader->next(record)) {
      FUZZ_CHECK(record.line >= 1 && record.line >= previous && record.end_line >= record.line, "");
      previous = record.end_line;
      outcome.records.emplace_back(record.fields.begin(), record.fields.end());
      outcome.lines.push_back(record.line);
    }
  } catch (const Error& e) {
    FUZZ_CHECK(e.kind() == ErrorKind::data, e.what());
    FUZZ_CHECK(e.line() >= 1 && e.column() >= 1, e.what());
    outcome.error = std::to_string(e.line()) + ":" + std::to_string(e.column()) + ": " + e.what();
    outcome.not_text = e.message().starts_with("the file ");
  }
  return outcome;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::uint8_t flags = fuzz::take_byte(data, size);
  const std::string text(reinterpret_cast<const char*>(data), size);

  csv::ReaderOptions options;
  options.display_name = "fuzz.csv";
  static constexpr csv::Encoding k_encodings[] = {csv::Encoding::utf8, csv::Encoding::utf16,
                                                  csv::Encoding::latin1, csv::Encoding::windows1252};
  options.encoding = k_encodings[flags & 3];
  static constexpr char k_delimiters[] = {0, ',', ';', '\t'};
  if (const char d = k_delimiters[(flags >> 2) & 3]; d != 0) {
    options.delimiter = d;
  }
  options.header = (flags & 16) != 0;
  options.ragged = (flags & 32) != 0 ? csv::RaggedPolicy::allow : csv::RaggedPolicy::error;
  options.keep_blank_lines = (flags & 64) != 0;
  options.skip_report_footer = size % 3 == 0; // (the flags byte is full)

  const Outcome whole = read_all(text, options);
  if (whole.delimiter != 0) {
    options.delimiter = whole.delimiter;
  }
  if (options.delimiter) {                            // unknown when the header could not be read
    options.chunk_size = 1 + (flags >> 7) + size % 7; // chunk edges everywhere
    const Outcome chunked = read_all(text, options);
    FUZZ_CHECK(chunked.records == whole.records && chunked.lines == whole.lines,
               "chunk size changed the records");
    FUZZ_CHECK(chunked.error == whole.error, chunked.error + " | " + whole.error);
  }

  // Written back and read as plain comma-separated UTF-8, the records stay the same.
  if (!whole.error.empty() || whole.records.empty()) {
    return 0;
  }
  std::string written;
  for (const auto& record : whole.records) {
    csv::append_row(written, std::span<const std::string>(record));
  }
  csv::ReaderOptions plain;
  plain.display_name = "written.csv";
  plain.delimiter = ',';
  plain.header = false;
  plain.ragged = csv::RaggedPolicy::allow;
  plain.keep_blank_lines = true;
  const Outcome again = read_all(written, plain);
  if (again.not_text) {
    return 0;
  }
  FUZZ_CHECK(again.error.empty(), again.error);
  FUZZ_CHECK(again.records == whole.records, "written records read back differently");
  return 0;
}
