#include <leads/expr/expr.hpp>

#include <leads/expr/eval.hpp>
#include <leads/expr/parser.hpp>

namespace leads::expr {

struct Expression::Impl {
  std::string text;
  Program program;
};

Expression::Expression() = default;
Expression::Expression(Expression&&) noexcept = default;
Expression& Expression::operator=(Expression&&) noexcept = default;
Expression::~Expression() = default;

Expression Expression::compile(std::string_view text, const Schema& schema, const Origin& origin) {
  Expression expression;
  expression.m_impl = std::make_unique<Impl>();
  expression.m_impl->text = std::string(text);
  expression.m_impl->program = compile_program(Source{text, origin}, schema);
  return expression;
}

bool Expression::matches(std::span<const std::string> row, const Context& context) const {
  return evaluate(m_impl->program, row, context);
}

bool Expression::matches(std::span<const std::string_view> row, const Context& context) const {
  return evaluate(m_impl->program, row, context);
}

const std::string& Expression::text() const {
  return m_impl->text;
}

} // namespace leads::expr
