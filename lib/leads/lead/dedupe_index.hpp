#pragma once

#include <leads/lead/zero_pages.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace leads::lead {

// What a dedupe key is made of. The byte values are part of the key.
// (activity: a whole activity row, for telling one already imported.)
enum class KeyKind : unsigned char {
  email = 'e',
  external_id = 'x',
  phone = 'p',
  name = 'n',
  activity = 'a'
};

// A dedupe key's 96-bit fingerprint: XXH3-128 of the key, seeded with its
// kind, cut to 96 bits. Two different keys share one with a chance of about
// n^2 / 2^97 for n keys: for ten million keys, less than one in 10^15.
struct KeyHash {
  std::uint64_t low = 0;
  std::uint32_t high = 0;
  bool operator==(const KeyHash&) const = default;
};

// Slot arithmetic of the open-addressing tables below, which may have any
// number of slots: a hash's home slot is the hash scaled to the table (its
// high bits decide), and probing goes on at the next slot, past the last
// one back to the first.
namespace table {

inline std::size_t home(std::uint64_t hash, std::size_t slots) {
  __extension__ typedef unsigned __int128 Wide;
  return static_cast<std::size_t>((static_cast<Wide>(hash) * slots) >> 64);
}

inline std::size_t next(std::size_t slot, std::size_t slots) {
  return slot + 1 == slots ? 0 : slot + 1;
}

// The fewest slots that hold n entries at most 70% full (no fewer than a
// small table's).
std::size_t slots_for(std::size_t n);

// The slots after growing a full table: half as many again, so that a table
// just past a size does not take twice the memory it needs.
inline std::size_t grown(std::size_t slots) {
  return slots + slots / 2;
}

} // namespace table

// Maps normalized identity keys (email, source id, phone, name|company) to a
// lead group number, for deduplicating millions of leads in bounded memory.
// The index keeps each key's fingerprint, not the key: open addressing with
// linear probing over a table of 16-byte slots (fingerprint and group), kept
// at most 70% full. Memory: 16 bytes a slot, 1.4 to 2.1 slots a key; 2.8
// million keys (a million leads with an email, a source id and a phone each)
// take 61 to 92 MiB. Growing walks the old table in order, and a key's home
// in the new one is further on the larger its hash, so the new one fills in
// one sequential front while the old one is handed back: it costs about the
// new table's memory, not the old and the new one whole.
class DedupeIndex {
public:
  DedupeIndex();

  // Makes room for about keys keys without growing.
  void reserve(std::size_t keys);

  // The fingerprint that find() and insert() take; callers hash a key once,
  // on whichever thread suits them.
  static KeyHash hash(KeyKind kind, std::string_view key);

  // Starts loading the slot of a key into the cache, so that several keys'
  // lookups overlap their memory latency.
  void prefetch(const KeyHash& key) const {
    __builtin_prefetch(&m_slots[table::home(key.low, m_slots.size())]);
  }

  // The group of a key, if present.
  std::optional<std::uint32_t> find(const KeyHash& key) const;
  // Adds key -> group unless the key is already present (the first group stays).
  // Returns the group the key maps to afterwards.
  std::uint32_t insert(const KeyHash& key, std::uint32_t group);

  std::size_t size() const { return m_size; }
  std::size_t capacity() const { return m_slots.size(); }
  // Bytes held by the table (at most: its pages are taken as it fills).
  std::size_t memory_bytes() const { return m_slots.size() * sizeof(Slot); }

private:
  struct Slot {
    std::uint64_t low;
    std::uint32_t high;
    std::uint32_t group; // group + 1; 0 = empty
  };

  void rehash(std::size_t capacity);
  void place(const Slot& slot);

  ZeroPages<Slot> m_slots;
  std::size_t m_size = 0;
};

// Keys on their way into a DedupeIndex, for loading many at once: each key's
// slot is prefetched when it is added, and flush() inserts the keys in the
// order they came (so the first group of a repeated key still wins), by
// which time their slots are in the cache: a batch's misses overlap instead
// of following one another.
class KeyBatch {
public:
  static constexpr std::size_t k_size = 256;

  explicit KeyBatch(DedupeIndex& index) : m_index(index) { m_keys.reserve(k_size); }

  // Queues key -> group; flushes once the batch is full.
  void add(const KeyHash& key, std::uint32_t group) {
    m_index.prefetch(key);
    m_keys.push_back({key, group});
    if (m_keys.size() == k_size) {
      flush();
    }
  }
  void flush() {
    for (const Pending& pending : m_keys) {
      m_index.insert(pending.key, pending.group);
    }
    m_keys.clear();
  }

private:
  struct Pending {
    KeyHash key;
    std::uint32_t group;
  };
  DedupeIndex& m_index;
  std::vector<Pending> m_keys;
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
  std::uint32_t add(std::uint64_t id, bool has_email = false);
  std::uint64_t id(std::uint32_t group) const { return m_ids[group]; }
  // Whether the group's lead has an email (see DedupePass::accept()).
  bool has_email(std::uint32_t group) const { return m_has_email[group]; }
  void set_has_email(std::uint32_t group) { m_has_email[group] = true; }
  std::size_t size() const { return m_ids.size(); }
  std::size_t memory_bytes() const;

private:
  struct Slot {
    std::uint32_t tag;   // the id's high 32 bits
    std::uint32_t group; // group + 1; 0 = empty
  };
  void rebuild(std::size_t capacity);

  std::vector<std::uint64_t> m_ids;
  std::vector<bool> m_has_email;
  ZeroPages<Slot> m_slots;
};

// The rows of a load (stored leads, or rows of an import) after which its
// tables are sized by reserve_for_load(); a multiple of KeyBatch::k_size.
inline constexpr std::size_t k_table_sample = 32768;

struct TableSizes {
  std::size_t keys = 0;
  std::size_t groups = 0;
};

// Sizes the tables for a long load (a store, an import) from its start: they
// start small, and once a sample of the load is in, what it added since
// `before` is scaled up to the whole load and reserved at once, so that each
// table grows once, to about the size it ends at, rather than by halves
// past it. done: the share of the load that is in; nothing happens unless
// it is in (0, 1).
void reserve_for_load(DedupeIndex& index, GroupIds& groups, TableSizes before, double done);

} // namespace leads::lead
