#include <leads/config/sections.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <optional>

namespace leads::config::detail {

namespace {

constexpr std::array<std::string_view, 3> k_strategies = {"round_robin", "weighted", "least_loaded"};

// A reference to a team from a rep or a rule the user wrote, for positions.
struct TeamRef {
  std::string team;
  YAML::Node node;
};

std::vector<Team> read_teams(const YamlReader& r, const Entry& section) {
  std::vector<Team> out;
  for (const Entry& entry : r.named_entries(section.value, section.path)) {
    Team team;
    team.name = entry.key;
    for (const Entry& setting : r.entries(entry.value, entry.path, {"strategy"})) {
      team.strategy = r.text(setting);
      if (std::find(k_strategies.begin(), k_strategies.end(), team.strategy) == k_strategies.end()) {
        r.fail(setting,
               fmt::format("{} must be round_robin, weighted or least_loaded, not '{}'{}", setting.path,
                           team.strategy,
                           did_you_mean(team.strategy, std::span<const std::string_view>(k_strategies))));
      }
    }
    out.push_back(std::move(team));
  }
  return out;
}

void check_away(const YamlReader& r, const YAML::Node& node, const std::string& path,
                const std::string& away) {
  std::size_t dots = away.find("..");
  bool valid = dots == std::string::npos ? is_date(away)
                                         : is_date(std::string_view(away).substr(0, dots)) &&
                                               is_date(std::string_view(away).substr(dots + 2)) &&
                                               away.substr(0, dots) <= away.substr(dots + 2);
  if (!valid) {
    r.fail(node, fmt::format("{} must be a date or a range of dates, not '{}'", path, away),
           "write YYYY-MM-DD or YYYY-MM-DD..YYYY-MM-DD, the first date not after the second");
  }
}

Rep read_rep(const YamlReader& r, const YAML::Node& node, const std::string& path,
             std::vector<TeamRef>& refs) {
  Rep rep;
  rep.mark = r.mark(node);
  for (const Entry& entry :
       r.entries(node, path, {"name", "email", "team", "weight", "capacity_per_day", "away"})) {
    if (entry.key == "name") {
      rep.name = r.text(entry);
    } else if (entry.key == "email") {
      rep.email = r.text(entry);
      if (rep.email.find('@') == std::string::npos) {
        r.fail(entry, fmt::format("{} is not an email address: '{}'", entry.path, rep.email));
      }
    } else if (entry.key == "team") {
      rep.team = r.text(entry);
      refs.push_back({rep.team, entry.value});
    } else if (entry.key == "weight") {
      rep.weight = r.number(entry);
      if (rep.weight <= 0) {
        r.fail(entry, fmt::format("{} must be more than 0", entry.path),
               "weight is the rep's share of a weighted team's leads: 2 gets twice as many as 1");
      }
    } else if (entry.key == "capacity_per_day") {
      long capacity = r.integer(entry);
      if (capacity < 0 || capacity > 1000000) {
        r.fail(entry, fmt::format("{} must be a number of leads from 0 to 1000000", entry.path));
      }
      rep.capacity_per_day = static_cast<int>(capacity);
    } else {
      std::vector<YAML::Node> items = r.items(entry.value, entry.path, "a list of dates or date ranges");
      for (std::size_t i = 0; i < items.size(); ++i) {
        std::string item_path = fmt::format("{}[{}]", entry.path, i);
        rep.away.push_back(r.text(items[i], item_path));
        check_away(r, items[i], item_path, rep.away.back());
      }
    }
  }
  if (rep.name.empty() || rep.team.empty()) {
    r.fail(node, fmt::format("{} needs a {}", path, rep.name.empty() ? "name" : "team"),
           "write each rep as {name: NAME, email: EMAIL, team: TEAM}");
  }
  return rep;
}

std::vector<Rep> read_reps(const YamlReader& r, const Entry& section, std::vector<TeamRef>& refs) {
  std::vector<Rep> out;
  std::vector<YAML::Node> items =
      r.items(section.value, section.path, "a list of reps like {name: NAME, email: EMAIL, team: TEAM}");
  for (std::size_t i = 0; i < items.size(); ++i) {
    Rep rep = read_rep(r, items[i], fmt::format("{}[{}]", section.path, i), refs);
    for (const Rep& seen : out) {
      if (seen.name == rep.name) {
        r.fail(items[i],
               fmt::format("duplicate rep name '{}' (first given on line {})", rep.name, seen.mark.line),
               "give every rep their own name: it is what the owner column holds");
      }
    }
    out.push_back(std::move(rep));
  }
  return out;
}

std::vector<RoutingRule> read_rules(const YamlReader& r, const Entry& section, std::vector<TeamRef>& refs) {
  std::vector<RoutingRule> out;
  std::vector<YAML::Node> items =
      r.items(section.value, section.path, "a list of rules like {when: 'EXPRESSION', team: TEAM}");
  for (std::size_t i = 0; i < items.size(); ++i) {
    std::string path = fmt::format("{}[{}]", section.path, i);
    RoutingRule rule;
    for (const Entry& entry : r.entries(items[i], path, {"when", "team"})) {
      if (entry.key == "when") {
        rule.when = r.text(entry);
        rule.when_mark = r.content_mark(entry.value);
        rule.when_positions = r.text_positions(entry.value, rule.when);
        if (rule.when.empty()) {
          r.fail(entry, fmt::format("{} must not be empty", entry.path),
                 "write 'true' for a rule that always applies");
        }
      } else {
        rule.team = r.text(entry);
        refs.push_back({rule.team, entry.value});
      }
    }
    if (rule.when.empty() || rule.team.empty()) {
      r.fail(items[i], fmt::format("{} needs {}", path, rule.when.empty() ? "a when: expression" : "a team"),
             "write each rule as {when: 'EXPRESSION', team: TEAM}");
    }
    out.push_back(std::move(rule));
  }
  return out;
}

std::vector<std::string> team_names(const std::vector<Team>& teams) {
  std::vector<std::string> names;
  for (const Team& team : teams) {
    names.push_back(team.name);
  }
  return names;
}

bool has_team(const std::vector<Team>& teams, std::string_view name) {
  return std::any_of(teams.begin(), teams.end(), [&](const Team& team) { return team.name == name; });
}

std::string stage_text(const YamlReader& r, const Entry& entry) {
  std::string name = r.text(entry);
  if (name.empty()) {
    r.fail(entry, fmt::format("{} must not be empty", entry.path), "name one of the stages under stages:");
  }
  return name;
}

// handoff_stage and from_stage must name stages, two different ones, with a
// move between them in the graph. A value the user gave is pointed at; a
// built-in one can only be missing because the user's `stages:` replaced the
// built-in stages, so the stages key is.
void check_stages(const YamlReader& r, const Config& config, const Entry* stages,
                  const std::optional<Entry>& handoff, const std::optional<Entry>& from) {
  std::vector<std::string> names;
  for (const Stage& stage : config.stages) {
    names.push_back(stage.name);
  }
  auto fail_at = [&](const std::optional<Entry>& given, std::string message, std::string hint) {
    if (given) {
      r.fail(*given, std::move(message), std::move(hint));
    }
    r.fail(stages != nullptr ? r.mark(stages->key_node) : Mark{}, std::move(message), std::move(hint));
  };
  auto check_known = [&](const std::optional<Entry>& given, std::string_view key, std::string_view name) {
    if (config.find_stage(name) != nullptr) {
      return;
    }
    if (given) {
      fail_at(given,
              fmt::format("routing.{} names unknown stage '{}'{}", key, name, did_you_mean(name, names)),
              fmt::format("stages are: {}", join(names)));
    }
    fail_at(given, fmt::format("stages leaves out '{}', which routing.{} names by default", name, key),
            fmt::format("set routing.{} to one of your stages: {}", key, join(names)));
  };
  const std::string& handoff_stage = config.routing.handoff_stage;
  const std::string_view from_stage = routing_from_stage(config);
  check_known(handoff, "handoff_stage", handoff_stage);
  check_known(from, "from_stage", from_stage);
  const std::optional<Entry>& blame = handoff ? handoff : from;
  // A from-stage that is scoring.mql.stage by default: that setting is the one to look at.
  const Mark mql_mark = config.scoring.mql_stage_mark;
  if (!handoff && !from && mql_mark.line > 0) {
    const Stage& source = *config.find_stage(from_stage);
    if (handoff_stage == from_stage ||
        std::find(source.next.begin(), source.next.end(), handoff_stage) == source.next.end()) {
      r.fail(mql_mark,
             fmt::format("scoring.mql.stage '{}' is also where leads handoff takes leads from, and it has no "
                         "move to routing.handoff_stage '{}'",
                         from_stage, handoff_stage),
             fmt::format("set routing.from_stage to the stage handoff takes leads from, or add {} to the next: "
                         "of stage {}",
                         handoff_stage, from_stage));
    }
  }
  if (handoff_stage == from_stage) {
    fail_at(blame, fmt::format("routing.handoff_stage and routing.from_stage are both '{}'", handoff_stage),
            "leads handoff moves leads from routing.from_stage into routing.handoff_stage: name two stages");
  }
  const Stage& source = *config.find_stage(from_stage);
  if (std::find(source.next.begin(), source.next.end(), handoff_stage) == source.next.end()) {
    fail_at(blame,
            fmt::format("stage '{}' has no move to '{}' in next, which leads handoff makes", from_stage,
                        handoff_stage),
            source.next.empty() ? fmt::format("add {} to the next: of stage {}", handoff_stage, from_stage)
                                : fmt::format("add {} to the next: of stage {}, or hand off to one of: {}",
                                              handoff_stage, from_stage, join(source.next)));
  }
}

} // namespace

void apply_routing(const YamlReader& r, const Entry* section, const Entry* stages, Config& config) {
  Routing& routing = config.routing;
  std::vector<TeamRef> refs;
  std::optional<Entry> teams_entry;
  std::optional<Entry> handoff_entry;
  std::optional<Entry> from_entry;
  bool gave_reps = false;
  bool gave_rules = false;
  std::vector<Entry> entries;
  if (section != nullptr) {
    entries = r.entries(section->value, "routing",
                        {"sla_hours", "handoff_stage", "from_stage", "reps", "rules", "teams"});
  }
  for (const Entry& entry : entries) {
    if (entry.key == "sla_hours") {
      routing.sla_hours = r.number(entry);
      if (routing.sla_hours <= 0) {
        r.fail(entry, fmt::format("{} must be a positive number of hours", entry.path));
      }
    } else if (entry.key == "handoff_stage") {
      routing.handoff_stage = stage_text(r, entry);
      handoff_entry = entry;
    } else if (entry.key == "from_stage") {
      routing.from_stage = stage_text(r, entry);
      from_entry = entry;
    } else if (entry.key == "reps") {
      routing.reps = read_reps(r, entry, refs);
      gave_reps = true;
    } else if (entry.key == "rules") {
      routing.rules = read_rules(r, entry, refs);
      gave_rules = true;
    } else {
      routing.teams = read_teams(r, entry);
      teams_entry = entry;
    }
  }
  check_stages(r, config, stages, handoff_entry, from_entry);
  std::vector<std::string> names = team_names(routing.teams);
  for (const TeamRef& ref : refs) {
    if (!has_team(routing.teams, ref.team)) {
      r.fail(ref.node, fmt::format("unknown team '{}'{}", ref.team, did_you_mean(ref.team, names)),
             names.empty() ? "define the team under routing.teams"
                           : fmt::format("routing.teams defines: {}", join(names)));
    }
  }
  if (!teams_entry) {
    return;
  }
  // The user's teams replace the built-in ones: the built-in reps and rules
  // they kept must still find their teams.
  auto check_default = [&](const std::string& team, std::string_view what) {
    if (!has_team(routing.teams, team)) {
      r.fail(teams_entry->key_node,
             fmt::format("routing.teams leaves out '{}', which the built-in routing.{} use", team, what),
             fmt::format("give routing.{} too, naming your own teams", what));
    }
  };
  if (!gave_reps) {
    for (const Rep& rep : routing.reps) {
      check_default(rep.team, "reps");
    }
  }
  if (!gave_rules) {
    for (const RoutingRule& rule : routing.rules) {
      check_default(rule.team, "rules");
    }
  }
}

} // namespace leads::config::detail

namespace leads::config {

std::string_view routing_from_stage(const Config& config) {
  // The stage scoring promotes to, unless routing names another.
  return config.routing.from_stage ? std::string_view(*config.routing.from_stage)
                                   : std::string_view(config.scoring.mql_stage);
}

} // namespace leads::config
