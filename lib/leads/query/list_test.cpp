#include <leads/query/list.hpp>

#include <leads/error.hpp>

#include <doctest/doctest.h>

using namespace leads;

namespace {

const char* k_leads = "email,score,country,title\n"
                      "ann@x.test,72,DE,VP Sales\n"
                      "bo@x.test,9,US,Engineer\n"
                      "cy@x.test,100,DE,\n"
                      "di@x.test,,AT,\"Head of IT, EMEA\"\n";

std::string list(query::ListOptions options, render::Format format = render::Format::csv,
                 std::string_view input = k_leads) {
  auto reader = csv::Reader::from_string(std::string(input));
  std::string out;
  query::list_rows(*reader, options, format, {}, [&](std::string_view bytes) { out += bytes; });
  return out;
}

} // namespace

TEST_CASE("query::list_rows") {
  query::ListOptions options;

  SUBCASE("everything, in input order") {
    CHECK(list(options) == k_leads);
  }
  SUBCASE("where, fields and limit stream") {
    options.where = "country in [\"DE\", \"AT\"]";
    options.fields = {"email"};
    options.limit = 2;
    CHECK(list(options) == "email\nann@x.test\ncy@x.test\n");
  }
  SUBCASE("numeric sort, descending, stable; empty values last") {
    options.sort = {"-score"};
    options.fields = {"email", "score"};
    CHECK(list(options) == "email,score\ncy@x.test,100\nann@x.test,72\nbo@x.test,9\ndi@x.test,\n");
  }
  SUBCASE("text sort ascending, then by a second key") {
    options.sort = {"country", "-email"};
    options.fields = {"email"};
    CHECK(list(options) == "email\ndi@x.test\ncy@x.test\nann@x.test\nbo@x.test\n");
  }
  SUBCASE("sort by a column that is not printed") {
    options.sort = {"score"};
    options.fields = {"email"};
    options.limit = 1;
    CHECK(list(options) == "email\nbo@x.test\n");
  }
  SUBCASE("an empty value alone on its line is written as \"\", so that the record reads back") {
    // title is empty for cy: a blank line there would be skipped by `leads list -`,
    // Python's csv module and Miller alike, and the record lost.
    options.fields = {"title"};
    const std::string out = list(options);
    CHECK(out == "title\nVP Sales\nEngineer\n\"\"\n\"Head of IT, EMEA\"\n");
    auto reader = csv::Reader::from_string(out);
    csv::Record record;
    long records = 0;
    while (reader->next(record)) {
      ++records;
    }
    CHECK(records == 4);
  }
  SUBCASE("limit 0 prints the header only") {
    options.limit = 0;
    CHECK(list(options) == "email,score,country,title\n");
  }
  SUBCASE("json") {
    options.fields = {"title"};
    options.where = "title ~ \"(?i)head\"";
    CHECK(list(options, render::Format::json) == "[\n  {\"title\": \"Head of IT, EMEA\"}\n]\n");
  }
  SUBCASE("unknown field in --fields is a usage error with a suggestion") {
    options.fields = {"emial"};
    try {
      list(options);
      FAIL("no error");
    } catch (const Error& error) {
      CHECK(error.kind() == ErrorKind::usage);
      CHECK(error.message() == "unknown field 'emial' in --fields; did you mean 'email'?");
    }
  }
  SUBCASE("spaces after the commas are no part of the names; a field named twice is an error") {
    options.fields = {"email", " score"};
    options.sort = {" -score"};
    options.limit = 1;
    CHECK(list(options) == "email,score\ncy@x.test,100\n");
    options.fields = {"email", "email"};
    CHECK_THROWS_WITH_AS(list(options), "--fields names 'email' twice", Error);
  }
  SUBCASE("unknown field in --sort") {
    options.sort = {"-scor"};
    CHECK_THROWS_WITH_AS(list(options), "unknown field 'scor' in --sort; did you mean 'score'?", Error);
  }
  SUBCASE("email_domain, derived as in expressions, prints and sorts") {
    auto reader = csv::Reader::from_string("email,name\nann@Beta.test,Ann\nbo@alpha.test,Bo\n,Cy\n");
    options.fields = {"name", "email_domain"};
    options.sort = {"email_domain"};
    std::string out;
    query::list_rows(*reader, options, render::Format::csv, {},
                     [&](std::string_view bytes) { out += bytes; });
    CHECK(out == "name,email_domain\nBo,alpha.test\nAnn,beta.test\nCy,\n");
  }
  SUBCASE("an email_domain column of the input is printed as it is") {
    auto reader = csv::Reader::from_string("email,email_domain\nann@beta.test,Other\n");
    options.fields = {"email_domain"};
    std::string out;
    query::list_rows(*reader, options, render::Format::csv, {},
                     [&](std::string_view bytes) { out += bytes; });
    CHECK(out == "email_domain\nOther\n");
  }
  SUBCASE("without an email column there is no email_domain") {
    auto reader = csv::Reader::from_string("name\nAnn\n");
    options.fields = {"email_domain"};
    CHECK_THROWS_WITH_AS(query::list_rows(*reader, options, render::Format::csv, {}, [](std::string_view) {}),
                         "unknown field 'email_domain' in --fields", Error);
  }
}

TEST_CASE("query::list_rows, --shard") {
  // Ids 1 to 7 fall in shards 3 1 1 2 4 4 2 of 4 (lead::shard_of, pinned in shard_test.cpp).
  const std::string leads = "id,email\n"
                            "0000000000000001,a@x.test\n"
                            "0000000000000002,b@x.test\n"
                            "0000000000000003,c@x.test\n"
                            "0000000000000004,d@x.test\n"
                            "0000000000000005,e@x.test\n"
                            "0000000000000006,f@x.test\n"
                            "0000000000000007,g@x.test\n";
  query::ListOptions options;
  options.fields = {"email"};

  SUBCASE("the rows of the shard, by id; with --where and --sort") {
    options.shard = lead::Shard{1, 4};
    CHECK(list(options, render::Format::csv, leads) == "email\nb@x.test\nc@x.test\n");
    options.shard = lead::Shard{4, 4};
    CHECK(list(options, render::Format::csv, leads) == "email\ne@x.test\nf@x.test\n");
    options.where = "email != \"e@x.test\"";
    CHECK(list(options, render::Format::csv, leads) == "email\nf@x.test\n");
    options.where.reset();
    options.shard = lead::Shard{2, 4};
    options.sort = {"-email"};
    CHECK(list(options, render::Format::csv, leads) == "email\ng@x.test\nd@x.test\n");
  }
  SUBCASE("events.csv by lead_id, ids in upper case too") {
    options.shard = lead::Shard{3, 4};
    options.fields = {"kind"};
    const std::string events =
        "at,lead_id,kind\nx,0000000000000002,a\nx,0000000000000001,b\nx,000000000000000A,c\n";
    CHECK(list(options, render::Format::csv, events) == "kind\nb\n");
    options.shard = lead::Shard{2, 4}; // id 10
    CHECK(list(options, render::Format::csv, events) == "kind\nc\n");
  }
  SUBCASE("an input without an id, a row whose id is none") {
    options.shard = lead::Shard{1, 2};
    try {
      list(options);
      FAIL("no error");
    } catch (const Error& e) {
      CHECK(e.kind() == ErrorKind::usage);
      CHECK(e.message().starts_with("--shard needs the lead's id, and the input has no id column"));
    }
    try {
      list(options, render::Format::csv, "id,email\n0000000000000001,a@x.test\n12,b@x.test\n");
      FAIL("no error");
    } catch (const Error& e) {
      CHECK(e.kind() == ErrorKind::data);
      CHECK(e.line() == 3);
      CHECK(e.message() ==
            "'12' in column id is not a lead id (16 hex digits): --shard cannot place the row");
    }
  }
}
