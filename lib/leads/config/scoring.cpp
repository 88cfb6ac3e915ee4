#include <leads/config/sections.hpp>

#include <fmt/format.h>

namespace leads::config::detail {

namespace {

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

std::vector<EngagementRule> read_engagement_rules(const YamlReader& r, const Entry& section) {
  std::vector<EngagementRule> out;
  std::vector<YAML::Node> items = r.items(
      section.value, section.path, "a list of rules like {activity: form_submit, points: 20, cap: 40}");
  for (std::size_t i = 0; i < items.size(); ++i) {
    std::string path = fmt::format("{}[{}]", section.path, i);
    EngagementRule rule;
    rule.mark = r.mark(items[i]);
    bool has_points = false;
    YAML::Node activity_node;
    for (const Entry& entry : r.entries(items[i], path, {"activity", "points", "cap"})) {
      if (entry.key == "activity") {
        rule.activity = r.text(entry);
        activity_node = entry.value;
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
      r.fail(items[i], fmt::format("{} needs {}", path, rule.activity.empty() ? "an activity" : "points"),
             "write each rule as {activity: form_submit, points: 20, cap: 40}");
    }
    for (const EngagementRule& seen : out) {
      if (seen.activity == rule.activity) {
        r.fail(activity_node,
               fmt::format("activity '{}' already has a rule (line {})", rule.activity, seen.mark.line),
               "give each activity type one rule");
      }
    }
    out.push_back(std::move(rule));
  }
  return out;
}

void apply_engagement(const YamlReader& r, const Entry& section, Scoring& scoring) {
  for (const Entry& entry : r.entries(section.value, section.path, {"half_life_days", "rules"})) {
    if (entry.key == "half_life_days") {
      scoring.half_life_days = r.number(entry);
      if (scoring.half_life_days <= 0) {
        r.fail(entry, fmt::format("{} must be a positive number of days", entry.path),
               "an activity counts half after this many days; 30 is a common choice");
      }
    } else {
      scoring.engagement = read_engagement_rules(r, entry);
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

void apply_scoring(const YamlReader& r, const Entry& section, Scoring& scoring) {
  for (const Entry& entry : r.entries(section.value, "scoring", {"fit", "engagement", "grades", "mql"})) {
    if (entry.key == "fit") {
      scoring.fit = read_fit(r, entry);
    } else if (entry.key == "engagement") {
      apply_engagement(r, entry, scoring);
    } else if (entry.key == "grades") {
      for (const Entry& scale : r.entries(entry.value, entry.path, {"fit", "engagement"})) {
        (scale.key == "fit" ? scoring.fit_grades : scoring.engagement_grades) = read_grade_scale(r, scale);
      }
    } else {
      for (const Entry& mql : r.entries(entry.value, entry.path, {"score", "min_fit"})) {
        (mql.key == "score" ? scoring.mql_score : scoring.mql_min_fit) = r.number(mql);
      }
    }
  }
}

} // namespace leads::config::detail
