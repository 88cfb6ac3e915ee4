#include <leads/import/importer.hpp>
#include <leads/store/output.hpp>

#include <leads/config/config.hpp>
#include <leads/error.hpp>
#include <leads/import/test_support.hpp>

#include <doctest/doctest.h>

#include <algorithm>

#include <fcntl.h>

using namespace leads;
using namespace leads::import;
using namespace leads::import::testing;

namespace {

constexpr std::string_view k_now = "2026-11-27T16:15:41Z";

// Runs a filter-mode import into a file and returns what it wrote.
std::string run_filter(const Options& options, Summary& summary,
                       const std::optional<std::string>& rejects = {},
                       const config::Config& config = config::defaults()) {
  TempDir out_dir;
  const fs::path out = out_dir.path / "out.csv";
  store::Output output(out.string());
  summary = import_to_stream(config, options, output, rejects);
  output.commit();
  return read_file(out);
}

std::string lead_row(std::map<Field, std::string> values, const std::vector<std::string>& extras = {}) {
  for (Field f : {Field::created_at, Field::updated_at, Field::stage_at}) {
    values.try_emplace(f, std::string(k_now));
  }
  values.try_emplace(Field::stage, "new");
  return lead_line(values, extras);
}

} // namespace

TEST_CASE("import::import_to_stream") {
  TempDir dir;
  const fs::path a = dir.path / "a.csv";
  const fs::path b = dir.path / "b.csv";
  write_file(a, "Email,Phone,Score Note\n"
                "ana@example.com,,x\n"
                "nobody,,y\n");
  write_file(b, "Phone;E-mail;Score Note;Extra\n"
                "+1 415 555 0123;;z;1\n"
                "4155550123;ANA@example.com;;2\n"
                ";;w;\n");
  Options options;
  options.inputs = {a.string(), b.string()};
  options.now = epoch(k_now);
  options.source = "import-test";

  const std::string ana = id_of("e:ana@example.com");
  const std::string phone = id_of("p:+14155550123");
  const std::string expected =
      header_line({"score_note", "extra"}) +
      sorted({lead_row({{Field::id, ana},
                        {Field::email, "ana@example.com"},
                        {Field::phone, "+14155550123"},
                        {Field::source, "import-test"}},
                       {"x", "2"}),
              lead_row({{Field::id, phone}, {Field::phone, "+14155550123"}, {Field::source, "import-test"}},
                       {"z", "1"})});

  SUBCASE("leads sorted by id; rejects listed when no rejects file is named") {
    // b's second row joins ana by email (looked up before the phone, which is the other lead's)
    // and fills her empty phone and extra column
    Summary summary;
    const std::string out = run_filter(options, summary);
    CHECK(out == expected);
    CHECK(summary.read == 5);
    CHECK(summary.created == 2);
    CHECK(summary.merged == 1);
    CHECK(summary.rejected == 2);
    REQUIRE(summary.rejected_rows.size() == 2);
    CHECK(summary.rejected_rows[0].file == a.string());
    CHECK(summary.rejected_rows[0].line == 3);
    CHECK(summary.rejected_rows[0].reason == "invalid email 'nobody'");
    CHECK(summary.rejected_rows[1].file == b.string());
    CHECK(summary.rejected_rows[1].line == 4);
    CHECK(summary.rejected_rows[1].reason ==
          "no identity (needs an email, a phone, a source id or a name with a company)");
    CHECK(summary.rejects_files.empty());
  }
  SUBCASE("a rejects file holds the union of the inputs' headers") {
    Summary summary;
    const std::string rejects = (dir.path / "rejects.csv").string();
    CHECK(run_filter(options, summary, rejects) == expected);
    CHECK(summary.rejected_rows.empty());
    CHECK(summary.rejects_files == std::vector<std::string>{rejects});
    CHECK(read_file(rejects) == fmt::format("file,line,reason,Email,Phone,Score Note,E-mail,Extra\n"
                                            "{},3,invalid email 'nobody',nobody,,y,,\n"
                                            "{},4,\"no identity (needs an email, a phone, a source id or a "
                                            "name with a company)\",,,w,,\n",
                                            a.string(), b.string()));
  }
  SUBCASE("--dry-run and --strict write nothing") {
    const std::string rejects = (dir.path / "rejects.csv").string();
    Summary summary;
    options.dry_run = true;
    CHECK(run_filter(options, summary, rejects).empty());
    CHECK(summary.wrote_nothing);
    CHECK(summary.created == 2);
    CHECK(summary.rejected_rows.size() == 2);
    CHECK_FALSE(fs::exists(rejects));
    options.dry_run = false;
    options.strict = true;
    CHECK(run_filter(options, summary, rejects).empty());
    CHECK(summary.wrote_nothing);
    CHECK(summary.rejected_rows.size() == 2);
    CHECK_FALSE(fs::exists(rejects));
  }
  SUBCASE("a shard alone gives its first identity the same id") {
    Options only_b = options;
    only_b.inputs = {b.string()};
    Summary summary;
    const std::string out = run_filter(only_b, summary);
    CHECK(out.find(phone) != std::string::npos);
  }
  SUBCASE("--activities needs a workspace") {
    options.activities = "acts.csv";
    Summary summary;
    CHECK_THROWS_AS(run_filter(options, summary), Error);
  }
  SUBCASE("progress is reported in input bytes") {
    std::vector<std::pair<std::uint64_t, std::uint64_t>> calls;
    options.progress = [&](std::uint64_t done, std::uint64_t total) { calls.emplace_back(done, total); };
    Summary summary;
    run_filter(options, summary);
    const std::uint64_t total = fs::file_size(a) + fs::file_size(b);
    REQUIRE_FALSE(calls.empty());
    CHECK(calls.back() == std::pair<std::uint64_t, std::uint64_t>{total, total});
  }
}

TEST_CASE("import::import_to_stream spills to temporary files and reads them back in id order") {
  TempDir dir;
  const fs::path input = dir.path / "many.csv";
  std::string text = "email,first_name,notes\n";
  constexpr int k_rows = 40000; // about 9 MB of spilled rows: more than the buckets buffer
  for (int i = 0; i < k_rows; ++i) {
    text += fmt::format("user{}@example.com,Name{},{}\n", i % 39000, i, std::string(150, 'x'));
  }
  write_file(input, text);
  Options options;
  options.inputs = {input.string()};
  options.now = epoch(k_now);
  Summary summary;
  const std::string out = run_filter(options, summary);
  CHECK(summary.created == 39000);
  // The 1,000 rows again bring nothing their first rows lack (fill keeps Name0 ...).
  CHECK(summary.merged == 0);
  CHECK(summary.unchanged == 1000);
  std::vector<std::string> ids;
  for (std::size_t at = out.find('\n') + 1; at < out.size(); at = out.find('\n', at) + 1) {
    ids.push_back(out.substr(at, 16));
  }
  REQUIRE(ids.size() == 39000);
  CHECK(std::is_sorted(ids.begin(), ids.end()));
  CHECK(std::adjacent_find(ids.begin(), ids.end()) == ids.end());
  CHECK(out.find(id_of("e:user38999@example.com") + ",,user38999@example.com,Name38999,") !=
        std::string::npos);
}

TEST_CASE("import::import_to_stream with X Education's Leads.csv") {
  const fs::path file = fs::path(LEADS_SHARED_DATA_DIR) / "x_education_leads" / "Leads.csv";
  if (!fs::exists(file)) {
    MESSAGE("skipped: " << file << " is absent");
    return;
  }
  Options options;
  options.inputs = {file.string()};
  options.now = epoch(k_now);
  Summary summary;
  const std::string out = run_filter(options, summary);
  CHECK(summary.read == 9240);
  CHECK(summary.read == summary.created + summary.merged + summary.unchanged + summary.rejected);
  CHECK(summary.created == 9240); // every Prospect ID is distinct
  const std::string header = out.substr(0, out.find('\n'));
  CHECK(header.find(",lead_number,lead_origin,") != std::string::npos);
  CHECK(header.find("column_38") == std::string::npos); // the trailing comma's empty column
  CHECK(header.find(",do_not_call,") != std::string::npos);
  CHECK(out.find("7927b2df-8bba-4d29-b9a2-b6e0beafe620") != std::string::npos);
}

TEST_CASE("import::import_to_stream skips rows with no value in any field") {
  // Spreadsheets write the rows that once held something as ",,,"; a
  // Salesforce report's footer starts with one. Neither is a row.
  TempDir dir;
  const fs::path input = dir.path / "in.csv";
  write_file(input, "Email,Name,Notes\n"
                    ",,\n"
                    "ana@example.com,Ana,\n"
                    "  ,N/A,-\n"
                    ",,\n"
                    "bo@example.com,Bo,x\n"
                    ",,\n");
  Options options;
  options.inputs = {input.string()};
  options.now = epoch(k_now);
  Summary summary;
  const std::string out = run_filter(options, summary);
  CHECK(summary.read == 2);
  CHECK(summary.created == 2);
  CHECK(summary.rejected == 0);
  CHECK(summary.empty_rows == 4);
  CHECK(std::count(out.begin(), out.end(), '\n') == 3);
}
