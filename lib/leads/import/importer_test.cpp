#include <leads/import/importer.hpp>

#include <leads/error.hpp>
#include <leads/import/test_support.hpp>
#include <leads/stop.hpp>

#include <doctest/doctest.h>

using namespace leads;
using namespace leads::import;
using namespace leads::import::testing;

namespace {

constexpr std::string_view k_now = "2026-11-27T16:15:41Z";

constexpr std::string_view k_input = "Email,First Name,Last Name,Company,Phone,Country,Lead Source,Notes\n"
                                     "ana@example.com,Ana,Lopez,Acme,(415) 555-0123,US,Web,first\n"
                                     " ANA@Example.com,Ana,,Acme Corp,,,Fair,second\n"
                                     "bob@example.com,Bob,Stone,Initech,,DE,,\n"
                                     "bad@,X,Y,Z,,,,\n"
                                     ",Carl,,,,,,\n"
                                     ",Dana,Diaz,Globex,,,,\n"
                                     ",,,,+44 20 7123 4567,GB,,\n";

Options options_for(const fs::path& input, std::string_view now = k_now) {
  Options options;
  options.inputs = {input.string()};
  options.now = epoch(now);
  return options;
}

std::string expected_leads(std::string_view now = k_now) {
  const std::string t(now);
  const std::string ana = id_of("e:ana@example.com");
  const std::string bob = id_of("e:bob@example.com");
  const std::string dana = id_of("n:dana diaz|globex");
  const std::string phone = id_of("p:+442071234567");
  auto common = [&](std::map<Field, std::string> values) {
    values[Field::stage] = "new";
    values[Field::created_at] = t;
    values[Field::updated_at] = t;
    values[Field::stage_at] = t;
    return values;
  };
  return header_line({"notes"}) +
         sorted(
             {lead_line(common({{Field::id, ana},
                                {Field::email, "ana@example.com"},
                                {Field::first_name, "Ana"},
                                {Field::last_name, "Lopez"},
                                {Field::company, "Acme"},
                                {Field::phone, "+14155550123"},
                                {Field::country, "US"},
                                {Field::source, "Web"}}),
                        {"first"}),
              lead_line(common({{Field::id, bob},
                                {Field::email, "bob@example.com"},
                                {Field::first_name, "Bob"},
                                {Field::last_name, "Stone"},
                                {Field::company, "Initech"},
                                {Field::country, "DE"}}),
                        {""}),
              lead_line(common({{Field::id, dana},
                                {Field::first_name, "Dana"},
                                {Field::last_name, "Diaz"},
                                {Field::company, "Globex"}}),
                        {""}),
              lead_line(common({{Field::id, phone}, {Field::phone, "+442071234567"}, {Field::country, "GB"}}),
                        {""})});
}

} // namespace

TEST_CASE("import::import_into_workspace") {
  TempDir dir;
  const store::Workspace workspace = new_workspace(dir.path / "ws");
  const fs::path input = dir.path / "in.csv";
  write_file(input, k_input);
  const std::string name = input.string();
  const std::string rejects_header =
      "line,reason,Email,First Name,Last Name,Company,Phone,Country,Lead Source,Notes\n";
  const std::string rejected_rows = "5,invalid email 'bad@',bad@,X,Y,Z,,,,\n"
                                    "6,\"no identity (needs an email, a phone, a source id or a name with a "
                                    "company)\",,Carl,,,,,,\n";

  const Summary first = import_into_workspace(workspace, options_for(input));
  CHECK(first.read == 7);
  CHECK(first.created == 4);
  // Line 3 is Ana again with nothing her line 2 lacks (fill keeps Acme, Web, first).
  CHECK(first.merged == 0);
  CHECK(first.unchanged == 1);
  CHECK(first.rejected == 2);
  CHECK(first.reasons == std::vector<std::pair<std::string, long>>{{"invalid email", 1}, {"no identity", 1}});
  CHECK_FALSE(first.wrote_nothing);
  CHECK(first.rejected_rows.empty());
  const fs::path rejects = workspace.rejects_dir() / "in-20261127T161541Z.csv";
  CHECK(first.rejects_files == std::vector<std::string>{rejects.string()});
  CHECK(read_file(rejects) == rejects_header + rejected_rows);
  CHECK(read_file(workspace.leads_file()) == expected_leads());

  const std::string ana = id_of("e:ana@example.com");
  std::vector<std::string> created_events;
  for (const auto& [identity, line] : std::vector<std::pair<std::string, int>>{{"e:ana@example.com", 2},
                                                                               {"e:bob@example.com", 4},
                                                                               {"n:dana diaz|globex", 7},
                                                                               {"p:+442071234567", 8}}) {
    // A created event names the stage the lead starts in; Ana's line 3 changed nothing: no event.
    created_events.push_back(
        fmt::format("{},{},created,,new,import,{}:{}\n", k_now, id_of(identity), name, line));
  }
  const std::string events_header = "at,lead_id,kind,from,to,actor,note\n";
  CHECK(read_file(workspace.events_file()) == events_header + sorted(created_events));

  SUBCASE("importing the same file again changes no lead and appends no event") {
    const Summary second = import_into_workspace(workspace, options_for(input));
    CHECK(second.read == 7);
    CHECK(second.created == 0);
    CHECK(second.merged == 0);
    CHECK(second.unchanged == 5);
    CHECK(second.rejected == 2);
    CHECK(read_file(workspace.leads_file()) == expected_leads());
    const fs::path rejects2 = workspace.rejects_dir() / "in-20261127T161541Z-2.csv";
    CHECK(second.rejects_files == std::vector<std::string>{rejects2.string()});
    CHECK(read_file(rejects2) == rejects_header + rejected_rows);
    CHECK(read_file(workspace.events_file()) == events_header + sorted(created_events));
  }

  SUBCASE("fill fills empty fields only; a changed lead gets updated_at = now") {
    const fs::path more = dir.path / "more.csv";
    write_file(more, "email,title,phone,first_name,company,crm_score\n"
                     "BOB@example.com,CTO,,Robert,,7\n"
                     "zed@example.com,,,,,\n");
    const Summary summary = import_into_workspace(workspace, options_for(more, "2026-12-01T00:00:00Z"));
    CHECK(summary.created == 1);
    CHECK(summary.merged == 1);
    const std::string leads = read_file(workspace.leads_file());
    CHECK(leads.substr(0, leads.find('\n')) + "\n" == header_line({"notes", "crm_score"}));
    const std::string bob = lead_line({{Field::id, id_of("e:bob@example.com")},
                                       {Field::email, "bob@example.com"},
                                       {Field::first_name, "Bob"},
                                       {Field::last_name, "Stone"},
                                       {Field::company, "Initech"},
                                       {Field::title, "CTO"},
                                       {Field::country, "DE"},
                                       {Field::stage, "new"},
                                       {Field::created_at, std::string(k_now)},
                                       {Field::updated_at, "2026-12-01T00:00:00Z"},
                                       {Field::stage_at, std::string(k_now)}},
                                      {"", "7"});
    CHECK(leads.find(bob) != std::string::npos);
    // unchanged leads keep their values; the new column is empty for them
    const std::string dana = lead_line({{Field::id, id_of("n:dana diaz|globex")},
                                        {Field::first_name, "Dana"},
                                        {Field::last_name, "Diaz"},
                                        {Field::company, "Globex"},
                                        {Field::stage, "new"},
                                        {Field::created_at, std::string(k_now)},
                                        {Field::updated_at, std::string(k_now)},
                                        {Field::stage_at, std::string(k_now)}},
                                       {"", ""});
    CHECK(leads.find(dana) != std::string::npos);
    CHECK(summary.rejects_files.empty());
  }

  SUBCASE("newest: the newer record's values win") {
    const fs::path more = dir.path / "more.csv";
    write_file(more, "email,title,first_name,stage\nbob@example.com,CTO,Robert,mql\n");
    Options options = options_for(more, "2026-12-01T00:00:00Z");
    options.merge = MergePolicy::newest;
    import_into_workspace(workspace, options);
    const std::string bob = lead_line({{Field::id, id_of("e:bob@example.com")},
                                       {Field::email, "bob@example.com"},
                                       {Field::first_name, "Robert"},
                                       {Field::last_name, "Stone"},
                                       {Field::company, "Initech"},
                                       {Field::title, "CTO"},
                                       {Field::country, "DE"},
                                       {Field::stage, "mql"},
                                       {Field::created_at, std::string(k_now)},
                                       {Field::updated_at, "2026-12-01T00:00:00Z"},
                                       {Field::stage_at, "2026-12-01T00:00:00Z"}},
                                      {""});
    CHECK(read_file(workspace.leads_file()).find(bob) != std::string::npos);
  }

  SUBCASE("keep: stored leads stay as they are") {
    const fs::path more = dir.path / "more.csv";
    write_file(more, "email,title,first_name\nbob@example.com,CTO,Robert\n");
    Options options = options_for(more, "2026-12-01T00:00:00Z");
    options.merge = MergePolicy::keep;
    const Summary summary = import_into_workspace(workspace, options);
    CHECK(summary.merged == 0);
    CHECK(summary.unchanged == 1);
    CHECK(read_file(workspace.leads_file()) == expected_leads());
    CHECK(read_file(workspace.events_file()) == events_header + sorted(created_events));
  }

  SUBCASE("a row naming a stored lead's id merges into it") {
    const fs::path more = dir.path / "more.csv";
    write_file(more, "id,email,city\n" + ana + ",ana.new@example.com,Porto\n");
    const Summary summary = import_into_workspace(workspace, options_for(more));
    CHECK(summary.merged == 1);
    CHECK(summary.created == 0);
    const std::string events = read_file(workspace.events_file());
    // The lead keeps its email (fill), and the other in other_emails: nothing is lost.
    CHECK(events.find(fmt::format("merged,,,import,{}:2 by id\n", more.string())) != std::string::npos);
    const std::string leads = read_file(workspace.leads_file());
    CHECK(leads.substr(0, leads.find('\n') + 1) == header_line({"notes", "other_emails"}));
    CHECK(leads.find(",Porto,") != std::string::npos);
    CHECK(leads.find(",first,ana.new@example.com\n") != std::string::npos);
    // The same row again: nothing to add.
    CHECK(import_into_workspace(workspace, options_for(more)).unchanged == 1);
  }

  SUBCASE("an id the store does not hold stays the id of the lead the row makes") {
    const fs::path more = dir.path / "more.csv";
    write_file(more, "id,email\n0123456789abcdef,xu@example.com\n0123456789abcdef,yan@example.com\n");
    const Summary summary = import_into_workspace(workspace, options_for(more));
    CHECK(summary.created == 2);
    const std::string leads = read_file(workspace.leads_file());
    CHECK(leads.find("0123456789abcdef,,xu@example.com,") != std::string::npos);
    // Taken by then: Yan's id is the one her email derives.
    CHECK(leads.find(id_of("e:yan@example.com") + ",,yan@example.com,") != std::string::npos);
  }

  SUBCASE("a phone joins a row to a lead only when their emails do not differ") {
    const fs::path team = dir.path / "team.csv";
    write_file(team, "email,phone,country\nkim@acme.example,+49 30 1234567,DE\n");
    CHECK(import_into_workspace(workspace, options_for(team)).created == 1);
    const fs::path more = dir.path / "more.csv";
    write_file(more, "email,phone,country\n"
                     "lee@acme.example,030 1234567,DE\n"     // Kim's phone, another email: a new lead
                     ",030 1234567,DE\n"                     // Kim's phone, no email: Kim (nothing new)
                     "carl@example.com,020 7123 4567,GB\n"); // a stored lead without an email
    const Summary summary = import_into_workspace(workspace, options_for(more));
    CHECK(summary.created == 1);
    CHECK(summary.merged == 1);
    CHECK(summary.unchanged == 1);
    const std::string leads = read_file(workspace.leads_file());
    CHECK(leads.find("lee@acme.example") != std::string::npos);
    CHECK(leads.find(id_of("p:+442071234567") + ",,carl@example.com,") != std::string::npos);
  }

  SUBCASE("--dry-run counts the same and writes nothing") {
    const auto before = snapshot(workspace.root);
    Options options = options_for(input);
    options.dry_run = true;
    const Summary summary = import_into_workspace(workspace, options);
    CHECK(summary.read == 7);
    CHECK(summary.created == 0);
    CHECK(summary.merged == 0);
    CHECK(summary.unchanged == 5);
    CHECK(summary.rejected == 2);
    CHECK(summary.wrote_nothing);
    CHECK(summary.rejects_files.empty());
    REQUIRE(summary.rejected_rows.size() == 2);
    CHECK(summary.rejected_rows[0].file == name);
    CHECK(summary.rejected_rows[0].line == 5);
    CHECK(summary.rejected_rows[0].reason == "invalid email 'bad@'");
    CHECK(snapshot(workspace.root) == before);
  }

  SUBCASE("a stop requested (Ctrl-C) unwinds and changes nothing") {
    const auto before = snapshot(workspace.root);
    request_stop(); // seen when the leads are written, rejects and events under way
    try {
      import_into_workspace(workspace, options_for(input));
      FAIL("not stopped");
    } catch (const Error& e) {
      CHECK(e.kind() == ErrorKind::interrupted);
      CHECK(e.message() == "interrupted");
    }
    clear_stop_request();
    CHECK(snapshot(workspace.root) == before);
    CHECK(import_into_workspace(workspace, options_for(input)).read == 7); // and the next run goes
  }

  SUBCASE("--strict changes nothing when a row is rejected") {
    const auto before = snapshot(workspace.root);
    Options options = options_for(input, "2026-12-01T00:00:00Z");
    options.strict = true;
    std::vector<std::string> seen;
    options.on_reject = [&](const RejectedRow& row) {
      seen.push_back(fmt::format("{}:{}", row.line, row.reason));
    };
    const Summary summary = import_into_workspace(workspace, options);
    CHECK(summary.rejected == 2);
    CHECK(summary.wrote_nothing);
    CHECK(summary.rejects_files.empty());
    CHECK(summary.rejected_rows.empty());
    CHECK(seen ==
          std::vector<std::string>{"5:invalid email 'bad@'",
                                   "6:no identity (needs an email, a phone, a source id or a name with a "
                                   "company)"});
    CHECK(snapshot(workspace.root) == before);
  }

  SUBCASE("--strict imports when nothing is rejected") {
    const fs::path more = dir.path / "more.csv";
    write_file(more, "email\ncy@example.com\n");
    Options options = options_for(more);
    options.strict = true;
    const Summary summary = import_into_workspace(workspace, options);
    CHECK(summary.created == 1);
    CHECK_FALSE(summary.wrote_nothing);
    CHECK(read_file(workspace.leads_file()).find("cy@example.com") != std::string::npos);
  }
}

TEST_CASE("import::import_into_workspace writes stored leads as the CSV writer does") {
  // Stored leads are copied as they are when nothing changes them, unless
  // their text is not what the writer writes (quotes where none are needed,
  // a hand-edited file): then they are written again.
  TempDir dir;
  const store::Workspace workspace = new_workspace(dir.path / "ws");
  const std::string t = "2026-01-05T10:00:00Z";
  auto lead = [&](std::string_view email, std::string company, std::string note) {
    return lead_line({{Field::id, id_of("e:" + std::string(email))},
                      {Field::email, std::string(email)},
                      {Field::company, std::move(company)},
                      {Field::stage, "new"},
                      {Field::created_at, t},
                      {Field::updated_at, t},
                      {Field::stage_at, t}},
                     {std::move(note)});
  };
  auto quote_first_and_last = [](std::string line) {
    line.pop_back(); // the line end
    const std::size_t last = line.rfind(',');
    return "\"" + line.substr(0, 16) + "\"" + line.substr(16, last + 1 - 16) + "\"" + line.substr(last + 1) +
           "\"\n";
  };
  struct Stored {
    std::string id;
    std::string text;     // as leads.csv holds it
    std::string expected; // as the import writes it
  };
  std::vector<Stored> leads = {
      // untouched, written by hand with quotes where none are needed
      {id_of("e:ann@x.example"), quote_first_and_last(lead("ann@x.example", "\"Acme, Inc.\"", "plain")),
       lead("ann@x.example", "\"Acme, Inc.\"", "plain,")},
      // untouched, as the writer writes it
      {id_of("e:ben@x.example"), lead("ben@x.example", "Initech", "b"),
       lead("ben@x.example", "Initech", "b,")},
      // untouched, a value with quotes in it
      {id_of("e:eve@x.example"), lead("eve@x.example", "\"Say \"\"hi\"\"\"", "e"),
       lead("eve@x.example", "\"Say \"\"hi\"\"\"", "e,")},
      // merged without a change, stored with needless quotes
      {id_of("e:cat@x.example"), quote_first_and_last(lead("cat@x.example", "Globex", "c")),
       lead("cat@x.example", "Globex", "c,")},
  };
  std::sort(leads.begin(), leads.end(), [](const Stored& a, const Stored& b) { return a.id < b.id; });
  std::string stored = header_line({"notes"});
  std::string expected = header_line({"notes", "crm_score"});
  for (const Stored& s : leads) {
    stored += s.text;
    expected += s.expected;
  }
  write_file(workspace.leads_file(), stored);
  const fs::path input = dir.path / "in.csv";
  write_file(input, "email,company,crm_score\n"
                    "CAT@x.example,Globex,\n");
  const Summary summary = import_into_workspace(workspace, options_for(input));
  CHECK(summary.unchanged == 1);
  CHECK(read_file(workspace.leads_file()) == expected);
}

TEST_CASE("import::merge_policies") {
  CHECK(merge_policies.parse("fill") == MergePolicy::fill);
  CHECK(merge_policies.parse("newest") == MergePolicy::newest);
  CHECK(merge_policies.parse("keep") == MergePolicy::keep);
  CHECK(merge_policies.parse("Fill") == MergePolicy::fill);
  CHECK_FALSE(merge_policies.parse("").has_value());
  CHECK_FALSE(merge_policies.parse("fil").has_value());
  CHECK(merge_policies.listed() == "fill, newest or keep");
}

TEST_CASE("import::import_into_workspace with --map, --preset and --source") {
  TempDir dir;
  const store::Workspace workspace = new_workspace(dir.path / "ws");
  const fs::path input = dir.path / "hubspot-export.csv";
  write_file(input, "Record ID,Email,Lifecycle Stage,Create Date,Contact owner,Internal Notes,Fax\n"
                    "101,ana@example.com,marketingqualifiedlead,2026-03-04 10:00,ana,vip,123\n");
  Options options;
  options.inputs = {input.string()};
  options.now = epoch("2026-11-27T16:15:41Z");
  options.preset = "hubspot";
  options.source = "hubspot";
  options.maps = {{"Internal Notes", "notes"}, {"Fax", ""}, {"Nickname", "first_name"}};
  const Summary summary = import_into_workspace(workspace, options);
  CHECK(summary.created == 1);
  CHECK(summary.unused_maps == std::vector<std::string>{"Nickname=first_name"});
  CHECK(read_file(workspace.leads_file()) ==
        header_line({"notes"}) + lead_line({{Field::id, id_of("e:ana@example.com")},
                                            {Field::external_id, "101"},
                                            {Field::email, "ana@example.com"},
                                            {Field::source, "hubspot"},
                                            {Field::stage, "mql"},
                                            {Field::owner, "ana"},
                                            {Field::created_at, "2026-03-04T10:00:00Z"},
                                            {Field::updated_at, "2026-11-27T16:15:41Z"},
                                            {Field::stage_at, "2026-03-04T10:00:00Z"}},
                                           {"vip"}));
}

TEST_CASE("import::import_into_workspace errors") {
  TempDir dir;
  const store::Workspace workspace = new_workspace(dir.path / "ws");
  const fs::path input = dir.path / "in.csv";
  write_file(input, "email\na@example.com\n");

  SUBCASE("a missing input changes nothing") {
    const auto before = snapshot(workspace.root);
    Options options = options_for(input);
    options.inputs.push_back((dir.path / "missing.csv").string());
    try {
      import_into_workspace(workspace, options);
      FAIL("no error");
    } catch (const Error& e) {
      CHECK(e.kind() == ErrorKind::no_input);
    }
    CHECK(snapshot(workspace.root) == before);
  }
  SUBCASE("an unknown preset") {
    Options options = options_for(input);
    options.preset = "zoho";
    try {
      import_into_workspace(workspace, options);
      FAIL("no error");
    } catch (const Error& e) {
      CHECK(e.kind() == ErrorKind::usage);
      CHECK(e.message() == "unknown preset 'zoho'");
      CHECK(e.hint() == "use one of hubspot, salesforce, pipedrive, mailchimp");
    }
  }
  SUBCASE("a --map to something that is not a field") {
    Options options = options_for(input);
    options.maps = {{"Notes", "Lead Notes"}};
    try {
      import_into_workspace(workspace, options);
      FAIL("no error");
    } catch (const Error& e) {
      CHECK(e.kind() == ErrorKind::usage);
      CHECK(e.message() == "--map 'Notes=Lead Notes': 'Lead Notes' is not a field name");
    }
  }
  SUBCASE("a store that is not sorted by id") {
    write_file(workspace.leads_file(), header_line() + lead_line({{Field::id, "00000000000000b0"}}) +
                                           lead_line({{Field::id, "00000000000000a0"}}));
    try {
      import_into_workspace(workspace, options_for(input));
      FAIL("no error");
    } catch (const Error& e) {
      CHECK(e.kind() == ErrorKind::data);
      CHECK(e.line() == 3);
      CHECK(e.file() == workspace.leads_file().string());
      CHECK(e.message() ==
            "id '00000000000000a0' is smaller than the one before it: the store must be sorted by id");
    }
  }
  SUBCASE("a store whose header is not canonical") {
    write_file(workspace.leads_file(), "id,email\n");
    try {
      import_into_workspace(workspace, options_for(input));
      FAIL("no error");
    } catch (const Error& e) {
      CHECK(e.kind() == ErrorKind::data);
      CHECK(e.line() == 1);
      CHECK(e.message() == "the header does not start with the canonical lead columns");
    }
  }
  SUBCASE("unreadable CSV (invalid UTF-8) changes nothing") {
    write_file(input, "email,name\na@example.com,Jos\xe9\n");
    const auto before = snapshot(workspace.root);
    try {
      import_into_workspace(workspace, options_for(input));
      FAIL("no error");
    } catch (const Error& e) {
      CHECK(e.kind() == ErrorKind::data);
      CHECK(e.line() == 2);
    }
    CHECK(snapshot(workspace.root) == before);
  }
}
