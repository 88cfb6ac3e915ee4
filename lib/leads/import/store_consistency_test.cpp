// A property of every import: whatever the rows say, and however they
// contradict each other or the store (one lead's email with another's source
// id, a lead's id with another's email, shared phones with and without
// extensions), the store it leaves is one that `leads check` accepts, and
// every row is counted once.

#include <leads/check/check.hpp>
#include <leads/import/importer.hpp>
#include <leads/import/test_support.hpp>

#include <doctest/doctest.h>

#include <random>

using namespace leads;
using namespace leads::import;
using namespace leads::import::testing;

namespace {

// The stored leads' ids, to name some of them in the next export.
std::vector<std::string> stored_ids(const store::Workspace& workspace) {
  std::vector<std::string> ids;
  std::istringstream in(read_file(workspace.leads_file()));
  std::string line;
  std::getline(in, line); // the header
  while (std::getline(in, line)) {
    ids.push_back(line.substr(0, 16));
  }
  return ids;
}

// A small export whose rows draw their keys from small pools, so that they
// collide with each other and with the store in every way.
std::string random_export(std::mt19937& random, const std::vector<std::string>& ids) {
  auto pick = [&](std::initializer_list<const char*> values) {
    return std::string(
        values.begin()[std::uniform_int_distribution<std::size_t>(0, values.size() - 1)(random)]);
  };
  std::string text = "id,Email,Record ID,Phone,First Name,Company Name\n";
  const int rows = std::uniform_int_distribution<int>(1, 12)(random);
  for (int r = 0; r < rows; ++r) {
    const bool name_a_lead = !ids.empty() && std::uniform_int_distribution<int>(0, 4)(random) == 0;
    text += name_a_lead ? ids[std::uniform_int_distribution<std::size_t>(0, ids.size() - 1)(random)] : "";
    // (Appended piece by piece: "," + a temporary string sets off GCC 12's -Wrestrict at -O3.)
    for (const std::string& cell :
         {pick({"", "", "a@x.com", "b@x.com", "c@x.com", "\" A@X.com\""}), pick({"", "", "1", "2", "3"}),
          pick({"", "", "+1 415 555 0100", "+1 415 555 0100 x2", "+1 415 555 0101"}),
          pick({"Ann", "Bob", "", "Cy"}), pick({"", "Acme"})}) {
      text += ',';
      text += cell;
    }
    text += '\n';
  }
  return text;
}

} // namespace

TEST_CASE("import: any sequence of imports leaves a store that check accepts") {
  std::mt19937 random(20261202);
  for (int trial = 0; trial < 60; ++trial) {
    TempDir dir;
    const store::Workspace workspace = new_workspace(dir.path / "ws");
    const fs::path input = dir.path / "export.csv";
    for (int run = 0; run < 4; ++run) {
      const std::string text = random_export(random, stored_ids(workspace));
      write_file(input, text);
      Options options;
      options.inputs = {input.string()};
      options.now = epoch("2026-12-02T00:00:00Z") + run;
      options.maps = {{"Record ID", "external_id"}};
      options.merge = std::array{MergePolicy::fill, MergePolicy::newest, MergePolicy::keep}[random() % 3];
      const Summary summary = import_into_workspace(workspace, options);
      CAPTURE(trial);
      CAPTURE(run);
      CAPTURE(text);
      CHECK(summary.read == summary.created + summary.merged + summary.unchanged + summary.rejected);
      const check::Report report = check::check_workspace(workspace);
      for (const auto& problem : report.problems) {
        CHECK_MESSAGE(false, problem.file, ":", problem.line, ": ", problem.message);
      }
      REQUIRE(report.problems.empty());
    }
  }
}
