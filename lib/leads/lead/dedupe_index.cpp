#include <leads/lead/dedupe_index.hpp>

#include <leads/lead/id.hpp>

#include <algorithm>

// Header-only use of xxHash: its functions are inlined, no library is linked.
#define XXH_INLINE_ALL
#include <xxhash.h>

namespace leads::lead {

namespace {

constexpr std::size_t k_initial_slots = 1024;

} // namespace

std::size_t table::slots_for(std::size_t n) {
  return std::max(k_initial_slots, n * 10 / 7 + 1);
}

DedupeIndex::DedupeIndex() : m_slots(k_initial_slots) {}

void DedupeIndex::reserve(std::size_t keys) {
  const std::size_t capacity = table::slots_for(keys);
  if (capacity > m_slots.size()) {
    rehash(capacity);
  }
}

KeyHash DedupeIndex::hash(KeyKind kind, std::string_view key) {
  const XXH128_hash_t h = XXH3_128bits_withSeed(key.data(), key.size(), static_cast<XXH64_hash_t>(kind));
  return KeyHash{h.low64, static_cast<std::uint32_t>(h.high64)};
}

std::optional<std::uint32_t> DedupeIndex::find(const KeyHash& key) const {
  const std::size_t slots = m_slots.size();
  for (std::size_t i = table::home(key.low, slots);; i = table::next(i, slots)) {
    const Slot& slot = m_slots[i];
    if (slot.group == 0) {
      return std::nullopt;
    }
    if (slot.low == key.low && slot.high == key.high) {
      return slot.group - 1;
    }
  }
}

void DedupeIndex::place(const Slot& slot) {
  const std::size_t slots = m_slots.size();
  std::size_t i = table::home(slot.low, slots);
  while (m_slots[i].group != 0) {
    i = table::next(i, slots);
  }
  m_slots[i] = slot;
}

std::uint32_t DedupeIndex::insert(const KeyHash& key, std::uint32_t group) {
  if (auto existing = find(key)) {
    return *existing;
  }
  if ((m_size + 1) * 10 > m_slots.size() * 7) {
    rehash(table::grown(m_slots.size()));
  }
  place(Slot{key.low, key.high, group + 1});
  ++m_size;
  return group;
}

void DedupeIndex::rehash(std::size_t capacity) {
  ZeroPages<Slot> old(capacity);
  old.swap(m_slots);
  // Homes grow with the hash in both tables: walking the old table in order
  // writes the new one from front to back.
  old.drain([this](const Slot& slot) {
    if (slot.group != 0) {
      place(slot);
    }
  });
}

void GroupIds::reserve(std::size_t groups) {
  m_ids.reserve(groups);
  m_has_email.reserve(groups);
  if (table::slots_for(groups) > m_slots.size()) {
    rebuild(table::slots_for(groups));
  }
}

std::optional<std::uint32_t> GroupIds::find(std::uint64_t id) const {
  if (m_slots.empty()) {
    return std::nullopt;
  }
  const std::size_t slots = m_slots.size();
  const auto tag = static_cast<std::uint32_t>(id >> 32);
  for (std::size_t i = table::home(fmix64(id), slots);; i = table::next(i, slots)) {
    const Slot slot = m_slots[i];
    if (slot.group == 0) {
      return std::nullopt;
    }
    if (slot.tag == tag && m_ids[slot.group - 1] == id) {
      return slot.group - 1;
    }
  }
}

void GroupIds::prefetch(std::uint64_t id) const {
  if (!m_slots.empty()) {
    __builtin_prefetch(&m_slots[table::home(fmix64(id), m_slots.size())]);
  }
}

std::uint32_t GroupIds::add(std::uint64_t id, bool has_email) {
  if ((m_ids.size() + 1) * 10 > m_slots.size() * 7) {
    rebuild(m_slots.empty() ? k_initial_slots : table::grown(m_slots.size()));
  }
  const auto group = static_cast<std::uint32_t>(m_ids.size());
  m_ids.push_back(id);
  m_has_email.push_back(has_email);
  const std::size_t slots = m_slots.size();
  std::size_t i = table::home(fmix64(id), slots);
  while (m_slots[i].group != 0) {
    i = table::next(i, slots);
  }
  m_slots[i] = Slot{static_cast<std::uint32_t>(id >> 32), group + 1};
  return group;
}

void GroupIds::rebuild(std::size_t capacity) {
  ZeroPages<Slot> old(capacity);
  old.swap(m_slots);
  // As DedupeIndex::rehash(): the old table in order, handed back as it goes.
  old.drain([&](const Slot& slot) {
    if (slot.group == 0) {
      return;
    }
    std::size_t i = table::home(fmix64(m_ids[slot.group - 1]), capacity);
    while (m_slots[i].group != 0) {
      i = table::next(i, capacity);
    }
    m_slots[i] = slot;
  });
}

std::size_t GroupIds::memory_bytes() const {
  return m_ids.capacity() * sizeof(std::uint64_t) + m_slots.size() * sizeof(Slot);
}

void reserve_for_load(DedupeIndex& index, GroupIds& groups, TableSizes before, double done) {
  if (!(done > 0.0 && done < 1.0)) {
    return;
  }
  // A little over the forecast: the rest of a load is seldom exactly like its start.
  constexpr double k_margin = 1.03;
  auto forecast = [&](std::size_t now, std::size_t then) {
    return now + static_cast<std::size_t>(static_cast<double>(now - then) * (1.0 / done - 1.0) * k_margin);
  };
  index.reserve(forecast(index.size(), before.keys));
  groups.reserve(forecast(groups.size(), before.groups));
}

} // namespace leads::lead
