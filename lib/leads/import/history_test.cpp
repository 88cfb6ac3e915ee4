// What an import tells events.csv, and what it counts: created with the
// starting stage, merged only when a row changed the lead, and the stage,
// owner and do_not_contact changes of stored leads.
#include <leads/import/importer.hpp>

#include <leads/import/test_support.hpp>

#include <doctest/doctest.h>

using namespace leads;
using namespace leads::import;
using namespace leads::import::testing;

namespace {

constexpr std::string_view k_first = "2026-11-01T00:00:00Z";
constexpr std::string_view k_second = "2026-11-27T16:15:41Z";

Summary import_file(const store::Workspace& workspace, const fs::path& file, std::string_view now,
                    MergePolicy policy = MergePolicy::fill, bool allow_opt_in = false) {
  Options options;
  options.inputs = {file.string()};
  options.now = epoch(now);
  options.merge = policy;
  options.allow_opt_in = allow_opt_in;
  return import_into_workspace(workspace, options);
}

// The events after the header.
std::string events_of(const store::Workspace& workspace) {
  const std::string all = read_file(workspace.events_file());
  return all.substr(all.find('\n') + 1);
}

// The value of a stored lead's field, by the lead's email.
std::string field_of(const store::Workspace& workspace, std::string_view email, Field field) {
  const std::string leads = read_file(workspace.leads_file());
  const std::size_t at = leads.find(fmt::format(",{},", email));
  REQUIRE(at != std::string::npos);
  const std::string line =
      leads.substr(leads.rfind('\n', at) + 1, leads.find('\n', at) - leads.rfind('\n', at) - 1);
  std::size_t start = 0;
  for (std::size_t i = 0; i < field_index(field); ++i) {
    start = line.find(',', start) + 1;
  }
  return line.substr(start, line.find(',', start) - start);
}

} // namespace

TEST_SUITE_BEGIN("import");

TEST_CASE("import: an opt-out always wins, with a do_not_contact event") {
  TempDir dir;
  const fs::path crm = dir.path / "crm.csv";
  const fs::path unsubscribed = dir.path / "unsubscribed.csv";
  const fs::path resubscribed = dir.path / "resubscribed.csv";
  write_file(crm, "email,do_not_contact,updated_at\nana@example.com,false,2026-10-01\n");
  // Mailchimp's unsubscribed export, older by its edit time than the CRM's record.
  write_file(unsubscribed, "email,do_not_contact,updated_at\nana@example.com,true,2026-09-01\n");
  write_file(resubscribed, "email,do_not_contact\nana@example.com,false\n");
  const std::string ana = id_of("e:ana@example.com");
  for (const MergePolicy policy : {MergePolicy::fill, MergePolicy::newest, MergePolicy::keep}) {
    CAPTURE(static_cast<int>(policy));
    const store::Workspace workspace =
        new_workspace(dir.path / fmt::format("ws{}", static_cast<int>(policy)));
    import_file(workspace, crm, k_first, policy);
    const Summary summary = import_file(workspace, unsubscribed, k_second, policy);
    CHECK(summary.merged == 1);
    CHECK(field_of(workspace, "ana@example.com", Field::do_not_contact) == "true");
    const std::string events = events_of(workspace);
    CHECK(events.find(fmt::format("{},{},do_not_contact,false,true,import,{}:2\n", k_second, ana,
                                  unsubscribed.string())) != std::string::npos);
    // A routine import does not lift it, and says nothing (nothing changed)...
    const Summary again = import_file(workspace, resubscribed, "2026-11-28T00:00:00Z", policy);
    CHECK(again.unchanged == 1);
    CHECK(field_of(workspace, "ana@example.com", Field::do_not_contact) == "true");
    CHECK(events_of(workspace) == events);
    // ... --allow-opt-in does, with an event.
    const Summary opted_in = import_file(workspace, resubscribed, "2026-11-29T00:00:00Z", policy, true);
    CHECK(opted_in.merged == 1);
    CHECK(field_of(workspace, "ana@example.com", Field::do_not_contact) == "false");
    CHECK(events_of(workspace).find(
              fmt::format("2026-11-29T00:00:00Z,{},do_not_contact,true,false,import,{}:2\n", ana,
                          resubscribed.string())) != std::string::npos);
  }
}

TEST_CASE("import: created names the starting stage; a merge that changes nothing is quiet") {
  TempDir dir;
  const store::Workspace workspace = new_workspace(dir.path / "ws");
  const fs::path weekly = dir.path / "weekly.csv";
  write_file(weekly, "email,stage,owner\nana@example.com,mql,ana\nbob@example.com,,\n");
  const Summary first = import_file(workspace, weekly, k_first);
  CHECK(first.created == 2);
  const std::string name = weekly.string();
  const std::string created =
      sorted({fmt::format("{},{},created,,mql,import,{}:2\n", k_first, id_of("e:ana@example.com"), name),
              fmt::format("{},{},created,,new,import,{}:3\n", k_first, id_of("e:bob@example.com"), name)});
  CHECK(events_of(workspace) == created);

  SUBCASE("the same export again: unchanged, no event, the store as it was") {
    const std::string leads = read_file(workspace.leads_file());
    const Summary again = import_file(workspace, weekly, k_second);
    // read 2 = new 0 + merged 0 + unchanged 2 + rejected 0
    CHECK(again.read == 2);
    CHECK(again.merged == 0);
    CHECK(again.unchanged == 2);
    CHECK(events_of(workspace) == created);
    CHECK(read_file(workspace.leads_file()) == leads);
  }
  SUBCASE("a new owner: an owner event from the old one to the new, besides merged and stage") {
    const fs::path handed = dir.path / "handed.csv";
    write_file(handed, "email,stage,owner\nana@example.com,sal,ben\nbob@example.com,,cy\n");
    const Summary summary = import_file(workspace, handed, k_second, MergePolicy::newest);
    CHECK(summary.merged == 2);
    const std::string ana = id_of("e:ana@example.com");
    const std::string bob = id_of("e:bob@example.com");
    const std::string events = events_of(workspace);
    const std::string h = handed.string();
    CHECK(events.find(fmt::format("{},{},merged,,,import,{}:2 by email\n", k_second, ana, h)) !=
          std::string::npos);
    CHECK(events.find(fmt::format("{},{},stage,mql,sal,import,{}:2\n", k_second, ana, h)) !=
          std::string::npos);
    CHECK(events.find(fmt::format("{},{},owner,ana,ben,import,{}:2\n", k_second, ana, h)) !=
          std::string::npos);
    CHECK(events.find(fmt::format("{},{},owner,,cy,import,{}:3\n", k_second, bob, h)) != std::string::npos);
    CHECK(events.find(fmt::format("{},stage,", bob)) == std::string::npos);
  }
  SUBCASE("rows of one file: the one that brings nothing new is unchanged") {
    const fs::path twice = dir.path / "twice.csv";
    write_file(twice, "email,city\ncy@example.com,Porto\ncy@example.com,\ncy@example.com,Lisbon\n");
    const Summary summary = import_file(workspace, twice, k_second);
    // Line 2 makes Cy; line 3 brings nothing; line 4's Lisbon does not fill Porto's place.
    CHECK(summary.created == 1);
    CHECK(summary.merged == 0);
    CHECK(summary.unchanged == 2);
    CHECK(events_of(workspace).find(",merged,") == std::string::npos);
  }
}

TEST_CASE("import: a phone alone never joins two people with other names") {
  TempDir dir;
  const fs::path office = dir.path / "office.csv";
  // Raj and Rahul share the office line; Ms Patel (initial only) and an unnamed row are compatible with Raj.
  const std::string header = "first_name,last_name,phone,country\n";
  const std::string raj = "Raj,Patel,+1 415 555 0100,US\n";
  const std::string rahul = "Rahul,Mehta,+1 415 555 0100,US\n";
  const std::string patel = "R.,PATEL,+1 415 555 0100,US\n";
  for (const bool raj_first : {true, false}) {
    CAPTURE(raj_first);
    const store::Workspace workspace = new_workspace(dir.path / fmt::format("ws{}", raj_first));
    write_file(office, header + (raj_first ? raj + rahul : rahul + raj) + patel);
    const Summary summary = import_file(workspace, office, k_first);
    CHECK(summary.created == 2);
    CHECK(summary.merged + summary.unchanged == 1);
    CHECK(summary.shared_phones == 1);
    REQUIRE(summary.first_shared_phones.size() == 1);
    const auto& shared = summary.first_shared_phones[0];
    CHECK(shared.line == 3);
    CHECK(shared.phone == "+14155550100");
    CHECK(shared.name == (raj_first ? "Rahul Mehta" : "Raj Patel"));
    CHECK(shared.lead_name == (raj_first ? "Raj Patel" : "Rahul Mehta"));
    CHECK(shared.lead == id_of("p:+14155550100"));
    const std::string leads = read_file(workspace.leads_file());
    CHECK(leads.find(",Raj,Patel,") != std::string::npos);
    CHECK(leads.find(",Rahul,Mehta,") != std::string::npos);
  }
  SUBCASE("against the store, and with an email on the new row") {
    const store::Workspace workspace = new_workspace(dir.path / "ws-store");
    write_file(office, header + raj);
    import_file(workspace, office, k_first);
    const fs::path more = dir.path / "more.csv";
    write_file(
        more,
        "email,first_name,last_name,phone,country\nrahul@acme.example,Rahul,Mehta,+1 415 555 0100,US\n");
    const Summary summary = import_file(workspace, more, k_second);
    CHECK(summary.created == 1);
    CHECK(summary.shared_phones == 1);
    REQUIRE(summary.first_shared_phones.size() == 1);
    CHECK(summary.first_shared_phones[0].lead_name == "Raj Patel");
    CHECK(field_of(workspace, "rahul@acme.example", Field::last_name) == "Mehta");
    // Both stored now, Raj first: a row of the phone alone finds each by name.
    const fs::path titles = dir.path / "titles.csv";
    write_file(titles, "first_name,last_name,phone,title\nRahul,Mehta,+1 415 555 0100,CFO\nRaj,,+1 415 555 "
                       "0100,CTO\n");
    const Summary third = import_file(workspace, titles, "2026-11-28T00:00:00Z");
    CHECK(third.created == 0);
    CHECK(third.merged == 2);
    CHECK(third.shared_phones == 0);
    CHECK(field_of(workspace, "rahul@acme.example", Field::title) == "CFO");
    CHECK(read_file(workspace.leads_file()).find(",,Raj,Patel,,CTO,+14155550100,") != std::string::npos);
  }
}

TEST_CASE("import: a bad optional cell costs the cell; two emails keep the first") {
  TempDir dir;
  const store::Workspace workspace = new_workspace(dir.path / "ws");
  const fs::path file = dir.path / "pipedrive.csv";
  write_file(file, "email,phone,do_not_contact\n"
                   "\"tom@acme.example, tom@gmail.com\",,\n"
                   "ann@acme.example,9.52634E+11,ja\n");
  const Summary summary = import_file(workspace, file, k_first);
  CHECK(summary.created == 2);
  CHECK(summary.rejected == 0);
  CHECK(summary.cell_warning_count == 3);
  CHECK(summary.cell_warnings == std::vector<std::pair<std::string, long>>{{"rounded phone", 1},
                                                                           {"several emails", 1},
                                                                           {"unreadable do_not_contact", 1}});
  REQUIRE(summary.first_cell_warnings.size() == 3);
  CHECK(summary.first_cell_warnings[0].line == 2);
  CHECK(summary.first_cell_warnings[1].line == 3);
  const std::string leads = read_file(workspace.leads_file());
  CHECK(leads.substr(0, leads.find('\n') + 1) == header_line({"other_emails"}));
  CHECK(leads.find(",tom@acme.example,") != std::string::npos);
  CHECK(leads.find(",tom@gmail.com\n") != std::string::npos);
  CHECK(field_of(workspace, "ann@acme.example", Field::phone).empty());
  CHECK(field_of(workspace, "ann@acme.example", Field::do_not_contact).empty());
}

TEST_CASE("import: email identity, IDN and Gmail") {
  TempDir dir;
  const fs::path file = dir.path / "signups.csv";
  // The same bakery twice (Unicode and punycode), and one Gmail mailbox three ways.
  // info@müller-bäckerei.de
  const std::string bakery = "info@m\xC3\xBC"
                             "ller-b\xC3\xA4"
                             "ckerei.de";
  write_file(file, "email,first_name\n" + bakery +
                       ",Jan\n"
                       "INFO@xn--mller-bckerei-hfb76a.de,\n"
                       "ann.lee@gmail.com,Ann\n"
                       "annlee+webinar@gmail.com,\n"
                       "Ann.Lee@googlemail.com,\n");
  SUBCASE("exact: the IDN once, in Unicode; Gmail's spellings apart") {
    const store::Workspace workspace = new_workspace(dir.path / "exact");
    const Summary summary = import_file(workspace, file, k_first);
    CHECK(summary.created == 4);
    const std::string leads = read_file(workspace.leads_file());
    CHECK(leads.find("," + bakery + ",Jan,") != std::string::npos);
    CHECK(leads.find("xn--") == std::string::npos);
  }
  SUBCASE("mailbox: one Gmail lead, its email as first written") {
    const store::Workspace workspace = new_workspace(dir.path / "mailbox");
    write_file(workspace.root / "leads.yaml", "import: {email_identity: mailbox}\n");
    const store::Workspace reopened = store::open_workspace(workspace.root);
    const Summary summary = import_file(reopened, file, k_first);
    CHECK(summary.created == 2);
    CHECK(summary.merged + summary.unchanged == 3);
    const std::string leads = read_file(reopened.leads_file());
    CHECK(leads.find(",ann.lee@gmail.com,Ann,") != std::string::npos);
    CHECK(leads.find("annlee+webinar") == std::string::npos);
    // A stored lead is found the same way.
    const fs::path later = dir.path / "later.csv";
    write_file(later, "email,title\nannlee@googlemail.com,CTO\n");
    const Summary again = import_file(reopened, later, k_second);
    CHECK(again.merged == 1);
    CHECK(field_of(reopened, "ann.lee@gmail.com", Field::title) == "CTO");
  }
}

TEST_SUITE_END();
