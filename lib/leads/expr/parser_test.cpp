#include <leads/expr/expr.hpp>

#include <doctest/doctest.h>

#include <optional>
#include <string>
#include <string_view>

using leads::Error;
using leads::ErrorKind;
using leads::expr::Expression;
using leads::expr::Origin;
using leads::expr::Schema;

namespace {

Schema test_schema() {
  Schema schema;
  schema.columns = {"email", "title", "country", "employees", "created_at", "do_not_contact"};
  schema.lists["free_mail"] = {"gmail.com"};
  return schema;
}

// The error compiling `text` throws (none: the test fails).
Error compile_error(std::string_view text, const Origin& origin = {}, const Schema& schema = test_schema()) {
  try {
    Expression::compile(text, schema, origin);
  } catch (const Error& error) {
    return error;
  }
  FAIL("compiled without an error: " << text);
  return Error(ErrorKind::usage, "unreachable");
}

// Checks an error's message and the 1-based column it points at (for the default
// origin: --where, column 1), and that the hint's caret sits under that column.
void check_error(std::string_view text, long column, std::string_view message) {
  Error error = compile_error(text);
  INFO(text);
  CHECK(error.kind() == ErrorKind::usage);
  CHECK(error.file() == "--where");
  CHECK(error.line() == 0);
  CHECK(error.column() == column);
  CHECK(error.message() == message);
  std::string caret_line = error.hint().substr(error.hint().find('\n') + 1);
  CHECK(caret_line.find('^') == static_cast<std::size_t>(column + 1));
}

} // namespace

TEST_CASE("expr::Expression::compile errors") {
  SUBCASE("unknown field, with a suggestion and a caret hint") {
    Error error = compile_error("emial == \"x\"");
    CHECK(error.kind() == ErrorKind::usage);
    CHECK(error.column() == 1);
    CHECK(error.message() == "unknown field 'emial'; did you mean 'email'?");
    CHECK(error.hint() == "  emial == \"x\"\n  ^~~~~");
    CHECK(std::string(error.what()) == "--where: unknown field 'emial'; did you mean 'email'?");
  }

  SUBCASE("origin from leads.yaml: kind, file, line and column + offset") {
    Origin origin{ErrorKind::config, "leads.yaml", 12, 17, {}};
    Error error = compile_error("country in [\"US\"] and titel ~ \"vp\"", origin);
    CHECK(error.kind() == ErrorKind::config);
    CHECK(error.file() == "leads.yaml");
    CHECK(error.line() == 12);
    CHECK(error.column() == 17 + 22);
    CHECK(std::string(error.what()) == "leads.yaml:12:39: unknown field 'titel'; did you mean 'title'?");
    CHECK(error.hint() == "  country in [\"US\"] and titel ~ \"vp\"\n                        ^~~~~");
  }

  SUBCASE("a numeric lead column ordered against text that is no number") {
    check_error("employees > \"abc\"", 13,
                "cannot compare employees (a number) with the text \"abc\"; compare it with a number");
    check_error("\"many\" <= employees", 1,
                "cannot compare employees (a number) with the text \"many\"; compare it with a number");
    // A number in quotes is a number; equality with text stays (employees may hold "51-200").
    CHECK_NOTHROW(Expression::compile("employees > \"200\"", test_schema()));
    CHECK_NOTHROW(Expression::compile("employees == \"51-200\"", test_schema()));
    CHECK_NOTHROW(Expression::compile("title > \"abc\"", test_schema()));
  }

  SUBCASE("a stage the configuration does not have") {
    Schema schema = test_schema();
    schema.columns.emplace_back("stage");
    schema.stages = {"new", "engaged", "mql", "sal"};
    auto error = [&](std::string_view text) { return compile_error(text, {}, schema); };
    const Error typo = error("stage == \"mqll\"");
    CHECK(typo.message() == "unknown stage 'mqll'; did you mean 'mql'?");
    CHECK(typo.column() == 10);
    CHECK(error("\"sal\" != stage or stage == \"customer\"").message() ==
          "unknown stage 'customer'; the stages (in leads.yaml) are new, engaged, mql, sal");
    const Error in_list = error("stage in [\"mql\", \"SAL\"]");
    CHECK(in_list.message() == "unknown stage 'SAL'; did you mean 'sal'?");
    CHECK(in_list.column() == 18);
    CHECK_NOTHROW(
        Expression::compile("stage == \"mql\" or stage in [\"new\", \"sal\"] or stage == \"\"", schema));
    // Without the stages (any CSV), any text goes.
    schema.stages.clear();
    CHECK_NOTHROW(Expression::compile("stage == \"mqll\"", schema));
  }

  SUBCASE("names") {
    check_error("employes >= 200", 1, "unknown field 'employes'; did you mean 'employees'?");
    check_error("title == x", 10, "unknown field 'x'");
    check_error("emial_domain == \"a\"", 1, "unknown field 'emial_domain'; did you mean 'email_domain'?");
    check_error("free_mail == \"a\"", 1,
                "'free_mail' is a list; use it after 'in', as in email_domain in free_mail");
    check_error("day_since(created_at) > 3", 1, "unknown function 'day_since'; did you mean 'days_since'?");
    check_error("frobnicate(title)", 1, "unknown function 'frobnicate'");
    check_error("email_domain in free_mails", 17, "unknown list 'free_mails'; did you mean 'free_mail'?");
    check_error("country in countries", 12, "unknown list 'countries'");
    check_error("country in title", 12,
                "'title' is a field, not a list; write a list such as [\"a\", \"b\"] or name a list from the "
                "'lists' section of leads.yaml");
  }

  SUBCASE("email_domain needs an email column") {
    Schema schema;
    schema.columns = {"title"};
    Error error = compile_error("email_domain == \"a.com\"", {}, schema);
    CHECK(error.message() == "unknown field 'email_domain'; email_domain needs an 'email' column");
    Error list = compile_error("title in free_mail", {}, schema);
    CHECK(list.message() ==
          "unknown list 'free_mail'; named lists come from the 'lists' section of leads.yaml");
  }

  SUBCASE("function arity and argument types") {
    check_error("days_since(created_at, title) > 1", 1, "days_since() takes 1 argument, found 2");
    check_error("title == \"a\" or contains(title)", 17, "contains() takes 2 arguments, found 1");
    check_error("len() > 1", 1, "len() takes 1 argument, found 0");
    check_error("len(5) > 1", 5, "len() takes text, found a number");
    check_error("lower(title == \"a\")", 7, "lower() takes text, found a condition (true or false)");
    check_error("contains(title \"a\")", 16,
                "expected ',' or ')' after an argument of contains(), found the "
                "string \"a\"");
    check_error("lower(title", 12,
                "expected ',' or ')' after an argument of lower(), found the end of the "
                "expression");
  }

  SUBCASE("type checks") {
    check_error("\"abc\" > true", 9, "'>' cannot order a condition (true or false); use == or !=");
    check_error("title ~ 5", 9, "expected a regular expression in quotes after '~', found the number 5");
    check_error("title !~ employees", 10,
                "expected a regular expression in quotes after '!~', found the name 'employees'");
    check_error("5 ~ \"a\"", 1, "'~' matches text, found a number");
    check_error(
        "country in \"US\"", 12,
        "expected a list such as [\"DE\", \"AT\"] or a named list after 'in', found the string \"US\"");
    check_error("5 and title", 1, "expected a condition, found a number; compare it with ==, <, ~ or in");
    check_error("title or \"x\"", 10, "expected a condition, found a string; compare it with ==, <, ~ or in");
    check_error("42", 1, "expected a condition, found a number; compare it with ==, <, ~ or in");
    check_error("null", 1, "expected a condition, found null; compare it with ==, <, ~ or in");
    check_error("not len(title)", 5, "expected a condition, found a number; compare it with ==, <, ~ or in");
    check_error("true == 1", 9, "cannot compare a condition (true or false) with a number");
    check_error("do_not_contact == \"yes\" or true == \"x\"", 36,
                "cannot compare a condition (true or false) with a string");
    check_error("len(title) > \"many\"", 14, "cannot compare a number with a string");
    check_error("1 < \"many\"", 5, "cannot compare a number with a string");
    check_error("title > null", 9, "null can only be compared with == or !=, not '>'");
    check_error("true in [\"a\"]", 1, "'in' looks up text or a number, found a condition (true or false)");
    check_error("country in [\"DE\", title]", 19,
                "expected a string or a number in the list, found the name 'title'");
    check_error("country in [\"DE\" \"AT\"]", 18, "expected ',' or ']' in the list, found the string \"AT\"");
    check_error("[\"DE\"] == country", 1,
                "a list can only follow 'in' or 'not in', as in country in [\"DE\", \"AT\"]");
    check_error("employees > -title", 13, "'-' must be followed by a number, found the name 'title'");
  }

  SUBCASE("valid mixed types compile") {
    Schema schema = test_schema();
    CHECK_NOTHROW(Expression::compile("title", schema));
    CHECK_NOTHROW(Expression::compile("lower(title)", schema));
    CHECK_NOTHROW(Expression::compile("employees > \"200\"", schema));
    CHECK_NOTHROW(Expression::compile("do_not_contact == true", schema));
    CHECK_NOTHROW(Expression::compile("len(title) == null", schema));
  }

  SUBCASE("syntax") {
    check_error("", 1, "empty expression; write a condition such as 'country == \"US\"'");
    check_error("   ", 1, "empty expression; write a condition such as 'country == \"US\"'");
    check_error("title ==", 9, "expected a value, found the end of the expression");
    check_error("title == and", 10, "expected a value, found 'and'");
    check_error("title \"vp\"", 7,
                "expected 'and', 'or' or the end of the expression, found the string \"vp\"");
    check_error("(title == \"a\"", 14,
                "expected ')' to close the '(' at column 1, found the end of the expression");
    check_error("title == \"a\")", 13, "expected 'and', 'or' or the end of the expression, found ')'");
    check_error("employees > 1 < 5", 15, "comparisons cannot be chained; join them with 'and' (found '<')");
    check_error("title == \"a\" not in [\"b\"]", 14,
                "comparisons cannot be chained; join them with 'and' (found 'not')");
    check_error("title = \"a\"", 7, "'=' is not an operator; use '==' to compare");
    check_error("title & x", 7, "'&' is not an operator; use 'and' (or '&&')");
    check_error("title | x", 7, "'|' is not an operator; use 'or' (or '||')");
    check_error("title == \"vp", 10, "unterminated string: no closing \" for this one");
    check_error("title == 'vp", 10, "unterminated string: no closing ' for this one");
    check_error("employees > 200k", 13, "invalid number '200k'");
    check_error("employees > 1.", 13, "invalid number '1.'");
    check_error("employees > 1.2.3", 13, "invalid number '1.2.3'");
    check_error("title == @", 10, "unexpected character '@'");
    check_error("title == \"a\" ; true", 14, "unexpected character ';'");
  }

  SUBCASE("regular expressions compile once, and bad ones point at the literal") {
    Error error = compile_error("employees > 5 and title ~ \"(vp|head\"");
    CHECK(error.column() == 27);
    CHECK(error.message() == "invalid regular expression: missing ): (vp|head");
    CHECK(error.hint() == "  employees > 5 and title ~ \"(vp|head\"\n                            ^~~~~~~~~~");
    check_error("title !~ \"a**\"", 10, "invalid regular expression: bad repetition operator: **");
    check_error("title ~ \"(?<name>x)\"", 9, "invalid regular expression: invalid perl operator: (?<");
  }

  SUBCASE("the caret counts characters, not bytes, and shows newlines as spaces") {
    Error error = compile_error("title == \"é\" and\nbogus");
    CHECK(error.column() == 19);
    CHECK(error.hint() == "  title == \"é\" and bogus\n                   ^~~~~");
  }

  SUBCASE("nesting is bounded") {
    std::string deep(1000, '(');
    deep += "true";
    deep += std::string(1000, ')');
    Error error = compile_error(deep);
    CHECK(error.message() == "expression nested too deeply; split it into simpler rules");
    std::string nots;
    for (int i = 0; i < 1000; ++i) {
      nots += "not ";
    }
    CHECK(compile_error(nots + "true").message() ==
          "expression nested too deeply; split it into simpler rules");
    std::string chain = "true";
    for (int i = 0; i < 1000; ++i) {
      chain += " and true";
    }
    CHECK(compile_error(chain).message() == "expression nested too deeply; split it into simpler rules");
  }
}
