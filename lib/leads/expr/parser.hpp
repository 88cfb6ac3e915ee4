#pragma once

#include <leads/expr/diagnostics.hpp>
#include <leads/expr/expr.hpp>
#include <leads/expr/program.hpp>

namespace leads::expr {

// Parses an expression, resolves its names against the schema, checks the
// types it can know and compiles regexes and lists: the Program that eval runs.
// Throws leads::Error (see fail()) pointing at the offending token.
Program compile_program(const Source& source, const Schema& schema);

} // namespace leads::expr
