#include <leads/import/row_batch.hpp>

#include <cstring>

namespace leads::import {

namespace {

// u32 length, u64 lead id, u8 has lead id, u8 key count, u32 identity length
constexpr std::size_t k_prefix = 4 + 8 + 1 + 1 + 4;

template <typename T> void put(std::string& out, T value) {
  char bytes[sizeof(T)];
  std::memcpy(bytes, &value, sizeof(T));
  out.append(bytes, sizeof(T));
}

template <typename T> T get(const char* p) {
  T value;
  std::memcpy(&value, p, sizeof(T));
  return value;
}

} // namespace

std::size_t begin_pending_row(std::string& batch, const std::optional<std::uint64_t>& lead_id,
                              std::string_view identity, const std::array<PendingRow::Key, 4>& keys,
                              std::size_t key_count) {
  const std::size_t start = batch.size();
  put<std::uint32_t>(batch, 0);
  put<std::uint64_t>(batch, lead_id.value_or(0));
  put<std::uint8_t>(batch, lead_id ? 1 : 0);
  put<std::uint8_t>(batch, static_cast<std::uint8_t>(key_count));
  put<std::uint32_t>(batch, static_cast<std::uint32_t>(identity.size()));
  batch.append(identity);
  for (std::size_t k = 0; k < key_count; ++k) {
    put<std::uint8_t>(batch, static_cast<std::uint8_t>(keys[k].kind));
    put<std::uint32_t>(batch, static_cast<std::uint32_t>(keys[k].value.size()));
    batch.append(keys[k].value);
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
  const auto identity_length = get<std::uint32_t>(begin + 14);
  const char* p = begin + k_prefix;
  row.identity = std::string_view(p, identity_length);
  p += identity_length;
  for (std::size_t k = 0; k < row.key_count; ++k) {
    const auto kind = static_cast<KeyKind>(*p);
    const auto size = get<std::uint32_t>(p + 1);
    row.keys[k] = PendingRow::Key{kind, std::string_view(p + 5, size)};
    p += 5 + size;
  }
  row.spill = begin + (p - begin);
  row.spill_size = length - static_cast<std::size_t>(p - begin);
  return offset + length;
}

} // namespace leads::import
