#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace leads::text {

// Edits between two names (insert, delete, substitute, swap two neighbours),
// ignoring ASCII case: the optimal string alignment distance.
std::size_t edit_distance(std::string_view a, std::string_view b);

// The candidate closest to a mistyped name, when it is close enough to be a
// likely typo (1 edit for names of up to 3 letters, 2 up to 8, else 3).
std::optional<std::string> closest(std::string_view word, std::span<const std::string_view> candidates);
std::optional<std::string> closest(std::string_view word, const std::vector<std::string>& candidates);

// "; did you mean 'x'?" or "", ready to append to a message.
std::string did_you_mean(std::string_view word, std::span<const std::string_view> candidates);
std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates);

} // namespace leads::text
