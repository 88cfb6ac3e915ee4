#pragma once

#include <leads/expr/diagnostics.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace leads::expr {

enum class TokenKind : std::uint8_t {
  end,
  name,   // a field, function or named list
  number, // 200, 3.5
  string, // "..." or '...'
  lparen,
  rparen,
  lbracket,
  rbracket,
  comma,
  eq, // ==
  ne, // !=
  lt,
  le,
  gt,
  ge,
  match,     // ~
  not_match, // !~
  kw_and,    // and, &&
  kw_or,     // or, ||
  kw_not,    // not, !
  kw_in,
  kw_true,
  kw_false,
  kw_null,
  minus,
};

// One token: where it is in the expression (byte offset and length) and, for
// names and strings, its text (strings unescaped); for numbers, the value.
struct Token {
  TokenKind kind = TokenKind::end;
  std::size_t offset = 0;
  std::size_t length = 0;
  std::string text;
  double number = 0;
};

// Splits an expression into tokens, ending with one TokenKind::end token at the
// end of the text. Throws leads::Error (see fail()) for text that is no token.
std::vector<Token> tokenize(const Source& source);

// How a token of `text` is named in messages: "'and'", "the name 'title'", "the string \"vp\"".
std::string describe(const Token& token, std::string_view text);

} // namespace leads::expr
