#include <leads/import/row_batch.hpp>

#include <cstring>

namespace leads::import {

namespace {

// u32 length, u64 lead id, u8 has lead id, u8 key count, u64 new id, u16
// input, u32 line, u32 identity length, u32 family and u32 given name prints
constexpr std::size_t k_prefix = 4 + 8 + 1 + 1 + 8 + 2 + 4 + 4 + 4 + 4;
// u8 kind, u64 and u32 of the hash
constexpr std::size_t k_key_size = 1 + 8 + 4;

template <typename T> T get(const char* p) {
  T value;
  std::memcpy(&value, p, sizeof(T));
  return value;
}

} // namespace

std::size_t begin_pending_row(std::string& batch, const PendingRow& row) {
  // Laid out with one resize: the normalizing threads write one per row.
  const std::size_t start = batch.size();
  batch.resize(start + k_prefix + row.identity.size() + row.key_count * k_key_size);
  char* p = batch.data() + start;
  auto put = [&p](auto value) {
    std::memcpy(p, &value, sizeof value);
    p += sizeof value;
  };
  put(std::uint32_t{0});
  put(std::uint64_t{row.lead_id.value_or(0)});
  put(std::uint8_t{row.lead_id ? std::uint8_t{1} : std::uint8_t{0}});
  put(static_cast<std::uint8_t>(row.key_count));
  put(std::uint64_t{row.new_id});
  put(std::uint16_t{row.input});
  put(std::uint32_t{row.line});
  put(static_cast<std::uint32_t>(row.identity.size()));
  put(std::uint32_t{row.name.family});
  put(std::uint32_t{row.name.given});
  if (!row.identity.empty()) {
    std::memcpy(p, row.identity.data(), row.identity.size());
    p += row.identity.size();
  }
  for (std::size_t k = 0; k < row.key_count; ++k) {
    put(static_cast<std::uint8_t>(row.keys[k].kind));
    put(std::uint64_t{row.keys[k].hash.low});
    put(std::uint32_t{row.keys[k].hash.high});
  }
  return start;
}

void end_pending_row(std::string& batch, std::size_t start) {
  const auto length = static_cast<std::uint32_t>(batch.size() - start);
  std::memcpy(batch.data() + start, &length, 4);
}

std::size_t read_pending_row(std::string& batch, std::size_t offset, PendingRow& row) {
  char* const begin = batch.data() + offset;
  const auto length = get<std::uint32_t>(begin);
  const auto lead_id = get<std::uint64_t>(begin + 4);
  row.lead_id = begin[12] != 0 ? std::optional<std::uint64_t>(lead_id) : std::nullopt;
  row.key_count = static_cast<std::uint8_t>(begin[13]);
  row.new_id = get<std::uint64_t>(begin + 14);
  row.input = get<std::uint16_t>(begin + 22);
  row.line = get<std::uint32_t>(begin + 24);
  const auto identity_length = get<std::uint32_t>(begin + 28);
  row.name.family = get<std::uint32_t>(begin + 32);
  row.name.given = get<std::uint32_t>(begin + 36);
  const char* p = begin + k_prefix;
  row.identity = std::string_view(p, identity_length);
  p += identity_length;
  for (std::size_t k = 0; k < row.key_count; ++k) {
    row.keys[k].kind = static_cast<lead::KeyKind>(*p);
    row.keys[k].hash = lead::KeyHash{get<std::uint64_t>(p + 1), get<std::uint32_t>(p + 9)};
    p += k_key_size;
  }
  row.spill = begin + (p - begin);
  row.spill_size = length - static_cast<std::size_t>(p - begin);
  return offset + length;
}

} // namespace leads::import
