#pragma once

#include <array>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace leads::import {

namespace spill_detail {

// u32 length, u64 id, u32 sequence, u32 line, u16 input, u8 match
inline constexpr std::size_t k_header_size = 4 + 8 + 4 + 4 + 2 + 1;

template <typename T> T get(const char* p) {
  T value;
  std::memcpy(&value, p, sizeof(T));
  return value;
}

} // namespace spill_detail

// Where phase 1 of an import leaves its accepted rows for phase 2: 64
// buckets by the top 6 bits of the lead id, so that reading them back in
// order and sorting each one yields the leads in id order while only one
// bucket is in memory. Each bucket is buffered in memory and spills to an
// unlinked temporary file (in $TMPDIR) once the buffer is full.
class SpillBuckets {
public:
  static constexpr unsigned k_count = 64;

  SpillBuckets();
  ~SpillBuckets();
  SpillBuckets(const SpillBuckets&) = delete;
  SpillBuckets& operator=(const SpillBuckets&) = delete;

  static unsigned bucket_of(std::uint64_t id) { return static_cast<unsigned>(id >> 58); }

  // The buffer of a bucket, to append rows to; then appended(bucket).
  std::string& buffer(unsigned bucket) { return m_buckets[bucket].buffer; }
  void appended(unsigned bucket);
  // The whole content of a bucket; the bucket is emptied (its file closed).
  std::string take(unsigned bucket);

private:
  struct Bucket {
    std::string buffer;
    int fd = -1;
    std::uint64_t file_size = 0;
  };
  void spill(Bucket& bucket);

  std::array<Bucket, k_count> m_buckets;
};

// The fixed part of one spilled row.
struct SpillHeader {
  std::uint64_t id = 0;
  std::uint32_t sequence = 0; // input row number over all inputs, from 0
  std::uint32_t line = 0;     // line of the record in its input
  std::uint16_t input = 0;    // index into the inputs
  char match = 0;             // key that found an existing lead ('e','x','p','n','i'), 0 for a new one
};

// Appends one spilled row to a buffer: the header, then (column, value)
// pairs. The caller gives the number of pairs and their total value length
// first, so that the row is laid out with one resize.
class SpillEncoder {
public:
  void begin(std::string& out, const SpillHeader& header, std::size_t fields, std::size_t value_bytes);
  void field(std::uint16_t column, std::string_view value) {
    const auto length = static_cast<std::uint32_t>(value.size());
    std::memcpy(m_at, &column, 2);
    std::memcpy(m_at + 2, &length, 4);
    if (!value.empty()) {
      std::memcpy(m_at + 6, value.data(), value.size());
    }
    m_at += 6 + value.size();
  }

  // Sets the id, sequence and match of an encoded row (whose bytes start at record).
  static void set_id(char* record, std::uint64_t id, std::uint32_t sequence, char match);

private:
  char* m_at = nullptr;
};

// One spilled row read back; fields are walked with next_field().
class SpillRecord {
public:
  // (Defined here, inline: phase 2 calls these for every spilled field.)
  // Reads the row at offset in data; returns the offset after it.
  std::size_t read(std::string_view data, std::size_t offset) {
    using spill_detail::get;
    const char* p = data.data() + offset;
    const auto length = get<std::uint32_t>(p);
    m_header.id = get<std::uint64_t>(p + 4);
    m_header.sequence = get<std::uint32_t>(p + 12);
    m_header.line = get<std::uint32_t>(p + 16);
    m_header.input = get<std::uint16_t>(p + 20);
    m_header.match = p[22];
    m_fields = std::string_view(p + spill_detail::k_header_size, length - spill_detail::k_header_size);
    return offset + length;
  }
  const SpillHeader& header() const { return m_header; }
  bool next_field(std::uint16_t& column, std::string_view& value) {
    if (m_fields.empty()) {
      return false;
    }
    column = spill_detail::get<std::uint16_t>(m_fields.data());
    const auto length = spill_detail::get<std::uint32_t>(m_fields.data() + 2);
    value = std::string_view(m_fields.data() + 6, length);
    m_fields.remove_prefix(6 + length);
    return true;
  }
  // Only the id and sequence of the row at offset (for sorting).
  static std::size_t peek(std::string_view data, std::size_t offset, std::uint64_t& id,
                          std::uint32_t& sequence) {
    const char* p = data.data() + offset;
    id = spill_detail::get<std::uint64_t>(p + 4);
    sequence = spill_detail::get<std::uint32_t>(p + 12);
    return offset + spill_detail::get<std::uint32_t>(p);
  }

private:
  SpillHeader m_header;
  std::string_view m_fields;
};

} // namespace leads::import
