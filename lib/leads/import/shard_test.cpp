#include <leads/import/importer.hpp>
#include <leads/lead/id.hpp>
#include <leads/lead/shard.hpp>
#include <leads/store/output.hpp>

#include <leads/config/config.hpp>
#include <leads/import/test_support.hpp>

#include <doctest/doctest.h>

#include <set>

using namespace leads;
using namespace leads::import;
using namespace leads::import::testing;

namespace {

constexpr std::string_view k_now = "2026-11-27T16:15:41Z";
constexpr std::uint32_t k_shards = 4;

// The data lines of a leads CSV (its header dropped).
std::vector<std::string> data_lines(const std::string& csv) {
  std::vector<std::string> lines;
  std::size_t start = csv.find('\n') + 1;
  while (start < csv.size()) {
    const std::size_t end = csv.find('\n', start);
    lines.push_back(csv.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

std::string run_filter(const Options& options, Summary& summary) {
  TempDir out_dir;
  const fs::path out = out_dir.path / "out.csv";
  store::Output output(out.string());
  summary = import_to_stream(config::defaults(), options, output, std::nullopt);
  output.commit();
  return read_file(out);
}

std::uint32_t shard_of(const std::string& id) {
  return lead::shard_of(*lead::parse_id(id), k_shards);
}

} // namespace

TEST_SUITE("import") {
  TEST_CASE("import --shard") {
    TempDir dir;
    const fs::path input = dir.path / "export.csv";
    // Twelve people; Raj's second row has only his phone, and comes later:
    // it must join his lead (found by the email row's phone) in whatever
    // shard that lead's id falls, not make a lead by the phone's id.
    // (It brings his city, so that the merge changes his lead.)
    std::string text = "Email,First Name,Last Name,Phone,City\n";
    for (int i = 0; i < 12; ++i) {
      text += fmt::format("p{}@example.com,Name{},Family{},,\n", i, i, i);
    }
    text += "raj@example.com,Raj,Patel,+1 415 555 0123,\n"
            "not-an-email,,,,\n"
            ",Raj,Patel,4155550123,Oakland\n"
            ",Ivy,Lo,+1 212 555 0199,\n";
    write_file(input, text);
    Options options;
    options.inputs = {input.string()};
    options.now = epoch(k_now);

    Summary whole;
    const std::vector<std::string> all = data_lines(run_filter(options, whole));
    REQUIRE(all.size() == 14); // 12 + Raj + Ivy
    CHECK(whole.created == 14);
    CHECK(whole.merged == 1);
    CHECK(whole.rejected == 1);
    const std::string raj = id_of("e:raj@example.com");
    const std::string raj_by_phone = id_of("p:+14155550123");

    SUBCASE("the shards together hold the leads of the unsharded import, each in one shard") {
      std::multiset<std::string> together;
      long created = 0;
      long merged = 0;
      for (std::uint32_t s = 1; s <= k_shards; ++s) {
        CAPTURE(s);
        options.shard_index = s;
        options.shard_count = k_shards;
        Summary summary;
        const std::string out = run_filter(options, summary);
        CHECK(out.substr(0, out.find('\n')) == header_line().substr(0, header_line().size() - 1));
        for (const std::string& line : data_lines(out)) {
          CHECK(shard_of(line.substr(0, 16)) == s);
          together.insert(line);
        }
        CHECK(summary.shard == fmt::format("{}/{}", s, k_shards));
        // Every row is counted once: rejected rows are every shard's.
        CHECK(summary.read == 16);
        CHECK(summary.rejected == 1);
        CHECK(summary.read ==
              summary.created + summary.merged + summary.unchanged + summary.rejected + summary.other_shards);
        created += summary.created;
        merged += summary.merged;
        // Raj's phone-only row goes where his lead goes.
        CHECK((summary.merged == 1) == (shard_of(raj) == s));
      }
      CHECK(together == std::multiset<std::string>(all.begin(), all.end()));
      CHECK(created == whole.created);
      CHECK(merged == whole.merged);
      for (const std::string& line : together) {
        CHECK(line.substr(0, 16) != raj_by_phone);
      }
    }

    SUBCASE("1/1 is every lead, as no --shard") {
      options.shard_index = 1;
      options.shard_count = 1;
      Summary summary;
      CHECK(data_lines(run_filter(options, summary)) == all);
      CHECK(summary.shard.empty());
      CHECK(summary.other_shards == 0);
    }
  }

  TEST_CASE("import --shard into a workspace") {
    TempDir dir;
    const store::Workspace workspace = new_workspace(dir.path / "ws");
    const fs::path input = dir.path / "export.csv";
    std::string text = "email,first_name\n";
    std::vector<std::string> ids;
    for (int i = 0; i < 8; ++i) {
      text += fmt::format("p{}@example.com,Name{}\n", i, i);
      ids.push_back(id_of(fmt::format("e:p{}@example.com", i)));
    }
    write_file(input, text);
    const fs::path activities = dir.path / "activities.csv";
    // One activity by email and one by lead id for every lead, and one for a
    // lead id that no store holds (another shard's store may).
    std::string rows = "at,email,lead_id,type\n";
    for (int i = 0; i < 8; ++i) {
      rows += fmt::format("2026-11-20T10:00:00Z,p{}@example.com,,page_view\n", i);
      rows += fmt::format("2026-11-21T10:00:00Z,,{},form_submit\n", ids[static_cast<std::size_t>(i)]);
    }
    std::uint64_t stranger = 1;
    while (lead::shard_of(stranger, k_shards) == 2) {
      ++stranger;
    }
    rows += fmt::format("2026-11-22T10:00:00Z,,{},demo_request\n", lead::format_id(stranger));
    write_file(activities, rows);

    Options options;
    options.inputs = {input.string()};
    options.activities = activities.string();
    options.now = epoch(k_now);
    options.shard_index = 2;
    options.shard_count = k_shards;
    const Summary summary = import_into_workspace(workspace, options);

    std::set<std::string> mine;
    for (const std::string& id : ids) {
      if (shard_of(id) == 2) {
        mine.insert(id);
      }
    }
    REQUIRE(!mine.empty()); // (8 leads over 4 shards: shard 2 has some, as it happens)
    CHECK(summary.created == static_cast<long>(mine.size()));
    CHECK(summary.other_shards == 8 - static_cast<long>(mine.size()));
    std::set<std::string> stored;
    for (const std::string& line : data_lines(read_file(workspace.leads_file()))) {
      stored.insert(line.substr(0, 16));
    }
    CHECK(stored == mine);
    // Events and activities of the shard's leads only.
    for (const std::string& line : data_lines(read_file(workspace.events_file()))) {
      CHECK(mine.count(line.substr(line.find(',') + 1, 16)) == 1);
    }
    const std::vector<std::string> added = data_lines(read_file(workspace.activities_file()));
    CHECK(added.size() == 2 * mine.size());
    for (const std::string& line : added) {
      CHECK(mine.count(line.substr(line.find(',') + 1, 16)) == 1);
    }
    CHECK(summary.activities_added == 2 * static_cast<long>(mine.size()));
    // The stranger is another shard's, not an unknown lead here.
    CHECK(summary.activities_other_shards == 2 * (8 - static_cast<long>(mine.size())) + 1);
    CHECK(summary.activities_rejected == 0);
  }
}
