#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace leads::scoring {

class RuleSet;

// Engagement gathered from activities, per lead: for each engagement rule the
// lead has activities for, how many and their decayed weight (the sum of
// 0.5^(age_days / half_life_days)). Memory grows with the leads that have
// activities, not with the activities: each lead holds one small array.
class EngagementTable {
public:
  // One rule's activities for one lead.
  struct RuleSum {
    std::uint32_t rule = 0;  // index into the config's engagement rules
    std::uint32_t count = 0; // activities that counted
    double decayed = 0;      // sum of their decay factors (1 = happened at "now")
  };

  // One lead's sums, in rule order.
  struct Entry {
    std::vector<RuleSum> sums;
    std::int64_t latest = 0; // when the latest activity that counted happened (epoch seconds)
  };

  // What add() did with an activity.
  enum class Added {
    counted,
    no_rule, // no engagement rule matches its type and detail
    future,  // it happens after "now" (not yet, as of --as-of)
  };

  // Matches activities against `rules` (which must outlive the table) and
  // decays them as of rules.now().
  explicit EngagementTable(const RuleSet& rules);

  // Counts one activity of the lead named `lead_key` (a lead id, or a lower-case
  // email: whatever the caller looks leads up by) that happened at `at` (epoch
  // seconds). Activities whose time cannot be read are the caller's to report:
  // they never reach the table.
  Added add(std::string_view lead_key, std::int64_t at, std::string_view type, std::string_view detail);

  // The lead's sums, or nullptr when none of its activities counted.
  const Entry* find(std::string_view lead_key) const;

  // Leads with at least one counted activity.
  std::size_t size() const { return m_entries.size() + m_by_text.size(); }

private:
  struct TextHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view key) const noexcept;
  };
  // A lead id's place in the open-addressing table (a lookup touches one slot
  // for a lead without activities, as most are).
  struct Slot {
    std::uint64_t id = 0;
    std::uint32_t entry = k_empty; // index into m_entries
  };
  static constexpr std::uint32_t k_empty = 0xffffffff;

  Entry& entry_for(std::string_view lead_key);
  std::size_t slot_of(std::uint64_t id) const;
  void grow();

  const RuleSet& m_rules;
  double m_half_life_seconds;
  // Lead ids (16 lower-case hex digits) as numbers, no string per lead; the
  // capacity a power of two, at most half full.
  std::vector<Slot> m_slots;
  std::vector<Entry> m_entries;
  // Other keys (emails).
  std::unordered_map<std::string, Entry, TextHash, std::equal_to<>> m_by_text;
};

} // namespace leads::scoring
