#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

// Shards of a lead base: every lead falls in one of N shards by its id, the
// same one on any machine, in any run and any release, so that commands run
// on shards (`--shard I/N`) split the leads between them without talking to
// each other, and their results add up to those of one run over all leads.
namespace leads::lead {

// The most shards a lead base is cut into.
inline constexpr std::uint32_t k_max_shards = 65536;

// The shard (1 to count) of the lead with this id (the value of its 16 hex
// digits), fixed forever: 1 + ((fmix64(id) >> 32) * count >> 32), with
// MurmurHash3's fmix64 (see id.hpp). The multiply-shift spreads the leads
// evenly over any count, where `% count` of a weak hash would not.
std::uint32_t shard_of(std::uint64_t id, std::uint32_t count);

// One shard of a lead base, `I/N`: the leads whose shard_of(id, N) is I.
struct Shard {
  std::uint32_t index = 1; // 1-based
  std::uint32_t count = 1; // 1: every lead

  bool whole() const { return count <= 1; }
  bool contains(std::uint64_t id) const { return whole() || shard_of(id, count) == index; }
  // Rows whose id is no id at all (a damaged history) count in the first
  // shard, so that each row is in exactly one.
  bool contains_malformed() const { return index == 1; }
  // "2/8"
  std::string name() const;
  friend bool operator==(const Shard&, const Shard&) = default;
};

// Reads `I/N` (1 <= I <= N <= 65536). Throws leads::Error(usage) naming the
// form for anything else; `option` names the option in the message.
Shard parse_shard(std::string_view text, std::string_view option = "--shard");

// The value of an id of 16 hex digits in either case (ids are written in
// lower case; a hand-edited file may have upper); nullopt for any other text.
std::optional<std::uint64_t> parse_any_case_id(std::string_view text);

} // namespace leads::lead
