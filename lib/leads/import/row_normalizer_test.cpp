#include <leads/import/row_normalizer.hpp>

#include <leads/config/config.hpp>
#include <leads/import/cell_fast_paths.hpp>
#include <leads/normalize/email.hpp>
#include <leads/normalize/text.hpp>
#include <leads/normalize/website.hpp>

#include <doctest/doctest.h>

using namespace leads;
using namespace leads::import;

namespace {

// Normalizes rows of one header with the built-in configuration (or another).
struct Normalizer {
  explicit Normalizer(std::vector<std::string> header_, const Preset* preset = nullptr,
                      const config::Config& config = config::defaults(), std::string source = "")
      : header(std::move(header_)), mapper(config, preset),
        normalizer(config, preset, normalize::DateOrder::mdy, std::move(source)) {
    mapping = mapper.map(header);
    normalizer.begin_input(header, mapping);
  }

  bool operator()(std::vector<std::string_view> cells) { return normalizer.normalize(cells, row, rejection); }

  std::vector<std::string> header;
  HeaderMapper mapper;
  HeaderMapping mapping;
  RowNormalizer normalizer;
  NormalizedRow row;
  Rejection rejection;
};

} // namespace

TEST_CASE("import::RowNormalizer writes websites as normalize::website_domain does") {
  // Bare host names take a fast path; everything else goes through website_domain().
  Normalizer n({"Email", "Website"});
  for (std::string_view website :
       {"acme.com", "sub.acme.co.uk", "www.acme.com", "Acme.com", "acme", "acme.", ".acme.com", "acme..com",
        "a-b.example", "acme.com/", "http://acme.com", "acme_1.com", "xn--bcher-kva.example", "1.2.3.4",
        "ACME.COM", "acme.com:8080"}) {
    CAPTURE(website);
    REQUIRE(n({"a@b.co", website}));
    const std::string domain = normalize::website_domain(website);
    CHECK(n.row[Field::website] == (domain.empty() ? website : std::string_view(domain)));
  }
}

TEST_CASE("import::RowNormalizer writes emails as normalize::email does") {
  // Every printable ASCII byte, at every position of an 8-byte block, then a few non-ASCII forms.
  Normalizer n({"Email"});
  std::vector<std::string> emails;
  for (char c = 0x21; c < 0x7f; ++c) {
    for (std::size_t at = 0; at < 9; ++at) {
      std::string local = "AbcdefghZ";
      local.insert(at, 1, c);
      emails.push_back(local + "@Example.COM");
    }
  }
  // ... and in the domain, at every position of its labels.
  for (char c = 0x21; c < 0x7f; ++c) {
    for (std::size_t at = 0; at <= 8; ++at) {
      std::string domain = "ab.cd.efg";
      domain.insert(at, 1, c);
      emails.push_back("ana@" + domain);
    }
  }
  for (const char* odd : {"mailto:Ana@Example.com",
                          "<Ana@Example.com>",
                          "ÁNA@example.com",
                          "ana@EXAMPLE.com",
                          "A@B.CO",
                          "Ana.Lopez+News@Sub.Example.Org",
                          "info@xn--mller-bckerei-hfb76a.de",
                          "Info@XN--MLLER-BCKEREI-HFB76A.DE",
                          "ann@maxn--x.example",
                          ".ana@b.co",
                          "ana.@b.co",
                          "a..na@b.co",
                          "ana@-b.co",
                          "ana@b-.co",
                          "ana@b.c",
                          "ana@b.c1",
                          "ana@b..co",
                          "ana@.b.co",
                          "ana@b.co.",
                          "ana@bco",
                          "ana@b.co-",
                          "ana@b.-co",
                          "a@b@c.co",
                          "@b.co",
                          "ana@",
                          "\"ana@b.co\"",
                          "'Ana@B.co'",
                          "\"ana\"@b.co",
                          "\u201Cana@b.co\u201D",
                          "ana@b.co\u00AD"}) {
    emails.emplace_back(odd);
  }
  emails.push_back("ana@" + std::string(63, 'a') + ".co");
  emails.push_back("ana@" + std::string(64, 'a') + ".co");
  emails.push_back(std::string(64, 'a') + "@b.co");
  emails.push_back(std::string(65, 'a') + "@b.co");
  for (const std::string& email : emails) {
    CAPTURE(email);
    const std::string expected = normalize::email(email);
    if (normalize::is_valid_email(expected)) {
      REQUIRE(n({email}));
      CHECK(n.row[Field::email] == expected);
    } else {
      CHECK_FALSE(n({email}));
    }
  }
}

TEST_CASE("import::cell::email of an empty cell is empty") {
  // It once looked at the last byte before checking there was one.
  std::string out = "stale";
  leads::import::cell::email(std::string_view(), out);
  CHECK(out.empty());
}

TEST_CASE("import::cell::is_plain_name only for names that normalize::name keeps") {
  using namespace std::string_literals;
  for (const std::string& name : {"Ann Lee"s, "O'Brien-Smith"s, "Ann  Lee"s, "Ann\tLee"s, "Ann\0Lee"s,
                                  "Ann\x1ALee"s, "Ann\x7FLee"s, "Zo\xC3\xAB"s, "x"s}) {
    CAPTURE(name);
    if (leads::import::cell::is_plain_name(name)) {
      CHECK(normalize::name(name) == name);
    }
  }
  CHECK(leads::import::cell::is_plain_name("Ann Lee"));
  CHECK_FALSE(leads::import::cell::is_plain_name("Ann\0Lee"s));
  CHECK_FALSE(leads::import::cell::is_plain_name("Ann\x1ALee"));
}

TEST_CASE("import::RowNormalizer") {
  SUBCASE("fields are normalized") {
    Normalizer n({"Email", "First Name", "Last Name", "Company", "Phone", "Country", "Website", "Employees",
                  "Created", "Do Not Email", "Title", "Notes"});
    REQUIRE(n({"  Ana.Lopez@Example.COM ", " Ana  Maria ", "López", "Acme  Inc", "(415) 555-0123",
               "United States", "https://www.Acme.com/about", "1,200", "11/27/2026", "Yes", "  VP Sales ",
               "  keep me  "}));
    const NormalizedRow& r = n.row;
    CHECK(r[Field::email] == "ana.lopez@example.com");
    CHECK(r[Field::first_name] == "Ana Maria");
    CHECK(r[Field::last_name] == "López");
    CHECK(r[Field::company] == "Acme Inc");
    CHECK(r[Field::phone] == "+14155550123");
    CHECK(r.phone_e164);
    CHECK(r[Field::country] == "US");
    CHECK(r[Field::website] == "acme.com");
    CHECK(r[Field::employees] == "1200");
    CHECK(r[Field::created_at] == "2026-11-27T00:00:00Z");
    CHECK(r[Field::do_not_contact] == "true");
    CHECK(r[Field::title] == "VP Sales");
    REQUIRE(r.extras.size() == 1);
    CHECK(r.extras[0].first == 11);
    CHECK(r.extras[0].second == "keep me"); // as written, trimmed
    CHECK(r.identity == "e:ana.lopez@example.com");
    CHECK(r.name_key.empty());
    CHECK(r[Field::stage].empty()); // defaults are the importer's business
  }
  SUBCASE("null values become empty, in fields and extra columns") {
    Normalizer n({"Email", "City", "Specialization"});
    REQUIRE(n({"a@b.co", "Select", " n/a "}));
    CHECK(n.row[Field::city].empty());
    CHECK(n.row.extras.empty());
  }
  SUBCASE("the phone uses the row's country, else default_country; unparsable phones are kept") {
    Normalizer n({"Email", "Phone", "Country"});
    REQUIRE(n({"a@b.co", "030 1234567", "Germany"}));
    CHECK(n.row[Field::phone] == "+49301234567");
    CHECK(n.row[Field::country] == "DE");
    REQUIRE(n({"a@b.co", "12", "Atlantis"}));
    CHECK(n.row[Field::phone] == "12");
    CHECK_FALSE(n.row.phone_e164);
    CHECK(n.row[Field::country] == "Atlantis");
  }
  SUBCASE("employee counts lose their thousands separators, whatever the locale") {
    Normalizer n({"Email", "Employees"});
    struct Case {
      const char* written;
      const char* count;
    };
    for (const Case& c : {Case{"1,200", "1200"}, Case{"12,000,000", "12000000"}, Case{"1.200", "1200"},
                          Case{"250.000", "250000"}, Case{"1 200", "1200"}, Case{"1\u00A0200", "1200"},
                          Case{"1\u202F200", "1200"}, Case{"1'200'000", "1200000"}}) {
      CAPTURE(c.written);
      REQUIRE(n({"a@b.co", c.written}));
      CHECK(n.row[Field::employees] == c.count);
    }
  }
  SUBCASE("employees other than counts are kept as written") {
    Normalizer n({"Email", "Employees"});
    for (const char* kept : {"201-500", "1,20", "12,000,0", "1.2", "1.2000", "1,200.000", "1.200,5", "1,2,3",
                             "1234,567", ",200", "1,", "1,a00", "500+", "250", "10,001+", "ca. 50"}) {
      CAPTURE(kept);
      REQUIRE(n({"a@b.co", kept}));
      CHECK(n.row[Field::employees] == kept);
    }
  }
  SUBCASE("picklist values: the preset's, overridden by import.values") {
    Normalizer hubspot({"Email", "Lifecycle Stage"}, find_preset("hubspot"));
    REQUIRE(hubspot({"a@b.co", "marketingqualifiedlead"}));
    CHECK(hubspot.row[Field::stage] == "mql");
    REQUIRE(hubspot({"a@b.co", " Marketing Qualified Lead "}));
    CHECK(hubspot.row[Field::stage] == "mql");
    REQUIRE(hubspot({"a@b.co", "evangelist"}));
    CHECK(hubspot.row[Field::stage] == "advocate");
    REQUIRE(hubspot({"a@b.co", "Customer"}));
    CHECK(hubspot.row[Field::stage] == "customer");

    config::Config config =
        config::load_string("import:\n  values:\n    stage: {evangelist: customer}\n", "t.yaml");
    Normalizer custom({"Email", "Lifecycle Stage"}, find_preset("hubspot"), config);
    REQUIRE(custom({"a@b.co", "EVANGELIST"}));
    CHECK(custom.row[Field::stage] == "customer");

    Normalizer salesforce({"Email", "Lead Status", "Email Opt Out"}, find_preset("salesforce"));
    REQUIRE(salesforce({"a@b.co", "Working - Contacted", "0"}));
    CHECK(salesforce.row[Field::stage] == "engaged");
    CHECK(salesforce.row[Field::do_not_contact] == "false");
  }
  SUBCASE("score, fit and engagement are kept when they are numbers, else left out with a warning") {
    // The rule `leads check` holds the store to, so that an import never writes what check rejects.
    Normalizer n({"Email", "Score", "Fit", "Engagement"});
    REQUIRE(n({"a@b.co", "12", "-3.5", "1e3"}));
    CHECK(n.row[Field::score] == "12");
    CHECK(n.row[Field::fit] == "-3.5");
    CHECK(n.row[Field::engagement] == "1e3");
    CHECK(n.row.cell_warnings.empty());
    for (std::string_view bad : {"high", "+12", "1,5", "12 points", "inf", "nan", "0x10"}) {
      CAPTURE(bad);
      REQUIRE(n({"a@b.co", bad, "", ""}));
      CHECK(n.row[Field::score] == "");
      REQUIRE(n.row.cell_warnings.size() == 1);
      CHECK(n.row.cell_warnings[0].kind == "unreadable number");
      CHECK_FALSE(is_number(bad));
    }
    REQUIRE(n({"a@b.co", "", "", "lots"}));
    REQUIRE(n.row.cell_warnings.size() == 1);
    CHECK(n.row.cell_warnings[0].reason ==
          "unreadable number 'lots' in engagement (column 'Engagement'), left "
          "out; engagement takes numbers such as 12 or -3.5");
  }
  SUBCASE("a presence column means true") {
    Normalizer n({"Email Address", "UNSUB_TIME"}, find_preset("mailchimp"));
    REQUIRE(n({"a@b.co", "2026-01-02 10:00:00"}));
    CHECK(n.row[Field::do_not_contact] == "true");
    REQUIRE(n({"a@b.co", ""}));
    CHECK(n.row[Field::do_not_contact] == "");
  }
  SUBCASE("full names are split at the last space") {
    Normalizer n({"Name", "Company"});
    REQUIRE(n({"Mary  Ann Smith", "ACME"}));
    CHECK(n.row[Field::first_name] == "Mary Ann");
    CHECK(n.row[Field::last_name] == "Smith");
    CHECK(n.row.identity == "n:mary ann smith|acme");
    CHECK(n.row.name_key == "mary ann smith|acme");
    REQUIRE(n({"Cher", "Acme"}));
    CHECK(n.row[Field::first_name] == "Cher");
    CHECK(n.row[Field::last_name] == "");
    CHECK(n.row.identity == "n:cher|acme");
  }
  SUBCASE("full names written last name first are split at the comma") {
    Normalizer n({"Name", "Company"});
    REQUIRE(n({" Smith,  Mary Ann ", "ACME"}));
    CHECK(n.row[Field::first_name] == "Mary Ann");
    CHECK(n.row[Field::last_name] == "Smith");
    CHECK(n.row.identity == "n:mary ann smith|acme");
  }
  SUBCASE("a source id has one spelling") {
    Normalizer n({"Record ID", "Email"});
    REQUIRE(n({"101.0", ""})); // a program that took the column for numbers
    CHECK(n.row[Field::external_id] == "101");
    REQUIRE(n({"101.00", ""}));
    CHECK(n.row[Field::external_id] == "101");
    REQUIRE(n({"7927B2DF-8BBA-4D29-B9A2-B6E0BEAFE620", ""}));
    CHECK(n.row[Field::external_id] == "7927b2df-8bba-4d29-b9a2-b6e0beafe620");
    for (const char* id :
         {"101.5", "1.0.0", ".0", "00Q5e00000AbCdE", "7927B2DF-8BBA-4D29-B9A2-B6E0BEAFE62G", "A-1.0"}) {
      CAPTURE(id);
      REQUIRE(n({id, ""}));
      CHECK(n.row[Field::external_id] == id);
    }
  }
  SUBCASE("a full name beside first and last name columns names rows where those are empty") {
    Normalizer n({"Name", "First Name", "Last Name", "Company"});
    REQUIRE(n({"Ann Lee", "", "", "Acme"}));
    CHECK(n.row[Field::first_name] == "Ann");
    CHECK(n.row[Field::last_name] == "Lee");
    REQUIRE(n({"Bo Chen", "Robert", "", "Beta"})); // the name columns win
    CHECK(n.row[Field::first_name] == "Robert");
    CHECK(n.row[Field::last_name] == "");
    REQUIRE(n.row.extras.size() == 1); // and the column is kept as it is
    CHECK(n.row.extras[0].second == "Bo Chen");
  }
  SUBCASE("the name before an address in angle brackets names a person named nowhere else") {
    Normalizer n({"Email", "First Name"});
    REQUIRE(n({"Mary Ann Smith <mary@acme.example>", ""}));
    CHECK(n.row[Field::email] == "mary@acme.example");
    CHECK(n.row[Field::first_name] == "Mary Ann");
    CHECK(n.row[Field::last_name] == "Smith");
    REQUIRE(n({"\"Smith, Mary\" <mary@acme.example>", "Molly"})); // the name column wins
    CHECK(n.row[Field::first_name] == "Molly");
    CHECK(n.row[Field::last_name] == "");
    Normalizer full({"Name", "Email"});
    REQUIRE(full({"Mary Smith", "M. S. <mary@acme.example>"})); // so does a full-name column
    CHECK(full.row[Field::first_name] == "Mary");
    CHECK(full.row[Field::last_name] == "Smith");
  }
  SUBCASE("later columns of a field fill it in rows where the ones before are empty") {
    Normalizer n({"Email", "Work Email", "Phone", "Mobile", "Work Phone", "Country"});
    REQUIRE(n({"", " Ann@Acme.example", "N/A", "+1 415 555 0100", "+1 415 555 0199", "US"}));
    CHECK(n.row[Field::email] == "ann@acme.example");
    CHECK(n.row[Field::phone] == "+14155550100"); // the leftmost that has a value
    REQUIRE(n.row.extras.size() == 3);            // and each keeps its own column
    CHECK(n.row.extras[0].second == "Ann@Acme.example");
    REQUIRE(n({"", "", "", "", "+1 415 555 0199", "US"}));
    CHECK(n.row[Field::phone] == "+14155550199");
    REQUIRE(n({"bob@home.example", "bob@acme.example", "", "", "", "US"}));
    CHECK(n.row[Field::email] == "bob@home.example");
    CHECK_FALSE(n({"", "not an email", "", "", "", ""})); // and is checked as the first would be
    CHECK(n.rejection.kind == "invalid email");
  }
  SUBCASE("identity order: email, source id, phone, name with company") {
    Normalizer n({"Email", "Record ID", "Phone", "First Name", "Company", "Source"}, nullptr,
                 config::defaults(), "fair-2026");
    REQUIRE(n({"", "0031", "+14155550123", "Ana", "Acme", ""}));
    CHECK(n.row.identity == "x:0031");
    CHECK(n.row[Field::source] == "fair-2026");
    REQUIRE(n({"", "", "+14155550123", "Ana", "Acme", "web"}));
    CHECK(n.row.identity == "p:+14155550123");
    CHECK(n.row[Field::source] == "web");
    REQUIRE(n({"", "", "", "Ana", "Acme", ""}));
    CHECK(n.row.identity == "n:ana|acme");
  }
  SUBCASE("an id column: our id names a lead, anything else is the source's id") {
    Normalizer n({"id", "Email"});
    REQUIRE(n({"00000000000000ff", ""}));
    CHECK(n.row.lead_id == 255U);
    CHECK(n.row.identity.empty());
    CHECK(n.row[Field::id].empty());
    REQUIRE(n({"00Q5f00000abcDE", ""}));
    CHECK_FALSE(n.row.lead_id.has_value());
    CHECK(n.row[Field::external_id] == "00Q5f00000abcDE");
    CHECK(n.row.identity == "x:00Q5f00000abcDE");
  }
  SUBCASE("a source id a spreadsheet rounded rejects its row; a rounded phone is left out of it") {
    Normalizer n({"Email", "Record ID", "Phone"});
    CHECK_FALSE(n({"a@b.co", "5.12346E+15", ""}));
    CHECK(n.rejection.reason == "source id '5.12346E+15' was rounded by a spreadsheet (scientific notation) "
                                "and its digits are lost; export the column as text and import again");
    CHECK_FALSE(n({"a@b.co", "5E+15", ""}));
    // The email identifies the row: it comes in without the phone.
    REQUIRE(n({"a@b.co", "", "9.52634E+11"}));
    CHECK(n.row[Field::phone] == "");
    CHECK_FALSE(n.row.phone_e164);
    REQUIRE(n.row.cell_warnings.size() == 1);
    CHECK(n.row.cell_warnings[0].kind == "rounded phone");
    CHECK(n.row.cell_warnings[0].reason ==
          "phone '9.52634E+11' was rounded by a spreadsheet (scientific notation) and its digits are lost, "
          "left out; export the column as text and import again");
    // A phone that is the row's only identity still rejects it.
    CHECK_FALSE(n({"", "", "1.4E+10"}));
    CHECK(n.rejection.kind == "rounded number");
    for (std::string_view id : {"12E+3", "E+11", "4.4E+", "4.4E-11", "4.4E+1234", "4.4.1E+11", "AE+11",
                                "4.E+11", "00Q5e00000AbCdE", "CASE+1"}) {
      CAPTURE(id);
      CHECK(n({"a@b.co", id, ""}));
    }
  }
  SUBCASE("rejects: only what identifies a row, a ragged row and a row without identity") {
    Normalizer n({"Email", "Phone", "Stage", "Created", "Do Not Email", "First Name"});
    auto rejected = [&](std::vector<std::string_view> cells, std::string_view kind, std::string_view reason) {
      CHECK_FALSE(n(cells));
      CHECK(n.rejection.kind == kind);
      CHECK(n.rejection.reason == reason);
    };
    rejected({"ana@", "", "", "", "", ""}, "invalid email", "invalid email 'ana@'");
    rejected({"ana@x.example; ana.lopez@", "", "", "", "", ""}, "invalid email",
             "invalid email 'ana@x.example; ana.lopez@' (several addresses in one cell, not all of them "
             "valid: keep one there, and put the others in a column of their own)");
    rejected({"ana@x@y", "", "", "", "", ""}, "invalid email", "invalid email 'ana@x@y'");
    rejected({"", "12", "", "", "", "Ana"}, "no identity",
             "no identity (needs an email, a phone, a source id or a name with a company)");
    rejected({"a@b.co", ""}, "ragged row", "ragged row: expected 6 fields, found 2");
    rejected({"a@b.co", "", "", "", "", "", "x"}, "ragged row", "ragged row: expected 6 fields, found 7");
    // Empty fields after the last column (a trailing delimiter) lose nothing.
    CHECK(n({"a@b.co", "", "", "", "", "", "", " "}));
    CHECK(n.row[Field::email] == "a@b.co");
    // stage names match ignoring case; configured values apply
    CHECK(n({"a@b.co", "", "MQL", "", "", ""}));
    CHECK(n.row[Field::stage] == "mql");
    CHECK(n({"a@b.co", "", "Closed Won", "", "", ""}));
    CHECK(n.row[Field::stage] == "customer");
  }
  SUBCASE("an optional cell that cannot be read costs the cell, not the row") {
    Normalizer n({"Email", "Phone", "Stage", "Created", "Do Not Email", "First Name"});
    auto left_out = [&](std::vector<std::string_view> cells, Field field, std::string_view kind,
                        std::string_view reason) {
      REQUIRE(n(cells));
      CHECK(n.row[Field::email] == "a@b.co");
      CHECK(n.row[field] == "");
      REQUIRE(n.row.cell_warnings.size() == 1);
      CHECK(n.row.cell_warnings[0].kind == kind);
      CHECK(n.row.cell_warnings[0].reason == reason);
    };
    left_out(
        {"a@b.co", "4,42079E+11", "", "", "", ""}, Field::phone, "rounded phone",
        "phone '4,42079E+11' was rounded by a spreadsheet (scientific notation) and its digits are lost, "
        "left out; export the column as text and import again");
    left_out({"a@b.co", "", "Foo", "", "", ""}, Field::stage, "unknown stage",
             "unknown stage 'Foo' (column 'Stage'), left out; add it to import.values.stage in leads.yaml");
    // A value a preset knows: the hint names the preset.
    left_out(
        {"a@b.co", "", "MarketingQualifiedLead", "", "", ""}, Field::stage, "unknown stage",
        "unknown stage 'MarketingQualifiedLead' (column 'Stage'), left out; add it to import.values.stage "
        "in leads.yaml, or import with --preset hubspot");
    left_out({"a@b.co", "", "", "31/31/2026", "", ""}, Field::created_at, "unreadable date",
             "unreadable date '31/31/2026' in created_at (column 'Created'), left out");
    left_out({"a@b.co", "", "", "45720.5", "", ""}, Field::created_at, "unreadable date",
             "unreadable date '45720.5' in created_at (column 'Created'), left out; it looks like a "
             "spreadsheet's day number: format the column as dates and export again");
    left_out({"a@b.co", "", "", "", "ja", ""}, Field::do_not_contact, "unreadable do_not_contact",
             "unreadable yes/no 'ja' in do_not_contact (column 'Do Not Email'), left out; map it to true or "
             "false under import.values.do_not_contact in leads.yaml");
    // Several cells: each warned about; the rest of the row as it is.
    REQUIRE(n({"a@b.co", "9.5E+11", "Foo", "", "ja", "Ana"}));
    CHECK(n.row.cell_warnings.size() == 3);
    CHECK(n.row[Field::first_name] == "Ana");
  }
  SUBCASE("several emails in one cell: the first is the email, the others go to other_emails") {
    Normalizer n({"Email", "First Name"});
    REQUIRE(n({"Tom@Acme.example, tom@gmail.com", "Tom"}));
    CHECK(n.row[Field::email] == "tom@acme.example");
    CHECK(n.row.identity == "e:tom@acme.example");
    CHECK(n.row.other_emails == "tom@gmail.com");
    REQUIRE(n.row.cell_warnings.size() == 1);
    CHECK(n.row.cell_warnings[0].kind == "several emails");
    CHECK(n.row.cell_warnings[0].reason == "several emails in one cell 'Tom@Acme.example, tom@gmail.com' "
                                           "(column 'Email'): the first is the email, the others went to the "
                                           "other_emails column");
    // Semicolons, line breaks, repeats; white space alone parts them too.
    REQUIRE(n({"a@x.example;b@y.example\na@x.example; <c@z.example>", ""}));
    CHECK(n.row[Field::email] == "a@x.example");
    CHECK(n.row.other_emails == "b@y.example;c@z.example");
    REQUIRE(n({"a@x.example b@y.example", ""}));
    CHECK(n.row.other_emails == "b@y.example");
    // One address with a display name is one address.
    REQUIRE(n({"\"Lee, Ann\" <ann@x.example>", ""}));
    CHECK(n.row[Field::email] == "ann@x.example");
    CHECK(n.row.other_emails.empty());
    CHECK(n.row.cell_warnings.empty());
    CHECK(may_hold_several_emails("a@x, b@y"));
    CHECK_FALSE(may_hold_several_emails("a@x.example"));
  }
}

TEST_CASE("import::normalize_timestamp") {
  std::string out;
  CHECK(normalize_timestamp("2026-11-27T16:15:41Z", normalize::DateOrder::mdy, out));
  CHECK(out == "2026-11-27T16:15:41Z");
  CHECK(normalize_timestamp("2024-02-29", normalize::DateOrder::mdy, out));
  CHECK(out == "2024-02-29T00:00:00Z");
  CHECK(normalize_timestamp("03/05/2026", normalize::DateOrder::dmy, out));
  CHECK(out == "2026-05-03T00:00:00Z");
  CHECK(normalize_timestamp("2026-11-27 16:15:41", normalize::DateOrder::mdy, out));
  CHECK(out == "2026-11-27T16:15:41Z");
  CHECK_FALSE(normalize_timestamp("2025-02-29", normalize::DateOrder::mdy, out));
  CHECK_FALSE(normalize_timestamp("2026-11-27T24:00:00Z", normalize::DateOrder::mdy, out));
  CHECK_FALSE(normalize_timestamp("soon", normalize::DateOrder::mdy, out));

  SUBCASE("ISO dates and timestamps at the ends of the years read as normalize::timestamp does") {
    for (const std::string_view raw : {"0000-11-27", "0000-11-27T00:00:00Z", "0001-01-01",
                                       "0001-01-01T00:00:00Z", "9999-12-31", "9999-12-31T23:59:59Z"}) {
      CAPTURE(raw);
      const auto expected = normalize::timestamp(raw, normalize::DateOrder::mdy);
      CHECK(normalize_timestamp(raw, normalize::DateOrder::mdy, out) == expected.has_value());
      if (expected) {
        CHECK(out == *expected);
      }
    }
  }

  SUBCASE("date and minutes, as CRM exports write them, read as normalize::timestamp does") {
    CHECK(normalize_timestamp("2024-12-29 23:19", normalize::DateOrder::dmy, out));
    CHECK(out == "2024-12-29T23:19:00Z");
    for (const std::string_view raw :
         {"2024-12-29 23:19", "2024-12-29 00:00:59", "2024-02-29 12:00", "2025-02-29 12:00",
          "2026-11-27 24:00", "2026-11-27 23:60", "2026-11-27 23:59:60", "2026-11-27 7:05",
          "2026-11-27 07:05 PM", "0000-01-01 10:00", "2026-13-01 10:00", "2026-11-27 10:0x"}) {
      CAPTURE(raw);
      const auto expected = normalize::timestamp(raw, normalize::DateOrder::mdy);
      CHECK(normalize_timestamp(raw, normalize::DateOrder::mdy, out) == expected.has_value());
      if (expected) {
        CHECK(out == *expected);
      }
    }
  }
}
