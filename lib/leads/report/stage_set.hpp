#pragma once

#include <leads/config/config.hpp>
#include <leads/report/model.hpp>

#include <cstdint>
#include <string_view>
#include <vector>

// Internal to the report module: the stages of leads.yaml as bit masks, and
// the pairs of stages that conversion and velocity are shown for.
namespace leads::report::detail {

// Stages are bits of a 32-bit mask.
inline constexpr std::size_t k_max_stages = 32;
// No stage (an empty or unknown name).
inline constexpr std::uint8_t k_no_stage = 0xFF;
// A `created` event without `to`: its stage is known once every event was read.
inline constexpr std::uint8_t k_pending_stage = 0xFE;

constexpr std::uint32_t bit(std::uint8_t stage) {
  return std::uint32_t{1} << stage;
}

struct StageSet {
  // Throws leads::Error(config) for more than k_max_stages stages.
  explicit StageSet(const config::Config& config);

  std::vector<StageInfo> info;
  std::uint32_t won = 0;
  std::uint32_t exit = 0;
  std::uint32_t lost = 0;
  // Per stage: the stages whose entry means the lead reached it (itself, the
  // later non-exit stages and the won ones; an exit only itself).
  std::vector<std::uint32_t> reach;
  // Per stage: the non-exit stage before it when it is a non-exit stage, else k_no_stage.
  std::vector<std::uint8_t> before;
  // Conversion pairs in the order shown: per stage, to the next non-exit
  // stage (for non-exit stages), then to won (for stages that are not won).
  std::vector<std::pair<std::size_t, Target>> conversion;
  // Velocity pairs in the order shown: consecutive non-exit stages, then each
  // stage that is not won -> won, then each that is neither won nor lost -> closed.
  std::vector<std::pair<std::size_t, Target>> velocity;

  std::size_t size() const { return info.size(); }
  // The index of a stage, or k_no_stage.
  std::uint8_t find(std::string_view name) const;
  bool reached(std::uint32_t entered, const Target& target) const;
};

} // namespace leads::report::detail
