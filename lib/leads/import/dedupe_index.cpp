#include <leads/import/dedupe_index.hpp>

#include <leads/import/lead_id.hpp>

// Header-only use of xxHash: its functions are inlined, no library is linked.
#define XXH_INLINE_ALL
#include <xxhash.h>

namespace leads::import {

namespace {

constexpr std::size_t k_initial_slots = 1024;

// The smallest power-of-two table that holds n entries at most 70% full.
std::size_t capacity_for(std::size_t n) {
  std::size_t capacity = k_initial_slots;
  while (capacity * 7 < n * 10) {
    capacity *= 2;
  }
  return capacity;
}

} // namespace

DedupeIndex::DedupeIndex() : m_slots(k_initial_slots) {}

void DedupeIndex::reserve(std::size_t keys) {
  const std::size_t capacity = capacity_for(keys);
  if (capacity > m_slots.size()) {
    rehash(capacity);
  }
}

KeyHash DedupeIndex::hash(KeyKind kind, std::string_view key) {
  const XXH128_hash_t h = XXH3_128bits_withSeed(key.data(), key.size(), static_cast<XXH64_hash_t>(kind));
  return KeyHash{h.low64, static_cast<std::uint32_t>(h.high64)};
}

std::optional<std::uint32_t> DedupeIndex::find(const KeyHash& key) const {
  const std::size_t mask = m_slots.size() - 1;
  for (std::size_t i = key.low & mask;; i = (i + 1) & mask) {
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
  const std::size_t mask = m_slots.size() - 1;
  std::size_t i = slot.low & mask;
  while (m_slots[i].group != 0) {
    i = (i + 1) & mask;
  }
  m_slots[i] = slot;
}

std::uint32_t DedupeIndex::insert(const KeyHash& key, std::uint32_t group) {
  if (auto existing = find(key)) {
    return *existing;
  }
  if ((m_size + 1) * 10 > m_slots.size() * 7) {
    rehash(m_slots.size() * 2);
  }
  place(Slot{key.low, key.high, group + 1});
  ++m_size;
  return group;
}

void DedupeIndex::rehash(std::size_t capacity) {
  ZeroPages<Slot> old(capacity);
  old.swap(m_slots);
  // A slot's new home is its old one plus a multiple of the old capacity:
  // walking the old table in order writes the new one in sequential fronts.
  old.drain([this](const Slot& slot) {
    if (slot.group != 0) {
      place(slot);
    }
  });
}

void GroupIds::reserve(std::size_t groups) {
  m_ids.reserve(groups);
  m_has_email.reserve(groups);
  if (capacity_for(groups) > m_slots.size()) {
    rebuild(capacity_for(groups));
  }
}

std::optional<std::uint32_t> GroupIds::find(std::uint64_t id) const {
  if (m_slots.empty()) {
    return std::nullopt;
  }
  const std::size_t mask = m_slots.size() - 1;
  const auto tag = static_cast<std::uint32_t>(id >> 32);
  for (std::size_t i = fmix64(id) & mask;; i = (i + 1) & mask) {
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
    __builtin_prefetch(&m_slots[fmix64(id) & (m_slots.size() - 1)]);
  }
}

std::uint32_t GroupIds::add(std::uint64_t id, bool has_email) {
  if ((m_ids.size() + 1) * 10 > m_slots.size() * 7) {
    rebuild(m_slots.empty() ? k_initial_slots : m_slots.size() * 2);
  }
  const auto group = static_cast<std::uint32_t>(m_ids.size());
  m_ids.push_back(id);
  m_has_email.push_back(has_email);
  const std::size_t mask = m_slots.size() - 1;
  std::size_t i = fmix64(id) & mask;
  while (m_slots[i].group != 0) {
    i = (i + 1) & mask;
  }
  m_slots[i] = Slot{static_cast<std::uint32_t>(id >> 32), group + 1};
  return group;
}

void GroupIds::rebuild(std::size_t capacity) {
  ZeroPages<Slot> old(capacity);
  old.swap(m_slots);
  const std::size_t mask = capacity - 1;
  // As DedupeIndex::rehash(): the old table in order, handed back as it goes.
  old.drain([&](const Slot& slot) {
    if (slot.group == 0) {
      return;
    }
    std::size_t i = fmix64(m_ids[slot.group - 1]) & mask;
    while (m_slots[i].group != 0) {
      i = (i + 1) & mask;
    }
    m_slots[i] = slot;
  });
}

std::size_t GroupIds::memory_bytes() const {
  return m_ids.capacity() * sizeof(std::uint64_t) + m_slots.size() * sizeof(Slot);
}

} // namespace leads::import
