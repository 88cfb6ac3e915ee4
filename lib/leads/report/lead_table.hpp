#pragma once

#include <leads/lead/shard.hpp>
#include <leads/report/interner.hpp>
#include <leads/report/partial.hpp>
#include <leads/report/stage_set.hpp>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

// Internal to the report module: what the report keeps of leads.csv.
namespace leads::report::detail {

// Finds a lead by its id in the ids of the store (sorted, as leads.csv is):
// a directory of the ids' top bits points at the few ids that share them.
class IdIndex {
public:
  void build(const std::vector<std::uint64_t>* sorted_ids);
  // The lead's row (0-based), or -1.
  std::int64_t find(std::uint64_t id) const {
    if (m_first.empty()) {
      return -1;
    }
    const std::uint64_t* ids = m_ids->data();
    const std::size_t b = bucket(id);
    for (std::uint32_t i = m_first[b], end = m_first[b + 1]; i < end; ++i) {
      if (ids[i] == id) {
        return i;
      }
    }
    return -1;
  }
  // Fetches ahead what find() reads: the directory entry, then (once that
  // is in) the ids it points at.
  void prefetch(std::uint64_t id) const {
    if (!m_first.empty()) {
      __builtin_prefetch(&m_first[bucket(id)]);
    }
  }
  void prefetch_ids(std::uint64_t id) const {
    if (!m_first.empty()) {
      __builtin_prefetch(m_ids->data() + m_first[bucket(id)]);
    }
  }

private:
  std::size_t bucket(std::uint64_t id) const {
    return m_shift >= 64 ? 0 : static_cast<std::size_t>(id >> m_shift);
  }

  const std::vector<std::uint64_t>* m_ids = nullptr;
  std::vector<std::uint32_t> m_first; // per bucket: the first row whose id falls in it, and one past the last
  unsigned m_shift = 64;
};

// One lead's columns that the report reads, as small numbers.
struct LeadRow {
  std::uint32_t group = 0;  // in LeadTable::groups ("" when no --by)
  std::uint32_t source = 0; // in LeadTable::sources
  std::uint32_t owner = 0;  // in LeadTable::owners
  std::uint8_t stage = k_no_stage;
  bool referred = false; // names someone in referred_by: it has a Referral
};

// A lead that names someone in referred_by. Whether that is a customer is
// known only once the won leads of every shard are (see Partial::referrals).
struct Referral {
  std::uint32_t lead = 0;
  std::string key;                        // referred_by trimmed, in lower case
  std::optional<std::int64_t> created_at; // leads.csv created_at, when it reads as a time
  // Its own id, when it is in a won stage now and the key is its own id or email.
  std::optional<std::uint64_t> self;
};

struct LeadTable {
  std::vector<std::uint64_t> ids; // by row, increasing
  std::vector<LeadRow> rows;
  Interner groups;
  Interner sources;
  Interner owners; // shared with the owner events of the history
  IdIndex index;
  std::vector<Referral> referrals; // by lead
  std::vector<WonLead> won;        // the leads in a won stage now, by id
  // Stages of leads.csv that leads.yaml does not have: name ("" for none) and count.
  std::vector<std::pair<std::string, long>> other_stages;

  // The referral of a lead whose row says it is referred.
  std::size_t referral_of(std::uint32_t lead) const {
    return static_cast<std::size_t>(
        std::lower_bound(referrals.begin(), referrals.end(), lead,
                         [](const Referral& r, std::uint32_t l) { return r.lead < l; }) -
        referrals.begin());
  }
};

// Reads leads.csv (a missing file is an empty store), in up to `parts` byte
// ranges of at least `least` bytes, on as many threads; keeps the leads of
// `shard` only. The header must start with the canonical columns and ids must
// increase, as `leads check` wants; else leads::Error(data) at the line. `by`
// names the column to group by (leads::Error(usage) when there is none of
// that name).
LeadTable read_leads(const std::filesystem::path& leads_file, const StageSet& stages,
                     const std::optional<std::string>& by, std::size_t parts, std::uint64_t least,
                     lead::Shard shard = {});

// The value of 16 hex digits (either case), or nullopt. Inline: every row
// of the history has one.
inline std::optional<std::uint64_t> parse_hex_id(std::string_view text) {
  if (text.size() != 16) {
    return std::nullopt;
  }
#if defined(__SSE2__)
  // All 16 digits at once: classify, convert, then pair up nibbles.
  const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data()));
  const __m128i lower = _mm_or_si128(v, _mm_set1_epi8(0x20));
  const __m128i digit =
      _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8('0' - 1)), _mm_cmplt_epi8(v, _mm_set1_epi8('9' + 1)));
  const __m128i letter = _mm_and_si128(_mm_cmpgt_epi8(lower, _mm_set1_epi8('a' - 1)),
                                       _mm_cmplt_epi8(lower, _mm_set1_epi8('f' + 1)));
  if (_mm_movemask_epi8(_mm_or_si128(digit, letter)) != 0xFFFF) {
    return std::nullopt;
  }
  const __m128i nibbles = _mm_or_si128(_mm_and_si128(digit, _mm_sub_epi8(v, _mm_set1_epi8('0'))),
                                       _mm_and_si128(letter, _mm_sub_epi8(lower, _mm_set1_epi8('a' - 10))));
  // (high << 4 | low) per pair of bytes, as 16-bit lanes, then packed to bytes.
  const __m128i pairs = _mm_or_si128(_mm_slli_epi16(_mm_and_si128(nibbles, _mm_set1_epi16(0x00FF)), 4),
                                     _mm_srli_epi16(nibbles, 8));
  const __m128i bytes = _mm_packus_epi16(pairs, pairs);
  std::uint64_t value = 0;
  _mm_storel_epi64(reinterpret_cast<__m128i*>(&value), bytes);
  return __builtin_bswap64(value);
#else
  std::uint64_t value = 0;
  for (char c : text) {
    unsigned digit = 0;
    if (c >= '0' && c <= '9') {
      digit = static_cast<unsigned>(c - '0');
    } else if (c >= 'a' && c <= 'f') {
      digit = static_cast<unsigned>(c - 'a' + 10);
    } else if (c >= 'A' && c <= 'F') {
      digit = static_cast<unsigned>(c - 'A' + 10);
    } else {
      return std::nullopt;
    }
    value = value << 4 | digit;
  }
  return value;
#endif
}

} // namespace leads::report::detail
