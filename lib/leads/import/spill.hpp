#pragma once

#include <array>
#include <cstdint>
#include <cstring>
#include <memory>
#include <span>
#include <string>
#include <string_view>

namespace leads::import {

namespace spill_detail {

// u32 length, u64 id, u32 sequence, u32 line, u16 input, u8 match, u8
// defaults, u16 width, u32 length of the CSV line, u8 stage
inline constexpr std::size_t k_header_size = 4 + 8 + 4 + 4 + 2 + 1 + 1 + 2 + 4 + 1;

template <typename T> T get(const char* p) {
  T value;
  std::memcpy(&value, p, sizeof(T));
  return value;
}

} // namespace spill_detail

// The bytes of one bucket read back. Reused from bucket to bucket, so that
// its memory is not cleared or faulted in anew each time.
class SpillBytes {
public:
  std::string_view view() const { return {m_data.get(), m_size}; }
  // Makes room for size bytes, contents unspecified; returns where they start.
  char* resize(std::size_t size);

private:
  std::unique_ptr<char[]> m_data;
  std::size_t m_size = 0;
  std::size_t m_capacity = 0;
};

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
  // Reads the whole content of a bucket into out; the bucket is emptied (its file closed).
  void take(unsigned bucket, SpillBytes& out);

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
  // The row's stage as a new lead (its own, else the first), by its place in
  // the configuration's stages; k_unknown_stage when there is none to give.
  std::uint8_t stage = k_unknown_stage;
  static constexpr std::uint8_t k_unknown_stage = 0xFF;
};

// Which lifecycle columns of a spilled row hold the default that a new lead
// gets rather than the row's own value (see new_lead_defaults() in merge.hpp),
// and whether the row's own stage_at, which the defaults cleared, follows the line.
namespace spill_defaults {
inline constexpr std::uint8_t k_created_at = 1;
inline constexpr std::uint8_t k_stage = 2;
inline constexpr std::uint8_t k_stage_at = 4;
inline constexpr std::uint8_t k_updated_at = 8;
inline constexpr std::uint8_t k_own_stage_at = 16;
// Not defaults, but also values a merge does not take: the row's
// external_id or email, which belong to another lead than the one it merges into.
inline constexpr std::uint8_t k_foreign_external_id = 32;
inline constexpr std::uint8_t k_foreign_email = 64;
// Not a default: the row's history follows the line (see SpillEncoder).
inline constexpr std::uint8_t k_history = 128;
} // namespace spill_defaults

// The history a spilled row that dates stages carries (spill_defaults::k_history):
// its stage dates (NormalizedRow::stage_dates; none when only its own stage
// has its own stage_at), which phase 2 works out (see plan_lifecycle()).
struct SpillHistory {
  std::string_view stage_dates;
  bool dated = false; // k_history is set
};

// What a spilled row holds where its id goes (phase 2 writes the id over it).
inline constexpr std::string_view k_id_placeholder = "0000000000000000";

// A spilled row is the header, then the row as phase 2 writes it when it
// makes a new lead by itself (the common case, then copied as it is): one CSV
// line of its first `width` columns, with the defaults of a new lead filled
// in and 16 placeholder characters where the id goes. What a merge needs to
// tell the row's own values from the defaults travels along.
class SpillEncoder {
public:
  // Appends one row to out. values: the row's columns, values[0] (the id)
  // being k_id_placeholder; defaults: the spill_defaults bits; own_stage_at:
  // the row's stage_at when k_own_stage_at is set; history: the row's when
  // k_history is set.
  static void append(std::string& out, const SpillHeader& header, std::span<const std::string_view> values,
                     std::uint8_t defaults, std::string_view own_stage_at, const SpillHistory& history = {});

  // Sets the id, sequence and match of an encoded row (whose bytes start at record).
  static void set_id(char* record, std::uint64_t id, std::uint32_t sequence, char match);
  // Marks values of an encoded row as not to be taken by a merge
  // (spill_defaults::k_foreign_external_id, k_foreign_email).
  static void drop_values(char* record, std::uint8_t bits);
};

// One spilled row read back.
class SpillRecord {
public:
  // (Defined here, inline: phase 2 calls these for every spilled row.)
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
    m_defaults = static_cast<std::uint8_t>(p[23]);
    m_width = get<std::uint16_t>(p + 24);
    const auto line_length = get<std::uint32_t>(p + 26);
    m_header.stage = static_cast<std::uint8_t>(p[30]);
    m_line = std::string_view(p + spill_detail::k_header_size, line_length);
    const char* own = m_line.data() + line_length;
    if ((m_defaults & spill_defaults::k_own_stage_at) != 0) {
      m_own_stage_at = std::string_view(own + 4, get<std::uint32_t>(own));
      own = m_own_stage_at.data() + m_own_stage_at.size();
    } else {
      m_own_stage_at = std::string_view();
    }
    if ((m_defaults & spill_defaults::k_history) != 0) {
      // u32 length of the stage dates, the dates
      m_history.dated = true;
      m_history.stage_dates = std::string_view(own + 4, get<std::uint32_t>(own));
    } else {
      m_history = SpillHistory{};
    }
    return offset + length;
  }
  const SpillHeader& header() const { return m_header; }
  // The CSV line (no line end), whose first 16 characters stand for the id.
  std::string_view line() const { return m_line; }
  // How many columns the line holds (the first ones of the output).
  std::size_t width() const { return m_width; }
  std::uint8_t defaults() const { return m_defaults; }
  std::string_view own_stage_at() const { return m_own_stage_at; }
  // The row's history (empty unless k_history is set).
  const SpillHistory& history() const { return m_history; }

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
  std::uint8_t m_defaults = 0;
  std::size_t m_width = 0;
  std::string_view m_line;
  std::string_view m_own_stage_at;
  SpillHistory m_history;
};

} // namespace leads::import
