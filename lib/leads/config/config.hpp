#pragma once

#include <leads/normalize/date.hpp>
#include <leads/normalize/email.hpp>

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace leads::config {

// A position in leads.yaml, for messages that point back at the setting.
struct Mark {
  long line = 0;   // 1-based, 0 = unknown (built-in default)
  long column = 0; // 1-based
};

struct Stage {
  std::string name;
  std::string side; // "marketing", "sales" or "" (exits)
  std::vector<std::string> next;
  bool won = false;
  bool exit = false;
  // `reason: required`: a move into this stage must say why (sales' feedback).
  bool reason_required = false;
  Mark mark;
};

struct FitRule {
  std::string name;
  std::string when; // expression
  double points = 0;
  Mark when_mark;
  std::vector<Mark> when_positions; // of each byte of `when` (and its end) in leads.yaml
};

// Points for one kind of activity. An activity counts for the first rule, in
// file order, whose activity is its type and whose detail pattern (if any) is
// found in its detail column.
struct EngagementRule {
  std::string name; // for explanations; default: activity [+ " " + detail]
  std::string activity;
  std::optional<std::string> detail; // RE2 pattern searched in the activity's detail
  std::string group;                 // "" = in no group
  double points = 0;
  std::optional<double> cap; // the most this rule adds
  Mark mark;
};

// A cap on what several engagement rules add together.
struct EngagementGroup {
  std::string name;
  double cap = 0;
};

struct Scoring {
  std::vector<FitRule> fit;
  double half_life_days = 30;
  std::vector<EngagementRule> engagement;
  std::vector<EngagementGroup> engagement_groups; // in file order
  // grade letter/number -> minimum points, per dimension, kept in file order
  std::vector<std::pair<std::string, double>> fit_grades;
  std::vector<std::pair<std::string, double>> engagement_grades;
  double mql_score = 60;
  double mql_min_fit = 10;
  std::string mql_stage = "mql"; // where qualifying leads are promoted; a stage of `stages:`
  Mark mql_stage_mark;           // where leads.yaml sets it (line 0: the built-in default)
  // A model file from `leads score --train`, as written (relative to the folder
  // of leads.yaml); the loader does not read it.
  std::optional<std::string> model;
  Mark model_mark;
};

struct Rep {
  std::string name;
  std::string email;
  std::string team;
  double weight = 1;
  std::optional<int> capacity_per_day;
  std::vector<std::string> away; // "YYYY-MM-DD..YYYY-MM-DD" or "YYYY-MM-DD"
  Mark mark;
};

struct RoutingRule {
  std::string when;
  std::string team;
  Mark when_mark;
  std::vector<Mark> when_positions; // of each byte of `when` (and its end) in leads.yaml
};

struct Team {
  std::string name;
  std::string strategy = "round_robin"; // round_robin | weighted | least_loaded
};

struct Routing {
  double sla_hours = 24;
  // The stage a routed lead enters.
  std::string handoff_stage = "sal";
  // The stage whose leads are routed; unset = routing_from_stage()'s default.
  std::optional<std::string> from_stage;
  std::vector<Rep> reps;
  std::vector<RoutingRule> rules;
  std::vector<Team> teams;
};

struct Import {
  // canonical field -> extra header spellings
  std::map<std::string, std::vector<std::string>> aliases;
  // canonical field -> (source value -> canonical value)
  std::map<std::string, std::map<std::string, std::string>> values;
  // Columns of stage dates, in file order: (header spelling, stage name, or
  // "stage_at" for the date of the lead's current stage). Each date a row
  // holds there is an entry into that stage (see `leads import --stage-date`).
  std::vector<std::pair<std::string, std::string>> stage_dates;
  normalize::DateOrder date_order = normalize::DateOrder::mdy;
  // How emails tell leads apart when they are deduped: exact (as written) or
  // mailbox (Gmail's dots and +tags, and Googlemail, fold); the stored email
  // stays as first written.
  normalize::EmailIdentity email_identity = normalize::EmailIdentity::exact;
};

// `leads report` defaults (report:).
struct Report {
  std::string period = "last-week"; // --period: a period as leads-report(1) names them
  std::string every = "week";       // --every: the unit of the trend, week or month
  long top = 10;                    // rows of the long lists in the table, md and html formats
};

struct Config {
  std::string store = "leads.csv";
  std::string default_country = "US";
  std::vector<std::string> null_values;
  Import import;
  std::vector<Stage> stages;
  Scoring scoring;
  Routing routing;
  Report report;
  // named lists usable in expressions (`email_domain in free_mail`)
  std::map<std::string, std::vector<std::string>, std::less<>> lists;

  // Where it was read from ("" for the built-in default), for messages.
  std::string source;

  const Stage* find_stage(std::string_view name) const;
  bool is_null_value(std::string_view cell) const;
};

// The stage `leads handoff` takes leads from: routing.from_stage when set, else
// scoring.mql.stage (the stage scoring promotes leads to).
std::string_view routing_from_stage(const Config& config);

// The text `leads init` writes: every setting spelled out with comments. It is
// also the built-in default (defaults() parses it), so there is one source of truth.
std::string_view default_yaml();

// The built-in configuration.
const Config& defaults();

// Reads a leads.yaml. Sections left out fall back to the defaults. Throws
// leads::Error(config) with file:line:col for YAML syntax errors, wrong types,
// unknown keys ("unknown key 'stagse'; did you mean 'stages'?"), unknown stage
// names in `next`, and bad values; leads::Error(no_input) when the file is missing.
Config load_file(const std::string& path);
Config load_string(std::string_view yaml_text, const std::string& source_name);

} // namespace leads::config
