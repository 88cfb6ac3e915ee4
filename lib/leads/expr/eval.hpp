#pragma once

#include <leads/expr/expr.hpp>
#include <leads/expr/program.hpp>

#include <span>
#include <string>
#include <string_view>

namespace leads::expr {

// Runs a compiled program on one row: true when the row satisfies it. Columns
// past the end of a short row read as empty. Allocates nothing once the
// thread's scratch buffers have grown; safe to call from several threads.
bool evaluate(const Program& program, std::span<const std::string> row, const Context& context);
bool evaluate(const Program& program, std::span<const std::string_view> row, const Context& context);

} // namespace leads::expr
