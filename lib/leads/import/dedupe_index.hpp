#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

namespace leads::import {

// What a dedupe key is made of. The byte values are part of the key.
enum class KeyKind : unsigned char { email = 'e', external_id = 'x', phone = 'p', name = 'n' };

// Maps normalized identity keys (email, source id, phone, name|company) to a
// lead group number, for deduplicating a million leads in bounded memory.
// Open addressing with linear probing over a power-of-two table kept at most
// 70% full. A slot is 8 bytes: 32 bits of the key's hash and a reference into
// a byte arena of 1 MiB chunks, which holds each key's group, kind, length and
// bytes. (Slots keep no full hash: growing re-hashes the keys from the arena,
// which halves the table's size.) Memory: 8 bytes a slot (1.4 to 2.9 slots a
// key) plus 6 + length bytes a key; for 1.3 million keys of 30 bytes, about
// 16 MiB of slots and 46 MiB of arena.
class DedupeIndex {
public:
  DedupeIndex();
  ~DedupeIndex();
  DedupeIndex(DedupeIndex&&) noexcept;
  DedupeIndex& operator=(DedupeIndex&&) noexcept;

  // Makes room for about keys keys without growing.
  void reserve(std::size_t keys);

  // The hash that find() and insert() take, so that a caller hashes a key once.
  static std::uint64_t hash(KeyKind kind, std::string_view key);

  // Starts loading the slot of a hash into the cache, so that several keys'
  // lookups overlap their memory latency.
  void prefetch(std::uint64_t hash) const { __builtin_prefetch(&m_slots[hash & (m_slots.size() - 1)]); }

  // The group of a key, if present.
  std::optional<std::uint32_t> find(std::uint64_t hash, KeyKind kind, std::string_view key) const;
  // Adds key -> group unless the key is already present (the first group stays).
  // Returns the group the key maps to afterwards.
  std::uint32_t insert(std::uint64_t hash, KeyKind kind, std::string_view key, std::uint32_t group);

  std::size_t size() const { return m_size; }
  std::size_t capacity() const { return m_slots.size(); }
  // Bytes held by the table and the arena.
  std::size_t memory_bytes() const;

private:
  struct Slot {
    std::uint32_t tag;
    std::uint32_t ref;
  };
  struct Chunk {
    std::unique_ptr<unsigned char[]> bytes;
    std::size_t size = 0;
    std::size_t used = 0;
  };

  std::uint32_t append_key(KeyKind kind, std::string_view key, std::uint32_t group);
  const unsigned char* record(std::uint32_t ref) const;
  bool same_key(std::uint32_t ref, KeyKind kind, std::string_view key) const;
  void rehash(std::size_t capacity);
  void place(std::uint64_t hash, std::uint32_t ref);

  std::vector<Slot> m_slots;
  std::vector<Chunk> m_chunks;
  std::size_t m_size = 0;
};

// Lead groups and their ids: group numbers are dense (0, 1, 2, ...), and an id
// can be looked up to find its group (to detect id collisions and to match
// rows that name an existing lead's id).
class GroupIds {
public:
  // Makes room for about groups groups without growing.
  void reserve(std::size_t groups);
  std::optional<std::uint32_t> find(std::uint64_t id) const;
  // Starts loading the slot of an id into the cache (see DedupeIndex::prefetch).
  void prefetch(std::uint64_t id) const;
  // Adds a group for an id that is not present yet; returns its number.
  std::uint32_t add(std::uint64_t id);
  std::uint64_t id(std::uint32_t group) const { return m_ids[group]; }
  std::size_t size() const { return m_ids.size(); }
  std::size_t memory_bytes() const;

private:
  struct Slot {
    std::uint32_t tag;   // the id's high 32 bits
    std::uint32_t group; // group + 1; 0 = empty
  };
  void rebuild(std::size_t capacity);

  std::vector<std::uint64_t> m_ids;
  std::vector<Slot> m_slots;
};

} // namespace leads::import
