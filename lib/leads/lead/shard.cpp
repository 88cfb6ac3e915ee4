#include <leads/lead/shard.hpp>

#include <leads/error.hpp>
#include <leads/lead/id.hpp>

#include <fmt/format.h>

#include <charconv>

namespace leads::lead {

std::uint32_t shard_of(std::uint64_t id, std::uint32_t count) {
  const std::uint64_t high = fmix64(id) >> 32;
  return 1 + static_cast<std::uint32_t>((high * count) >> 32);
}

std::string Shard::name() const {
  return fmt::format("{}/{}", index, count);
}

namespace {

std::optional<std::uint32_t> whole_number(std::string_view text) {
  std::uint32_t value = 0;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || ec != std::errc() || ptr != end) {
    return std::nullopt;
  }
  return value;
}

} // namespace

Shard parse_shard(std::string_view text, std::string_view option) {
  const std::size_t slash = text.find('/');
  const auto index = slash == std::string_view::npos ? std::nullopt : whole_number(text.substr(0, slash));
  const auto count = slash == std::string_view::npos ? std::nullopt : whole_number(text.substr(slash + 1));
  if (!index || !count || *count < 1 || *count > k_max_shards || *index < 1 || *index > *count) {
    throw Error(ErrorKind::usage,
                fmt::format("{} '{}' is not a shard: write I/N, the I-th of N shards, with 1 <= I <= N <= {}",
                            option, text, k_max_shards),
                "", 0, 0,
                fmt::format("e.g. {} 3/8 for the third of eight shards; run every I from 1 to N to cover "
                            "every lead",
                            option));
  }
  return Shard{*index, *count};
}

std::optional<std::uint64_t> parse_any_case_id(std::string_view text) {
  if (text.size() != 16) {
    return std::nullopt;
  }
  char lower[16];
  for (std::size_t i = 0; i < 16; ++i) {
    const char c = text[i];
    lower[i] = c >= 'A' && c <= 'F' ? static_cast<char>(c - 'A' + 'a') : c;
  }
  return parse_id(std::string_view(lower, 16));
}

} // namespace leads::lead
