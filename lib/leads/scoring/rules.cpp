#include <leads/scoring/rules.hpp>

#include <leads/error.hpp>
#include <leads/expr/pattern.hpp>
#include <leads/lead/fields.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace leads::scoring {

namespace {

expr::Origin origin_of(const config::Config& config, const config::FitRule& rule) {
  expr::Origin origin{ErrorKind::config,
                      config.source.empty() ? "leads.yaml" : config.source,
                      rule.when_mark.line,
                      rule.when_mark.column,
                      {}};
  for (const config::Mark& position : rule.when_positions) {
    origin.positions.emplace_back(position.line, position.column);
  }
  return origin;
}

std::vector<Points> minimums(const std::vector<std::pair<std::string, double>>& scale) {
  std::vector<Points> out;
  for (const auto& [name, minimum] : scale) {
    out.push_back(to_points(minimum));
  }
  return out;
}

// The first grade, best first, whose minimum `points` reaches; the last when none.
std::size_t band(const std::vector<Points>& minimums, Points points) {
  for (std::size_t i = 0; i < minimums.size(); ++i) {
    if (points >= minimums[i]) {
      return i;
    }
  }
  return minimums.empty() ? 0 : minimums.size() - 1;
}

void append_note(std::string& note, std::string_view part) {
  if (!note.empty()) {
    note += ", ";
  }
  note += part;
}

} // namespace

std::string_view dimension_name(Dimension dimension) {
  return dimension == Dimension::fit ? "fit" : "engagement";
}

RuleSet::RuleSet(RuleSet&&) noexcept = default;
RuleSet& RuleSet::operator=(RuleSet&&) noexcept = default;
RuleSet::~RuleSet() = default;

RuleSet RuleSet::compile(const config::Config& config, const std::vector<std::string>& columns,
                         std::int64_t now) {
  const config::Scoring& scoring = config.scoring;
  RuleSet out;
  out.m_context.now = now;
  out.m_half_life_days = scoring.half_life_days;

  // Canonical fields the input lacks sit past the end of every row: they read as empty.
  expr::Schema schema{columns, config.lists};
  for (std::string_view field : k_field_names) {
    if (std::find(columns.begin(), columns.end(), field) == columns.end()) {
      schema.columns.emplace_back(field);
    }
  }
  for (const config::FitRule& rule : scoring.fit) {
    out.m_fit.push_back({rule.name, expr::Expression::compile(rule.when, schema, origin_of(config, rule)),
                         to_points(rule.points)});
  }

  for (const config::EngagementGroup& group : scoring.engagement_groups) {
    out.m_groups.push_back({group.name, to_points(group.cap)});
  }
  for (const config::EngagementRule& rule : scoring.engagement) {
    EngagementRule compiled;
    compiled.name = rule.name;
    compiled.activity = rule.activity;
    compiled.points = to_points(rule.points);
    if (rule.cap) {
      compiled.cap = to_points(*rule.cap);
    }
    if (rule.detail) {
      std::string error;
      compiled.detail = expr::Pattern::compile(*rule.detail, error);
      if (!compiled.detail) {
        throw Error(ErrorKind::config,
                    fmt::format("engagement rule '{}': invalid detail pattern: {}", rule.name, error),
                    config.source, rule.mark.line, rule.mark.column);
      }
    }
    if (!rule.group.empty()) {
      auto found = std::find_if(out.m_groups.begin(), out.m_groups.end(),
                                [&](const Group& group) { return group.name == rule.group; });
      if (found == out.m_groups.end()) {
        throw Error(ErrorKind::config,
                    fmt::format("engagement rule '{}': unknown group '{}'", rule.name, rule.group),
                    config.source, rule.mark.line, rule.mark.column);
      }
      compiled.group = static_cast<std::size_t>(found - out.m_groups.begin());
    }
    out.m_engagement.push_back(std::move(compiled));
  }

  out.m_fit_minimums = minimums(scoring.fit_grades);
  out.m_engagement_minimums = minimums(scoring.engagement_grades);
  for (const auto& [fit, fit_minimum] : scoring.fit_grades) {
    for (const auto& [engagement, engagement_minimum] : scoring.engagement_grades) {
      out.m_grades.push_back(fit + engagement);
    }
  }
  out.m_mql_score = to_points(scoring.mql_score);
  out.m_mql_min_fit = to_points(scoring.mql_min_fit);
  out.m_mql_stage = scoring.mql_stage;
  return out;
}

std::optional<std::size_t> RuleSet::match_activity(std::string_view type, std::string_view detail) const {
  for (std::size_t i = 0; i < m_engagement.size(); ++i) {
    const EngagementRule& rule = m_engagement[i];
    if (rule.activity == type && (!rule.detail || rule.detail->search(detail))) {
      return i;
    }
  }
  return std::nullopt;
}

std::string_view RuleSet::grade(Points fit, Points engagement) const {
  if (m_grades.empty()) {
    return {};
  }
  return m_grades[band(m_fit_minimums, fit) * m_engagement_minimums.size() +
                  band(m_engagement_minimums, engagement)];
}

Points RuleSet::engagement_of(const EngagementTable::Entry& entry, std::vector<Contribution>* explain) const {
  // What each group's rules added so far (groups are few: a per-thread buffer).
  thread_local std::vector<Points> group_total;
  group_total.assign(m_groups.size(), 0);
  Points total = 0;
  for (const EngagementTable::RuleSum& sum : entry.sums) {
    const EngagementRule& rule = m_engagement[sum.rule];
    // Cap the real figure, then round: a capped figure is the cap, exactly.
    const double real = static_cast<double>(rule.points) * sum.decayed;
    const bool capped = rule.cap && real > static_cast<double>(*rule.cap);
    const Points own = capped ? *rule.cap : round_hundredths(real);
    Points value = own;
    if (rule.group) {
      Points& used = group_total[*rule.group];
      const Points cap = m_groups[*rule.group].cap;
      if (value > 0 && used + value > cap) {
        value = std::max<Points>(0, cap - used);
      }
      used += value;
    }
    total += value;
    if (explain != nullptr) {
      std::string note = fmt::format("{} {}", sum.count, sum.count == 1 ? "activity" : "activities");
      if (capped) {
        append_note(note, "capped at " + format_points(*rule.cap));
      }
      if (value != own) {
        append_note(note, fmt::format("trimmed from {} by group {} cap {}", format_points(own),
                                      m_groups[*rule.group].name, format_points(m_groups[*rule.group].cap)));
      }
      explain->push_back({Dimension::engagement, rule.name, value, std::move(note)});
    }
  }
  return total;
}

Result RuleSet::score(std::span<const std::string_view> row, const EngagementTable::Entry* engagement,
                      std::vector<Contribution>* explain) const {
  Result result;
  for (const FitRule& rule : m_fit) {
    if (rule.when.matches(row, m_context)) {
      result.fit += rule.points;
      if (explain != nullptr) {
        explain->push_back({Dimension::fit, rule.name, rule.points, {}});
      }
    }
  }
  if (engagement != nullptr) {
    result.engagement = engagement_of(*engagement, explain);
  }
  result.score = result.fit + result.engagement;
  result.grade = grade(result.fit, result.engagement);
  result.qualifies = result.score >= m_mql_score && result.fit >= m_mql_min_fit;
  return result;
}

} // namespace leads::scoring
