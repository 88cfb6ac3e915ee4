#include <leads/expr/diagnostics.hpp>

#include <leads/text/did_you_mean.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

namespace leads::expr {

namespace {

bool is_continuation(char c) {
  return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

// Code points in s: what a terminal advances for (close enough for a caret).
std::size_t display_width(std::string_view s) {
  return static_cast<std::size_t>(
      std::count_if(s.begin(), s.end(), [](char c) { return !is_continuation(c); }));
}

} // namespace

std::string caret_hint(std::string_view text, std::size_t offset, std::size_t length) {
  offset = std::min(offset, text.size());
  length = std::min(length, text.size() - offset);
  std::string line = "  ";
  for (char c : text) {
    line += (c == '\n' || c == '\r' || c == '\t') ? ' ' : c;
  }
  std::string marker(2 + display_width(text.substr(0, offset)), ' ');
  marker += '^';
  std::size_t width = display_width(text.substr(offset, length));
  if (width > 1) {
    marker.append(width - 1, '~');
  }
  return line + "\n" + marker;
}

void fail(const Source& source, std::size_t offset, std::size_t length, std::string message) {
  const Origin& origin = source.origin;
  const auto [line, column] = origin.at(offset);
  throw Error(origin.kind, std::move(message), origin.file, line, column,
              caret_hint(source.text, offset, length));
}

std::size_t edit_distance(std::string_view a, std::string_view b) { return text::edit_distance(a, b); }

std::optional<std::string> closest_name(std::string_view name,
                                        const std::vector<std::string_view>& candidates) {
  return text::closest(name, std::span<const std::string_view>(candidates));
}

std::string did_you_mean(std::string_view name, const std::vector<std::string_view>& candidates) {
  return text::did_you_mean(name, std::span<const std::string_view>(candidates));
}

} // namespace leads::expr
