#pragma once

#include <leads/report/model.hpp>
#include <leads/report/period.hpp>

#include <array>
#include <cstdint>
#include <functional>
#include <istream>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

// A report's mergeable state: what `leads report --partial` writes for the
// leads it was given (a workspace, or a shard of one), and what `leads report
// --merge` adds up. The partials of disjoint sets of leads merge into the
// partial of all of them, and a partial gives the report (to_report()), so a
// report merged from shards is the report of one run over all the leads, byte
// for byte. compute() itself makes its report from a partial of every lead.
namespace leads::report {

// The counts of one group of leads (every lead, or one value of --by).
struct PartialGroup {
  long leads = 0;
  std::array<std::vector<long>, 2> entered;   // per window (the period, the one before), per stage
  std::array<std::vector<long>, 2> converted; // per window, per conversion pair
  Compared<long> won, lost;                   // first entries into a won stage; closed as lost
  // Per window, per velocity pair: the seconds of every such move, so that
  // the merged median and 90th percentile are exact.
  std::array<std::vector<std::vector<std::int64_t>>, 2> durations;
};

// The leads that name the same text in referred_by, before it is known
// whether that text names a customer (the customer may be in another shard).
struct ReferralCounts {
  long leads = 0;
  Compared<long> created;   // of them, created in the period
  Compared<Ratio> win_rate; // their wins / (wins + losses)
};

// A lead in a won stage now: the customer that referred_by may name, by its
// id or email (in any case).
struct WonLead {
  std::uint64_t id = 0;
  std::string id_text; // as leads.csv has it
  std::string name;    // "First Last", may be empty
  std::string email;
  friend bool operator==(const WonLead&, const WonLead&) = default;
};

struct Partial {
  // What the numbers depend on: partials merge only when all of this agrees.
  std::int64_t now = 0;
  Period period;
  Period previous;
  Every every = Every::week;
  std::vector<Period> trend; // the bucket before the trend's first, then its buckets
  std::optional<std::string> by;
  std::string handoff_stage;
  double sla_hours = 0;
  long top = 10; // report.top: rows of the long lists in table, md and html
  std::vector<StageInfo> stages;
  std::vector<std::pair<std::size_t, Target>> conversion; // the pairs shown, in order
  std::vector<std::pair<std::size_t, Target>> velocity;
  // Of how many shards (0: not computed with --shard), and which it holds (increasing).
  std::uint32_t shard_count = 0;
  std::vector<std::uint32_t> shards;

  // The leads.
  long leads = 0;
  std::vector<long> leads_now;              // per stage
  std::map<std::string, long> other_stages; // leads with a stage leads.yaml lacks, by that stage ("" none)
  PartialGroup all;
  std::map<std::string, PartialGroup> groups; // by --by value ("" for none); groups with leads only
  // Handoffs by owner ("" none; SlaRow::owner unused here).
  std::map<std::string, SlaRow> sla;
  // Entries into exit stages by (stage, source, reason), as read ("" for none).
  std::map<std::tuple<std::size_t, std::string, std::string>, Compared<long>> feedback;
  Compared<long> customers_at_start, won, churned;
  // By (referred_by trimmed and in lower case, the id of the lead itself when
  // it is a won lead whose own id or email that is: it never refers itself).
  std::map<std::pair<std::string, std::optional<std::uint64_t>>, ReferralCounts> referrals;
  std::vector<WonLead> won_leads;               // by id
  std::vector<std::vector<long>> trend_entered; // per trend bucket, per stage
  std::vector<Ratio> trend_win;                 // per trend bucket

  // The history.
  long events = 0; // rows of events.csv (of the shard's leads)
  long unknown_lead = 0;
  long after_now = 0;
  std::map<std::string, long> unknown_stages;

  // Where it was read from ("FILE:LINE"), for messages; "" when computed.
  std::string origin;
};

// Adds `from` (the partial of other leads) to `into`. Throws
// leads::Error(data) at from.origin when they do not merge: a different
// period, --by, --every, as-of or setting (naming the difference), shards of
// a different count, or a shard both hold.
void merge(Partial& into, Partial from);

// The shards of partial.shard_count that it lacks ("3/4"); none when it holds
// them all or is no shard.
std::vector<std::string> missing_shards(const Partial& partial);

// The report of a partial: what compute() returns for the same leads. A
// partial that is one shard of several gets a note that says so.
Report to_report(Partial partial);

// The partial as one line of JSON (the format, versioned, is in
// leads-report(1)), ending with a line break: the same partial, the same bytes.
std::string write_partial(const Partial& partial);

// The version write_partial() writes; read_partials() reads it and no other.
inline constexpr int k_partial_version = 1;

// Reads the partials of a stream, one a line (blank lines skipped), and hands
// each to `each` as it is read. `name` names the stream in messages.
// Throws leads::Error(data) at name:line for a line that is not a partial of
// this version.
void read_partials(std::istream& in, const std::string& name, const std::function<void(Partial)>& each);

} // namespace leads::report
