#pragma once

#include <leads/report/period.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

// The numbers of a funnel report (see leads-report(1) for their definitions),
// as compute() finds them and the renderers print them.
namespace leads::report {

// A value in the period and in the period before it.
template <typename T> struct Compared {
  T current{};
  T previous{};
  friend bool operator==(const Compared&, const Compared&) = default;
  // Adds the figures of other leads (merging partials).
  Compared& operator+=(const Compared& other) {
    current += other.current;
    previous += other.previous;
    return *this;
  }
};

// A share: numerator / denominator, none when the denominator is 0.
struct Ratio {
  long numerator = 0;
  long denominator = 0;
  std::optional<double> value() const {
    return denominator == 0
               ? std::nullopt
               : std::optional<double>(static_cast<double>(numerator) / static_cast<double>(denominator));
  }
  friend bool operator==(const Ratio&, const Ratio&) = default;
  // Adds the numerator and denominator of other leads.
  Ratio& operator+=(const Ratio& other) {
    numerator += other.numerator;
    denominator += other.denominator;
    return *this;
  }
};

// A stage of leads.yaml as the report sees it.
struct StageInfo {
  std::string name;
  bool won = false;
  bool exit = false;
  // An exit whose next: stages are all exits (lost, disqualified, churned):
  // entering it without having won closes the lead as lost.
  bool lost = false;
  friend bool operator==(const StageInfo&, const StageInfo&) = default;
};

// Where a conversion or velocity pair ends: a stage, any won stage, or closed
// (won, or lost as above).
struct Target {
  enum class Kind { stage, won, closed };
  Kind kind = Kind::stage;
  std::size_t stage = 0; // for Kind::stage
  friend bool operator==(const Target&, const Target&) = default;
};

// Of the leads that entered `from` in the period, those that reached `to` by now.
struct ConversionRow {
  std::size_t from = 0;
  Target to;
  Compared<Ratio> share; // reached / entered
};

// Days from an entry into `from` to the entry into `to`, over the leads that
// made the move in the period: exact to the second.
struct Durations {
  long count = 0;
  double median_seconds = 0;    // midpoint of the two middle values for an even count
  std::int64_t p90_seconds = 0; // nearest rank: the ceil(0.9 n)-th smallest
  friend bool operator==(const Durations&, const Durations&) = default;
};

struct VelocityRow {
  std::size_t from = 0;
  Target to;
  Compared<std::optional<Durations>> days;
};

// The funnel of one group of leads (all of them, or one value of --by).
struct GroupFunnel {
  std::string name;                    // "(all)" for every lead, else the --by value or "(none)"
  long leads = 0;                      // leads in the group now
  std::vector<Compared<long>> entered; // per stage
  std::vector<ConversionRow> conversion;
  Compared<Ratio> win_rate;          // won / (won + lost)
  std::vector<VelocityRow> velocity; // only pairs with data in the period or the one before
};

// Handoffs of one owner (or the total, named "(all)").
struct SlaRow {
  std::string owner; // "(none)" for leads without one
  Compared<long> in_time, late, overdue, waiting;
  // in time / (in time + late + overdue)
  Compared<Ratio> compliance() const {
    return {{in_time.current, in_time.current + late.current + overdue.current},
            {in_time.previous, in_time.previous + late.previous + overdue.previous}};
  }
};

// Entries into a stage that records a reason, by the lead's source and the reason.
struct FeedbackRow {
  std::size_t stage = 0;
  std::string source; // "(none)" when empty
  std::string reason; // "(no reason)" when empty
  Compared<long> count;
};

// A lead in a won stage now that other leads name in referred_by.
struct Advocate {
  std::string id;
  std::string name; // "First Last", may be empty
  std::string email;
  long referred = 0;               // leads that name it, all told
  Compared<long> referred_created; // of those, created in the period
};

struct Retention {
  Compared<long> customers_at_start; // in a won stage when the period started
  Compared<long> won;                // first entry into a won stage
  Compared<long> churned;            // from a won stage into an exit stage
  Compared<Ratio> churn_rate() const {
    return {{churned.current, customers_at_start.current}, {churned.previous, customers_at_start.previous}};
  }
  long referred = 0; // leads whose referred_by names a lead in a won stage now
  Compared<long> referred_created;
  Compared<Ratio> referred_win_rate; // of the referred leads
  Compared<Ratio> others_win_rate;   // of every other lead
  std::vector<Advocate> advocates;   // most referrals first
};

struct TrendBucket {
  Period period;
  std::vector<long> entered; // per stage
  Ratio win_rate;
};

struct Trend {
  Every every = Every::week;
  std::vector<TrendBucket> buckets; // oldest first
  TrendBucket before;               // the bucket before the first, for its change
};

// Something the report left out, for the reader to know.
struct Note {
  std::string text;
};

struct Report {
  Period period;
  Period previous;
  std::int64_t now = 0;
  // The definitions' parameters.
  std::string handoff_stage;
  double sla_hours = 0;
  std::optional<std::string> by;

  std::vector<StageInfo> stages;
  long leads = 0;              // in leads.csv
  std::vector<long> leads_now; // per stage, by the current stage
  long leads_other_stage = 0;  // with a stage leads.yaml does not have (or none)
  long events = 0;             // rows of events.csv read

  GroupFunnel all;
  std::vector<GroupFunnel> groups; // --by: by value, "(none)" last
  std::vector<SlaRow> sla;         // by owner, "(none)" last
  SlaRow sla_total;
  std::vector<FeedbackRow> feedback; // most first
  Retention retention;
  Trend trend;
  std::vector<Note> notes;

  // "customer", or "won" / "closed".
  std::string target_name(const Target& target) const;
};

} // namespace leads::report
