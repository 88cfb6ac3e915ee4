#pragma once

#include <leads/config/config.hpp>
#include <leads/model/scorer.hpp>
#include <leads/scoring/engagement.hpp>
#include <leads/scoring/promotion.hpp>
#include <leads/scoring/rules.hpp>
#include <leads/scoring/run.hpp>

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

// Internal to the scoring run (run.cpp): what scores one row, split into the
// part every thread shares (rules, engagement, model: read-only once set up)
// and the scratch each thread writes.
namespace leads::scoring::detail {

// An activity's lead as the engagement table is keyed: its email, normalized.
std::string email_key(std::string_view email);

// Reads an activities file (at, type, lead_id and/or email, detail) into the
// table. ids_match: whether a lead_id can find a row (else every activity is
// keyed by its email). Activities whose time cannot be read are counted in
// the summary, the first one's place kept.
void load_activities(EngagementTable& table, const std::string& path, const std::string& shown,
                     normalize::DateOrder date_order, bool ids_match, RunSummary& summary);

// The scoring columns of the output: where each sits (appended when the
// input lacks them), and where the row's identity and stage are.
struct Columns {
  std::vector<std::string> header; // of the output
  std::size_t fit = 0;
  std::size_t engagement = 0;
  std::size_t score = 0;
  std::size_t grade = 0;
  std::optional<std::size_t> probability;
  std::optional<std::size_t> id;
  std::optional<std::size_t> email;
  std::optional<std::size_t> stage;
  std::optional<std::size_t> stage_at;
  std::optional<std::size_t> updated_at;
  std::optional<std::size_t> do_not_contact;

  Columns(const std::vector<std::string>& input, bool with_model);
};

// What every row is scored with; read-only once the activities are loaded.
struct Scoring {
  Scoring(const config::Config& config, const std::vector<std::string>& input_header, const RunOptions& options,
          std::optional<model::Model> model);

  const config::Config& config;
  const RunOptions& options;
  Columns columns;
  RuleSet rules;
  EngagementTable engagement;
  std::optional<model::Scorer> model;
  std::string now_iso;
  std::string target;       // --explain ID|EMAIL ("" for all)
  std::string target_email; // the same as an email key
};

// Counts of a run, per thread and summed.
struct Counts {
  long scored = 0;
  long changed_grade = 0;
  long promoted = 0;
  long explained = 0;
  long changed_rows = 0;

  Counts& operator+=(const Counts& other);
};

// Scores rows one after another for one thread.
class RowScorer {
public:
  explicit RowScorer(const Scoring& scoring) : m_s(scoring) {}

  // Scores a row (input fields): `out` becomes the output row (views into the
  // row and into this scorer, valid until the next call), `events` the events
  // the row calls for. With --explain, a wanted lead's contributions go to
  // options.on_explain.
  void score(std::span<const std::string_view> row, Counts& counts, std::vector<std::string_view>& out,
             std::vector<EventText>& events);

private:
  const Scoring& m_s;
  std::string m_fit, m_engagement, m_score, m_probability, m_email_key;
  EngagementTable::Entry m_merged;
  std::vector<Contribution> m_contributions;
  std::vector<model::ModelContribution> m_model_contributions;

  bool wanted(std::span<const std::string_view> row);
  const EngagementTable::Entry* engagement_of(std::span<const std::string_view> row);
  void explain(std::span<const std::string_view> row);
};

} // namespace leads::scoring::detail
