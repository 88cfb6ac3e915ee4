#pragma once

#include <leads/expr/pattern.hpp>

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace leads::expr {

// What an operand is known to be at compile time. `text` is a field value (or
// a string function's result): it may read as a number or as a boolean at run time.
enum class Type : std::uint8_t { boolean, number, text, null };

// A value during evaluation. Text views into the row, a literal or a scratch buffer;
// empty text counts as null in comparisons.
struct Value {
  enum class Kind : std::uint8_t { null, boolean, number, text };
  Kind kind = Kind::null;
  bool boolean = false;
  double number = 0;
  std::string_view text;
  // For text whose reading as a number is already known (literals): whether it
  // reads as one (has_number) and then `number` holds it.
  bool number_known = false;
  bool has_number = false;

  static Value make_null() { return {}; }
  static Value make_bool(bool b) { return {Kind::boolean, b, 0, {}, false, false}; }
  static Value make_number(double n) { return {Kind::number, false, n, {}, false, false}; }
  static Value make_text(std::string_view s) { return {Kind::text, false, 0, s, false, false}; }
};

// One operation of a compiled expression; children are indexes into Program::nodes.
enum class Op : std::uint8_t {
  literal,      // value
  field,        // index = column
  email_domain, // index = email column, slot = scratch buffer
  logical_not,  // a
  logical_and,  // a, b
  logical_or,   // a, b
  truthy,       // a: a field or string used as a condition
  eq,           // a, b
  ne,
  lt,
  le,
  gt,
  ge,
  is_null, // a is null or empty
  is_not_null,
  matches, // a ~ patterns[index]
  not_matches,
  in_list, // a in lists[index]
  not_in_list,
  days_since,  // a
  lower,       // a, slot
  upper,       // a, slot
  length,      // a
  contains,    // a, b
  starts_with, // a, b
  ends_with,   // a, b
  is_empty,    // a
  // Fused forms of the common "something OP literal", compiled for speed:
  compare_number, // a `cmp` value.number (a yields a number, text or null)
  compare_text,   // a `cmp` value.text (a non-empty literal that reads as no number)
};

struct Node {
  Op op = Op::literal;
  std::uint32_t a = 0;
  std::uint32_t b = 0;
  std::uint32_t index = 0;
  std::uint32_t slot = 0;
  Value value;
  Op cmp = Op::eq; // for compare_number / compare_text: eq, ne, lt, le, gt or ge
};

// Hashes std::string and std::string_view alike, so that sets of strings are
// searched with views (no allocation per lookup).
struct TextHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
};

// A list after `in`, prepared for fast membership tests: exact text and numbers.
struct ListSet {
  std::vector<std::string> texts;
  std::unordered_set<std::string, TextHash, std::equal_to<>> text_set; // filled for long lists only
  std::vector<double> numbers;

  // Fills text_set when the list is long enough for hashing to beat a scan.
  void finish();
  bool contains_text(std::string_view s) const;
  bool contains_number(double n) const;
};

// A compiled expression: a tree of nodes with columns resolved, literals parsed
// and regexes compiled. Immutable after compile; evaluation uses thread-local
// scratch buffers (`slots` of them) so that it allocates nothing per row.
struct Program {
  std::vector<Node> nodes;
  std::uint32_t root = 0;
  std::uint32_t slots = 0;
  std::deque<std::string> strings; // literal texts (stable addresses)
  std::vector<std::unique_ptr<Pattern>> patterns;
  std::vector<ListSet> lists;
};

} // namespace leads::expr
