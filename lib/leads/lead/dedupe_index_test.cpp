#include <leads/lead/dedupe_index.hpp>

#include <doctest/doctest.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <unistd.h>

using namespace leads::lead;

namespace {

std::optional<std::uint32_t> find(const DedupeIndex& index, KeyKind kind, std::string_view key) {
  return index.find(DedupeIndex::hash(kind, key));
}

std::uint32_t insert(DedupeIndex& index, KeyKind kind, std::string_view key, std::uint32_t group) {
  return index.insert(DedupeIndex::hash(kind, key), group);
}

} // namespace

TEST_CASE("lead::DedupeIndex") {
  DedupeIndex index;
  SUBCASE("keys map to groups; the first group stays") {
    CHECK_FALSE(find(index, KeyKind::email, "ana@example.com").has_value());
    CHECK(insert(index, KeyKind::email, "ana@example.com", 7) == 7);
    CHECK(insert(index, KeyKind::email, "ana@example.com", 9) == 7);
    CHECK(find(index, KeyKind::email, "ana@example.com") == 7U);
    CHECK(index.size() == 1);
  }
  SUBCASE("the kind is part of the key") {
    insert(index, KeyKind::external_id, "12345", 1);
    insert(index, KeyKind::phone, "12345", 2);
    CHECK(find(index, KeyKind::external_id, "12345") == 1U);
    CHECK(find(index, KeyKind::phone, "12345") == 2U);
    CHECK_FALSE(find(index, KeyKind::email, "12345").has_value());
  }
  SUBCASE("empty, long and near-identical keys") {
    insert(index, KeyKind::name, "", 3);
    const std::string long_key(3'000'000, 'x');
    insert(index, KeyKind::external_id, long_key, 4);
    insert(index, KeyKind::email, "a@b.co", 5);
    CHECK(find(index, KeyKind::name, "") == 3U);
    CHECK(find(index, KeyKind::external_id, long_key) == 4U);
    CHECK_FALSE(find(index, KeyKind::external_id, long_key.substr(1)).has_value());
    CHECK_FALSE(find(index, KeyKind::email, "a@b.c").has_value());
    CHECK_FALSE(find(index, KeyKind::email, "a@b.coo").has_value());
  }
  SUBCASE("probing past the last slot goes on at the first") {
    // Fingerprints whose home is the last slot, and one whose home is the first.
    const std::uint64_t last = ~std::uint64_t{0};
    for (std::uint32_t k = 0; k < 5; ++k) {
      CHECK(index.insert(KeyHash{last, k}, k) == k);
    }
    CHECK(index.insert(KeyHash{0, 9}, 9) == 9);
    for (std::uint32_t k = 0; k < 5; ++k) {
      CHECK(index.find(KeyHash{last, k}) == k);
    }
    CHECK(index.find(KeyHash{0, 9}) == 9U);
    CHECK_FALSE(index.find(KeyHash{last, 5}).has_value());
    CHECK_FALSE(index.find(KeyHash{0, 8}).has_value());
    // ... and after growing (the wrapped keys move to the new table's end).
    for (std::uint32_t i = 0; i < 5'000; ++i) {
      insert(index, KeyKind::email, "user" + std::to_string(i) + "@example.com", 100 + i);
    }
    for (std::uint32_t k = 0; k < 5; ++k) {
      CHECK(index.find(KeyHash{last, k}) == k);
    }
    CHECK(index.find(KeyHash{0, 9}) == 9U);
  }
  SUBCASE("a table of any size, grown by half") {
    index.reserve(100'000);
    const std::size_t reserved = index.capacity();
    CHECK(reserved == 100'000 * 10 / 7 + 1); // not rounded up to 2^18
    for (std::uint32_t i = 0; i < 100'000; ++i) {
      insert(index, KeyKind::email, "user" + std::to_string(i) + "@example.com", i);
    }
    CHECK(index.capacity() == reserved); // room for what was reserved
    insert(index, KeyKind::email, "one.more@example.com", 100'000);
    CHECK(index.capacity() == reserved + reserved / 2);
  }
  SUBCASE("growth keeps every key and stays at most 70% full") {
    const std::size_t initial = index.capacity();
    for (std::uint32_t i = 0; i < 200'000; ++i) {
      insert(index, KeyKind::email, "user" + std::to_string(i) + "@example.com", i);
      if (i % 2 == 0) {
        insert(index, KeyKind::phone, "+1415555" + std::to_string(i), i);
      }
    }
    CHECK(index.size() == 300'000);
    CHECK(index.capacity() > initial);
    CHECK(index.size() * 10 <= index.capacity() * 7);
    for (std::uint32_t i = 0; i < 200'000; i += 997) {
      CHECK(find(index, KeyKind::email, "user" + std::to_string(i) + "@example.com") == i);
    }
    CHECK(find(index, KeyKind::phone, "+1415555" + std::to_string(1000)) == 1000U);
    CHECK_FALSE(find(index, KeyKind::phone, "+1415555" + std::to_string(1001)).has_value());
    CHECK_FALSE(find(index, KeyKind::email, "user200000@example.com").has_value());
    // 16 bytes a slot, whatever the keys' length
    CHECK(index.memory_bytes() == index.capacity() * 16);
  }
}

TEST_CASE("lead::DedupeIndex::hash") {
  // Every bit of the kind and the key counts: no two of these share a fingerprint.
  std::vector<KeyHash> hashes;
  for (KeyKind kind : {KeyKind::email, KeyKind::external_id, KeyKind::phone, KeyKind::name}) {
    for (std::string_view key : {"", "a", "b", "ab", "ba", "a@b.co", "a@b.c", "+4930123456", "+4930123457"}) {
      hashes.push_back(DedupeIndex::hash(kind, key));
    }
  }
  for (std::size_t i = 0; i < hashes.size(); ++i) {
    for (std::size_t j = i + 1; j < hashes.size(); ++j) {
      CHECK_FALSE(hashes[i] == hashes[j]);
    }
  }
  CHECK(DedupeIndex::hash(KeyKind::email, "a@b.co") == DedupeIndex::hash(KeyKind::email, "a@b.co"));
}

TEST_CASE("lead::KeyBatch") {
  DedupeIndex index;
  KeyBatch batch(index);
  batch.add(DedupeIndex::hash(KeyKind::email, "ana@example.com"), 3);
  batch.add(DedupeIndex::hash(KeyKind::email, "ana@example.com"), 9);
  CHECK(index.size() == 0); // nothing inserted before a flush
  batch.flush();
  CHECK(find(index, KeyKind::email, "ana@example.com") == 3U); // in order: the first group stays
  // A full batch flushes by itself; the rest waits for flush().
  for (std::uint32_t i = 0; i < KeyBatch::k_size + 5; ++i) {
    batch.add(DedupeIndex::hash(KeyKind::phone, std::to_string(i)), i);
  }
  CHECK(index.size() == 1 + KeyBatch::k_size);
  batch.flush();
  CHECK(index.size() == 1 + KeyBatch::k_size + 5);
  CHECK(find(index, KeyKind::phone, std::to_string(KeyBatch::k_size + 4)) == KeyBatch::k_size + 4);
}

TEST_CASE("lead::GroupIds") {
  GroupIds ids;
  CHECK_FALSE(ids.find(42).has_value());
  CHECK(ids.add(42) == 0);
  CHECK(ids.add(0) == 1);
  CHECK(ids.find(42) == 0U);
  CHECK(ids.find(0) == 1U);
  CHECK(ids.id(1) == 0U);
  for (std::uint64_t i = 1; i <= 5000; ++i) {
    ids.add(i * 0x9e3779b97f4a7c15ULL);
  }
  CHECK(ids.size() == 5002);
  CHECK(ids.find(77 * 0x9e3779b97f4a7c15ULL) == 78U);
  CHECK_FALSE(ids.find(5001 * 0x9e3779b97f4a7c15ULL).has_value());
}

TEST_CASE("lead::ZeroPages") {
  leads::lead::ZeroPages<std::uint64_t> pages(100'000);
  REQUIRE(pages.size() == 100'000);
  for (std::size_t i = 0; i < pages.size(); i += 997) {
    CHECK(pages[i] == 0); // zero until written
  }
  for (std::size_t i = 0; i < pages.size(); ++i) {
    pages[i] = i + 1;
  }
  // Handing back the front: whole pages only, which then read as zero.
  const auto page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE)) / sizeof(std::uint64_t);
  pages.release_front(2 * page + 3);
  CHECK(pages[0] == 0);
  CHECK(pages[2 * page - 1] == 0);
  CHECK(pages[2 * page] == 2 * page + 1);
  CHECK(pages[99'999] == 100'000);

  // A table large enough for huge pages reads and hands back the same way.
  leads::lead::ZeroPages<std::uint64_t> large(std::size_t{5} << 18); // 10 MiB
  std::size_t nonzero = 0;
  for (std::size_t i = 0; i < large.size(); ++i) {
    nonzero += large[i] != 0 ? 1 : 0;
    large[i] = i + 1;
  }
  CHECK(nonzero == 0);
  large.release_front(std::size_t{3} << 17); // the first 3 MiB: one huge page and a half
  CHECK(large[0] == 0);
  CHECK(large[(std::size_t{3} << 17) - 1] == 0);
  CHECK(large[std::size_t{3} << 17] == (std::size_t{3} << 17) + 1);
  CHECK(large[large.size() - 1] == large.size());

  leads::lead::ZeroPages<std::uint64_t> moved(std::move(pages));
  CHECK(pages.empty());
  CHECK(moved[99'999] == 100'000);
}

TEST_CASE("lead::reserve_for_load") {
  DedupeIndex index;
  GroupIds groups;
  for (std::uint32_t i = 0; i < 500; ++i) {
    index.insert(DedupeIndex::hash(KeyKind::email, "stored" + std::to_string(i)), i);
    groups.add(i + 1);
  }
  const TableSizes before{index.size(), groups.size()};
  // A quarter of the load brought 300 keys and 100 leads: three times as
  // many are still to come (and 3 % more for good measure).
  for (std::uint32_t i = 0; i < 300; ++i) {
    index.insert(DedupeIndex::hash(KeyKind::phone, "new" + std::to_string(i)), 500 + i / 3);
  }
  for (std::uint32_t i = 0; i < 100; ++i) {
    groups.add(1000 + i);
  }
  SUBCASE("the sample is scaled to the whole load") {
    reserve_for_load(index, groups, before, 0.25);
    CHECK(index.capacity() == table::slots_for(800 + 927));
    const std::size_t keys_room = index.capacity();
    for (std::uint32_t i = 300; i < 1200; ++i) { // the rest comes as forecast: no growth
      index.insert(DedupeIndex::hash(KeyKind::phone, "new" + std::to_string(i)), 500 + i / 3);
    }
    CHECK(index.capacity() == keys_room);
  }
  SUBCASE("no forecast from an empty or a finished load") {
    const std::size_t capacity = index.capacity();
    reserve_for_load(index, groups, before, 0.0);
    reserve_for_load(index, groups, before, 1.0);
    CHECK(index.capacity() == capacity);
  }
}
