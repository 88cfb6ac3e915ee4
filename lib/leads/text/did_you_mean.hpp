#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace leads::text {

// Edit distance (Levenshtein) between two ASCII strings.
std::size_t edit_distance(std::string_view a, std::string_view b);

// The candidate closest to `word` when it is close enough to be a likely typo
// (distance <= max(1, size/3)), for "did you mean 'email'?" messages.
std::optional<std::string> closest(std::string_view word, const std::vector<std::string>& candidates);

// "; did you mean 'x'?" or "" — ready to append to a message.
std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates);

} // namespace leads::text
