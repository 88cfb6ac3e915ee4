// Stage dates imported as history, end to end through import_into_workspace:
// a deals export shaped like Maven Analytics' CRM pipeline, HubSpot's
// "Became a ... Date" columns, stored leads that move or only gain history,
// --stage-date and --set. Expected events are worked out by hand from the
// fixtures.
#include <leads/import/importer.hpp>

#include <leads/error.hpp>
#include <leads/import/test_support.hpp>
#include <leads/store/output.hpp>

#include <doctest/doctest.h>

#include <algorithm>

using namespace leads;
using namespace leads::import;
using namespace leads::import::testing;

namespace {

constexpr std::string_view k_now = "2018-01-01T00:00:00Z";

// The deals: won, lost, engaging, prospecting (no dates), and won on the day it was engaged.
constexpr std::string_view k_deals =
    "opportunity_id,sales_agent,product,account,deal_stage,engage_date,close_date,"
    "close_value\n"
    "D1,Ann Agent,GTX Pro,Acme,Won,2017-01-10,2017-02-20,4800\n"
    "D2,Ann Agent,MG Special,Betasoft,Lost,2017-01-15,2017-03-01,0\n"
    "D3,Bo Agent,GTX Basic,Acme,Engaging,2017-02-01,,\n"
    "D4,Bo Agent,GTX Pro,,Prospecting,,,\n"
    "D5,Bo Agent,MG Special,Cancity,Won,2017-03-05,2017-03-05,55\n";

// How the deals map: the recipe of leads-import(1).
constexpr std::string_view k_deals_yaml = "import:\n"
                                          "  aliases:\n"
                                          "    external_id: [opportunity_id]\n"
                                          "    owner: [sales_agent]\n"
                                          "    company: [account]\n"
                                          "    stage: [deal_stage]\n"
                                          "    stage_at: [close_date]\n"
                                          "  values:\n"
                                          "    stage: {Prospecting: new, Engaging: engaged, Won: customer, "
                                          "Lost: lost}\n"
                                          "  stage_dates: {engage_date: engaged}\n";

// A workspace whose leads.yaml is `yaml` (the defaults when empty).
store::Workspace workspace_with(const fs::path& dir, std::string_view yaml = {}) {
  store::init_workspace(dir, false);
  if (!yaml.empty()) {
    write_file(dir / "leads.yaml", yaml);
  }
  return store::open_workspace(dir);
}

Options options_for(std::vector<fs::path> files, std::string_view now = k_now) {
  Options options;
  for (const fs::path& file : files) {
    options.inputs.push_back(file.string());
  }
  options.now = epoch(now);
  return options;
}

// The lines of a file after its header, sorted (events are appended in run order).
std::vector<std::string> body_lines(const fs::path& file) {
  std::vector<std::string> lines;
  std::istringstream in(read_file(file));
  std::string line;
  std::getline(in, line);
  while (std::getline(in, line)) {
    lines.push_back(line);
  }
  std::sort(lines.begin(), lines.end());
  return lines;
}

// The events of a workspace, sorted, with each lead's id as the source id (or email) of that lead.
std::vector<std::string> events_of(const store::Workspace& ws, std::map<std::string, std::string> names) {
  std::vector<std::string> out;
  for (std::string line : body_lines(ws.events_file())) {
    for (const auto& [id, name] : names) {
      if (const std::size_t at = line.find(id); at != std::string::npos) {
        line.replace(at, id.size(), name);
      }
    }
    out.push_back(line);
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::map<std::string, std::string> deal_names() {
  std::map<std::string, std::string> names;
  for (const std::string deal : {"D1", "D2", "D3", "D4", "D5"}) {
    names[id_of("x:" + deal)] = deal;
  }
  return names;
}

// A stored lead's fields, by its id.
std::vector<std::string> lead_of(const store::Workspace& ws, const std::string& id) {
  for (const std::string& line : body_lines(ws.leads_file())) {
    if (line.starts_with(id + ",")) {
      std::vector<std::string> fields;
      std::istringstream cells(line + ",");
      std::string cell;
      while (std::getline(cells, cell, ',')) {
        fields.push_back(cell);
      }
      return fields;
    }
  }
  FAIL("no lead " << id);
  return {};
}

std::string field(const store::Workspace& ws, const std::string& id, Field f) {
  return lead_of(ws, id).at(field_index(f));
}

template <typename F> std::string usage_error(F action) {
  try {
    action();
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::usage);
    return e.message() + " | " + e.hint();
  }
  return "no error";
}

using Lines = std::vector<std::string>;

} // namespace

TEST_SUITE("import") {

  TEST_CASE("import: a deals export's stage dates become the history of its leads") {
    TempDir dir;
    const fs::path deals = dir.path / "deals.csv";
    write_file(deals, k_deals);
    const store::Workspace ws = workspace_with(dir.path / "ws", k_deals_yaml);
    const Summary summary = import_into_workspace(ws, options_for({deals}));
    CHECK(summary.created == 5);
    CHECK(summary.stage_events == 3);
    const std::string file = deals.string();
    // Each deal is created when engaged, in engaged; its close is a stage event.
    // D4 has no date: it is created now, in new. D5 engaged and won on one day:
    // the entry into engaged comes first.
    CHECK(events_of(ws, deal_names()) ==
          Lines{"2017-01-10T00:00:00Z,D1,created,,engaged,import," + file + ":2",
                "2017-01-15T00:00:00Z,D2,created,,engaged,import," + file + ":3",
                "2017-02-01T00:00:00Z,D3,created,,engaged,import," + file + ":4",
                "2017-02-20T00:00:00Z,D1,stage,engaged,customer,import," + file + ":2",
                "2017-03-01T00:00:00Z,D2,stage,engaged,lost,import," + file + ":3",
                "2017-03-05T00:00:00Z,D5,created,,engaged,import," + file + ":6",
                "2017-03-05T00:00:00Z,D5,stage,engaged,customer,import," + file + ":6",
                "2018-01-01T00:00:00Z,D4,created,,new,import," + file + ":5"});
    const std::string d1 = id_of("x:D1");
    CHECK(field(ws, d1, Field::stage) == "customer");
    CHECK(field(ws, d1, Field::created_at) == "2017-01-10T00:00:00Z");
    CHECK(field(ws, d1, Field::stage_at) == "2017-02-20T00:00:00Z");
    CHECK(field(ws, d1, Field::owner) == "Ann Agent");
    const std::string d3 = id_of("x:D3");
    CHECK(field(ws, d3, Field::stage) == "engaged");
    CHECK(field(ws, d3, Field::stage_at) == "2017-02-01T00:00:00Z");
    CHECK(field(ws, id_of("x:D4"), Field::created_at) == k_now);

    SUBCASE("importing it again appends nothing and changes no lead") {
      const std::map<std::string, std::string> before = snapshot(ws.root);
      const Summary again = import_into_workspace(ws, options_for({deals}, "2018-01-02T00:00:00Z"));
      CHECK(again.unchanged == 5);
      CHECK(again.stage_events == 0);
      CHECK(snapshot(ws.root) == before);
    }
    SUBCASE("--map and --stage-date options do what leads.yaml does") {
      const store::Workspace plain = workspace_with(dir.path / "plain");
      Options options = options_for({deals});
      options.maps = {{"opportunity_id", "external_id"},
                      {"sales_agent", "owner"},
                      {"account", "company"},
                      {"deal_stage", "stage"}};
      options.stage_dates = {{"Engage Date", "engaged"}, {"close_date", "stage_at"}};
      // The deal stages have no values in the defaults but Won and Lost: --set cannot help, a
      // second run maps them with import.values (here, as a third of the test, by the file).
      write_file(dir.path / "plain" / "leads.yaml",
                 "import:\n  values:\n    stage: {Prospecting: new, Engaging: engaged, Won: customer, "
                 "Lost: lost}\n");
      import_into_workspace(store::open_workspace(dir.path / "plain"), options);
      CHECK(read_file(plain.leads_file()) == read_file(ws.leads_file()));
      CHECK(read_file(plain.events_file()) == read_file(ws.events_file()));
    }
  }

  TEST_CASE("import: stage dates one file at a time and all at once give the same store and events") {
    TempDir dir;
    // The pipeline in January (two deals engaged, a prospect), then in March
    // (those two closed, two more deals).
    const fs::path january = dir.path / "january.csv";
    const fs::path march = dir.path / "march.csv";
    write_file(january, "opportunity_id,sales_agent,deal_stage,engage_date,close_date,close_value\n"
                        "D1,Ann Agent,Engaging,2017-01-10,,\n"
                        "D2,Ann Agent,Engaging,2017-01-15,,\n"
                        "D4,Bo Agent,Prospecting,,,\n");
    write_file(march, "opportunity_id,sales_agent,deal_stage,engage_date,close_date,close_value\n"
                      "D1,Ann Agent,Won,2017-01-10,2017-02-20,4800\n"
                      "D2,Ann Agent,Lost,2017-01-15,2017-03-01,0\n"
                      "D3,Bo Agent,Engaging,2017-02-01,,\n"
                      "D5,Bo Agent,Won,2017-03-05,2017-03-05,55\n");
    const store::Workspace one = workspace_with(dir.path / "one", k_deals_yaml);
    const store::Workspace all = workspace_with(dir.path / "all", k_deals_yaml);
    import_into_workspace(one, options_for({january}));
    const Summary second = import_into_workspace(one, options_for({march}));
    CHECK(second.created == 2);
    CHECK(second.merged == 2);
    CHECK(second.stage_events == 3); // D1 won, D2 lost, D5 won
    const Summary both = import_into_workspace(all, options_for({january, march}));
    CHECK(both.stage_events == 3);
    CHECK(read_file(one.leads_file()) == read_file(all.leads_file()));
    CHECK(body_lines(one.events_file()) == body_lines(all.events_file()));
    const std::string j = january.string();
    const std::string m = march.string();
    CHECK(events_of(all, deal_names()) ==
          Lines{"2017-01-10T00:00:00Z,D1,created,,engaged,import," + j + ":2",
                "2017-01-15T00:00:00Z,D2,created,,engaged,import," + j + ":3",
                "2017-02-01T00:00:00Z,D3,created,,engaged,import," + m + ":4",
                "2017-02-20T00:00:00Z,D1,stage,engaged,customer,import," + m + ":2",
                "2017-03-01T00:00:00Z,D2,stage,engaged,lost,import," + m + ":3",
                "2017-03-05T00:00:00Z,D5,created,,engaged,import," + m + ":5",
                "2017-03-05T00:00:00Z,D5,stage,engaged,customer,import," + m + ":5",
                "2018-01-01T00:00:00Z,D1,merged,,,import," + m + ":2 by external_id",
                "2018-01-01T00:00:00Z,D2,merged,,,import," + m + ":3 by external_id",
                "2018-01-01T00:00:00Z,D4,created,,new,import," + j + ":4"});
    const std::string d1 = id_of("x:D1");
    CHECK(field(all, d1, Field::stage) == "customer");
    CHECK(field(all, d1, Field::stage_at) == "2017-02-20T00:00:00Z");
    CHECK(field(all, d1, Field::created_at) == "2017-01-10T00:00:00Z");
  }

  TEST_CASE("import: a prospect imported before its engage date was known gains it as history") {
    TempDir dir;
    const fs::path january = dir.path / "january.csv";
    const fs::path march = dir.path / "march.csv";
    write_file(january, "opportunity_id,deal_stage,engage_date\nD3,Prospecting,\n");
    write_file(march, "opportunity_id,deal_stage,engage_date\nD3,Engaging,2017-02-01\n");
    const store::Workspace ws = workspace_with(dir.path / "ws", k_deals_yaml);
    import_into_workspace(ws, options_for({january}, "2017-01-31T00:00:00Z"));
    import_into_workspace(ws, options_for({march}, "2017-03-31T00:00:00Z"));
    // Engaged on 2017-02-01, after the lead was created (2017-01-31) in new: it moves.
    const std::string d3 = id_of("x:D3");
    CHECK(field(ws, d3, Field::stage) == "engaged");
    CHECK(field(ws, d3, Field::stage_at) == "2017-02-01T00:00:00Z");
    CHECK(field(ws, d3, Field::created_at) == "2017-01-31T00:00:00Z");
    CHECK(events_of(ws, deal_names()) ==
          Lines{"2017-01-31T00:00:00Z,D3,created,,new,import," + january.string() + ":2",
                "2017-02-01T00:00:00Z,D3,stage,new,engaged,import," + march.string() + ":2",
                "2017-03-31T00:00:00Z,D3,merged,,,import," + march.string() + ":2 by external_id"});
  }

  TEST_CASE("import: a later stage date moves a stored lead, an earlier one only adds history") {
    TempDir dir;
    const fs::path contacts = dir.path / "contacts.csv";
    const fs::path won = dir.path / "won.csv";
    write_file(contacts,
               "email,stage,created_at\nann@acme.example,mql,2025-01-01\nbob@beta.example,,2025-01-01\n");
    // A closed-deals export that has only a won date.
    write_file(won, "email,Won On\nann@acme.example,2025-06-01\nbob@beta.example,2024-06-01\n"
                    "cy@gamma.example,2025-07-01\n");
    const store::Workspace ws = workspace_with(dir.path / "ws");
    import_into_workspace(ws, options_for({contacts}, "2026-11-27T12:00:00Z"));
    Options options = options_for({won}, "2026-11-28T12:00:00Z");
    options.stage_dates = {{"won on", "customer"}};
    const Summary summary = import_into_workspace(ws, options);
    CHECK(summary.created == 1);
    CHECK(summary.merged == 2);
    CHECK(summary.stage_events == 2);
    const std::string ann = id_of("e:ann@acme.example");
    const std::string bob = id_of("e:bob@beta.example");
    const std::string cy = id_of("e:cy@gamma.example");
    CHECK(field(ws, ann, Field::stage) == "customer");
    CHECK(field(ws, ann, Field::stage_at) == "2025-06-01T00:00:00Z");
    CHECK(field(ws, bob, Field::stage) == "new");
    CHECK(field(ws, bob, Field::stage_at) == "2025-01-01T00:00:00Z");
    CHECK(field(ws, bob, Field::created_at) == "2024-06-01T00:00:00Z");
    CHECK(field(ws, cy, Field::stage) == "customer");
    const std::map<std::string, std::string> names = {{ann, "ann"}, {bob, "bob"}, {cy, "cy"}};
    const std::string w = won.string();
    const std::string c = contacts.string();
    // The customer stage is not in mql's next: history is history.
    CHECK(events_of(ws, names) == Lines{"2024-06-01T00:00:00Z,bob,stage,,customer,import," + w + ":3",
                                        "2025-01-01T00:00:00Z,ann,created,,mql,import," + c + ":2",
                                        "2025-01-01T00:00:00Z,bob,created,,new,import," + c + ":3",
                                        "2025-06-01T00:00:00Z,ann,stage,mql,customer,import," + w + ":2",
                                        "2025-07-01T00:00:00Z,cy,created,,customer,import," + w + ":4",
                                        "2026-11-28T12:00:00Z,ann,merged,,,import," + w + ":2 by email",
                                        "2026-11-28T12:00:00Z,bob,merged,,,import," + w + ":3 by email"});

    SUBCASE("under --merge keep the leads stay as they are, their history grows") {
      const store::Workspace kept = workspace_with(dir.path / "kept");
      import_into_workspace(kept, options_for({contacts}, "2026-11-27T12:00:00Z"));
      const std::vector<std::string> ann_before = lead_of(kept, ann);
      const std::vector<std::string> bob_before = lead_of(kept, bob);
      options.merge = MergePolicy::keep;
      const Summary keep = import_into_workspace(kept, options);
      CHECK(keep.stage_events == 2);
      CHECK(lead_of(kept, ann) == ann_before);
      CHECK(lead_of(kept, bob) == bob_before);
      CHECK(field(kept, ann, Field::stage) == "mql");
      CHECK(field(kept, bob, Field::created_at) == "2025-01-01T00:00:00Z");
      CHECK(body_lines(kept.events_file()).size() == 7);
    }
  }

  TEST_CASE("import: a created event is dated by created_at, whatever the row's columns and quotes") {
    TempDir dir;
    const fs::path file = dir.path / "leads.csv";
    // Extra columns after the canonical ones, a value that needs quotes, no created_at, an edit time.
    write_file(file, "email,company,created_at,notes,score_2\n"
                     "ann@acme.example,Acme,2026-03-04,first,1\n"
                     "bob@beta.example,\"Beta, Inc.\",2026-05-06,\"said \"\"hi\"\"\",2\n"
                     "cy@gamma.example,Gamma,,,\n");
    const fs::path edited = dir.path / "edited.csv";
    write_file(edited, "email,updated_at\ndee@delta.example,2026-07-08 09:10\n");
    const store::Workspace ws = workspace_with(dir.path / "ws");
    import_into_workspace(ws, options_for({file, edited}, "2026-11-27T12:00:00Z"));
    const std::string f = file.string();
    CHECK(events_of(ws, {{id_of("e:ann@acme.example"), "ann"},
                         {id_of("e:bob@beta.example"), "bob"},
                         {id_of("e:cy@gamma.example"), "cy"},
                         {id_of("e:dee@delta.example"), "dee"}}) ==
          Lines{"2026-03-04T00:00:00Z,ann,created,,new,import," + f + ":2",
                "2026-05-06T00:00:00Z,bob,created,,new,import," + f + ":3",
                "2026-07-08T09:10:00Z,dee,created,,new,import," + edited.string() + ":2",
                "2026-11-27T12:00:00Z,cy,created,,new,import," + f + ":4"});
    // Dee is as old as her edit: created then, in new since then.
    CHECK(field(ws, id_of("e:dee@delta.example"), Field::created_at) == "2026-07-08T09:10:00Z");
    CHECK(field(ws, id_of("e:dee@delta.example"), Field::stage_at) == "2026-07-08T09:10:00Z");
  }

  TEST_CASE("import: HubSpot's lifecycle stage dates (--preset hubspot)") {
    TempDir dir;
    const fs::path export_file = dir.path / "hubspot.csv";
    write_file(export_file, "Record ID,Email,Lifecycle Stage,Create Date,Became a Lead Date,"
                            "Became a Marketing Qualified Lead Date,Became a Customer Date\n"
                            "101,ann@acme.example,customer,2026-01-05 09:00,2026-01-05 09:00,2026-02-01,"
                            "2026-03-01 16:30\n"
                            "102,bo@beta.example,marketingqualifiedlead,2026-01-20,,2026-02-10,\n");
    const store::Workspace ws = workspace_with(dir.path / "ws");
    Options options = options_for({export_file}, "2026-11-27T12:00:00Z");
    options.preset = "hubspot";
    const Summary summary = import_into_workspace(ws, options);
    CHECK(summary.stage_events == 3);
    const std::string ann = id_of("e:ann@acme.example");
    const std::string bo = id_of("e:bo@beta.example");
    const std::string f = export_file.string();
    CHECK(events_of(ws, {{ann, "ann"}, {bo, "bo"}}) ==
          Lines{"2026-01-05T09:00:00Z,ann,created,,new,import," + f + ":2",
                "2026-01-20T00:00:00Z,bo,created,,new,import," + f + ":3",
                "2026-02-01T00:00:00Z,ann,stage,new,mql,import," + f + ":2",
                "2026-02-10T00:00:00Z,bo,stage,new,mql,import," + f + ":3",
                "2026-03-01T16:30:00Z,ann,stage,mql,customer,import," + f + ":2"});
    CHECK(field(ws, ann, Field::stage_at) == "2026-03-01T16:30:00Z");
    CHECK(field(ws, bo, Field::stage) == "mql");
    CHECK(field(ws, bo, Field::stage_at) == "2026-02-10T00:00:00Z");
    // The dates are history, not extra columns.
    CHECK(read_file(ws.leads_file()).find("became") == std::string::npos);
  }

  TEST_CASE("import --set gives every row without a value one") {
    TempDir dir;
    const fs::path mqls = dir.path / "mqls.csv";
    write_file(mqls, "email,stage\nann@acme.example,\nbob@beta.example,Won\n");
    const store::Workspace ws = workspace_with(dir.path / "ws");
    Options options = options_for({mqls});
    options.sets = {{"stage", "mql"}, {"campaign", "  Spring webinar "}};
    import_into_workspace(ws, options);
    const std::string ann = id_of("e:ann@acme.example");
    const std::string bob = id_of("e:bob@beta.example");
    CHECK(field(ws, ann, Field::stage) == "mql");
    CHECK(field(ws, ann, Field::campaign) == "Spring webinar");
    // A cell of the file wins (Won, mapped by import.values).
    CHECK(field(ws, bob, Field::stage) == "customer");

    SUBCASE("its value is mapped as a cell's") {
      options.sets = {{"stage", "Closed Won"}};
      const store::Workspace other = workspace_with(dir.path / "other");
      import_into_workspace(other, options);
      CHECK(field(other, ann, Field::stage) == "customer");
    }
    SUBCASE("a value no cell could hold is a usage error, and nothing is written") {
      const std::map<std::string, std::string> before = snapshot(ws.root);
      options.sets = {{"stage", "mqll"}};
      CHECK(usage_error([&] {
              import_into_workspace(ws, options);
            }).starts_with("--set 'stage=mqll': 'mqll' is not a stage; did you mean 'mql'?"));
      options.sets = {{"created_at", "someday"}};
      CHECK(usage_error([&] {
              import_into_workspace(ws, options);
            }).starts_with("--set 'created_at=someday': unreadable date 'someday'"));
      CHECK(snapshot(ws.root) == before);
    }
  }

  TEST_CASE("import --stage-date: a column the input lacks, or an unknown stage, is a usage error") {
    TempDir dir;
    const fs::path deals = dir.path / "deals.csv";
    write_file(deals, k_deals);
    const store::Workspace ws = workspace_with(dir.path / "ws");
    const std::map<std::string, std::string> before = snapshot(ws.root);
    Options options = options_for({deals});
    options.stage_dates = {{"Closed On", "stage_at"}};
    CHECK(usage_error([&] { import_into_workspace(ws, options); }) ==
          "--stage-date 'Closed On=stage_at': " + deals.string() +
              " has no column 'Closed On' | its columns are: opportunity_id, sales_agent, product, account, "
              "deal_stage, engage_date, close_date, close_value");
    options.stage_dates = {{"close_date", "wonn"}};
    CHECK(usage_error([&] {
            import_into_workspace(ws, options);
          }).starts_with("--stage-date 'close_date=wonn': 'wonn' is not a stage"));
    options.stage_dates = {{"close_date", "stage_at"}};
    options.maps = {{"Close Date", "closed"}};
    CHECK(usage_error([&] {
            import_into_workspace(ws, options);
          }).starts_with("--map 'Close Date=closed' and --stage-date 'close_date=stage_at' name one column"));
    CHECK(snapshot(ws.root) == before);
  }

  TEST_CASE("import: stage dates in filter mode and in a dry run") {
    TempDir dir;
    const fs::path deals = dir.path / "deals.csv";
    write_file(deals, k_deals);
    const config::Config config = config::load_string(k_deals_yaml, "deals.yaml");
    SUBCASE("filter mode: the leads as a workspace would hold them") {
      const store::Workspace ws = workspace_with(dir.path / "ws", k_deals_yaml);
      import_into_workspace(ws, options_for({deals}));
      const fs::path out = dir.path / "out.csv";
      store::Output output(out.string());
      const Summary summary = import_to_stream(config, options_for({deals}), output, std::nullopt);
      output.commit();
      CHECK(summary.stage_events == 3);
      CHECK(read_file(out) == read_file(ws.leads_file()));
    }
    SUBCASE("a dry run counts the stage events and writes nothing") {
      const store::Workspace ws = workspace_with(dir.path / "ws", k_deals_yaml);
      const std::map<std::string, std::string> before = snapshot(ws.root);
      Options options = options_for({deals});
      options.dry_run = true;
      const Summary summary = import_into_workspace(ws, options);
      CHECK(summary.stage_events == 3);
      CHECK(summary.wrote_nothing);
      CHECK(snapshot(ws.root) == before);
    }
  }

} // TEST_SUITE
