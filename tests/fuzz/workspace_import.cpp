// Whole imports of any bytes as an export into a workspace, twice (the second
// meets the first one's leads in the store), with the preset, encoding and
// merge policy from the first byte; with its top bit, what follows a line
// "#activities" is imported with --activities. Properties:
// - every row is accounted for: read = new + merged + rejected;
// - after each import, `leads check` finds nothing wrong with the workspace:
//   what import writes, check accepts;
// - a failed import (unreadable CSV) changes no file.

#include "fuzz.hpp"

#include <leads/check/check.hpp>
#include <leads/error.hpp>
#include <leads/import/importer.hpp>
#include <leads/store/workspace.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <string>
#include <string_view>
#include <unistd.h>

namespace {

using namespace leads;
namespace fs = std::filesystem;

fs::path temp_dir() {
  const char* dir = std::getenv("TMPDIR");
  return fs::path(dir != nullptr && *dir != '\0' ? dir : "/tmp") /
         ("leads-fuzz-workspace-" + std::to_string(::getpid()));
}

// Every file under dir, by path, with its bytes.
std::map<std::string, std::string> snapshot(const fs::path& dir) {
  std::map<std::string, std::string> files;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (entry.is_regular_file()) {
      std::ifstream in(entry.path(), std::ios::binary);
      files[entry.path().string()] = std::string(std::istreambuf_iterator<char>(in), {});
    }
  }
  return files;
}

std::string problems_of(const check::Report& report) {
  std::string text;
  for (const check::Problem& p : report.problems) {
    text += p.file + ":" + std::to_string(p.line) + ":" + std::to_string(p.column) + ": " + p.message + "\n";
  }
  return text;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::uint8_t flags = fuzz::take_byte(data, size);
  const fs::path root = temp_dir();
  fs::remove_all(root);
  store::init_workspace(root, false);
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const std::size_t split = (flags & 128) != 0 ? bytes.find("\n#activities\n") : std::string_view::npos;
  const fs::path input = root / "export.csv";
  const fs::path activities = root / "engagement.csv";
  std::ofstream(input, std::ios::binary) << bytes.substr(0, split);
  if (split != std::string_view::npos) {
    std::ofstream(activities, std::ios::binary) << bytes.substr(split + 13);
  }
  const store::Workspace workspace = store::open_workspace(root);

  import::Options options;
  options.inputs = {input.string()};
  static constexpr const char* k_presets[] = {"",          "hubspot", "salesforce", "pipedrive",
                                              "mailchimp", "",        "",           ""};
  options.preset = k_presets[flags & 7];
  options.reading.encoding = (flags & 8) != 0 ? csv::Encoding::windows1252 : csv::Encoding::utf8;
  static constexpr import::MergePolicy k_policies[] = {import::MergePolicy::fill, import::MergePolicy::newest,
                                                       import::MergePolicy::keep, import::MergePolicy::fill};
  options.merge = k_policies[(flags >> 4) & 3];
  options.date_order = (flags & 64) != 0 ? normalize::DateOrder::dmy : normalize::DateOrder::mdy;
  if (split != std::string_view::npos) {
    options.activities = activities.string();
  }

  for (int round = 0; round < 2; ++round) {
    options.now = 1'790'000'000 + round * 86'400;
    const auto before = snapshot(root);
    try {
      const import::Summary s = import::import_into_workspace(workspace, options);
      // The same export again changes no lead under fill or keep: history as it was.
      if (round == 1 && options.merge != import::MergePolicy::newest) {
        const std::string events = (root / "events.csv").string();
        FUZZ_CHECK(snapshot(root)[events] == before.at(events), "the same export again added events");
        FUZZ_CHECK(s.created == 0 && s.merged == 0, "the same export again changed leads");
      }
      FUZZ_CHECK(s.read == s.created + s.merged + s.unchanged + s.rejected,
                 "read != new + merged + unchanged + rejected");
      FUZZ_CHECK(s.activities_read == s.activities_added + s.activities_duplicate + s.activities_rejected,
                 "activities read != added + duplicates + rejected");
    } catch (const Error& e) {
      FUZZ_CHECK(e.kind() == ErrorKind::data, e.what());
      FUZZ_CHECK(snapshot(root) == before, "a failed import changed a file");
      break;
    }
    const check::Report report = check::check_workspace(workspace);
    FUZZ_CHECK(report.problems.empty(), problems_of(report));
  }
  fs::remove_all(root);
  return 0;
}
