#include <leads/text/did_you_mean.hpp>

#include <algorithm>
#include <numeric>

namespace leads::text {

namespace {

char fold(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

template <typename Range> std::optional<std::string> closest_in(std::string_view word, const Range& candidates) {
  std::size_t limit = word.size() <= 3 ? 1 : word.size() <= 8 ? 2 : 3;
  std::optional<std::string> best;
  std::size_t best_distance = limit + 1;
  for (const auto& candidate : candidates) {
    std::size_t distance = edit_distance(word, candidate);
    if (distance < best_distance) {
      best_distance = distance;
      best = std::string(candidate);
    }
  }
  return best;
}

std::string phrase(const std::optional<std::string>& best) {
  return best ? "; did you mean '" + *best + "'?" : std::string();
}

} // namespace

std::size_t edit_distance(std::string_view a, std::string_view b) {
  // Three rolling rows: two back for transpositions, one back, and this one.
  std::vector<std::size_t> before(b.size() + 1);
  std::vector<std::size_t> previous(b.size() + 1);
  std::vector<std::size_t> current(b.size() + 1);
  std::iota(previous.begin(), previous.end(), 0);
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

std::optional<std::string> closest(std::string_view word, std::span<const std::string_view> candidates) {
  return closest_in(word, candidates);
}

std::optional<std::string> closest(std::string_view word, const std::vector<std::string>& candidates) {
  return closest_in(word, candidates);
}

std::string did_you_mean(std::string_view word, std::span<const std::string_view> candidates) {
  return phrase(closest(word, candidates));
}

std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates) {
  return phrase(closest(word, candidates));
}

} // namespace leads::text
