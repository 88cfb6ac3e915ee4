#include <leads/config/show.hpp>

#include <leads/config/config.hpp>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <array>

namespace leads::config {

namespace {

// Maps the user replaces as a whole rather than key by key: the names in them
// are the user's own.
bool replaced_whole(const std::string& key) {
  static constexpr std::array<std::string_view, 5> k_whole = {
      "routing.teams", "scoring.engagement.groups", "scoring.grades.fit", "scoring.grades.engagement",
      "import.stage_dates"};
  return std::find(k_whole.begin(), k_whole.end(), key) != k_whole.end() || key.starts_with("import.values.");
}

// A node on one line: a mapping or a list in flow style, however the file wrote it.
std::string flow(const YAML::Node& node) {
  YAML::Node copy = YAML::Clone(node);
  copy.SetStyle(YAML::EmitterStyle::Flow);
  YAML::Emitter out;
  out << YAML::Flow << copy;
  return out.c_str();
}

// A merged node: where the user's file set it, or the built-in one.
struct Merged {
  std::string key;
  YAML::Node node;
  std::string origin;
  std::vector<Merged> children; // a mapping merged key by key
  bool mapping = false;
};

std::string origin_of(const YAML::Node& node, const std::string& source) {
  return fmt::format("{}:{}", source, node.Mark().line + 1);
}

Merged merge(const std::string& key, const YAML::Node& builtin, const YAML::Node& user, const std::string& source) {
  Merged out;
  out.key = key;
  const bool both_maps = builtin && builtin.IsMap() && user && user.IsMap();
  if (!user || user.IsNull()) {
    out.node = builtin;
    out.origin = "built-in";
    out.mapping = builtin.IsMap() && !replaced_whole(key);
  } else if (!both_maps || replaced_whole(key)) {
    out.node = user;
    out.origin = origin_of(user, source);
    out.mapping = false;
    return out;
  } else {
    out.node = user;
    out.mapping = true;
  }
  if (!out.mapping) {
    return out;
  }
  // Key by key: the built-in keys in their order, then the user's others.
  const YAML::Node base = builtin && builtin.IsMap() ? builtin : YAML::Node(YAML::NodeType::Map);
  const YAML::Node mine = user && user.IsMap() ? user : YAML::Node(YAML::NodeType::Map);
  for (const auto& entry : base) {
    const std::string name = entry.first.as<std::string>();
    out.children.push_back(merge(key.empty() ? name : key + "." + name, entry.second, mine[name], source));
  }
  for (const auto& entry : mine) {
    const std::string name = entry.first.as<std::string>();
    if (!base[name]) {
      out.children.push_back(merge(key.empty() ? name : key + "." + name, YAML::Node(), entry.second, source));
    }
  }
  return out;
}

Merged merged_tree(std::string_view user_yaml, const std::string& source) {
  const YAML::Node builtin = YAML::Load(std::string(default_yaml()));
  const YAML::Node user = user_yaml.empty() ? YAML::Node() : YAML::Load(std::string(user_yaml));
  Merged root = merge("", builtin, user && user.IsMap() ? user : YAML::Node(YAML::NodeType::Map), source);
  return root;
}

void collect(const Merged& node, std::vector<Setting>& out) {
  if (node.mapping) {
    for (const Merged& child : node.children) {
      collect(child, out);
    }
    return;
  }
  out.push_back({node.key, flow(node.node), node.origin});
}

void write(const Merged& node, int indent, std::string& out) {
  const std::string pad(static_cast<std::size_t>(indent), ' ');
  const std::string name = node.key.substr(node.key.rfind('.') + 1);
  if (node.mapping) {
    if (!node.key.empty()) {
      out += fmt::format("{}{}:\n", pad, name);
    }
    for (const Merged& child : node.children) {
      write(child, node.key.empty() ? 0 : indent + 2, out);
    }
    return;
  }
  const std::string comment = fmt::format("  # {}", node.origin);
  if (node.node.IsSequence() && node.node.size() > 0 &&
      std::any_of(node.node.begin(), node.node.end(), [](const YAML::Node& item) { return !item.IsScalar(); })) {
    // A list of mappings (stages, rules, reps): one item a line.
    out += fmt::format("{}{}:{}\n", pad, name, comment);
    for (const YAML::Node& item : node.node) {
      out += fmt::format("{}  - {}\n", pad, flow(item));
    }
    return;
  }
  out += fmt::format("{}{}: {}{}\n", pad, name, flow(node.node), comment);
}

} // namespace

std::vector<Setting> effective_settings(std::string_view user_yaml, const std::string& source) {
  std::vector<Setting> out;
  collect(merged_tree(user_yaml, source), out);
  return out;
}

std::string effective_yaml(std::string_view user_yaml, const std::string& source) {
  std::string out;
  write(merged_tree(user_yaml, source), 0, out);
  return out;
}

} // namespace leads::config
