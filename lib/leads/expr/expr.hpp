#pragma once

#include <leads/error.hpp>

#include <algorithm>
#include <cstdint>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace leads::expr {

// What names an expression may use: the row's columns (by position) and the
// named lists from the configuration (`free_mail`). Derived fields such as
// `email_domain` are computed from `email` when that column exists.
struct Schema {
  std::vector<std::string> columns;
  std::map<std::string, std::vector<std::string>, std::less<>> lists;
  // The configuration's stage names, when the rows are leads (the store, or
  // what import writes): `stage` compared with (or looked up in a list of)
  // text that names no stage is an error with a did-you-mean, not an empty
  // result. Empty: any text goes.
  std::vector<std::string> stages = {};
};

// Where an expression's text came from, so that errors point into the right
// file: for `--where`, kind=usage and file="--where"; for leads.yaml, kind=config
// with the file, line and column of the YAML scalar. Reported columns are
// column + offset into the expression (1-based), unless positions says where
// each byte is (a YAML scalar with escapes, or over several lines).
struct Origin {
  ErrorKind kind = ErrorKind::usage;
  std::string file = "--where";
  long line = 0;
  long column = 1;
  // The line and column of each byte of the text, and of its end; or empty.
  std::vector<std::pair<long, long>> positions;

  // The line and column of the byte at offset.
  std::pair<long, long> at(std::size_t offset) const {
    if (positions.empty()) {
      return {line, column + static_cast<long>(offset)};
    }
    return positions[std::min(offset, positions.size() - 1)];
  }
};

// Evaluation context: "now" for days_since() (epoch seconds, from --as-of / LEADS_NOW).
struct Context {
  std::int64_t now = 0;
};

// A compiled expression of the one small language shared by --where, scoring
// and routing rules (see man leads-expressions / DESIGN.md):
//   title ~ "(?i)vp|director" and employees >= 200
//   country in ["DE", "AT"]      not do_not_contact      email_domain in free_mail
//   days_since(created_at) <= 30
// Regular expressions use RE2 (linear time). The numeric lead columns
// (employees, score, fit, engagement) cannot be ordered against text that is
// no number (`employees > "abc"`). Compile errors throw leads::Error
// whose column points at the offending token, with a hint that shows the
// expression and a caret.
class Expression {
public:
  static Expression compile(std::string_view text, const Schema& schema, const Origin& origin = {});

  Expression(Expression&&) noexcept;
  Expression& operator=(Expression&&) noexcept;
  ~Expression();

  // True when the row satisfies the expression (null and errors are false).
  bool matches(std::span<const std::string> row, const Context& context) const;
  bool matches(std::span<const std::string_view> row, const Context& context) const;

  const std::string& text() const;

private:
  Expression();
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

} // namespace leads::expr
