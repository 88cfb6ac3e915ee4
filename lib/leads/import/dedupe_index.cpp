#include <leads/import/dedupe_index.hpp>

#include <leads/import/lead_id.hpp>

#include <cstring>

namespace leads::import {

namespace {

constexpr std::uint32_t k_empty = 0xffffffffU;
constexpr unsigned k_chunk_bits = 20; // 1 MiB arena chunks
constexpr std::size_t k_chunk_size = std::size_t{1} << k_chunk_bits;
constexpr std::size_t k_max_chunks = (std::size_t{1} << (32 - k_chunk_bits)) - 1;
constexpr std::size_t k_initial_slots = 1024;

std::uint64_t load64(const char* p) {
  std::uint64_t w;
  std::memcpy(&w, p, 8);
  return w;
}

// Length of the varint prefix for n.
std::size_t varint_size(std::size_t n) {
  std::size_t size = 1;
  while (n >= 0x80) {
    n >>= 7;
    ++size;
  }
  return size;
}

} // namespace

DedupeIndex::DedupeIndex() : m_slots(k_initial_slots, Slot{0, k_empty}) {}

namespace {

// The smallest power-of-two table that holds n entries at most 70% full.
std::size_t capacity_for(std::size_t n) {
  std::size_t capacity = k_initial_slots;
  while (capacity * 7 < n * 10) {
    capacity *= 2;
  }
  return capacity;
}

} // namespace

void DedupeIndex::reserve(std::size_t keys) {
  const std::size_t capacity = capacity_for(keys);
  if (capacity > m_slots.size()) {
    rehash(capacity);
  }
}
DedupeIndex::~DedupeIndex() = default;
DedupeIndex::DedupeIndex(DedupeIndex&&) noexcept = default;
DedupeIndex& DedupeIndex::operator=(DedupeIndex&&) noexcept = default;

std::uint64_t DedupeIndex::hash(KeyKind kind, std::string_view key) {
  // Eight bytes at a time: this runs for every key of every row.
  std::uint64_t h = 0x9e3779b97f4a7c15ULL ^ (static_cast<std::uint64_t>(kind) << 56) ^ key.size();
  const char* p = key.data();
  std::size_t n = key.size();
  while (n >= 8) {
    h = (h ^ load64(p)) * 0x9fb21c651e98df25ULL;
    h ^= h >> 29;
    p += 8;
    n -= 8;
  }
  if (n > 0) {
    std::uint64_t w = 0;
    std::memcpy(&w, p, n);
    h = (h ^ w) * 0x9fb21c651e98df25ULL;
  }
  return fmix64(h);
}

const unsigned char* DedupeIndex::record(std::uint32_t ref) const {
  return m_chunks[ref >> k_chunk_bits].bytes.get() + (ref & (k_chunk_size - 1));
}

bool DedupeIndex::same_key(std::uint32_t ref, KeyKind kind, std::string_view key) const {
  const unsigned char* p = record(ref) + 4;
  if (*p++ != static_cast<unsigned char>(kind)) {
    return false;
  }
  std::size_t length = 0;
  unsigned shift = 0;
  while (*p & 0x80) {
    length |= static_cast<std::size_t>(*p++ & 0x7f) << shift;
    shift += 7;
  }
  length |= static_cast<std::size_t>(*p++) << shift;
  return length == key.size() && std::memcmp(p, key.data(), length) == 0;
}

std::optional<std::uint32_t> DedupeIndex::find(std::uint64_t hash, KeyKind kind, std::string_view key) const {
  const std::size_t mask = m_slots.size() - 1;
  const auto tag = static_cast<std::uint32_t>(hash >> 32);
  for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
    const Slot& slot = m_slots[i];
    if (slot.ref == k_empty) {
      return std::nullopt;
    }
    if (slot.tag == tag && same_key(slot.ref, kind, key)) {
      std::uint32_t group;
      std::memcpy(&group, record(slot.ref), 4);
      return group;
    }
  }
}

std::uint32_t DedupeIndex::append_key(KeyKind kind, std::string_view key, std::uint32_t group) {
  const std::size_t need = 4 + 1 + varint_size(key.size()) + key.size();
  if (m_chunks.empty() || m_chunks.back().size - m_chunks.back().used < need) {
    if (m_chunks.size() >= k_max_chunks) {
      throw std::length_error("dedupe index: more than 4 GiB of keys");
    }
    Chunk chunk;
    chunk.size = need > k_chunk_size ? need : k_chunk_size;
    chunk.bytes = std::make_unique_for_overwrite<unsigned char[]>(chunk.size);
    m_chunks.push_back(std::move(chunk));
  }
  Chunk& chunk = m_chunks.back();
  const auto ref = static_cast<std::uint32_t>(((m_chunks.size() - 1) << k_chunk_bits) | chunk.used);
  unsigned char* p = chunk.bytes.get() + chunk.used;
  std::memcpy(p, &group, 4);
  p += 4;
  *p++ = static_cast<unsigned char>(kind);
  std::size_t n = key.size();
  while (n >= 0x80) {
    *p++ = static_cast<unsigned char>(n | 0x80);
    n >>= 7;
  }
  *p++ = static_cast<unsigned char>(n);
  std::memcpy(p, key.data(), key.size());
  chunk.used += need;
  return ref;
}

void DedupeIndex::place(std::uint64_t hash, std::uint32_t ref) {
  const std::size_t mask = m_slots.size() - 1;
  std::size_t i = hash & mask;
  while (m_slots[i].ref != k_empty) {
    i = (i + 1) & mask;
  }
  m_slots[i] = Slot{static_cast<std::uint32_t>(hash >> 32), ref};
}

std::uint32_t DedupeIndex::insert(std::uint64_t hash, KeyKind kind, std::string_view key,
                                  std::uint32_t group) {
  if (auto existing = find(hash, kind, key)) {
    return *existing;
  }
  if ((m_size + 1) * 10 > m_slots.size() * 7) {
    rehash(m_slots.size() * 2);
  }
  place(hash, append_key(kind, key, group));
  ++m_size;
  return group;
}

void DedupeIndex::rehash(std::size_t capacity) {
  // The slots keep only 32 bits of each hash, so the keys are re-hashed from
  // the arena (read in order); the old table is freed first, so that growing
  // never holds two tables.
  std::vector<Slot>().swap(m_slots);
  m_slots.assign(capacity, Slot{0, k_empty});
  for (std::size_t c = 0; c < m_chunks.size(); ++c) {
    const Chunk& chunk = m_chunks[c];
    std::size_t pos = 0;
    while (pos < chunk.used) {
      const unsigned char* p = chunk.bytes.get() + pos + 4;
      const auto kind = static_cast<KeyKind>(*p++);
      std::size_t length = 0;
      unsigned shift = 0;
      while (*p & 0x80) {
        length |= static_cast<std::size_t>(*p++ & 0x7f) << shift;
        shift += 7;
      }
      length |= static_cast<std::size_t>(*p++) << shift;
      const std::string_view key(reinterpret_cast<const char*>(p), length);
      place(hash(kind, key), static_cast<std::uint32_t>((c << k_chunk_bits) | pos));
      pos = static_cast<std::size_t>(p - chunk.bytes.get()) + length;
    }
  }
}

std::size_t DedupeIndex::memory_bytes() const {
  std::size_t bytes = m_slots.capacity() * sizeof(Slot) + m_chunks.capacity() * sizeof(Chunk);
  for (const Chunk& chunk : m_chunks) {
    bytes += chunk.size;
  }
  return bytes;
}

void GroupIds::reserve(std::size_t groups) {
  m_ids.reserve(groups);
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

std::uint32_t GroupIds::add(std::uint64_t id) {
  if ((m_ids.size() + 1) * 10 > m_slots.size() * 7) {
    rebuild(m_slots.empty() ? k_initial_slots : m_slots.size() * 2);
  }
  const auto group = static_cast<std::uint32_t>(m_ids.size());
  m_ids.push_back(id);
  const std::size_t mask = m_slots.size() - 1;
  std::size_t i = fmix64(id) & mask;
  while (m_slots[i].group != 0) {
    i = (i + 1) & mask;
  }
  m_slots[i] = Slot{static_cast<std::uint32_t>(id >> 32), group + 1};
  return group;
}

void GroupIds::rebuild(std::size_t capacity) {
  std::vector<Slot>().swap(m_slots);
  m_slots.assign(capacity, Slot{0, 0});
  const std::size_t mask = capacity - 1;
  for (std::size_t g = 0; g < m_ids.size(); ++g) {
    std::size_t i = fmix64(m_ids[g]) & mask;
    while (m_slots[i].group != 0) {
      i = (i + 1) & mask;
    }
    m_slots[i] = Slot{static_cast<std::uint32_t>(m_ids[g] >> 32), static_cast<std::uint32_t>(g + 1)};
  }
}

std::size_t GroupIds::memory_bytes() const {
  return m_ids.capacity() * sizeof(std::uint64_t) + m_slots.capacity() * sizeof(Slot);
}

} // namespace leads::import
