#include <leads/import/summary.hpp>

#include <doctest/doctest.h>

using namespace leads;
using namespace leads::import;

TEST_SUITE_BEGIN("import");

TEST_CASE("import::summary") {
  Summary summary;
  summary.read = 30;
  summary.created = 26;
  summary.merged = 2;
  summary.rejected = 2;
  summary.reasons = {{"invalid email", 1}, {"no identity", 1}};
  summary.rejects_files = {"/nowhere/rejects/a-20261127T120000Z.csv"};
  summary.empty_rows = 1;

  SUBCASE("text: counts, reasons under them, files and skipped rows") {
    CHECK(summary_text(summary, {}) == "leads import: read 30, new 26, merged 2, unchanged 0, rejected 2\n"
                                       "  rejected: 1 invalid email, 1 no identity\n"
                                       "  rejects: /nowhere/rejects/a-20261127T120000Z.csv\n"
                                       "  skipped: 1 empty row (no field has a value)\n");
    SummaryContext dry;
    dry.dry_run = true;
    CHECK(summary_text(summary, dry).starts_with("leads import: (dry run) read 30,"));
  }

  SUBCASE("text and json: the stage events of stage dates, when there are any") {
    summary.reasons.clear();
    summary.rejects_files.clear();
    summary.empty_rows = 0;
    summary.stage_events = 1;
    CHECK(summary_text(summary, {}).ends_with("rejected 2\n  history: 1 stage event from stage dates\n"));
    summary.stage_events = 6711;
    CHECK(summary_text(summary, {}).ends_with("  history: 6711 stage events from stage dates\n"));
    SummaryContext filter;
    filter.filter_mode = true;
    CHECK(summary_text(summary, filter).ends_with(" from stage dates (not written: -o writes leads only; "
                                                  "import into a workspace to keep them)\n"));
    CHECK(render::to_json(summary_object(summary, {})).find(", \"stage_events\": 6711,") !=
          std::string::npos);
  }

  SUBCASE("text: at most five reasons") {
    summary.reasons.clear();
    for (int i = 1; i <= 7; ++i) {
      summary.reasons.emplace_back("reason " + std::to_string(i), 1);
    }
    const std::string text = summary_text(summary, {});
    CHECK(text.find("reason 5, ...\n") != std::string::npos);
    CHECK(text.find("reason 6") == std::string::npos);
  }

  SUBCASE("json: every count, and the optional keys only when they say something") {
    SummaryContext context;
    context.activities = true;
    summary.activities_read = 3;
    summary.activities_added = 1;
    summary.activities_duplicate = 2;
    CHECK(render::to_json(summary_object(summary, context)) ==
          "{\"read\": 30, \"new\": 26, \"merged\": 2, \"unchanged\": 0, \"rejected\": 2, \"dry_run\": false, "
          "\"wrote_nothing\": "
          "false, \"reasons\": {\"invalid email\": 1, \"no identity\": 1}, \"rejects_files\": "
          "[\"/nowhere/rejects/a-20261127T120000Z.csv\"], \"empty_rows\": 1, \"activities\": {\"read\": 3, "
          "\"added\": 1, \"duplicates\": 2, \"rejected\": 0, \"reasons\": {}}}\n");
  }

  SUBCASE("warnings: rows no file holds, unused maps, conflicts with their count") {
    summary.rejected_rows = {{"a.csv", 3, "no identity"}};
    summary.unused_maps = {"Mail=email"};
    summary.conflicts = 3;
    summary.first_conflicts = {{"a.csv", 4, "email", "source id", "00000000000000aa", "00000000000000bb"}};
    const std::string text = warnings_text(summary);
    CHECK(
        text.starts_with("leads import: a.csv:3: rejected: no identity\n"
                         "leads import: warning: --map 'Mail=email' matched no column of the input\n"
                         "leads import: warning: a.csv:4: merged by email into lead 00000000000000aa without "
                         "its source id, which is lead 00000000000000bb's\n"
                         "leads import: warning: 2 more rows like that\n"
                         "  hint: such a row names two leads"));
  }

  SUBCASE("the same export again: its merges changed nothing, and say so apart") {
    // read 30 = new 0 + merged 2 + unchanged 28 + rejected 0
    Summary again;
    again.read = 30;
    again.merged = 2;
    again.unchanged = 28;
    CHECK(summary_text(again, {}) == "leads import: read 30, new 0, merged 2, unchanged 28, rejected 0\n");
    CHECK(render::to_json(summary_object(again, {}))
              .starts_with("{\"read\": 30, \"new\": 0, \"merged\": 2, \"unchanged\": 28, \"rejected\": 0,"));
  }

  SUBCASE("cells left out or split: counted under the first line, the first ones warned about") {
    summary.cell_warning_count = 12;
    summary.cell_warnings = {{"rounded phone", 11}, {"unreadable do_not_contact", 1}};
    for (long line = 2; line < 12; ++line) {
      summary.first_cell_warnings.push_back({"a.csv", line, "phone '9.52634E+11' was rounded"});
    }
    CHECK(summary_text(summary, {})
              .find("  rejected: 1 invalid email, 1 no identity\n"
                    "  cells left out or split: 11 rounded phone, 1 unreadable "
                    "do_not_contact\n") != std::string::npos);
    const std::string text = warnings_text(summary);
    CHECK(text.starts_with("leads import: warning: a.csv:2: phone '9.52634E+11' was rounded\n"));
    // Ten listed, two more counted (12 - 10).
    CHECK(text.find("leads import: warning: a.csv:11: phone") != std::string::npos);
    CHECK(text.find("leads import: warning: 2 more cells like that\n") != std::string::npos);
    CHECK(render::to_json(summary_object(summary, {}))
              .find("\"cell_warnings\": {\"rounded phone\": 11, \"unreadable do_not_contact\": 1}") !=
          std::string::npos);
  }

  SUBCASE("a phone shared by two people, and a preset that fits another export") {
    summary.shared_phones = 1;
    summary.first_shared_phones = {
        {"a.csv", 3, "+14155550100", "Raj Patel", "00000000000000aa", "Rahul Mehta"}};
    summary.preset_misfits = {{"p.csv", "hubspot", "pipedrive"}, {"q.csv", "hubspot", ""}};
    const std::string text = warnings_text(summary);
    CHECK(text.find("leads import: warning: a.csv:3: phone +14155550100 is lead 00000000000000aa's (Rahul "
                    "Mehta), but the row names Raj Patel: a new lead\n"
                    "  hint: a phone alone joins no two people") != std::string::npos);
    CHECK(text.find("leads import: warning: p.csv: --preset hubspot knows none of the input's columns; they "
                    "are those of a pipedrive export\n"
                    "  hint: import it with --preset pipedrive\n") != std::string::npos);
    CHECK(text.find("leads import: warning: q.csv: --preset hubspot knows none of the input's columns\n"
                    "  hint: import it without --preset") != std::string::npos);
  }
}

TEST_SUITE_END();
