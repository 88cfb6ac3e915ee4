#include <leads/expr/expr.hpp>

#include <doctest/doctest.h>

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

using leads::expr::Context;
using leads::expr::Expression;
using leads::expr::Schema;

namespace {

Schema test_schema() {
  Schema schema;
  schema.columns = {"id",         "email", "title",    "country", "employees", "do_not_contact",
                    "created_at", "stage", "stage_at", "score",   "fit",       "first_name",
                    "zip"};
  schema.lists["free_mail"] = {"gmail.com", "yahoo.com", "hotmail.com"};
  schema.lists["big"] = {"a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k"};
  return schema;
}

// 2026-11-27T16:15:41Z
constexpr Context k_now{1795796141};

using Cells = std::initializer_list<std::pair<std::string_view, std::string_view>>;

std::vector<std::string> make_row(const Schema& schema, Cells cells) {
  std::vector<std::string> row(schema.columns.size());
  for (const auto& [name, value] : cells) {
    for (std::size_t i = 0; i < schema.columns.size(); ++i) {
      if (schema.columns[i] == name) {
        row[i] = std::string(value);
      }
    }
  }
  return row;
}

// Compiles `text` against the test schema and evaluates it on a row with the given cells.
bool eval(std::string_view text, Cells cells = {}, const Context& context = k_now) {
  Schema schema = test_schema();
  Expression expression = Expression::compile(text, schema);
  std::vector<std::string> row = make_row(schema, cells);
  bool result = expression.matches(std::span<const std::string>(row), context);
  std::vector<std::string_view> views(row.begin(), row.end());
  CHECK_MESSAGE(expression.matches(std::span<const std::string_view>(views), context) == result, text);
  return result;
}

} // namespace

TEST_CASE("expr::Expression") {
  SUBCASE("literals") {
    CHECK(eval("true"));
    CHECK_FALSE(eval("false"));
    CHECK(eval("TRUE"));
    CHECK(eval("1 == 1.0"));
    CHECK(eval("-3 < 2"));
    CHECK(eval("-3.5 == -3.50"));
    CHECK(eval("\"a\\\"b\" == 'a\"b'"));
    CHECK(eval("'it\\'s' == \"it's\""));
    CHECK(eval("len(\"a\\nb\\tc\\\\\") == 6"));
    CHECK(eval("len(\"\\d\") == 2"));
    CHECK(eval("null == null"));
  }

  SUBCASE("numeric comparisons of number-like fields") {
    CHECK(eval("employees >= 200", {{"employees", "200"}}));
    CHECK(eval("employees >= 200", {{"employees", "1000"}}));
    CHECK_FALSE(eval("employees >= 200", {{"employees", "50"}}));
    CHECK(eval("employees > 199.5", {{"employees", " 200 "}}));
    CHECK(eval("employees == 200", {{"employees", "200.0"}}));
    CHECK(eval("employees < 0", {{"employees", "-5"}}));
    CHECK(eval("employees <= 5", {{"employees", "5"}}));
    CHECK(eval("employees != 5", {{"employees", "6"}}));
    CHECK(eval("score > fit", {{"score", "10"}, {"fit", "9"}}));
    CHECK(eval("employees > \"9\"", {{"employees", "10"}}));
  }

  SUBCASE("a number against text that is no number") {
    CHECK_FALSE(eval("employees >= 200", {{"employees", "unknown"}}));
    CHECK_FALSE(eval("employees < 200", {{"employees", "unknown"}}));
    CHECK_FALSE(eval("employees == 200", {{"employees", "unknown"}}));
    CHECK(eval("employees != 200", {{"employees", "unknown"}}));
    CHECK_FALSE(eval("employees >= 200", {{"employees", "200k"}}));
  }

  SUBCASE("a literal on either side compares the same") {
    CHECK(eval("200 <= employees", {{"employees", "250"}}));
    CHECK_FALSE(eval("200 > employees", {{"employees", "250"}}));
    CHECK(eval("10 != employees", {{"employees", "n/a"}}));
    CHECK_FALSE(eval("10 < employees", {{"employees", ""}}));
    CHECK(eval("\"DE\" == country", {{"country", "DE"}}));
    CHECK(eval("\"E\" > country", {{"country", "DE"}}));
    CHECK_FALSE(eval("\"E\" < country", {{"country", "DE"}}));
    CHECK_FALSE(eval("\"E\" != country"));
    CHECK(eval("30 >= days_since(created_at)", {{"created_at", "2026-11-20"}}));
    CHECK(eval("\"2.0\" == employees", {{"employees", "2"}}));
  }

  SUBCASE("string comparisons") {
    CHECK(eval("country == \"DE\"", {{"country", "DE"}}));
    CHECK_FALSE(eval("country == \"DE\"", {{"country", "de"}}));
    CHECK(eval("country != \"DE\"", {{"country", "AT"}}));
    CHECK(eval("country < \"DE\"", {{"country", "AT"}}));
    CHECK(eval("created_at >= \"2026-01-01\"", {{"created_at", "2026-03-04T10:00:00Z"}}));
    CHECK_FALSE(eval("created_at > \"2026-12-01\"", {{"created_at", "2026-03-04"}}));
    CHECK(eval("title == first_name", {{"title", "x"}, {"first_name", "x"}}));
  }

  SUBCASE("null and empty") {
    CHECK(eval("country == null"));
    CHECK(eval("country == \"\""));
    CHECK(eval("null == country"));
    CHECK_FALSE(eval("country != null"));
    CHECK_FALSE(eval("country != ''"));
    CHECK(eval("country != null", {{"country", "US"}}));
    CHECK(eval("country != \"\"", {{"country", "US"}}));
    CHECK_FALSE(eval("country == null", {{"country", "US"}}));
    CHECK_FALSE(eval("country != \"US\""));
    CHECK_FALSE(eval("country == \"US\""));
    CHECK_FALSE(eval("employees < 10"));
    CHECK_FALSE(eval("employees >= 10"));
    CHECK_FALSE(eval("employees != 10"));
    CHECK_FALSE(eval("country == title"));
  }

  SUBCASE("fields as conditions") {
    for (std::string_view yes : {"true", "TRUE", "Yes", "y", "Y", "1"}) {
      CHECK_MESSAGE(eval("do_not_contact", {{"do_not_contact", yes}}), yes);
      CHECK_FALSE_MESSAGE(eval("not do_not_contact", {{"do_not_contact", yes}}), yes);
    }
    for (std::string_view no : {"false", "no", "0", "", "2", "yes please", "t"}) {
      CHECK_FALSE_MESSAGE(eval("do_not_contact", {{"do_not_contact", no}}), no);
      CHECK_MESSAGE(eval("!do_not_contact", {{"do_not_contact", no}}), no);
    }
    CHECK(eval("do_not_contact == true", {{"do_not_contact", "yes"}}));
    CHECK(eval("do_not_contact == false", {{"do_not_contact", ""}}));
    CHECK(eval("do_not_contact != true", {{"do_not_contact", "no"}}));
    CHECK(eval("false == do_not_contact", {{"do_not_contact", "0"}}));
    CHECK(eval("(country == \"US\") == true", {{"country", "US"}}));
  }

  SUBCASE("and, or, not and their precedence") {
    CHECK(eval("true and true"));
    CHECK_FALSE(eval("true and false"));
    CHECK(eval("false or true"));
    CHECK_FALSE(eval("false || false"));
    CHECK(eval("true && !false"));
    CHECK(eval("TRUE AND NOT FALSE"));
    // and binds tighter than or: true or (false and false)
    CHECK(eval("true or false and false"));
    CHECK_FALSE(eval("(true or false) and false"));
    // not binds tighter than and: (not false) and true; (not true) or true
    CHECK(eval("not false and true"));
    CHECK(eval("not true or true"));
    CHECK_FALSE(eval("not (true or true)"));
    CHECK(eval("not not true"));
    // not binds looser than a comparison: not (country == "US")
    CHECK(eval("not country == \"US\"", {{"country", "DE"}}));
    CHECK(eval("country == \"DE\" and employees >= 200 or stage == \"sal\"", {{"stage", "sal"}}));
    CHECK_FALSE(eval("country == \"DE\" and (employees >= 200 or stage == \"sal\")", {{"stage", "sal"}}));
  }

  SUBCASE("regular expressions") {
    std::string_view senior = R"(title ~ "(?i)\\b(vp|head|director|chief)\\b")";
    CHECK(eval(senior, {{"title", "VP Marketing"}}));
    CHECK(eval(senior, {{"title", "Head of Sales"}}));
    CHECK(eval(senior, {{"title", "Chief Revenue Officer"}}));
    CHECK_FALSE(eval(senior, {{"title", "Vice President"}}));
    CHECK_FALSE(eval(senior, {{"title", "Chiefly an engineer"}}));
    CHECK_FALSE(eval(senior, {{"title", "mvp hunter"}}));
    CHECK(eval(R"(title ~ "\bvp\b")", {{"title", "the vp"}}));
    CHECK(eval("title ~ \"ana\"", {{"title", "banana"}}));
    CHECK_FALSE(eval("title ~ \"^ana\"", {{"title", "banana"}}));
    CHECK(eval("title !~ \"(?i)student\"", {{"title", "CTO"}}));
    CHECK_FALSE(eval("title !~ \"(?i)student\"", {{"title", "PhD Student"}}));
    CHECK(eval("title ~ \"^$\""));
    CHECK(eval("title !~ \"x\""));
    CHECK(eval("employees ~ \"^[0-9]+$\"", {{"employees", "250"}}));
    CHECK(eval("lower(title) ~ \"^vp\"", {{"title", "VP Sales"}}));
    CHECK(eval("title ~ \"é\"", {{"title", "Directeur Général"}}));
  }

  SUBCASE("in and not in with list literals") {
    CHECK(eval("country in [\"DE\", \"AT\"]", {{"country", "AT"}}));
    CHECK_FALSE(eval("country in [\"DE\", \"AT\"]", {{"country", "at"}}));
    CHECK_FALSE(eval("country in [\"DE\", \"AT\"]", {{"country", "US"}}));
    CHECK(eval("country not in [\"DE\", \"AT\"]", {{"country", "US"}}));
    CHECK_FALSE(eval("country not in ['DE', 'AT']", {{"country", "DE"}}));
    CHECK(eval("country in ['DE', 'AT',]", {{"country", "DE"}}));
    CHECK_FALSE(eval("country in []", {{"country", "DE"}}));
    CHECK(eval("country not in []", {{"country", "DE"}}));
    CHECK(eval("employees in [10, 20.5, -3]", {{"employees", "20.50"}}));
    CHECK(eval("employees in [10, 20.5, -3]", {{"employees", "-3"}}));
    CHECK_FALSE(eval("employees in [10, 20.5, -3]", {{"employees", "11"}}));
    CHECK_FALSE(eval("employees in [\"10\"]", {{"employees", "10.0"}}));
    CHECK(eval("len(country) in [2, 3]", {{"country", "DE"}}));
    CHECK_FALSE(eval("len(country) in [\"2\"]", {{"country", "DE"}}));
    // null on the left is neither in nor not in a list
    CHECK_FALSE(eval("country in [\"DE\"]"));
    CHECK_FALSE(eval("country not in [\"DE\"]"));
    CHECK(eval("not country in [\"DE\"]"));
  }

  SUBCASE("named lists") {
    CHECK(eval("email_domain in free_mail", {{"email", "ana@gmail.com"}}));
    CHECK_FALSE(eval("email_domain in free_mail", {{"email", "ana@acme.com"}}));
    CHECK(eval("email_domain not in free_mail", {{"email", "ana@acme.com"}}));
    CHECK_FALSE(eval("email_domain not in free_mail"));
    CHECK(eval("title in big", {{"title", "k"}}));
    CHECK(eval("title in big", {{"title", "a"}}));
    CHECK_FALSE(eval("title in big", {{"title", "z"}}));
    CHECK_FALSE(eval("title in big", {{"title", "K"}}));
  }

  SUBCASE("derived email_domain") {
    CHECK(eval("email_domain == \"example.com\"", {{"email", "Ana.Lopez@Example.COM"}}));
    CHECK(eval("email_domain == \"example.com\"", {{"email", "ana@example.com"}}));
    CHECK(eval("email_domain == \"b.org\"", {{"email", "odd@name@b.org"}}));
    CHECK(eval("email_domain == null", {{"email", "no-at-sign"}}));
    CHECK(eval("email_domain == null"));
    CHECK(eval("email_domain in free_mail and email_domain ~ \"^gmail\"", {{"email", "X@GMAIL.COM"}}));
    CHECK(eval("email_domain == \"münchen.de\"", {{"email", "a@MÜNCHEN.DE"}}));
  }

  SUBCASE("a real email_domain column wins over the derived field") {
    Schema schema = test_schema();
    schema.columns.push_back("email_domain");
    Expression expression = Expression::compile("email_domain == \"stored.org\"", schema);
    std::vector<std::string> row = make_row(schema, {{"email", "a@b.com"}, {"email_domain", "stored.org"}});
    CHECK(expression.matches(std::span<const std::string>(row), k_now));
  }

  SUBCASE("text functions") {
    CHECK(eval("lower(title) == \"vp sales\"", {{"title", "VP Sales"}}));
    CHECK(eval("upper(title) == \"VP SALES\"", {{"title", "vp sales"}}));
    CHECK(eval("lower(title) == \"directeur général\"", {{"title", "DIRECTEUR GÉNÉRAL"}}));
    CHECK(eval("upper(lower(title)) == \"ÄÖÜ\"", {{"title", "äöü"}}));
    CHECK(eval("lower(title) == upper(first_name)", {{"title", "X"}, {"first_name", "x"}}) == false);
    CHECK(eval("lower(title) == lower(first_name)", {{"title", "Ana"}, {"first_name", "ANA"}}));
    CHECK(eval("lower(title) == null"));
    CHECK(eval("len(title) == 6", {{"title", "Müller"}}));
    CHECK(eval("len(title) == 0"));
    CHECK(eval("len(title) > 3", {{"title", "abcd"}}));
    CHECK(eval("contains(title, \"ale\")", {{"title", "Sales"}}));
    CHECK_FALSE(eval("contains(title, \"ALE\")", {{"title", "Sales"}}));
    CHECK(eval("contains(lower(title), 'ale')", {{"title", "SALES"}}));
    CHECK(eval("contains(title, \"\")", {{"title", "Sales"}}));
    CHECK(eval("starts_with(email, \"ana\")", {{"email", "ana@x.com"}}));
    CHECK_FALSE(eval("starts_with(email, \"x\")", {{"email", "ana@x.com"}}));
    CHECK(eval("ends_with(email, \".com\")", {{"email", "ana@x.com"}}));
    CHECK_FALSE(eval("ends_with(email, \".org\")", {{"email", "ana@x.com"}}));
    CHECK(eval("ends_with(title, first_name)", {{"title", "Dr Who"}, {"first_name", "Who"}}));
    CHECK(eval("is_empty(title)"));
    CHECK_FALSE(eval("is_empty(title)", {{"title", "x"}}));
    CHECK(eval("empty(country) and not empty(title)", {{"title", "x"}}));
    CHECK(eval("is_empty(email_domain)", {{"email", "nobody"}}));
  }

  SUBCASE("days_since with a fixed now") {
    CHECK(eval("days_since(created_at) == 0", {{"created_at", "2026-11-27"}}));
    CHECK(eval("days_since(created_at) == 0", {{"created_at", "2026-11-26T16:15:42Z"}}));
    CHECK(eval("days_since(created_at) == 1", {{"created_at", "2026-11-26T16:15:41Z"}}));
    CHECK(eval("days_since(created_at) == 30", {{"created_at", "2026-10-28"}}));
    CHECK(eval("days_since(created_at) <= 30", {{"created_at", "2026-10-28T16:15:41Z"}}));
    CHECK_FALSE(eval("days_since(created_at) <= 30", {{"created_at", "2026-10-27"}}));
    CHECK(eval("days_since(created_at) == 365", {{"created_at", "2025-11-27"}}));
    CHECK(eval("days_since(created_at) == -1", {{"created_at", "2026-11-28"}}));
    CHECK(eval("days_since(created_at) == -1", {{"created_at", "2026-11-27T17:00:00Z"}}));
    CHECK(eval("stage == \"sal\" and days_since(stage_at) > 14",
               {{"stage", "sal"}, {"stage_at", "2026-11-01T09:00:00Z"}}));
    CHECK_FALSE(eval("stage == \"sal\" and days_since(stage_at) > 14",
                     {{"stage", "sal"}, {"stage_at", "2026-11-20T09:00:00Z"}}));
    // unparsable or empty dates are null: every comparison is false
    for (std::string_view bad : {"", "yesterday", "2026-02-30", "11/27/2026", "2026-11-27T25:00:00Z"}) {
      CHECK_FALSE_MESSAGE(eval("days_since(created_at) >= 0", {{"created_at", bad}}), bad);
      CHECK_FALSE_MESSAGE(eval("days_since(created_at) < 0", {{"created_at", bad}}), bad);
      CHECK_MESSAGE(eval("days_since(created_at) == null", {{"created_at", bad}}), bad);
    }
    CHECK(eval("days_since(\"2026-11-20\") == 7"));
    CHECK(eval("days_since(created_at) == 7", {{"created_at", "2026-11-20"}}, Context{1795737600}));
  }

  SUBCASE("rows shorter than the schema read missing columns as empty") {
    Schema schema = test_schema();
    Expression expression = Expression::compile("title == null and email_domain == null and not zip", schema);
    std::vector<std::string> short_row = {"1"};
    CHECK(expression.matches(std::span<const std::string>(short_row), k_now));
    std::vector<std::string_view> empty_row;
    CHECK(expression.matches(std::span<const std::string_view>(empty_row), k_now));
    Expression country = Expression::compile("country != \"US\"", schema);
    CHECK_FALSE(country.matches(std::span<const std::string>(short_row), k_now));
    Expression first = Expression::compile("id == 1", schema);
    CHECK(first.matches(std::span<const std::string>(short_row), k_now));
  }

  SUBCASE("text, moves and reuse over many rows") {
    Schema schema = test_schema();
    Expression expression = Expression::compile("lower(title) in [\"ceo\", \"cto\"]", schema);
    Expression moved = std::move(expression);
    CHECK(moved.text() == "lower(title) in [\"ceo\", \"cto\"]");
    std::vector<std::string> ceo = make_row(schema, {{"title", "CEO"}});
    std::vector<std::string> long_title = make_row(schema, {{"title", std::string(100, 'X')}});
    for (int i = 0; i < 3; ++i) {
      CHECK(moved.matches(std::span<const std::string>(ceo), k_now));
      CHECK_FALSE(moved.matches(std::span<const std::string>(long_title), k_now));
    }
    Expression other = Expression::compile("true", schema);
    other = std::move(moved);
    CHECK(other.matches(std::span<const std::string>(ceo), k_now));
  }
}
