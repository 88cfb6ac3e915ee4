// A whole import (filter mode) of any bytes as an export, with the preset,
// encoding and merge policy from the first byte. Properties:
// - it imports, or throws leads::Error (data: unreadable CSV);
// - every row is accounted for: read = new + merged + rejected, and each
//   rejected row is listed;
// - a dry run counts the same;
// - the output is one lead a new row, each line as wide as the header, ids
//   unique and increasing, emails unique.

#include "fuzz.hpp"

#include <leads/config/config.hpp>
#include <leads/csv/reader.hpp>
#include <leads/error.hpp>
#include <leads/import/importer.hpp>
#include <leads/store/output.hpp>

#include <cstdlib>
#include <fcntl.h>
#include <set>
#include <string>
#include <unistd.h>

namespace {

using namespace leads;

std::string temp_path(const char* suffix) {
  const char* dir = std::getenv("TMPDIR");
  return std::string(dir != nullptr && *dir != '\0' ? dir : "/tmp") + "/leads-fuzz-import-" +
         std::to_string(::getpid()) + suffix;
}

void write_file(const std::string& path, const std::uint8_t* data, std::size_t size) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  FUZZ_CHECK(fd >= 0, path);
  FUZZ_CHECK(::write(fd, data, size) == static_cast<ssize_t>(size), path);
  ::close(fd);
}

struct Outcome {
  import::Summary summary;
  std::string error;
};

Outcome run(const import::Options& options, const std::string& out_path) {
  Outcome outcome;
  store::Output out(out_path);
  try {
    outcome.summary = import::import_to_stream(config::defaults(), options, out, std::nullopt);
    out.commit();
  } catch (const Error& e) {
    FUZZ_CHECK(e.kind() == ErrorKind::data, e.what());
    outcome.error = e.what();
  }
  return outcome;
}

// The leads written: as many as new rows, as wide as the header, ids increasing, emails unique.
void check_output(const std::string& path, const import::Summary& summary) {
  csv::ReaderOptions options;
  options.delimiter = ',';
  auto reader = csv::Reader::open(path, options);
  const auto& header = reader->header();
  FUZZ_CHECK(header.size() >= 3 && header[0] == "id" && header[2] == "email", "output header");
  csv::Record record;
  long leads = 0;
  std::string previous_id;
  std::set<std::string, std::less<>> emails;
  while (reader->next(record)) {
    ++leads;
    const std::string id(record.fields[0]);
    FUZZ_CHECK(id.size() == 16 && id > previous_id, id);
    previous_id = id;
    if (!record.fields[2].empty()) {
      FUZZ_CHECK(emails.emplace(record.fields[2]).second, record.fields[2]);
    }
  }
  FUZZ_CHECK(leads == summary.created, "leads written differ from new leads");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::uint8_t flags = fuzz::take_byte(data, size);
  static const std::string input = temp_path(".csv");
  static const std::string output = temp_path(".out");
  write_file(input, data, size);

  import::Options options;
  options.inputs = {input};
  static constexpr const char* k_presets[] = {"",          "hubspot", "salesforce", "pipedrive",
                                              "mailchimp", "",        "",           ""};
  options.preset = k_presets[flags & 7];
  static constexpr csv::Encoding k_encodings[] = {csv::Encoding::utf8, csv::Encoding::windows1252};
  options.reading.encoding = k_encodings[(flags >> 3) & 1];
  static constexpr import::MergePolicy k_policies[] = {import::MergePolicy::fill, import::MergePolicy::newest,
                                                       import::MergePolicy::keep, import::MergePolicy::fill};
  options.merge = k_policies[(flags >> 4) & 3];
  static constexpr normalize::DateOrder k_orders[] = {normalize::DateOrder::mdy, normalize::DateOrder::dmy};
  options.date_order = k_orders[(flags >> 6) & 1];
  options.now = 1'790'000'000;

  const Outcome real = run(options, output);
  if (real.error.empty()) {
    const import::Summary& s = real.summary;
    FUZZ_CHECK(s.read == s.created + s.merged + s.unchanged + s.rejected,
               "read != new + merged + unchanged + rejected");
    FUZZ_CHECK(static_cast<long>(s.rejected_rows.size()) == s.rejected, "a rejected row is not listed");
    check_output(output, s);
  }
  options.dry_run = true;
  const Outcome dry = run(options, output);
  FUZZ_CHECK(dry.error == real.error, dry.error + " | " + real.error);
  FUZZ_CHECK(dry.summary.read == real.summary.read && dry.summary.created == real.summary.created &&
                 dry.summary.merged == real.summary.merged &&
                 dry.summary.unchanged == real.summary.unchanged &&
                 dry.summary.rejected == real.summary.rejected,
             "a dry run counts differently");
  ::unlink(input.c_str());
  ::unlink(output.c_str());
  return 0;
}
