#pragma once

#include <string>
#include <string_view>
#include <vector>

// `leads config show`: the settings in effect, and where each came from.
namespace leads::config {

// One setting in effect: its dotted key ("scoring.mql.score"), its value as
// YAML writes it (a list or a mapping in flow style), and its origin:
// "built-in", or "FILE:LINE" where the user's leads.yaml set it.
struct Setting {
  std::string key;
  std::string value;
  std::string origin;
};

// The built-in defaults with the user's leads.yaml text (source: its name in
// origins; empty text: none) merged onto them as the loader merges them: key
// by key, a list replacing its default whole, and so each map of names the
// user chooses (routing.teams, scoring.engagement.groups, each scale under
// scoring.grades, each field under import.values). In the order of the
// built-in file, then the user's keys it does not have. The text must be one
// that loads (load_string() accepted it).
std::vector<Setting> effective_settings(std::string_view user_yaml, const std::string& source);

// The same as a leads.yaml that holds every setting in effect, each line
// commented with where it came from.
std::string effective_yaml(std::string_view user_yaml, const std::string& source);

} // namespace leads::config
