#pragma once

#include <leads/expr/program.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace leads::expr {

// A built-in function: its name, the operation it compiles to, how many text
// arguments it takes and what it returns.
struct Function {
  std::string_view name;
  Op op;
  std::uint8_t arity;
  Type result;
};

// The built-in function called `name`, or nullptr.
const Function* find_function(std::string_view name);

// Every built-in function name, for "did you mean".
std::vector<std::string_view> function_names();

// Seconds since the epoch of "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM[:SS[.fff]]" with an
// optional "Z" or "+HH:MM"/"-HH:MM" offset ("T" may be a space); nullopt when the
// text is not such a timestamp or not a real calendar date.
std::optional<std::int64_t> parse_timestamp(std::string_view text);

// Whole days from `then` to `now` (both epoch seconds), rounded down.
std::int64_t whole_days_between(std::int64_t then, std::int64_t now);

// The number a text reads as ("200", "-3.5", " 42 ", "+7", "1e3"), or nullopt.
std::optional<double> number_from_text(std::string_view text);

// True for "true", "yes", "y" and "1" in any letter case: a field used as a condition.
bool truthy_text(std::string_view text);

// The text in lower / upper case (Unicode simple case mapping). Returns `text`
// itself when nothing changes, else a view of `scratch`, which it overwrites.
std::string_view to_lower(std::string_view text, std::string& scratch);
std::string_view to_upper(std::string_view text, std::string& scratch);

// Characters (Unicode code points) in a UTF-8 text.
std::size_t text_length(std::string_view text);

// The lower-case domain of an email address ("Ana@Example.COM" -> "example.com");
// empty when there is no '@'. Uses `scratch` like to_lower().
std::string_view domain_of_email(std::string_view email, std::string& scratch);

} // namespace leads::expr
