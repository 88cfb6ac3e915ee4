#include <leads/import/header_map.hpp>

#include <leads/config/config.hpp>
#include <leads/error.hpp>

#include <doctest/doctest.h>

using namespace leads;
using namespace leads::import;
using Kind = ColumnTarget::Kind;

namespace {

HeaderMapping map(const std::vector<std::string>& header, const Preset* preset = nullptr,
                  std::vector<std::pair<std::string, std::string>> maps = {},
                  const config::Config& config = config::defaults()) {
  HeaderMapper mapper(config, preset, maps);
  return mapper.map(header);
}

std::string describe(const ColumnTarget& t) {
  switch (t.kind) {
  case Kind::field:
    return std::string(field_name(t.field)) + (t.presence ? "?" : "");
  case Kind::full_name:
    return "<full name>";
  case Kind::extra: {
    std::string out = "+" + t.extra + (t.unnamed ? "?" : "");
    if (t.fallback) { // (appended, not ">" + a temporary: GCC 12 -Wrestrict at -O3)
      out += '>';
      out += field_name(t.field);
    }
    return out;
  }
  case Kind::drop:
    return "<drop>";
  case Kind::stage_date:
    return "@" + config::defaults().stages[t.stage].name;
  }
  return "";
}

// "email,+extra,<drop>": readable when a check fails.
std::string describe(const HeaderMapping& m) {
  std::string out;
  for (const ColumnTarget& t : m.columns) {
    out += out.empty() ? "" : ",";
    out += describe(t);
  }
  return out;
}

std::string V(std::initializer_list<std::string_view> items) {
  std::string out;
  for (std::string_view item : items) {
    out += out.empty() ? "" : ",";
    out += item;
  }
  return out;
}

} // namespace

TEST_CASE("import::HeaderMapper") {
  SUBCASE("canonical names and built-in aliases, ignoring case, spaces and punctuation") {
    const auto m = map({"E-mail", "FIRST_NAME", "last name", "Company Name", "Job Title", "Country/Region",
                        "No. of Employees", "Website URL", "Lead Source", "Prospect ID", "Do Not Email",
                        "Created Date", "Last Modified Date", "Mobile"});
    CHECK(describe(m) ==
          V({"email", "first_name", "last_name", "company", "title", "country", "employees", "website",
             "source", "external_id", "do_not_contact", "created_at", "updated_at", "phone"}));
    CHECK(m.field_column[field_index(Field::email)] == 0);
    CHECK(m.field_column[field_index(Field::phone)] == 13);
    CHECK(m.field_column[field_index(Field::city)] == -1);
  }
  SUBCASE("unknown headers become snake_case extra columns, made unique") {
    const auto m = map({"Email", "TotalVisits", "How did you hear?", "Total Visits", "email", "Lead Number"});
    CHECK(describe(m) == V({"email", "+total_visits", "+how_did_you_hear", "+total_visits_2",
                            "+email_2>email", "+lead_number"}));
  }
  SUBCASE("Google Forms' Timestamp is when the lead came: created_at") {
    CHECK(describe(map({"Timestamp", "Email Address", "Name"})) == V({"created_at", "email", "<full name>"}));
  }
  SUBCASE("a rejects file's own columns are left out when it is imported again") {
    CHECK(describe(map({"line", "reason", "Email", "Line"})) == V({"<drop>", "<drop>", "email", "+line"}));
    CHECK(describe(map({"file", "line", "reason", "Email"})) == V({"<drop>", "<drop>", "<drop>", "email"}));
    // A rejects file of a rejects file (fixed wrongly the first time).
    CHECK(describe(map({"line", "reason", "line", "reason", "Email"})) ==
          V({"<drop>", "<drop>", "<drop>", "<drop>", "email"}));
    // Only at the start, as a rejects file has them; and a --map keeps one.
    CHECK(describe(map({"Email", "line", "reason"})) == V({"email", "+line", "+reason"}));
    CHECK(describe(map({"line", "reason", "Email"}, nullptr, {{"reason", "campaign"}})) ==
          V({"<drop>", "campaign", "email"}));
  }
  SUBCASE("no extra column takes the name of a derived field") {
    // HubSpot exports an "Email Domain" property; email_domain is computed from email.
    CHECK(describe(map({"Email", "Email Domain"})) == V({"email", "+email_domain_2"}));
  }
  SUBCASE("an empty header is column_N, kept only if a cell has a value") {
    const auto m = map({"Email", "", "  "});
    CHECK(describe(m) == V({"email", "+column_2?", "+column_3?"}));
  }
  SUBCASE("a full name is split only without first/last name columns") {
    CHECK(describe(map({"Name", "Email"})) == V({"<full name>", "email"}));
    CHECK(describe(map({"Full Name", "Last Name", "Email"})) == V({"+full_name", "last_name", "email"}));
  }
  SUBCASE("the first header of a field wins, later ones are extra columns that fill in for it") {
    CHECK(describe(map({"Phone", "Mobile", "Email", "Work Phone"})) ==
          V({"phone", "+mobile>phone", "email", "+work_phone>phone"}));
  }
  SUBCASE("configured aliases come before built-in ones") {
    config::Config config = config::load_string("import:\n  aliases:\n    title: [Cell]\n", "t.yaml");
    CHECK(describe(map({"Cell"}, nullptr, {}, config)) == V({"title"}));
  }
  SUBCASE("--map comes first; 'Col=' drops a column; unused maps are reported") {
    HeaderMapper mapper(config::defaults(), nullptr,
                        std::vector<std::pair<std::string, std::string>>{
                            {"E-mail", "notes"}, {"Work Email", "email"}, {"Fax", ""}, {"Nope", "city"}});
    const auto m = mapper.map(std::vector<std::string>{"E-mail", "work email", "FAX", "Contact", "Name"});
    CHECK(describe(m) == V({"+notes", "email", "<drop>", "+contact", "<full name>"}));
    CHECK(mapper.unused_maps() == std::vector<std::string>{"Nope=city"});
  }
  SUBCASE("presets") {
    const Preset* hubspot = find_preset("hubspot");
    REQUIRE(hubspot != nullptr);
    CHECK(describe(map({"Record ID", "First Name", "Last Name", "Email", "Phone Number",
                        "Mobile Phone Number", "Lifecycle Stage", "Lead Status", "Contact owner",
                        "Create Date", "Unsubscribed from all email"},
                       hubspot)) ==
          V({"external_id", "first_name", "last_name", "email", "phone", "+mobile_phone_number>phone",
             "stage", "+lead_status", "owner", "created_at", "do_not_contact"}));
    const Preset* salesforce = find_preset("salesforce");
    CHECK(describe(map({"Id", "Lead Status", "Mobile", "Phone", "Email Opt Out", "Campaign"}, salesforce)) ==
          V({"external_id", "stage", "phone", "+phone_2>phone", "do_not_contact", "campaign"}));
    const Preset* pipedrive = find_preset("pipedrive");
    CHECK(describe(map({"Person - ID", "Person - Name", "Person - Email - Work", "Person - Organization",
                        "Person - Label", "Person - Person created"},
                       pipedrive)) ==
          V({"external_id", "<full name>", "email", "company", "+label", "created_at"}));
    CHECK(describe(map({"ID", "Name", "Email", "Organization"}, pipedrive)) ==
          V({"external_id", "<full name>", "email", "company"}));
    // The home email fills in where the work one is empty. Extra columns lose
    // the "Person - " prefix alike, whether the preset names them or not.
    CHECK(describe(map({"Person - Email - Work", "Person - Email - Home", "Person - Phone - Home",
                        "Person - Label", "Person - LinkedIn", "Organization - Address"},
                       pipedrive)) ==
          V({"email", "+email_home>email", "phone", "+label", "+linkedin", "+organization_address"}));
    CHECK(describe(map({"Email - Work", "Email - Home", "Label"}, pipedrive)) ==
          V({"email", "+email_home>email", "+label"}));
    CHECK_FALSE(map({"Person - Email - Work", "Person - Label"}, pipedrive).preset_misfit);
    const Preset* mailchimp = find_preset("mailchimp");
    CHECK(describe(map({"Email Address", "First Name", "MEMBER_RATING", "OPTIN_TIME", "LAST_CHANGED", "CC",
                        "UNSUB_TIME", "TAGS"},
                       mailchimp)) == V({"email", "first_name", "+member_rating", "created_at", "updated_at",
                                         "country", "do_not_contact?", "+tags"}));
    // A preset that knows none of the headers says which one does.
    const HeaderMapping misfit =
        map({"Person - Name", "Person - Email", "Person - Organization", "Person - Label"}, hubspot);
    CHECK(misfit.preset_misfit);
    REQUIRE(misfit.better_preset != nullptr);
    CHECK(misfit.better_preset->name == "pipedrive");
    // Canonical names ("Email") fit every preset alike: they tell none apart,
    // and a preset that knows them is no misfit (a report of plain columns).
    const HeaderMapping plain = map({"Email", "City", "Favourite Colour"}, hubspot);
    CHECK_FALSE(plain.preset_misfit);
    CHECK_FALSE(map({"First Name", "Email", "Company"}, find_preset("salesforce")).preset_misfit);
    CHECK_FALSE(map({"Email", "Record ID"}, hubspot).preset_misfit);
    // ... unless it knows none of them either.
    const HeaderMapping stranger = map({"E-mail Adresse", "Vorname"}, hubspot);
    CHECK(stranger.preset_misfit);
    CHECK(stranger.better_preset == nullptr);
    // Pipedrive without its prefix: its own names (Name, Organization, Label) tell.
    const HeaderMapping unprefixed = map({"Name", "Email", "Organization", "Label"}, hubspot);
    CHECK(unprefixed.preset_misfit);
    REQUIRE(unprefixed.better_preset != nullptr);
    CHECK(unprefixed.better_preset->name == "pipedrive");
    CHECK(find_preset("zoho") == nullptr);
    CHECK(preset_names().size() == 4);
  }
  SUBCASE("stage dates: --stage-date after --map, then the preset's, then import.stage_dates") {
    using Pairs = std::vector<std::pair<std::string, std::string>>;
    const config::Config config = config::load_string(
        "import:\n  stage_dates: {engage_date: engaged, close_date: stage_at, Became a Lead Date: sql}\n",
        "t.yaml");
    HeaderMapper mapper(config, find_preset("hubspot"), Pairs{{"Won On", "notes"}},
                        Pairs{{"won on", "customer"}, {"Lost On", "lost"}, {"Closed", "stage_at"}});
    const auto m = mapper.map(std::vector<std::string>{
        "Engage Date", "close_date", "Became a Marketing Qualified Lead Date", "Became a Lead Date",
        "Became an Evangelist Date", "LOST ON", "Won On", "Closed"});
    // The preset's lead date is new (its "lead" stage), before the configuration's sql; a
    // second column of stage_at fills in where the first is empty, as for any field.
    CHECK(describe(m) ==
          V({"@engaged", "stage_at", "@mql", "@new", "@advocate", "@lost", "+notes", "+closed>stage_at"}));
    CHECK(m.columns[5].stage == 11); // lost, the 12th stage
  }
  SUBCASE("a preset's stage dates go through import.values.stage; a stage it lacks leaves an extra column") {
    const config::Config config = config::load_string(
        "stages:\n  - {name: new, side: marketing}\n  - {name: mql, side: marketing, next: [sal]}\n"
        "  - {name: sal, side: sales}\n  - {name: sql, side: sales}\n"
        "  - {name: customer, side: sales, won: true}\n"
        "import:\n  values:\n    stage: {marketingqualifiedlead: sql, lead: new, customer: customer}\n",
        "t.yaml");
    HeaderMapper mapper(config, find_preset("hubspot"));
    const auto m = mapper.map(
        std::vector<std::string>{"Became a Marketing Qualified Lead Date", "Became an Opportunity Date"});
    REQUIRE(m.columns[0].kind == Kind::stage_date);
    CHECK(config.stages[m.columns[0].stage].name == "sql");
    CHECK(m.columns[1].kind == Kind::extra);
    CHECK(m.columns[1].extra == "became_an_opportunity_date");
  }
  SUBCASE("X Education's Leads.csv header (trailing comma)") {
    const auto m = map({"Prospect ID", "Lead Number", "Lead Origin", "Lead Source", "Do Not Email", "Country",
                        "City", "Last Notable Activity", ""});
    CHECK(describe(m) == V({"external_id", "+lead_number", "+lead_origin", "source", "do_not_contact",
                            "country", "city", "+last_notable_activity", "+column_9?"}));
  }
}

TEST_CASE("import::HeaderMapping::can_identify") {
  // Any one of these identifies a person...
  for (const std::vector<std::string>& header : {std::vector<std::string>{"Email"},
                                                 {"Record ID"},
                                                 {"Phone"},
                                                 {"id"},
                                                 {"First Name", "Company"},
                                                 {"Last Name", "Company Name"},
                                                 {"Full Name", "Organization"},
                                                 {"Prospect ID", "Notes"}}) {
    CAPTURE(header.front());
    CHECK(map(header).can_identify());
  }
  // ...these do not: a name without a company, and what a wrong delimiter reads.
  for (const std::vector<std::string>& header : {std::vector<std::string>{"First Name", "Last Name"},
                                                 {"Company", "City"},
                                                 {"foo", "bar"},
                                                 {"Email\tFirst Name\tCity"},
                                                 {"Email;First Name;City"}}) {
    CAPTURE(header.front());
    CHECK_FALSE(map(header).can_identify());
  }
}

TEST_CASE("import::parse_column_map") {
  CHECK(parse_column_map("E-mail Address=email") ==
        std::pair<std::string, std::string>{"E-mail Address", "email"});
  CHECK(parse_column_map("a=b=lead_score") == std::pair<std::string, std::string>{"a=b", "lead_score"});
  CHECK(parse_column_map("Notes=") == std::pair<std::string, std::string>{"Notes", ""});
  CHECK(parse_column_map("Name=full_name").second == "full_name");
  SUBCASE("errors") {
    for (const char* bad : {"email", "=email", "Col=Lead Score", "Col=LeadScore"}) {
      CAPTURE(bad);
      try {
        parse_column_map(bad);
        FAIL("no error");
      } catch (const Error& e) {
        CHECK(e.kind() == ErrorKind::usage);
        CHECK(e.message().find(bad) != std::string::npos);
      }
    }
    try {
      parse_column_map("Col=Lead Score");
      FAIL("no error");
    } catch (const Error& e) {
      CHECK(e.message() == "--map 'Col=Lead Score': 'Lead Score' is not a field name");
      CHECK(e.hint().find("'lead_score'") != std::string::npos);
    }
    // A field written another way is that field, not an extra column to make.
    try {
      parse_column_map("email=Stage");
      FAIL("no error");
    } catch (const Error& e) {
      CHECK(e.message() == "--map 'email=Stage': 'Stage' is not a field name; did you mean 'stage'?");
      CHECK(e.hint() == "fields are named in snake_case: --map 'email=stage' (Source Column=field)");
    }
  }
}
