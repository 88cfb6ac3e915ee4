#include <leads/config/config.hpp>

#include <leads/config/sections.hpp>
#include <leads/config/yaml_reader.hpp>
#include <leads/error.hpp>
#include <leads/normalize/text.hpp>
#include <leads/text/strings.hpp>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

namespace leads::config {

namespace {

// Built-in settings point nowhere: their positions are in default_yaml(), not
// in any file a user could open.
void clear_marks(Config& config) {
  for (Stage& stage : config.stages) {
    stage.mark = {};
  }
  for (FitRule& rule : config.scoring.fit) {
    rule.when_mark = {};
    rule.when_positions.clear();
  }
  for (EngagementRule& rule : config.scoring.engagement) {
    rule.mark = {};
  }
  for (Rep& rep : config.routing.reps) {
    rep.mark = {};
  }
  for (RoutingRule& rule : config.routing.rules) {
    rule.when_mark = {};
    rule.when_positions.clear();
  }
}

// Where a YAML syntax error is: yaml-cpp's position, or just after the last
// character when it reports the end of the text (an unclosed bracket or quote).
Mark syntax_mark(std::string_view text, const YAML::Mark& mark) {
  if (mark.is_null() || mark.line < 0 || mark.column < 0) {
    return {};
  }
  std::size_t offset = 0;
  long line = 0;
  for (std::size_t i = 0; i < text.size() && line < mark.line; ++i) {
    if (text[i] == '\n') {
      ++line;
      offset = i + 1;
    }
  }
  offset = line < mark.line ? text.size() : offset + static_cast<std::size_t>(mark.column);
  if (offset < text.size() && text.find_first_not_of(" \t\r\n", offset) != std::string_view::npos) {
    return {mark.line + 1, mark.column + 1};
  }
  std::size_t last = text.find_last_not_of(" \t\r\n");
  if (last == std::string_view::npos) {
    return {1, 1};
  }
  std::size_t line_start = text.rfind('\n', last);
  line_start = line_start == std::string_view::npos ? 0 : line_start + 1;
  auto lines = std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(line_start), '\n');
  return {static_cast<long>(lines) + 1, static_cast<long>(last - line_start) + 2};
}

// Parses text and applies it onto config (which holds what it falls back to).
void apply_text(std::string_view text, const std::string& source, Config& config) {
  if (text.substr(0, text::k_utf8_bom.size()) == text::k_utf8_bom) {
    text.remove_prefix(text::k_utf8_bom.size());
  }
  detail::YamlReader reader(text, source);
  YAML::Node root;
  try {
    root = YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    Mark at = syntax_mark(text, e.mark);
    throw Error(ErrorKind::config, fmt::format("YAML syntax error: {}", e.msg), source, at.line, at.column,
                "check the indentation, brackets and quotes here; `leads init` writes a valid leads.yaml to "
                "compare with");
  }
  detail::apply(root, reader, config);
}

} // namespace

const Stage* Config::find_stage(std::string_view name) const {
  for (const Stage& stage : stages) {
    if (stage.name == name) {
      return &stage;
    }
  }
  return nullptr;
}

bool Config::is_null_value(std::string_view cell) const {
  while (!cell.empty() && text::is_ascii_space(cell.front())) {
    cell.remove_prefix(1);
  }
  while (!cell.empty() && text::is_ascii_space(cell.back())) {
    cell.remove_suffix(1);
  }
  for (const std::string& value : null_values) {
    if (text::equals_ignoring_case(cell, value)) {
      return true;
    }
  }
  return false;
}

const Config& defaults() {
  static const Config k_defaults = [] {
    Config config;
    apply_text(default_yaml(), "built-in leads.yaml", config);
    clear_marks(config);
    config.source.clear();
    return config;
  }();
  return k_defaults;
}

Config load_string(std::string_view yaml_text, const std::string& source_name) {
  Config config = defaults();
  config.source = source_name;
  apply_text(yaml_text, source_name, config);
  return config;
}

Config load_file(const std::string& path) {
  struct Closer {
    void operator()(std::FILE* f) const { std::fclose(f); }
  };
  std::unique_ptr<std::FILE, Closer> file(std::fopen(path.c_str(), "rb"));
  if (!file) {
    throw Error(ErrorKind::no_input, fmt::format("cannot read: {}", std::strerror(errno)), path, 0, 0,
                "check the path, or run 'leads init' to write a leads.yaml with the defaults");
  }
  std::string text;
  char buffer[65536];
  std::size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof buffer, file.get())) > 0) {
    text.append(buffer, n);
  }
  if (std::ferror(file.get()) != 0) {
    throw Error(ErrorKind::io, fmt::format("cannot read: {}", std::strerror(errno)), path);
  }
  return load_string(text, path);
}

} // namespace leads::config
