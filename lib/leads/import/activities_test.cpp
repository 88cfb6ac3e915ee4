#include <leads/import/activities.hpp>

#include <leads/error.hpp>
#include <leads/import/importer.hpp>
#include <leads/import/test_support.hpp>

#include <doctest/doctest.h>

using namespace leads;
using namespace leads::import;
using namespace leads::import::testing;

TEST_CASE("import::import_into_workspace --activities") {
  TempDir dir;
  const store::Workspace workspace = new_workspace(dir.path / "ws");
  const fs::path leads = dir.path / "leads.csv";
  write_file(leads, "email\nana@example.com\n");
  Options options;
  options.inputs = {leads.string()};
  options.now = epoch("2026-11-27T16:15:41Z");
  import_into_workspace(workspace, options);

  const std::string ana = id_of("e:ana@example.com");
  const std::string bob = id_of("e:bob@example.com");
  const fs::path acts = dir.path / "web-events.csv";
  write_file(acts, "Timestamp,Email Address,Lead ID,Activity,URL\n"
                   "2026-11-20 10:00:00,ANA@example.com,,Page View,/pricing\n"
                   "11/21/2026,," +
                       ana +
                       ",email_open,\n"
                       "2026-11-22,bob@example.com,,Form Submit,/demo\n"
                       "2026-11-23,zed@example.com,,page_view,/\n"
                       "2026-11-24,,ffffffffffffffff,page_view,/\n"
                       "someday,ana@example.com,,page_view,/\n"
                       "2026-11-25,ana@example.com,,,/\n"
                       "2026-11-26,,,page_view,/\n");
  const fs::path more = dir.path / "more.csv";
  write_file(more, "email\nbob@example.com\n");

  Options run = options;
  run.inputs = {more.string()};
  run.activities = acts.string();
  run.source = "website";
  const Summary summary = import_into_workspace(workspace, run);
  CHECK(summary.created == 1); // bob, whom an activity of the same run names
  CHECK(summary.activities_read == 8);
  CHECK(summary.activities_added == 3);
  CHECK(summary.activities_rejected == 5);
  CHECK(summary.reasons.empty());
  CHECK(summary.activity_reasons == std::vector<std::pair<std::string, long>>{{"unknown lead", 3},
                                                                              {"no activity type", 1},
                                                                              {"unreadable date", 1}});
  CHECK(read_file(workspace.activities_file()) == "at,lead_id,type,detail,source\n"
                                                  "2026-11-20T10:00:00Z," +
                                                      ana +
                                                      ",page_view,/pricing,website\n"
                                                      "2026-11-21T00:00:00Z," +
                                                      ana +
                                                      ",email_open,,website\n"
                                                      "2026-11-22T00:00:00Z," +
                                                      bob + ",form_submit,/demo,website\n");
  const fs::path rejects = workspace.rejects_dir() / "web-events-20261127T161541Z.csv";
  CHECK(summary.rejects_files == std::vector<std::string>{rejects.string()});
  CHECK(read_file(rejects) ==
        "line,reason,Timestamp,Email Address,Lead ID,Activity,URL\n"
        "5,no lead with email 'zed@example.com',2026-11-23,zed@example.com,,page_view,/\n"
        "6,no lead with id 'ffffffffffffffff',2026-11-24,,ffffffffffffffff,page_view,/\n"
        "7,unreadable date 'someday' in at (column 'Timestamp'),someday,ana@example.com,,"
        "page_view,/\n"
        "8,no activity type (column 'Activity'),2026-11-25,ana@example.com,,,/\n"
        "9,no email or lead_id,2026-11-26,,,page_view,/\n");

  SUBCASE("rows already imported, or twice in one file, are counted and skipped") {
    const std::string before = read_file(workspace.activities_file());
    const fs::path again = dir.path / "again.csv";
    // Row 1 as stored already (other spellings), row 2 new, row 3 a repeat of row 2,
    // row 4 differs from a stored row only in its source.
    write_file(again, "at,email,type,detail,source\n"
                      "2026-11-20T10:00:00Z,ana@example.com,page_view,/pricing,website\n"
                      "2026-11-27,bob@example.com,Page View,/blog,\n"
                      "11/27/2026,BOB@example.com,page_view,/blog,website\n"
                      "2026-11-22,bob@example.com,form_submit,/demo,ads\n");
    Options twice = options;
    twice.inputs.clear();
    twice.activities = again.string();
    twice.source = "website";
    Options dry = twice;
    dry.dry_run = true;
    const Summary planned = import_into_workspace(workspace, dry);
    const Summary done = import_into_workspace(workspace, twice);
    for (const Summary& s : {planned, done}) {
      CHECK(s.activities_read == 4);
      CHECK(s.activities_added == 2);
      CHECK(s.activities_duplicate == 2);
      CHECK(s.activities_rejected == 0);
    }
    CHECK(read_file(workspace.activities_file()) == before + "2026-11-27T00:00:00Z," + bob +
                                                        ",page_view,/blog,website\n"
                                                        "2026-11-22T00:00:00Z," +
                                                        bob + ",form_submit,/demo,ads\n");
    const Summary third = import_into_workspace(workspace, twice);
    CHECK(third.activities_added == 0);
    CHECK(third.activities_duplicate == 4);
  }

  SUBCASE("an activities file without the needed columns") {
    write_file(acts, "when,who\n2026-11-20,ana@example.com\n");
    Options only = options;
    only.inputs.clear();
    only.activities = acts.string();
    try {
      import_into_workspace(workspace, only);
      FAIL("no error");
    } catch (const Error& e) {
      CHECK(e.kind() == ErrorKind::data);
      CHECK(e.message() == "the activities file has no at (or timestamp) column");
      CHECK(e.line() == 1);
    }
  }
}
