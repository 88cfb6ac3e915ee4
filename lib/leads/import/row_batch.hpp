#pragma once

#include <leads/import/name_match.hpp>
#include <leads/lead/dedupe_index.hpp>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace leads::import {

// An accepted input row on its way from a normalizing thread to the dedupe
// thread: the lead id it names, its identity key and the id derived from it,
// its dedupe keys (hashed) and its spill record (whose id, sequence number and
// match the dedupe thread fills in).
struct PendingRow {
  std::optional<std::uint64_t> lead_id;
  std::string_view identity;
  std::uint64_t new_id = 0; // the id it names, else lead::lead_id_for(identity), when identity is not empty
  struct Key {
    lead::KeyKind kind;
    lead::KeyHash hash;
  };
  std::array<Key, 4> keys;
  std::size_t key_count = 0;
  std::uint16_t input = 0; // where the row comes from, for warnings
  std::uint32_t line = 0;
  NamePrint name; // the row's name, as a phone match compares it
  char* spill = nullptr;
  std::size_t spill_size = 0;
};

// Writes a row's prefix (all of it but the spill record) into a batch; the
// caller then appends the spill record and calls end_pending_row().
std::size_t begin_pending_row(std::string& batch, const PendingRow& row);
void end_pending_row(std::string& batch, std::size_t start);

// Reads the row at offset of a batch; returns the offset after it.
std::size_t read_pending_row(std::string& batch, std::size_t offset, PendingRow& row);

} // namespace leads::import
