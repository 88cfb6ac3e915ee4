#pragma once

#include <cstddef>
#include <span>
#include <string>

namespace leads::stages {

// Where the columns that commands moving leads between stages and owners
// (move, handoff) read and write sit in the store's header.
struct StoreColumns {
  std::size_t id = 0;
  std::size_t email = 0;
  std::size_t stage = 0;
  std::size_t stage_at = 0;
  std::size_t updated_at = 0;
  std::size_t owner = 0;
  std::size_t do_not_contact = 0;

  // Finds them in a store header; throws leads::Error(data) naming a missing one.
  static StoreColumns of(std::span<const std::string> header, const std::string& file);
  // The number of fields a row needs to hold all of them.
  std::size_t width() const;
};

} // namespace leads::stages
