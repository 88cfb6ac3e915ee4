#pragma once

#include <leads/import/dedupe_index.hpp>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace leads::import {

// An accepted input row on its way from the reading thread to the dedupe
// thread: the lead id it names, its identity key, its dedupe keys and its
// spill record (whose id and match the dedupe thread fills in).
struct PendingRow {
  std::optional<std::uint64_t> lead_id;
  std::string_view identity;
  struct Key {
    KeyKind kind;
    std::string_view value;
  };
  std::array<Key, 4> keys;
  std::size_t key_count = 0;
  char* spill = nullptr;
  std::size_t spill_size = 0;
};

// Writes a row's prefix (lead id, identity, keys) into a batch; the caller
// then appends the spill record and calls end_pending_row().
std::size_t begin_pending_row(std::string& batch, const std::optional<std::uint64_t>& lead_id,
                              std::string_view identity, const std::array<PendingRow::Key, 4>& keys,
                              std::size_t key_count);
void end_pending_row(std::string& batch, std::size_t start);

// Reads the row at offset of a batch; returns the offset after it.
std::size_t read_pending_row(std::string& batch, std::size_t offset, PendingRow& row);

} // namespace leads::import
