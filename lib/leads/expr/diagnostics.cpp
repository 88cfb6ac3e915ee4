#include <leads/expr/diagnostics.hpp>

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

char fold(char c) {
  return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
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
  throw Error(origin.kind, std::move(message), origin.file, origin.line,
              origin.column + static_cast<long>(offset), caret_hint(source.text, offset, length));
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  // Optimal string alignment distance over three rolling rows.
  std::vector<std::size_t> before(b.size() + 1), previous(b.size() + 1), current(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) {
    previous[j] = j;
  }
  for (std::size_t i = 1; i <= a.size(); ++i) {
    current[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t cost = fold(a[i - 1]) == fold(b[j - 1]) ? 0 : 1;
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost});
      if (i > 1 && j > 1 && fold(a[i - 1]) == fold(b[j - 2]) && fold(a[i - 2]) == fold(b[j - 1])) {
        current[j] = std::min(current[j], before[j - 2] + 1);
      }
    }
    std::swap(before, previous);
    std::swap(previous, current);
  }
  return previous[b.size()];
}

std::optional<std::string> closest_name(std::string_view name,
                                        const std::vector<std::string_view>& candidates) {
  std::size_t limit = name.size() <= 3 ? 1 : name.size() <= 8 ? 2 : 3;
  std::optional<std::string> best;
  std::size_t best_distance = limit + 1;
  for (std::string_view candidate : candidates) {
    std::size_t distance = edit_distance(name, candidate);
    if (distance < best_distance) {
      best_distance = distance;
      best = std::string(candidate);
    }
  }
  return best;
}

std::string did_you_mean(std::string_view name, const std::vector<std::string_view>& candidates) {
  auto best = closest_name(name, candidates);
  return best ? fmt::format("; did you mean '{}'?", *best) : std::string();
}

} // namespace leads::expr
