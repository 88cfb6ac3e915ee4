#include <leads/scoring/engagement.hpp>

#include <leads/scoring/rules.hpp>

#include <algorithm>
#include <cmath>
#include <functional>

namespace leads::scoring {

namespace {

constexpr double k_seconds_per_day = 86400;

// A lead id (16 lower-case hex digits) as its number.
std::optional<std::uint64_t> id_number(std::string_view key) {
  if (key.size() != 16) {
    return std::nullopt;
  }
  std::uint64_t value = 0;
  for (char c : key) {
    unsigned digit = 0;
    if (c >= '0' && c <= '9') {
      digit = static_cast<unsigned>(c - '0');
    } else if (c >= 'a' && c <= 'f') {
      digit = static_cast<unsigned>(c - 'a' + 10);
    } else {
      return std::nullopt;
    }
    value = value << 4 | digit;
  }
  return value;
}

} // namespace

std::size_t EngagementTable::TextHash::operator()(std::string_view key) const noexcept {
  return std::hash<std::string_view>{}(key);
}

EngagementTable::EngagementTable(const RuleSet& rules)
    : m_rules(rules), m_half_life_seconds(rules.half_life_days() * k_seconds_per_day), m_slots(1024) {}

std::size_t EngagementTable::slot_of(std::uint64_t id) const {
  // Fibonacci hashing spreads ids (already hashes, but keep any input safe).
  const std::size_t mask = m_slots.size() - 1;
  std::size_t at = static_cast<std::size_t>((id * 0x9E3779B97F4A7C15ULL) >> 32) & mask;
  while (m_slots[at].entry != k_empty && m_slots[at].id != id) {
    at = (at + 1) & mask;
  }
  return at;
}

void EngagementTable::grow() {
  std::vector<Slot> old(m_slots.size() * 2);
  old.swap(m_slots);
  for (const Slot& slot : old) {
    if (slot.entry != k_empty) {
      m_slots[slot_of(slot.id)] = slot;
    }
  }
}

EngagementTable::Entry& EngagementTable::entry_for(std::string_view lead_key) {
  if (const std::optional<std::uint64_t> id = id_number(lead_key)) {
    std::size_t at = slot_of(*id);
    if (m_slots[at].entry == k_empty) {
      if (2 * (m_entries.size() + 1) > m_slots.size()) {
        grow();
        at = slot_of(*id);
      }
      m_slots[at] = {*id, static_cast<std::uint32_t>(m_entries.size())};
      m_entries.emplace_back();
    }
    return m_entries[m_slots[at].entry];
  }
  auto found = m_by_text.find(lead_key);
  if (found == m_by_text.end()) {
    found = m_by_text.emplace(std::string(lead_key), Entry{}).first;
  }
  return found->second;
}

EngagementTable::Added EngagementTable::add(std::string_view lead_key, std::int64_t at, std::string_view type,
                                            std::string_view detail) {
  const std::optional<std::size_t> rule = m_rules.match_activity(type, detail);
  if (!rule) {
    return Added::no_rule;
  }
  if (at > m_rules.now()) {
    return Added::future;
  }
  // 0.5^(age / half-life); exact powers of two for whole half-lives.
  const double decay = std::exp2(-static_cast<double>(m_rules.now() - at) / m_half_life_seconds);
  Entry& entry = entry_for(lead_key);
  entry.latest = entry.sums.empty() ? at : std::max(entry.latest, at);
  std::vector<RuleSum>& sums = entry.sums;
  const auto index = static_cast<std::uint32_t>(*rule);
  auto at_rule = std::lower_bound(sums.begin(), sums.end(), index,
                                  [](const RuleSum& sum, std::uint32_t r) { return sum.rule < r; });
  if (at_rule == sums.end() || at_rule->rule != index) {
    at_rule = sums.insert(at_rule, RuleSum{index, 0, 0});
  }
  ++at_rule->count;
  at_rule->decayed += decay;
  return Added::counted;
}

const EngagementTable::Entry* EngagementTable::find(std::string_view lead_key) const {
  if (const std::optional<std::uint64_t> id = id_number(lead_key)) {
    const Slot& slot = m_slots[slot_of(*id)];
    return slot.entry == k_empty ? nullptr : &m_entries[slot.entry];
  }
  auto found = m_by_text.find(lead_key);
  return found == m_by_text.end() ? nullptr : &found->second;
}

} // namespace leads::scoring
