#include <leads/expr/parser.hpp>

#include <leads/expr/functions.hpp>
#include <leads/expr/lexer.hpp>
#include <leads/lead/fields.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace leads::expr {

namespace {

// Deeper nesting than this is refused, so that neither parsing nor evaluation can
// exhaust the stack.
constexpr std::size_t k_max_depth = 256;

// The name of the derived field computed from the `email` column.
constexpr std::string_view k_email_domain = k_derived_field_names[0];

// A parsed sub-expression: its node, what it is known to be and where it is in the text.
struct Operand {
  std::uint32_t node = 0;
  Type type = Type::null;
  bool literal = false;
  std::size_t begin = 0;
  std::size_t end = 0;
  std::size_t depth = 1;
  std::string_view field; // the column's name, when the operand is a column
};

// The lead columns that hold numbers (`leads check` holds the store to it for
// score, fit and engagement; employees is a count, or a range as written).
bool is_numeric_field(std::string_view name) {
  return name == field_name(Field::employees) || name == field_name(Field::score) ||
         name == field_name(Field::fit) || name == field_name(Field::engagement);
}

bool is_ordering(TokenKind kind) {
  return kind == TokenKind::lt || kind == TokenKind::le || kind == TokenKind::gt || kind == TokenKind::ge;
}

std::string_view type_phrase(Type type) {
  switch (type) {
  case Type::boolean:
    return "a condition (true or false)";
  case Type::number:
    return "a number";
  case Type::text:
    return "text";
  case Type::null:
    return "null";
  }
  return "a value";
}

bool is_comparison(TokenKind kind) {
  switch (kind) {
  case TokenKind::eq:
  case TokenKind::ne:
  case TokenKind::lt:
  case TokenKind::le:
  case TokenKind::gt:
  case TokenKind::ge:
  case TokenKind::match:
  case TokenKind::not_match:
  case TokenKind::kw_in:
    return true;
  default:
    return false;
  }
}

Op comparison_op(TokenKind kind) {
  switch (kind) {
  case TokenKind::eq:
    return Op::eq;
  case TokenKind::ne:
    return Op::ne;
  case TokenKind::lt:
    return Op::lt;
  case TokenKind::le:
    return Op::le;
  case TokenKind::gt:
    return Op::gt;
  default:
    return Op::ge;
  }
}

class Compiler {
public:
  Compiler(const Source& source, const Schema& schema)
      : m_source(source), m_schema(schema), m_tokens(tokenize(source)) {
    auto email = std::find(schema.columns.begin(), schema.columns.end(), "email");
    bool shadowed =
        std::find(schema.columns.begin(), schema.columns.end(), k_email_domain) != schema.columns.end();
    if (email != schema.columns.end() && !shadowed) {
      m_email_column = static_cast<std::uint32_t>(email - schema.columns.begin());
      m_has_email_domain = true;
    }
  }

  Program run() {
    if (peek().kind == TokenKind::end) {
      fail(m_source, 0, m_source.text.size(),
           "empty expression; write a condition such as 'country == \"US\"'");
    }
    Operand whole = parse_or();
    if (peek().kind != TokenKind::end) {
      fail_at(peek(),
              fmt::format("expected 'and', 'or' or the end of the expression, found {}", describe(peek())));
    }
    m_program.root = condition(whole).node;
    return std::move(m_program);
  }

private:
  const Token& peek(std::size_t ahead = 0) const {
    return m_tokens[std::min(m_pos + ahead, m_tokens.size() - 1)];
  }

  const Token& take() {
    const Token& token = m_tokens[m_pos];
    if (token.kind != TokenKind::end) {
      ++m_pos;
    }
    return token;
  }

  std::string describe(const Token& token) const { return expr::describe(token, m_source.text); }

  [[noreturn]] void fail_at(const Token& token, std::string message) const {
    fail(m_source, token.offset, token.length, std::move(message));
  }

  [[noreturn]] void fail_at(const Operand& operand, std::string message) const {
    fail(m_source, operand.begin, operand.end - operand.begin, std::move(message));
  }

  Operand add(Node node, Type type, std::size_t begin, std::size_t end, std::size_t depth,
              bool literal = false) {
    if (depth > k_max_depth) {
      fail(m_source, begin, end - begin, "expression nested too deeply; split it into simpler rules");
    }
    m_program.nodes.push_back(node);
    return {static_cast<std::uint32_t>(m_program.nodes.size() - 1), type, literal, begin, end, depth};
  }

  // The operand as a condition: booleans as they are, fields and text read as
  // true/false; anything else is an error.
  Operand condition(const Operand& operand) {
    if (operand.type == Type::boolean) {
      return operand;
    }
    if (operand.type == Type::text && !operand.literal) {
      Node node{Op::truthy, operand.node, 0, 0, 0, {}};
      return add(node, Type::boolean, operand.begin, operand.end, operand.depth + 1);
    }
    fail_at(operand, fmt::format("expected a condition, found {}; compare it with ==, <, ~ or in",
                                 operand.literal && operand.type == Type::text ? "a string"
                                                                               : type_phrase(operand.type)));
  }

  Operand logical(Op op, const Operand& left, const Operand& right) {
    Node node{op, left.node, right.node, 0, 0, {}};
    return add(node, Type::boolean, left.begin, right.end, std::max(left.depth, right.depth) + 1);
  }

  Operand parse_or() {
    Operand left = parse_and();
    while (peek().kind == TokenKind::kw_or) {
      take();
      Operand right = parse_and();
      left = logical(Op::logical_or, condition(left), condition(right));
    }
    return left;
  }

  Operand parse_and() {
    Operand left = parse_not();
    while (peek().kind == TokenKind::kw_and) {
      take();
      Operand right = parse_not();
      left = logical(Op::logical_and, condition(left), condition(right));
    }
    return left;
  }

  Operand parse_not() {
    if (peek().kind == TokenKind::kw_not) {
      const Token& token = take();
      if (++m_nesting > k_max_depth) {
        fail_at(token, "expression nested too deeply; split it into simpler rules");
      }
      Operand inner = condition(parse_not());
      --m_nesting;
      Node node{Op::logical_not, inner.node, 0, 0, 0, {}};
      return add(node, Type::boolean, token.offset, inner.end, inner.depth + 1);
    }
    return parse_comparison();
  }

  Operand parse_comparison() {
    Operand left = parse_operand();
    bool negated_in = peek().kind == TokenKind::kw_not && peek(1).kind == TokenKind::kw_in;
    if (!is_comparison(peek().kind) && !negated_in) {
      return left;
    }
    if (negated_in) {
      take();
    }
    const Token& op = take();
    Operand result;
    if (op.kind == TokenKind::kw_in) {
      result = parse_in(left, negated_in);
    } else if (op.kind == TokenKind::match || op.kind == TokenKind::not_match) {
      result = parse_match(left, op);
    } else {
      result = compare(left, op, parse_operand());
    }
    if (is_comparison(peek().kind) ||
        (peek().kind == TokenKind::kw_not && peek(1).kind == TokenKind::kw_in)) {
      fail_at(peek(), fmt::format("comparisons cannot be chained; join them with 'and' (found {})",
                                  describe(peek())));
    }
    return result;
  }

  Operand compare(const Operand& left, const Token& op, const Operand& right) {
    bool equality = op.kind == TokenKind::eq || op.kind == TokenKind::ne;
    std::size_t depth = std::max(left.depth, right.depth) + 1;
    for (const Operand* side : {&left, &right}) {
      const Operand& other = side == &left ? right : left;
      bool empty_literal =
          side->literal && side->type == Type::text && m_program.nodes[side->node].value.text.empty();
      if (equality && (side->type == Type::null || empty_literal)) {
        Op check = op.kind == TokenKind::eq ? Op::is_null : Op::is_not_null;
        return add(Node{check, other.node, 0, 0, 0, {}}, Type::boolean, left.begin, right.end, depth);
      }
    }
    for (const Operand* side : {&left, &right}) {
      if (side->type == Type::null) {
        fail_at(*side, fmt::format("null can only be compared with == or !=, not {}", describe(op)));
      }
      if (!equality && side->type == Type::boolean) {
        fail_at(*side,
                fmt::format("{} cannot order a condition (true or false); use == or !=", describe(op)));
      }
    }
    check_comparable(left, right);
    for (const Operand* side : {&left, &right}) {
      const Operand& other = side == &left ? right : left;
      if (!is_string_literal(other)) {
        continue;
      }
      const Value& value = m_program.nodes[other.node].value;
      if (is_ordering(op.kind) && is_numeric_field(side->field) && !value.has_number) {
        fail_at(other, fmt::format("cannot compare {} (a number) with the text {}; compare it with a number",
                                   side->field, describe_literal(other)));
      }
      if (equality && side->field == field_name(Field::stage)) {
        check_stage(value.text, other.begin, other.end - other.begin);
      }
    }
    Node node{comparison_op(op.kind), left.node, right.node, 0, 0, {}};
    fuse_literal(node, left, right);
    return add(node, Type::boolean, left.begin, right.end, depth);
  }

  // Turns "x OP literal" (or "literal OP x") into compare_number / compare_text,
  // which skip evaluating the literal and re-checking its type on every row.
  void fuse_literal(Node& node, const Operand& left, const Operand& right) const {
    if (left.literal == right.literal || left.type == Type::boolean || right.type == Type::boolean) {
      return;
    }
    const Operand& constant = left.literal ? left : right;
    const Operand& other = left.literal ? right : left;
    const Value& value = m_program.nodes[constant.node].value;
    Op cmp = node.op;
    if (left.literal) {
      cmp = cmp == Op::lt   ? Op::gt
            : cmp == Op::gt ? Op::lt
            : cmp == Op::le ? Op::ge
            : cmp == Op::ge ? Op::le
                            : cmp;
    }
    if (constant.type == Type::number) {
      node = Node{Op::compare_number, other.node, 0, 0, 0, value, cmp};
    } else if (constant.type == Type::text && other.type == Type::text && !value.has_number) {
      node = Node{Op::compare_text, other.node, 0, 0, 0, value, cmp};
    }
  }

  static bool is_string_literal(const Operand& o) { return o.literal && o.type == Type::text; }

  std::string describe_literal(const Operand& operand) const {
    return std::string(m_source.text.substr(operand.begin, operand.end - operand.begin));
  }

  // A stage the configuration does not have, compared with `stage` or listed
  // after `stage in`: a typo that would select nothing.
  void check_stage(std::string_view name, std::size_t offset, std::size_t length) const {
    if (m_schema.stages.empty() || name.empty() ||
        std::find(m_schema.stages.begin(), m_schema.stages.end(), name) != m_schema.stages.end()) {
      return;
    }
    const std::vector<std::string_view> stages(m_schema.stages.begin(), m_schema.stages.end());
    std::string suggestion = did_you_mean(name, stages);
    if (suggestion.empty()) {
      std::string all;
      for (std::string_view stage : stages) {
        all += fmt::format("{}{}", all.empty() ? "" : ", ", stage);
      }
      suggestion = fmt::format("; the stages (in leads.yaml) are {}", all);
    }
    fail(m_source, offset, length, fmt::format("unknown stage '{}'{}", name, suggestion));
  }

  // Refuses comparisons whose operand types can never match.
  void check_comparable(const Operand& left, const Operand& right) const {
    auto mismatch = [&](std::string_view a, std::string_view b) {
      fail_at(right, fmt::format("cannot compare {} with {}", a, b));
    };
    if ((left.type == Type::boolean) != (right.type == Type::boolean)) {
      const Operand& other = left.type == Type::boolean ? right : left;
      if (other.type == Type::number) {
        mismatch(type_phrase(left.type), type_phrase(right.type));
      }
      if (is_string_literal(other)) {
        mismatch(left.type == Type::boolean ? type_phrase(Type::boolean) : "a string",
                 right.type == Type::boolean ? type_phrase(Type::boolean) : "a string");
      }
    }
    for (const Operand* side : {&left, &right}) {
      const Operand& other = side == &left ? right : left;
      if (side->type == Type::number && is_string_literal(other) &&
          !m_program.nodes[other.node].value.has_number) {
        mismatch(side == &left ? "a number" : "a string", side == &left ? "a string" : "a number");
      }
    }
  }

  Operand parse_match(const Operand& left, const Token& op) {
    if (left.type != Type::text) {
      fail_at(left, fmt::format("{} matches text, found {}", describe(op), type_phrase(left.type)));
    }
    const Token& pattern = take();
    if (pattern.kind != TokenKind::string) {
      fail_at(pattern, fmt::format("expected a regular expression in quotes after {}, found {}", describe(op),
                                   describe(pattern)));
    }
    std::string error;
    auto compiled = Pattern::compile(pattern.text, error);
    if (!compiled) {
      fail_at(pattern, fmt::format("invalid regular expression: {}", error));
    }
    m_program.patterns.push_back(std::move(compiled));
    Op code = op.kind == TokenKind::match ? Op::matches : Op::not_matches;
    Node node{code, left.node, 0, static_cast<std::uint32_t>(m_program.patterns.size() - 1), 0, {}};
    return add(node, Type::boolean, left.begin, pattern.offset + pattern.length, left.depth + 1);
  }

  Operand parse_in(const Operand& left, bool negated) {
    if (left.type != Type::text && left.type != Type::number) {
      fail_at(left, fmt::format("'in' looks up text or a number, found {}", type_phrase(left.type)));
    }
    const Token& start = take();
    ListSet list;
    std::size_t end = start.offset + start.length;
    if (start.kind == TokenKind::name) {
      auto found = m_schema.lists.find(start.text);
      if (found == m_schema.lists.end()) {
        fail_at(start, unknown_list_message(start.text));
      }
      list.texts = found->second;
    } else if (start.kind == TokenKind::lbracket) {
      end = parse_list_literal(list, left.field == field_name(Field::stage));
    } else {
      fail_at(start,
              fmt::format("expected a list such as [\"DE\", \"AT\"] or a named list after 'in', found {}",
                          describe(start)));
    }
    list.finish();
    m_program.lists.push_back(std::move(list));
    auto index = static_cast<std::uint32_t>(m_program.lists.size() - 1);
    Node node{negated ? Op::not_in_list : Op::in_list, left.node, 0, index, 0, {}};
    return add(node, Type::boolean, left.begin, end, left.depth + 1);
  }

  std::string unknown_list_message(const std::string& name) const {
    if (field_index(name) || (name == k_email_domain && m_has_email_domain)) {
      return fmt::format("'{}' is a field, not a list; write a list such as [\"a\", \"b\"] or name a list "
                         "from the 'lists' section of leads.yaml",
                         name);
    }
    std::vector<std::string_view> names;
    for (const auto& [list_name, values] : m_schema.lists) {
      names.push_back(list_name);
    }
    std::string suggestion = did_you_mean(name, names);
    if (suggestion.empty() && names.empty()) {
      suggestion = "; named lists come from the 'lists' section of leads.yaml";
    }
    return fmt::format("unknown list '{}'{}", name, suggestion);
  }

  // Reads the elements of "[...]" after the '['; returns the end offset of
  // the ']'. stages: the list is of stages (`stage in [...]`).
  std::size_t parse_list_literal(ListSet& list, bool stages) {
    while (peek().kind != TokenKind::rbracket) {
      const Token& token = take();
      if (token.kind == TokenKind::string) {
        if (stages) {
          check_stage(token.text, token.offset, token.length);
        }
        list.texts.push_back(token.text);
      } else if (token.kind == TokenKind::number) {
        list.numbers.push_back(token.number);
      } else if (token.kind == TokenKind::minus && peek().kind == TokenKind::number) {
        list.numbers.push_back(-take().number);
      } else {
        fail_at(token, fmt::format("expected a string or a number in the list, found {}", describe(token)));
      }
      if (peek().kind == TokenKind::comma) {
        take();
      } else if (peek().kind != TokenKind::rbracket) {
        fail_at(peek(), fmt::format("expected ',' or ']' in the list, found {}", describe(peek())));
      }
    }
    const Token& close = take();
    return close.offset + close.length;
  }

  Operand parse_operand() {
    const Token& token = take();
    std::size_t begin = token.offset;
    std::size_t end = token.offset + token.length;
    switch (token.kind) {
    case TokenKind::number:
      return literal(Value::make_number(token.number), Type::number, begin, end);
    case TokenKind::minus: {
      const Token& number = take();
      if (number.kind != TokenKind::number) {
        fail_at(token, fmt::format("'-' must be followed by a number, found {}", describe(number)));
      }
      return literal(Value::make_number(-number.number), Type::number, begin, number.offset + number.length);
    }
    case TokenKind::string: {
      const std::string& text = m_program.strings.emplace_back(token.text);
      Value value = Value::make_text(text);
      auto number = number_from_text(text);
      value.number_known = true;
      value.has_number = number.has_value();
      value.number = number.value_or(0);
      return literal(value, Type::text, begin, end);
    }
    case TokenKind::kw_true:
      return literal(Value::make_bool(true), Type::boolean, begin, end);
    case TokenKind::kw_false:
      return literal(Value::make_bool(false), Type::boolean, begin, end);
    case TokenKind::kw_null:
      return literal(Value::make_null(), Type::null, begin, end);
    case TokenKind::lparen:
      return parse_group(token);
    case TokenKind::name:
      return peek().kind == TokenKind::lparen ? parse_call(token) : field(token);
    case TokenKind::lbracket:
      fail_at(token, "a list can only follow 'in' or 'not in', as in country in [\"DE\", \"AT\"]");
    default:
      fail_at(token, fmt::format("expected a value, found {}", describe(token)));
    }
  }

  Operand literal(const Value& value, Type type, std::size_t begin, std::size_t end) {
    Node node{Op::literal, 0, 0, 0, 0, value};
    return add(node, type, begin, end, 1, true);
  }

  Operand parse_group(const Token& open) {
    if (++m_nesting > k_max_depth) {
      fail_at(open, "expression nested too deeply; split it into simpler rules");
    }
    Operand inner = parse_or();
    --m_nesting;
    const Token& close = take();
    if (close.kind != TokenKind::rparen) {
      fail_at(close, fmt::format("expected ')' to close the '(' at column {}, found {}",
                                 m_source.origin.at(open.offset).second, describe(close)));
    }
    inner.begin = open.offset;
    inner.end = close.offset + close.length;
    return inner;
  }

  std::optional<std::uint32_t> field_index(std::string_view name) const {
    auto found = std::find(m_schema.columns.begin(), m_schema.columns.end(), name);
    if (found == m_schema.columns.end()) {
      return std::nullopt;
    }
    return static_cast<std::uint32_t>(found - m_schema.columns.begin());
  }

  Operand field(const Token& token) {
    std::size_t end = token.offset + token.length;
    if (auto index = field_index(token.text)) {
      Operand operand = add(Node{Op::field, 0, 0, *index, 0, {}}, Type::text, token.offset, end, 1);
      operand.field = m_schema.columns[*index];
      return operand;
    }
    if (token.text == k_email_domain && m_has_email_domain) {
      Node node{Op::email_domain, 0, 0, m_email_column, m_program.slots++, {}};
      return add(node, Type::text, token.offset, end, 1);
    }
    if (m_schema.lists.count(token.text) != 0) {
      fail_at(token, fmt::format("'{}' is a list; use it after 'in', as in email_domain in {}", token.text,
                                 token.text));
    }
    std::vector<std::string_view> names(m_schema.columns.begin(), m_schema.columns.end());
    if (m_has_email_domain) {
      names.push_back(k_email_domain);
    }
    std::string message = fmt::format("unknown field '{}'{}", token.text, did_you_mean(token.text, names));
    if (token.text == k_email_domain) {
      message += "; email_domain needs an 'email' column";
    }
    fail_at(token, std::move(message));
  }

  Operand parse_call(const Token& name) {
    const Function* function = find_function(name.text);
    if (function == nullptr) {
      fail_at(name,
              fmt::format("unknown function '{}'{}", name.text, did_you_mean(name.text, function_names())));
    }
    const Token& open = take();
    if (++m_nesting > k_max_depth) {
      fail_at(open, "expression nested too deeply; split it into simpler rules");
    }
    std::vector<Operand> arguments;
    while (peek().kind != TokenKind::rparen) {
      if (!arguments.empty()) {
        const Token& comma = take();
        if (comma.kind != TokenKind::comma) {
          fail_at(comma, fmt::format("expected ',' or ')' after an argument of {}(), found {}", name.text,
                                     describe(comma)));
        }
      }
      Operand argument = parse_comparison();
      if (argument.type != Type::text) {
        fail_at(argument, fmt::format("{}() takes text, found {}", name.text, type_phrase(argument.type)));
      }
      arguments.push_back(argument);
    }
    --m_nesting;
    const Token& close = take();
    if (arguments.size() != function->arity) {
      fail(m_source, name.offset, close.offset + close.length - name.offset,
           fmt::format("{}() takes {} argument{}, found {}", name.text, function->arity,
                       function->arity == 1 ? "" : "s", arguments.size()));
    }
    Node node{function->op, arguments[0].node, 0, 0, 0, {}};
    std::size_t depth = arguments[0].depth;
    if (arguments.size() > 1) {
      node.b = arguments[1].node;
      depth = std::max(depth, arguments[1].depth);
    }
    if (function->op == Op::lower || function->op == Op::upper) {
      node.slot = m_program.slots++;
    }
    return add(node, function->result, name.offset, close.offset + close.length, depth + 1);
  }

  const Source& m_source;
  const Schema& m_schema;
  std::vector<Token> m_tokens;
  std::size_t m_pos = 0;
  std::size_t m_nesting = 0;
  bool m_has_email_domain = false;
  std::uint32_t m_email_column = 0;
  Program m_program;
};

} // namespace

Program compile_program(const Source& source, const Schema& schema) {
  return Compiler(source, schema).run();
}

} // namespace leads::expr
