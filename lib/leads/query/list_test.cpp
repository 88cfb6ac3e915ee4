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

std::string list(query::ListOptions options, render::Format format = render::Format::csv) {
  auto reader = csv::Reader::from_string(k_leads);
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
}
