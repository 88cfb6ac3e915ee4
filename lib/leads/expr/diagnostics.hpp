#pragma once

#include <leads/expr/expr.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace leads::expr {

// The expression being compiled and where its text came from, for errors.
struct Source {
  std::string_view text;
  Origin origin;
};

// Throws the compile error for the token at [offset, offset + length) of the
// expression: leads::Error(origin.kind, message, origin.file, origin.line,
// origin.column + offset, hint = the expression and a caret line).
[[noreturn]] void fail(const Source& source, std::size_t offset, std::size_t length, std::string message);

// The expression on one line and a caret line under [offset, offset + length):
//   "  emial == \"x\"\n  ^~~~~"
std::string caret_hint(std::string_view text, std::size_t offset, std::size_t length);

// Edits (insert, delete, substitute, swap two neighbours) between two names, ignoring ASCII case.
std::size_t edit_distance(std::string_view a, std::string_view b);

// The candidate closest to a mistyped name, when one is close enough to be a likely typo.
std::optional<std::string> closest_name(std::string_view name,
                                        const std::vector<std::string_view>& candidates);

// "; did you mean 'email'?" when a candidate is close, "" otherwise.
std::string did_you_mean(std::string_view name, const std::vector<std::string_view>& candidates);

} // namespace leads::expr
