#include <leads/expr/lexer.hpp>

#include <doctest/doctest.h>

#include <string>
#include <vector>

using leads::expr::Source;
using leads::expr::Token;
using leads::expr::tokenize;
using leads::expr::TokenKind;

namespace {

std::vector<TokenKind> kinds(std::string_view text) {
  std::vector<TokenKind> out;
  for (const Token& token : tokenize(Source{text, {}})) {
    out.push_back(token.kind);
  }
  return out;
}

} // namespace

TEST_CASE("expr::tokenize") {
  SUBCASE("operators and punctuation") {
    using K = TokenKind;
    CHECK(kinds("== != < <= > >= ~ !~ ! && || - ( ) [ ] ,") ==
          std::vector<K>{K::eq, K::ne, K::lt, K::le, K::gt, K::ge, K::match, K::not_match, K::kw_not,
                         K::kw_and, K::kw_or, K::minus, K::lparen, K::rparen, K::lbracket, K::rbracket,
                         K::comma, K::end});
    CHECK(kinds("a<=b") == std::vector<K>{K::name, K::le, K::name, K::end});
    CHECK(kinds("!x") == std::vector<K>{K::kw_not, K::name, K::end});
  }

  SUBCASE("keywords in any case, names otherwise") {
    using K = TokenKind;
    CHECK(kinds("and OR Not iN True FALSE null") == std::vector<K>{K::kw_and, K::kw_or, K::kw_not, K::kw_in,
                                                                   K::kw_true, K::kw_false, K::kw_null,
                                                                   K::end});
    std::vector<Token> tokens = tokenize(Source{"  android _x9 nothing", {}});
    REQUIRE(tokens.size() == 4);
    CHECK(tokens[0].kind == K::name);
    CHECK(tokens[0].text == "android");
    CHECK(tokens[0].offset == 2);
    CHECK(tokens[0].length == 7);
    CHECK(tokens[1].text == "_x9");
    CHECK(tokens[2].text == "nothing");
    CHECK(tokens[3].offset == 21);
  }

  SUBCASE("numbers") {
    std::vector<Token> tokens = tokenize(Source{"200 3.25 007", {}});
    REQUIRE(tokens.size() == 4);
    CHECK(tokens[0].number == 200);
    CHECK(tokens[1].number == 3.25);
    CHECK(tokens[1].length == 4);
    CHECK(tokens[2].number == 7);
  }

  SUBCASE("strings and escapes") {
    std::vector<Token> tokens = tokenize(Source{R"("a\"b" 'c\'d' "\\ \n \t \r" "\d\b" "é")", {}});
    REQUIRE(tokens.size() == 6);
    CHECK(tokens[0].text == "a\"b");
    CHECK(tokens[0].length == 6);
    CHECK(tokens[1].text == "c'd");
    CHECK(tokens[2].text == "\\ \n \t \r");
    CHECK(tokens[3].text == "\\d\\b");
    CHECK(tokens[4].text == "é");
    CHECK(tokens[4].length == 4);
  }

  SUBCASE("errors point at the bad text") {
    auto column_of = [](std::string_view text) {
      try {
        tokenize(Source{text, {leads::ErrorKind::config, "leads.yaml", 3, 10, {}}});
      } catch (const leads::Error& error) {
        CHECK(error.kind() == leads::ErrorKind::config);
        CHECK(error.line() == 3);
        return error.column();
      }
      FAIL("no error for " << text);
      return 0L;
    };
    CHECK(column_of("a = b") == 12);
    CHECK(column_of("\"open") == 10);
    CHECK(column_of("x 12ab") == 12);
    CHECK(column_of("x $") == 12);
    CHECK(column_of("x \xc3\xa9") == 12);
  }

  SUBCASE("describe") {
    std::string text = "x && 'y' 5 ==";
    std::vector<Token> tokens = tokenize(Source{text, {}});
    CHECK(describe(tokens[0], text) == "the name 'x'");
    CHECK(describe(tokens[1], text) == "'&&'");
    CHECK(describe(tokens[2], text) == "the string 'y'");
    CHECK(describe(tokens[3], text) == "the number 5");
    CHECK(describe(tokens[4], text) == "'=='");
    CHECK(describe(tokens[5], text) == "the end of the expression");
  }
}
