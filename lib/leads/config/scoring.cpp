#include <leads/config/sections.hpp>

#include <leads/expr/pattern.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <optional>

namespace leads::config::detail {

namespace {

std::vector<std::string> stage_names(const std::vector<Stage>& stages) {
  std::vector<std::string> names;
  for (const Stage& stage : stages) {
    names.push_back(stage.name);
  }
  return names;
}

// The text of a `when:` expression, with the position of its first character.
std::string read_when(const YamlReader& r, const Entry& entry, Mark& mark) {
  std::string text = r.text(entry);
  if (text.empty()) {
    r.fail(entry, fmt::format("{} must not be empty", entry.path),
           "write 'true' for a rule that always applies");
  }
  mark = r.content_mark(entry.value);
  return text;
}

std::vector<FitRule> read_fit(const YamlReader& r, const Entry& section) {
  std::vector<FitRule> out;
  std::vector<YAML::Node> items = r.items(
      section.value, section.path, "a list of rules like {name: NAME, when: 'EXPRESSION', points: 10}");
  for (std::size_t i = 0; i < items.size(); ++i) {
    std::string path = fmt::format("{}[{}]", section.path, i);
    FitRule rule;
    bool has_when = false;
    bool has_points = false;
    for (const Entry& entry : r.entries(items[i], path, {"name", "when", "points"})) {
      if (entry.key == "name") {
        rule.name = r.text(entry);
      } else if (entry.key == "when") {
        rule.when = read_when(r, entry, rule.when_mark);
        rule.when_positions = r.text_positions(entry.value, rule.when);
        has_when = true;
      } else {
        rule.points = r.number(entry);
        has_points = true;
      }
    }
    if (!has_when || !has_points) {
      r.fail(items[i], fmt::format("{} needs {}", path, has_when ? "points" : "a when: expression"),
             "write each rule as {name: NAME, when: 'EXPRESSION', points: 10}");
    }
    if (rule.name.empty()) {
      rule.name = rule.when;
    }
    out.push_back(std::move(rule));
  }
  return out;
}

// A group named by a rule as the user wrote it, for positions.
struct GroupRef {
  std::string group;
  YAML::Node node;
};

// The activity and detail of two rules are the same: the later one would never apply.
bool same_match(const EngagementRule& a, const EngagementRule& b) {
  return a.activity == b.activity && a.detail == b.detail;
}

std::string describe_match(const EngagementRule& rule) {
  return rule.detail ? fmt::format("activity '{}' with detail '{}'", rule.activity, *rule.detail)
                     : fmt::format("activity '{}'", rule.activity);
}

EngagementRule read_engagement_rule(const YamlReader& r, const YAML::Node& item, const std::string& path,
                                    std::vector<GroupRef>& groups, YAML::Node& match_node) {
  EngagementRule rule;
  rule.mark = r.mark(item);
  bool has_points = false;
  for (const Entry& entry : r.entries(item, path, {"name", "activity", "detail", "group", "points", "cap"})) {
    if (entry.key == "name") {
      rule.name = r.text(entry);
    } else if (entry.key == "activity") {
      rule.activity = r.text(entry);
      match_node = entry.value;
    } else if (entry.key == "detail") {
      rule.detail = r.text(entry);
      if (rule.detail->empty()) {
        r.fail(entry, fmt::format("{} must not be empty", entry.path),
               "leave detail out for a rule that matches any detail");
      }
      std::string error;
      if (!expr::Pattern::compile(*rule.detail, error)) {
        r.fail(r.content_mark(entry.value),
               fmt::format("{} is not a valid regular expression: {}", entry.path, error),
               "detail is an RE2 pattern found anywhere in the detail column, e.g. '/pricing' or "
               "'(?i)^webinar:'");
      }
    } else if (entry.key == "group") {
      rule.group = r.text(entry);
      groups.push_back({rule.group, entry.value});
    } else if (entry.key == "points") {
      rule.points = r.number(entry);
      has_points = true;
    } else {
      rule.cap = r.number(entry);
      if (*rule.cap < 0) {
        r.fail(entry, fmt::format("{} must not be negative", entry.path));
      }
    }
  }
  if (rule.activity.empty() || !has_points) {
    r.fail(item, fmt::format("{} needs {}", path, rule.activity.empty() ? "an activity" : "points"),
           "write each rule as {activity: form_submit, points: 20, cap: 40}");
  }
  if (rule.name.empty()) {
    rule.name = rule.detail ? fmt::format("{} {}", rule.activity, *rule.detail) : rule.activity;
  }
  return rule;
}

std::vector<EngagementRule> read_engagement_rules(const YamlReader& r, const Entry& section,
                                                  std::vector<GroupRef>& groups) {
  std::vector<EngagementRule> out;
  std::vector<YAML::Node> items = r.items(
      section.value, section.path, "a list of rules like {activity: form_submit, points: 20, cap: 40}");
  for (std::size_t i = 0; i < items.size(); ++i) {
    YAML::Node match_node;
    EngagementRule rule =
        read_engagement_rule(r, items[i], fmt::format("{}[{}]", section.path, i), groups, match_node);
    for (const EngagementRule& seen : out) {
      if (same_match(seen, rule)) {
        r.fail(match_node,
               fmt::format("{} already has a rule (line {})", describe_match(rule), seen.mark.line),
               "give each activity type one rule per detail pattern");
      }
      // An earlier rule for any detail of this activity takes every activity this one would.
      if (seen.activity == rule.activity && !seen.detail) {
        r.fail(match_node,
               fmt::format("this rule never applies: the rule on line {} takes every '{}' first",
                           seen.mark.line, rule.activity),
               "an activity counts for the first rule that matches it: put rules with a detail before "
               "the rule without one");
      }
    }
    out.push_back(std::move(rule));
  }
  return out;
}

std::vector<EngagementGroup> read_groups(const YamlReader& r, const Entry& section) {
  std::vector<EngagementGroup> out;
  for (const Entry& entry : r.named_entries(section.value, section.path)) {
    EngagementGroup group;
    group.name = entry.key;
    bool has_cap = false;
    for (const Entry& setting : r.entries(entry.value, entry.path, {"cap"})) {
      group.cap = r.number(setting);
      has_cap = true;
      if (group.cap < 0) {
        r.fail(setting, fmt::format("{} must not be negative", setting.path));
      }
    }
    if (!has_cap) {
      r.fail(entry, fmt::format("{} needs a cap", entry.path),
             "write each group as NAME: {cap: 25}, the most its rules add together");
    }
    out.push_back(std::move(group));
  }
  return out;
}

std::vector<std::string> group_names(const std::vector<EngagementGroup>& groups) {
  std::vector<std::string> names;
  for (const EngagementGroup& group : groups) {
    names.push_back(group.name);
  }
  return names;
}

void apply_engagement(const YamlReader& r, const Entry& section, Scoring& scoring) {
  std::vector<GroupRef> refs;
  std::optional<Entry> groups_entry;
  bool gave_rules = false;
  for (const Entry& entry : r.entries(section.value, section.path, {"half_life_days", "groups", "rules"})) {
    if (entry.key == "half_life_days") {
      scoring.half_life_days = r.number(entry);
      if (scoring.half_life_days <= 0) {
        r.fail(entry, fmt::format("{} must be a positive number of days", entry.path),
               "an activity counts half after this many days; 30 is a common choice");
      }
    } else if (entry.key == "groups") {
      scoring.engagement_groups = read_groups(r, entry);
      groups_entry = entry;
    } else {
      scoring.engagement = read_engagement_rules(r, entry, refs);
      gave_rules = true;
    }
  }
  const std::vector<std::string> names = group_names(scoring.engagement_groups);
  for (const GroupRef& ref : refs) {
    if (std::find(names.begin(), names.end(), ref.group) == names.end()) {
      r.fail(ref.node, fmt::format("unknown group '{}'{}", ref.group, did_you_mean(ref.group, names)),
             names.empty() ? "define the group under scoring.engagement.groups, e.g. web: {cap: 25}"
                           : fmt::format("scoring.engagement.groups defines: {}", join(names)));
    }
  }
  // The user's groups replace the built-in ones: the built-in rules they kept
  // must still find their groups.
  if (groups_entry && !gave_rules) {
    for (const EngagementRule& rule : scoring.engagement) {
      if (!rule.group.empty() && std::find(names.begin(), names.end(), rule.group) == names.end()) {
        r.fail(groups_entry->key_node,
               fmt::format("scoring.engagement.groups leaves out '{}', which the built-in rule '{}' uses",
                           rule.group, rule.name),
               "give scoring.engagement.rules too, naming your own groups");
      }
    }
  }
}

std::vector<std::pair<std::string, double>> read_grade_scale(const YamlReader& r, const Entry& section) {
  std::vector<std::pair<std::string, double>> out;
  std::vector<Entry> grades = r.named_entries(section.value, section.path);
  if (grades.empty()) {
    r.fail(section, fmt::format("{} must name at least one grade", section.path),
           "write the grades best first with their minimum points: {A: 25, B: 15, C: 5, D: -1000}");
  }
  for (const Entry& grade : grades) {
    double minimum = r.number(grade);
    if (!out.empty() && minimum >= out.back().second) {
      r.fail(grade,
             fmt::format("grade '{}' needs fewer points than '{}' ({} >= {})", grade.key, out.back().first,
                         minimum, out.back().second),
             "list the grades best first, each with a lower minimum than the one before");
    }
    out.emplace_back(grade.key, minimum);
  }
  return out;
}

} // namespace

bool apply_scoring(const YamlReader& r, const Entry& section, Scoring& scoring,
                   const std::vector<Stage>& stages) {
  bool gave_mql_stage = false;
  for (const Entry& entry :
       r.entries(section.value, "scoring", {"fit", "engagement", "grades", "mql", "model"})) {
    if (entry.key == "fit") {
      scoring.fit = read_fit(r, entry);
    } else if (entry.key == "engagement") {
      apply_engagement(r, entry, scoring);
    } else if (entry.key == "grades") {
      for (const Entry& scale : r.entries(entry.value, entry.path, {"fit", "engagement"})) {
        (scale.key == "fit" ? scoring.fit_grades : scoring.engagement_grades) = read_grade_scale(r, scale);
      }
    } else if (entry.key == "mql") {
      for (const Entry& mql : r.entries(entry.value, entry.path, {"score", "min_fit", "stage"})) {
        if (mql.key == "stage") {
          scoring.mql_stage = r.text(mql);
          scoring.mql_stage_mark = r.content_mark(mql.value);
          gave_mql_stage = true;
          if (std::none_of(stages.begin(), stages.end(),
                           [&](const Stage& stage) { return stage.name == scoring.mql_stage; })) {
            const std::vector<std::string> names = stage_names(stages);
            r.fail(mql,
                   fmt::format("{} names unknown stage '{}'{}", mql.path, scoring.mql_stage,
                               did_you_mean(scoring.mql_stage, names)),
                   fmt::format("stages are: {}", join(names)));
          }
        } else {
          (mql.key == "score" ? scoring.mql_score : scoring.mql_min_fit) = r.number(mql);
        }
      }
    } else {
      scoring.model = r.text(entry);
      scoring.model_mark = r.mark(entry.value);
      if (scoring.model->empty()) {
        r.fail(entry, fmt::format("{} must not be empty", entry.path),
               "name a model file written by `leads score --train`, or leave the key out");
      }
    }
  }
  return gave_mql_stage;
}

void check_default_mql_stage(const YamlReader& r, const Entry& stages, const Config& config) {
  if (config.find_stage(config.scoring.mql_stage) == nullptr) {
    r.fail(stages.key_node,
           fmt::format("stages leaves out '{}', which the built-in scoring.mql.stage names",
                       config.scoring.mql_stage),
           "add scoring: {mql: {stage: NAME}} naming the stage that qualified leads go to");
  }
}

} // namespace leads::config::detail
