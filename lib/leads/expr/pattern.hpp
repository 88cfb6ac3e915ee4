#pragma once

#include <re2/re2.h>

#include <memory>
#include <string>
#include <string_view>

namespace leads::expr {

// The right side of `~`: an RE2 regular expression searched anywhere in the text
// (like grep). Plain words ("student", "(?i)vp") skip RE2's per-call cost with a
// substring search that gives the same answers.
class Pattern {
public:
  // The compiled pattern, or nullptr with RE2's message in `error`.
  static std::unique_ptr<Pattern> compile(const std::string& pattern, std::string& error);

  // True when the pattern matches somewhere in `text`.
  bool search(std::string_view text) const;

private:
  enum class Mode { regex, literal, literal_ignore_case };

  Mode m_mode = Mode::regex;
  std::string m_literal; // lower-case for literal_ignore_case
  std::unique_ptr<RE2> m_regex;
};

} // namespace leads::expr
