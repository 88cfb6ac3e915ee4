#pragma once

#include <leads/config/config.hpp>

#include <yaml-cpp/yaml.h>

#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <vector>

// Internal to the config module: typed reading of a parsed leads.yaml, where
// every mistake becomes a leads::Error(config) pointing at file:line:col.
namespace leads::config::detail {

// One `key: value` pair of a YAML mapping, with the key's node for positions.
struct Entry {
  std::string key;
  YAML::Node key_node;
  YAML::Node value;
  std::string path; // "scoring.engagement.rules", for messages
};


// "; did you mean 'x'?" when there is a close candidate, else "".
std::string did_you_mean(std::string_view word, std::span<const std::string_view> candidates);
std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates);

// "a, b, c"
std::string join(std::span<const std::string_view> words);
std::string join(const std::vector<std::string>& words);

// Reads values of one document and reports errors against its source text.
class YamlReader {
public:
  YamlReader(std::string_view text, std::string source);

  const std::string& source() const { return m_source; }

  // 1-based position of a node ({0, 0} when unknown).
  Mark mark(const YAML::Node& node) const;
  // 1-based position of the first character of a scalar's content: after the
  // opening quote of a quoted scalar, on the first content line of a block scalar.
  Mark content_mark(const YAML::Node& scalar) const;
  // Where each byte of a scalar's text (as read: decoded) is in the file, and
  // where it ends: escapes ("\"", "\u00e9") and the line breaks and
  // indentation of multi-line and block scalars make the text and the file differ.
  std::vector<Mark> text_positions(const YAML::Node& scalar, std::string_view decoded) const;

  [[noreturn]] void fail(Mark at, std::string message, std::string hint = {}) const;
  [[noreturn]] void fail(const YAML::Node& at, std::string message, std::string hint = {}) const;
  // At the value, or at the key when the value is empty (yaml-cpp places an
  // empty value at the next token).
  [[noreturn]] void fail(const Entry& at, std::string message, std::string hint = {}) const;

  // The pairs of a mapping in file order (null reads as empty). Keys outside
  // `allowed` are errors with a did-you-mean; so are repeated keys.
  std::vector<Entry> entries(const YAML::Node& node, const std::string& path,
                             std::initializer_list<std::string_view> allowed) const;
  // Same for a mapping whose keys are names the user chooses (team names, grades).
  std::vector<Entry> named_entries(const YAML::Node& node, const std::string& path) const;

  // The items of a sequence (null reads as empty); `what` completes
  // "PATH must be ...", e.g. "a list of stage names".
  std::vector<YAML::Node> items(const YAML::Node& node, const std::string& path, std::string_view what) const;

  std::string text(const YAML::Node& node, const std::string& path) const;
  std::string text(const Entry& entry) const;
  double number(const Entry& entry) const;
  double number(const YAML::Node& node, const std::string& path) const;
  long integer(const Entry& entry) const;
  bool boolean(const Entry& entry) const;
  std::vector<std::string> texts(const Entry& entry, std::string_view what = "a list of texts") const;

private:
  std::string_view line_text(long line0) const;

  std::string_view m_text;
  std::string m_source;
  std::vector<std::size_t> m_line_starts;
};

} // namespace leads::config::detail
