#pragma once

#include <leads/config/config.hpp>
#include <leads/report/model.hpp>

#include <array>
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
  // stage (for non-exit stages), then to won (for stages that are not won,
  // nor reached only from won stages, as churned is).
  std::vector<std::pair<std::size_t, Target>> conversion;
  // Velocity pairs in the order shown: consecutive non-exit stages, then each
  // stage that is not won -> won, then each that is neither won nor lost ->
  // closed (neither from a stage reached only from won stages).
  std::vector<std::pair<std::size_t, Target>> velocity;

  std::size_t size() const { return info.size(); }
  // The index of a stage, or k_no_stage.
  std::uint8_t find(std::string_view name) const {
    const std::uint8_t hit = m_lookup[hash(name)];
    if (hit < k_max_stages) {
      return info[hit].name == name ? hit : k_no_stage;
    }
    return hit == k_no_stage ? k_no_stage : find_slowly(name);
  }
  bool reached(std::uint32_t entered, const Target& target) const;

private:
  // Names by a hash of their length and ends: the stage, k_no_stage for none,
  // or k_pending_stage where two names meet (then find_slowly).
  static std::size_t hash(std::string_view name) {
    return name.empty() ? 0
                        : (name.size() * 31 + static_cast<unsigned char>(name.front()) * 7 +
                           static_cast<unsigned char>(name.back())) &
                              255;
  }
  std::uint8_t find_slowly(std::string_view name) const;
  std::array<std::uint8_t, 256> m_lookup{};
};

} // namespace leads::report::detail
