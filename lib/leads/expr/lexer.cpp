#include <leads/expr/lexer.hpp>
#include <leads/text/strings.hpp>

#include <fmt/format.h>

#include <array>
#include <charconv>
#include <strings.h>
#include <utility>

namespace leads::expr {

namespace {

bool is_name_start(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
bool is_name_char(char c) {
  return is_name_start(c) || text::is_digit(c);
}

// Words with a meaning of their own (any letter case); they cannot name fields.
constexpr std::array<std::pair<std::string_view, TokenKind>, 7> k_keywords = {{
    {"and", TokenKind::kw_and},
    {"or", TokenKind::kw_or},
    {"not", TokenKind::kw_not},
    {"in", TokenKind::kw_in},
    {"true", TokenKind::kw_true},
    {"false", TokenKind::kw_false},
    {"null", TokenKind::kw_null},
}};

TokenKind keyword_or_name(std::string_view word) {
  for (const auto& [keyword, kind] : k_keywords) {
    if (word.size() == keyword.size() && strncasecmp(word.data(), keyword.data(), word.size()) == 0) {
      return kind;
    }
  }
  return TokenKind::name;
}

class Lexer {
public:
  explicit Lexer(const Source& source) : m_source(source), m_text(source.text) {}

  std::vector<Token> run() {
    std::vector<Token> tokens;
    while (true) {
      skip_space();
      if (m_pos >= m_text.size()) {
        tokens.push_back(Token{TokenKind::end, m_text.size(), 0, {}, 0});
        return tokens;
      }
      tokens.push_back(next());
    }
  }

private:
  void skip_space() {
    while (m_pos < m_text.size() && (m_text[m_pos] == ' ' || m_text[m_pos] == '\t' || m_text[m_pos] == '\n' ||
                                     m_text[m_pos] == '\r')) {
      ++m_pos;
    }
  }

  char peek(std::size_t ahead = 0) const {
    return m_pos + ahead < m_text.size() ? m_text[m_pos + ahead] : '\0';
  }

  Token make(TokenKind kind, std::size_t length) {
    Token token{kind, m_pos, length, {}, 0};
    m_pos += length;
    return token;
  }

  Token next() {
    char c = peek();
    if (is_name_start(c)) {
      return name();
    }
    if (text::is_digit(c)) {
      return number();
    }
    switch (c) {
    case '"':
    case '\'':
      return string(c);
    case '(':
      return make(TokenKind::lparen, 1);
    case ')':
      return make(TokenKind::rparen, 1);
    case '[':
      return make(TokenKind::lbracket, 1);
    case ']':
      return make(TokenKind::rbracket, 1);
    case ',':
      return make(TokenKind::comma, 1);
    case '~':
      return make(TokenKind::match, 1);
    case '-':
      return make(TokenKind::minus, 1);
    case '<':
      return peek(1) == '=' ? make(TokenKind::le, 2) : make(TokenKind::lt, 1);
    case '>':
      return peek(1) == '=' ? make(TokenKind::ge, 2) : make(TokenKind::gt, 1);
    case '!':
      if (peek(1) == '=') {
        return make(TokenKind::ne, 2);
      }
      return peek(1) == '~' ? make(TokenKind::not_match, 2) : make(TokenKind::kw_not, 1);
    case '=':
      if (peek(1) == '=') {
        return make(TokenKind::eq, 2);
      }
      fail(m_source, m_pos, 1, "'=' is not an operator; use '==' to compare");
    case '&':
      if (peek(1) == '&') {
        return make(TokenKind::kw_and, 2);
      }
      fail(m_source, m_pos, 1, "'&' is not an operator; use 'and' (or '&&')");
    case '|':
      if (peek(1) == '|') {
        return make(TokenKind::kw_or, 2);
      }
      fail(m_source, m_pos, 1, "'|' is not an operator; use 'or' (or '||')");
    default:
      break;
    }
    std::size_t length = 1;
    while (m_pos + length < m_text.size() &&
           (static_cast<unsigned char>(m_text[m_pos + length]) & 0xC0) == 0x80) {
      ++length;
    }
    fail(m_source, m_pos, length, fmt::format("unexpected character '{}'", m_text.substr(m_pos, length)));
  }

  Token name() {
    std::size_t end = m_pos;
    while (end < m_text.size() && is_name_char(m_text[end])) {
      ++end;
    }
    std::string_view word = m_text.substr(m_pos, end - m_pos);
    Token token = make(keyword_or_name(word), word.size());
    token.text = std::string(word);
    return token;
  }

  Token number() {
    std::size_t end = m_pos;
    while (end < m_text.size() && text::is_digit(m_text[end])) {
      ++end;
    }
    bool bad = false;
    if (end < m_text.size() && m_text[end] == '.') {
      ++end;
      bad = end >= m_text.size() || !text::is_digit(m_text[end]);
      while (end < m_text.size() && text::is_digit(m_text[end])) {
        ++end;
      }
    }
    while (end < m_text.size() && (is_name_char(m_text[end]) || m_text[end] == '.')) {
      bad = true;
      ++end;
    }
    std::string_view digits = m_text.substr(m_pos, end - m_pos);
    if (bad) {
      fail(m_source, m_pos, digits.size(), fmt::format("invalid number '{}'", digits));
    }
    Token token = make(TokenKind::number, digits.size());
    std::from_chars(digits.data(), digits.data() + digits.size(), token.number);
    return token;
  }

  Token string(char quote) {
    std::size_t start = m_pos;
    std::string value;
    std::size_t i = m_pos + 1;
    while (true) {
      if (i >= m_text.size()) {
        fail(m_source, start, 1, fmt::format("unterminated string: no closing {} for this one", quote));
      }
      char c = m_text[i];
      if (c == quote) {
        ++i;
        break;
      }
      if (c == '\\' && i + 1 < m_text.size()) {
        char e = m_text[i + 1];
        switch (e) {
        case 'n':
          value += '\n';
          break;
        case 't':
          value += '\t';
          break;
        case 'r':
          value += '\r';
          break;
        case '\\':
        case '"':
        case '\'':
          value += e;
          break;
        default: // kept as written, so that regexes read naturally: "\d+", "\bvp\b"
          value += '\\';
          value += e;
          break;
        }
        i += 2;
        continue;
      }
      value += c;
      ++i;
    }
    Token token = make(TokenKind::string, i - start);
    token.text = std::move(value);
    return token;
  }

  const Source& m_source;
  std::string_view m_text;
  std::size_t m_pos = 0;
};

} // namespace

std::vector<Token> tokenize(const Source& source) {
  return Lexer(source).run();
}

std::string describe(const Token& token, std::string_view text) {
  switch (token.kind) {
  case TokenKind::end:
    return "the end of the expression";
  case TokenKind::name:
    return fmt::format("the name '{}'", token.text);
  case TokenKind::number:
    return fmt::format("the number {}", text.substr(token.offset, token.length));
  case TokenKind::string:
    return fmt::format("the string {}", text.substr(token.offset, token.length));
  default:
    return fmt::format("'{}'", text.substr(token.offset, token.length));
  }
}

} // namespace leads::expr
