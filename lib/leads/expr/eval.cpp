#include <leads/expr/eval.hpp>

#include <leads/expr/functions.hpp>

#include <algorithm>

namespace leads::expr {

void ListSet::finish() {
  constexpr std::size_t k_hash_from = 16;
  if (texts.size() >= k_hash_from) {
    text_set.insert(texts.begin(), texts.end());
  }
}

bool ListSet::contains_text(std::string_view s) const {
  if (!text_set.empty()) {
    return text_set.find(s) != text_set.end();
  }
  return std::find(texts.begin(), texts.end(), s) != texts.end();
}

bool ListSet::contains_number(double n) const {
  return std::find(numbers.begin(), numbers.end(), n) != numbers.end();
}

namespace {

bool is_null(const Value& v) {
  return v.kind == Value::Kind::null || (v.kind == Value::Kind::text && v.text.empty());
}

// A value read as a condition.
bool truth(const Value& v) {
  switch (v.kind) {
  case Value::Kind::boolean:
    return v.boolean;
  case Value::Kind::text:
    return truthy_text(v.text);
  case Value::Kind::number:
    return v.number != 0;
  case Value::Kind::null:
    return false;
  }
  return false;
}

// The value as a number when it is one or is text that reads as one.
bool numeric(const Value& v, double& out) {
  if (v.kind == Value::Kind::number) {
    out = v.number;
    return true;
  }
  if (v.number_known) {
    out = v.number;
    return v.has_number;
  }
  auto number = number_from_text(v.text);
  out = number.value_or(0);
  return number.has_value();
}

template <typename T> bool ordered(Op op, const T& a, const T& b) {
  switch (op) {
  case Op::eq:
    return a == b;
  case Op::ne:
    return a != b;
  case Op::lt:
    return a < b;
  case Op::le:
    return a <= b;
  case Op::gt:
    return a > b;
  case Op::ge:
    return a >= b;
  default:
    return false;
  }
}

// Comparison rules (see leads-expressions(7)): booleans compare as conditions;
// null or empty on either side is false; numbers (and text that reads as one)
// compare as numbers; a number against other text is unequal; else text order.
bool compare(Op op, const Value& left, const Value& right) {
  if (left.kind == Value::Kind::boolean || right.kind == Value::Kind::boolean) {
    return ordered(op, truth(left), truth(right)) && (op == Op::eq || op == Op::ne);
  }
  if (is_null(left) || is_null(right)) {
    return false;
  }
  double a = 0;
  double b = 0;
  bool left_number = numeric(left, a);
  bool right_number = numeric(right, b);
  if (left_number && right_number) {
    return ordered(op, a, b);
  }
  if (left.kind == Value::Kind::number || right.kind == Value::Kind::number) {
    return op == Op::ne;
  }
  return ordered(op, left.text, right.text);
}

bool in_list(const ListSet& list, const Value& v) {
  if (v.kind == Value::Kind::number) {
    return list.contains_number(v.number);
  }
  if (list.contains_text(v.text)) {
    return true;
  }
  double n = 0;
  return !list.numbers.empty() && numeric(v, n) && list.contains_number(n);
}

std::string_view text_of(const Value& v) {
  return v.kind == Value::Kind::text ? v.text : std::string_view();
}

// "x OP number" for a value x that is a number, text or null.
bool compare_with_number(Op op, const Value& v, double number) {
  if (v.kind == Value::Kind::number) {
    return ordered(op, v.number, number);
  }
  if (v.kind != Value::Kind::text || v.text.empty()) {
    return false;
  }
  auto parsed = number_from_text(v.text);
  return parsed ? ordered(op, *parsed, number) : op == Op::ne;
}

template <typename Row> class Evaluator {
public:
  Evaluator(const Program& program, Row row, const Context& context, std::string* scratch)
      : m_program(program), m_row(row), m_context(context), m_scratch(scratch) {}

  // A node as a condition.
  bool test(std::uint32_t index) const {
    const Node& node = m_program.nodes[index];
    switch (node.op) {
    case Op::logical_not:
      return !test(node.a);
    case Op::logical_and:
      return test(node.a) && test(node.b);
    case Op::logical_or:
      return test(node.a) || test(node.b);
    case Op::truthy:
      return truth(value(node.a));
    case Op::compare_number:
      return compare_with_number(node.cmp, value(node.a), node.value.number);
    case Op::compare_text: {
      std::string_view text = text_of(value(node.a));
      return !text.empty() && ordered(node.cmp, text, node.value.text);
    }
    case Op::eq:
    case Op::ne:
    case Op::lt:
    case Op::le:
    case Op::gt:
    case Op::ge:
      return compare(node.op, value(node.a), value(node.b));
    case Op::is_null:
    case Op::is_empty:
      return is_null(value(node.a));
    case Op::is_not_null:
      return !is_null(value(node.a));
    case Op::matches:
    case Op::not_matches:
      return m_program.patterns[node.index]->search(text_of(value(node.a))) == (node.op == Op::matches);
    case Op::in_list:
    case Op::not_in_list: {
      Value v = value(node.a);
      return !is_null(v) && in_list(m_program.lists[node.index], v) == (node.op == Op::in_list);
    }
    case Op::contains:
      return text_of(value(node.a)).find(text_of(value(node.b))) != std::string_view::npos;
    case Op::starts_with:
      return text_of(value(node.a)).starts_with(text_of(value(node.b)));
    case Op::ends_with:
      return text_of(value(node.a)).ends_with(text_of(value(node.b)));
    default:
      return truth(value(index));
    }
  }

  // A node as a value.
  Value value(std::uint32_t index) const {
    const Node& node = m_program.nodes[index];
    switch (node.op) {
    case Op::literal:
      return node.value;
    case Op::field:
      return Value::make_text(cell(node.index));
    case Op::email_domain:
      return Value::make_text(domain_of_email(cell(node.index), m_scratch[node.slot]));
    case Op::days_since: {
      auto then = parse_timestamp(text_of(value(node.a)));
      if (!then) {
        return Value::make_null();
      }
      return Value::make_number(static_cast<double>(whole_days_between(*then, m_context.now)));
    }
    case Op::lower:
      return Value::make_text(to_lower(text_of(value(node.a)), m_scratch[node.slot]));
    case Op::upper:
      return Value::make_text(to_upper(text_of(value(node.a)), m_scratch[node.slot]));
    case Op::length:
      return Value::make_number(static_cast<double>(text_length(text_of(value(node.a)))));
    default:
      return Value::make_bool(test(index));
    }
  }

private:
  std::string_view cell(std::uint32_t column) const {
    return column < m_row.size() ? std::string_view(m_row[column]) : std::string_view();
  }

  const Program& m_program;
  Row m_row;
  const Context& m_context;
  std::string* m_scratch;
};

// The calling thread's scratch buffers for string results, at least `count` of them.
std::string* scratch_buffers(std::uint32_t count) {
  thread_local std::vector<std::string> buffers;
  if (buffers.size() < count) {
    buffers.resize(count);
  }
  return buffers.data();
}

template <typename Row> bool run(const Program& program, Row row, const Context& context) {
  Evaluator<Row> evaluator(program, row, context,
                           program.slots == 0 ? nullptr : scratch_buffers(program.slots));
  return evaluator.test(program.root);
}

} // namespace

bool evaluate(const Program& program, std::span<const std::string> row, const Context& context) {
  return run(program, row, context);
}

bool evaluate(const Program& program, std::span<const std::string_view> row, const Context& context) {
  return run(program, row, context);
}

} // namespace leads::expr
