#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace leads::routing {

// Numbers distinct texts 0, 1, 2, ... in the order first seen (email domains,
// owner names), for the store pass of a handoff: a lookup hashes the text once
// (XXH3) and probes a flat table of hashes, then compares the text kept in one
// buffer, so that a million lookups touch little memory and allocate nothing.
class TextIndex {
public:
  TextIndex();

  std::optional<std::uint32_t> find(std::string_view text) const;
  // The text's number, given it the first time.
  std::uint32_t intern(std::string_view text);
  std::string_view text(std::uint32_t index) const;
  std::size_t size() const { return m_offsets.size() - 1; }

private:
  struct Slot {
    std::uint64_t hash = 0;
    std::uint32_t index = k_empty;
  };
  static constexpr std::uint32_t k_empty = UINT32_MAX;

  // The slot holding text, or the empty slot where it would go.
  std::size_t probe(std::string_view text, std::uint64_t hash) const;
  void grow();

  std::vector<Slot> m_slots;          // a power of two, at most half full
  std::string m_texts;                // every text, one after the other
  std::vector<std::size_t> m_offsets; // where each text starts, and the end of the last
};

} // namespace leads::routing
