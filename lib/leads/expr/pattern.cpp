#include <leads/expr/pattern.hpp>

#include <leads/normalize/text.hpp>

#include <algorithm>

namespace leads::expr {

namespace {

// Plain ASCII text without regex syntax: a pattern that matches exactly itself.
bool is_plain(std::string_view text) {
  constexpr std::string_view k_syntax = "\\.+*?()[]{}|^$";
  return std::all_of(text.begin(), text.end(), [&](char c) {
    auto byte = static_cast<unsigned char>(c);
    return byte >= 0x20 && byte < 0x80 && k_syntax.find(c) == std::string_view::npos;
  });
}

} // namespace

std::unique_ptr<Pattern> Pattern::compile(const std::string& pattern, std::string& error) {
  RE2::Options options;
  options.set_log_errors(false);
  auto regex = std::make_unique<RE2>(pattern, options);
  if (!regex->ok()) {
    error = regex->error();
    return nullptr;
  }
  auto compiled = std::make_unique<Pattern>();
  std::string_view body = pattern;
  bool ignore_case = body.starts_with("(?i)");
  if (ignore_case) {
    body.remove_prefix(4);
  }
  if (!body.empty() && is_plain(body)) {
    compiled->m_mode = ignore_case ? Mode::literal_ignore_case : Mode::literal;
    compiled->m_literal = std::string(body);
    if (ignore_case) {
      std::transform(compiled->m_literal.begin(), compiled->m_literal.end(), compiled->m_literal.begin(),
                     text::ascii_lower_char);
    }
  }
  compiled->m_regex = std::move(regex);
  return compiled;
}

bool Pattern::search(std::string_view text) const {
  switch (m_mode) {
  case Mode::literal:
    return text.find(m_literal) != std::string_view::npos;
  case Mode::literal_ignore_case: {
    // RE2 folds some non-ASCII letters onto ASCII ones (U+212A KELVIN SIGN ~ k): leave those texts to it.
    if (std::any_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; })) {
      break;
    }
    auto found = std::search(text.begin(), text.end(), m_literal.begin(), m_literal.end(),
                             [](char a, char b) { return text::ascii_lower_char(a) == b; });
    return found != text.end();
  }
  case Mode::regex:
    break;
  }
  return m_regex->Match(text, 0, text.size(), RE2::UNANCHORED, nullptr, 0);
}

} // namespace leads::expr
