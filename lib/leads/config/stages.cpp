#include <leads/config/sections.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <array>

namespace leads::config::detail {

namespace {

constexpr std::array<std::string_view, 2> k_sides = {"marketing", "sales"};
constexpr std::array<std::string_view, 2> k_reasons = {"required", "optional"};

// A stage as read, with the nodes of its `next` entries for positions.
struct StageNodes {
  Stage stage;
  YAML::Node node;
  YAML::Node name_node;
  std::vector<YAML::Node> next_nodes;
};

StageNodes read_stage(const YamlReader& r, const YAML::Node& node, const std::string& path) {
  StageNodes out;
  out.node = node;
  out.stage.mark = r.mark(node);
  bool named = false;
  for (const Entry& entry : r.entries(node, path, {"name", "side", "next", "won", "exit", "reason"})) {
    if (entry.key == "name") {
      out.stage.name = r.text(entry);
      out.name_node = entry.value;
      named = true;
    } else if (entry.key == "side") {
      out.stage.side = r.text(entry);
      if (std::find(k_sides.begin(), k_sides.end(), out.stage.side) == k_sides.end()) {
        r.fail(entry,
               fmt::format("{} must be marketing or sales, not '{}'{}", entry.path, out.stage.side,
                           did_you_mean(out.stage.side, std::span<const std::string_view>(k_sides))),
               "leave side out for an exit stage that belongs to nobody");
      }
    } else if (entry.key == "next") {
      out.next_nodes = r.items(entry.value, entry.path, "a list of stage names");
      for (std::size_t i = 0; i < out.next_nodes.size(); ++i) {
        out.stage.next.push_back(r.text(out.next_nodes[i], fmt::format("{}[{}]", entry.path, i)));
      }
    } else if (entry.key == "won") {
      out.stage.won = r.boolean(entry);
    } else if (entry.key == "reason") {
      std::string reason = r.text(entry);
      if (std::find(k_reasons.begin(), k_reasons.end(), reason) == k_reasons.end()) {
        r.fail(entry,
               fmt::format("{} must be required or optional, not '{}'{}", entry.path, reason,
                           did_you_mean(reason, std::span<const std::string_view>(k_reasons))),
               "required: moving a lead into this stage needs a reason (leads move --reason)");
      }
      out.stage.reason_required = reason == "required";
    } else {
      out.stage.exit = r.boolean(entry);
    }
  }
  if (!named) {
    r.fail(node, fmt::format("{} needs a name", path),
           "write each stage as {name: NAME, side: marketing, next: [...]}");
  }
  if (out.stage.name.empty()) {
    r.fail(out.name_node, fmt::format("{}.name must not be empty", path));
  }
  if (out.stage.side.empty() && !out.stage.exit) {
    r.fail(node, fmt::format("stage '{}' needs a side (marketing or sales), or exit: true", out.stage.name));
  }
  return out;
}

} // namespace

std::vector<Stage> read_stages(const YamlReader& r, const Entry& entry) {
  std::vector<YAML::Node> items = r.items(entry.value, "stages", "a list of stages");
  if (items.empty()) {
    r.fail(entry, "stages must list at least one stage", "delete the stages key to keep the built-in stages");
  }
  std::vector<StageNodes> read;
  std::vector<std::string> names;
  for (std::size_t i = 0; i < items.size(); ++i) {
    StageNodes stage = read_stage(r, items[i], fmt::format("stages[{}]", i));
    for (const StageNodes& seen : read) {
      if (seen.stage.name == stage.stage.name) {
        r.fail(stage.name_node,
               fmt::format("duplicate stage name '{}' (first given on line {})", stage.stage.name,
                           seen.stage.mark.line),
               "give every stage its own name");
      }
    }
    names.push_back(stage.stage.name);
    read.push_back(std::move(stage));
  }
  std::vector<Stage> out;
  for (StageNodes& stage : read) {
    const std::vector<std::string>& next = stage.stage.next;
    for (std::size_t i = 0; i < next.size(); ++i) {
      const YAML::Node& at = stage.next_nodes[i];
      if (next[i] == stage.stage.name) {
        r.fail(at, fmt::format("stage '{}' lists itself in next", next[i]), "a stage cannot move to itself");
      }
      if (std::find(names.begin(), names.end(), next[i]) == names.end()) {
        r.fail(at,
               fmt::format("stage '{}': unknown stage '{}' in next{}", stage.stage.name, next[i],
                           did_you_mean(next[i], names)),
               fmt::format("stages are: {}", join(names)));
      }
      if (std::find(next.begin(), next.begin() + static_cast<std::ptrdiff_t>(i), next[i]) !=
          next.begin() + static_cast<std::ptrdiff_t>(i)) {
        r.fail(at, fmt::format("stage '{}' lists '{}' twice in next", stage.stage.name, next[i]));
      }
    }
    out.push_back(std::move(stage.stage));
  }
  return out;
}

} // namespace leads::config::detail
