#pragma once

#include <leads/config/config.hpp>
#include <leads/expr/expr.hpp>
#include <leads/scoring/engagement.hpp>
#include <leads/scoring/points.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace leads::expr {
class Pattern;
} // namespace leads::expr

namespace leads::scoring {

// Which half of the score a contribution belongs to.
enum class Dimension { fit, engagement };
std::string_view dimension_name(Dimension dimension); // "fit" | "engagement"

// One rule's part of a lead's score, for --explain. The parts of a result
// add up exactly to its score.
struct Contribution {
  Dimension dimension = Dimension::fit;
  std::string_view rule; // the rule's name; lives as long as the RuleSet
  Points points = 0;
  std::string note; // "3 activities, capped at 40"; empty for fit rules
};

// A lead's score.
struct Result {
  Points fit = 0;
  Points engagement = 0;
  Points score = 0;       // fit + engagement
  std::string_view grade; // fit letter + engagement band ("A1"); lives as long as the RuleSet
  bool qualifies = false; // score >= mql.score and fit >= mql.min_fit
};

// The `scoring:` model of a configuration, compiled for one input: fit rules
// as expressions over its columns, engagement rules ready to match activities,
// points in hundredths. score() is const and allocates nothing (unless asked
// to explain): one RuleSet may score rows from several threads.
class RuleSet {
public:
  // Compiles the fit rules against `columns` (the input's header; a canonical
  // lead field the input lacks reads as empty) and the config's named lists.
  // `now` (epoch seconds) is what days_since() and the engagement decay count
  // from. A bad expression or unknown field throws leads::Error(config) at its
  // place in leads.yaml.
  static RuleSet compile(const config::Config& config, const std::vector<std::string>& columns,
                         std::int64_t now);

  RuleSet(RuleSet&&) noexcept;
  RuleSet& operator=(RuleSet&&) noexcept;
  ~RuleSet();

  // Scores one row (fields in the order of `columns`; a short row reads as
  // empty past its end) with the lead's engagement, or nullptr for none. With
  // `explain`, appends every fit rule that holds and every engagement rule
  // the lead has activities for, in file order.
  Result score(std::span<const std::string_view> row, const EngagementTable::Entry* engagement,
               std::vector<Contribution>* explain = nullptr) const;

  // The engagement rule an activity counts for: the first, in file order, whose
  // activity is `type` and whose detail pattern (if any) is found in `detail`.
  std::optional<std::size_t> match_activity(std::string_view type, std::string_view detail) const;

  std::int64_t now() const { return m_context.now; }
  double half_life_days() const { return m_half_life_days; }
  std::size_t engagement_rule_count() const { return m_engagement.size(); }
  Points mql_score() const { return m_mql_score; }
  Points mql_min_fit() const { return m_mql_min_fit; }
  const std::string& mql_stage() const { return m_mql_stage; }

private:
  struct FitRule {
    std::string name;
    expr::Expression when;
    Points points = 0;
  };
  struct EngagementRule {
    std::string name;
    std::string activity;
    std::unique_ptr<expr::Pattern> detail; // null: any detail
    Points points = 0;
    std::optional<Points> cap;
    std::optional<std::size_t> group;
  };
  struct Group {
    std::string name;
    Points cap = 0;
  };

  RuleSet() = default;
  std::string_view grade(Points fit, Points engagement) const;
  Points engagement_of(const EngagementTable::Entry& entry, std::vector<Contribution>* explain) const;

  expr::Context m_context;
  double m_half_life_days = 30;
  std::vector<FitRule> m_fit;
  std::vector<EngagementRule> m_engagement;
  std::vector<Group> m_groups;
  std::vector<Points> m_fit_minimums;
  std::vector<Points> m_engagement_minimums;
  std::vector<std::string> m_grades; // fit grade i, engagement grade j at i * engagement grades + j
  Points m_mql_score = 0;
  Points m_mql_min_fit = 0;
  std::string m_mql_stage;
};

} // namespace leads::scoring
