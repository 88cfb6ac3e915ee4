#include <leads/csv/block_scan.hpp>

#include <leads/csv/encoding.hpp>

#include <cstddef>

#if defined(__x86_64__) && defined(__GNUC__)
#define LEADS_CSV_AVX2 1
#include <immintrin.h>
#elif defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace leads::csv {

namespace {

// The quotes, the stops (delimiter, LF, CR) and the line ends (LF, CR) of one
// block, one bit per byte; high is not 0 when a byte is >= 0x80.
struct Marks {
  std::uint64_t quotes = 0;
  std::uint64_t stops = 0;
  std::uint64_t line_ends = 0;
  std::uint64_t high = 0;
};

// The stops of a block outside quotes, and those of them that end a quoted field.
struct BlockStops {
  std::uint64_t stops = 0;
  std::uint64_t quoted = 0;
};

// Bits of a block's bytes that lie before the end of the scan (left bytes on).
std::uint64_t valid_bits(std::size_t left) {
  return left >= 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << left) - 1;
}

// The bits below the lowest set bit (all of them when none is set).
std::uint64_t below_lowest(std::uint64_t x) {
  return (x & (std::uint64_t{0} - x)) - 1;
}

// Parity of the quote bits up to and including each bit.
std::uint64_t prefix_xor(std::uint64_t x) {
  x ^= x << 1;
  x ^= x << 2;
  x ^= x << 4;
  x ^= x << 8;
  x ^= x << 16;
  x ^= x << 32;
  return x;
}

// The bytes >= 0x80 of a block, one bit per byte.
std::uint64_t high_bits(const char* block) {
  std::uint64_t bits = 0;
#if defined(__SSE2__)
  for (int i = 0; i < 64; i += 16) {
    const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(block + i));
    bits |= static_cast<std::uint64_t>(static_cast<unsigned>(_mm_movemask_epi8(x))) << i;
  }
#else
  for (int i = 0; i < 64; ++i) {
    bits |= static_cast<std::uint64_t>(static_cast<unsigned char>(block[i]) >= 0x80) << i;
  }
#endif
  return bits;
}

// The stops outside quotes of one block, given the parity of its quote bits.
// Returns the irregular quotes (see find_stops), to be cut off by the caller.
inline std::uint64_t resolve(const Marks& marks, std::uint64_t parity, std::uint64_t valid, ScanCarry& carry,
                             BlockStops& out) {
  const std::uint64_t inside = parity ^ (std::uint64_t{0} - carry.inside);
  const std::uint64_t marked = marks.stops | marks.quotes;
  const std::uint64_t opens = marks.quotes & inside;
  const std::uint64_t closes = marks.quotes & ~inside;
  // An opening quote not at a field start, or a closing one followed by text.
  const std::uint64_t irregular =
      ((opens & ~(marked << 1 | carry.after_mark)) | (~marked & (closes << 1 | carry.after_close))) & valid;
  out.stops = marks.stops & ~inside & valid;
  out.quoted = out.stops & (closes << 1 | carry.after_close);
  carry.after_mark = marked >> 63;
  carry.after_close = closes >> 63;
  carry.inside = inside >> 63;
  return irregular;
}

// Checks the UTF-8 sequences that start in a block (high: its bytes >= 0x80 before
// the end of the scan); a sequence may run into the next block. Returns the bit
// of the first byte it cannot vouch for (ill-formed, or cut by carry.data_end), or 0.
inline std::uint64_t check_block(const char* block, std::uint64_t high, ScanCarry& carry) {
  const auto clear_below = [&](std::ptrdiff_t n) { high &= n >= 64 ? 0 : ~std::uint64_t{0} << n; };
  if (carry.utf8_next > block) {
    // The tail of a sequence checked with the block before.
    clear_below(carry.utf8_next - block);
  }
  while (high != 0) {
    const int at = __builtin_ctzll(high);
    const std::size_t length = utf8_sequence(reinterpret_cast<const unsigned char*>(block + at),
                                             reinterpret_cast<const unsigned char*>(carry.data_end));
    if (length == 0) {
      return std::uint64_t{1} << at;
    }
    carry.utf8_next = block + at + length;
    clear_below(at + static_cast<std::ptrdiff_t>(length));
  }
  return 0;
}

// Whether a block needs no more than its stops: it is whole, all ASCII, and no
// quote is in play.
inline bool plain(const Marks& marks, std::size_t left, const ScanCarry& carry) {
  return left >= 64 && (marks.quotes | marks.high | carry.inside | carry.after_close) == 0;
}

// The stops of any other block (given the parity of its quote bits), cut at its
// first problem (see find_stops). Returns how many of its bytes the scan vouches
// for: 64 when all.
inline std::size_t settle(const Marks& marks, std::uint64_t parity, const char* block, std::size_t left,
                          ScanCarry& carry, BlockStops& out) {
  const std::uint64_t valid = valid_bits(left);
  std::uint64_t problems = resolve(marks, parity, valid, carry, out);
  if (marks.high != 0) {
    const std::uint64_t high = high_bits(block) & valid;
    if (high != 0) {
      problems |= check_block(block, high, carry);
    }
  }
  if (problems == 0) {
    return 64;
  }
  out.stops &= below_lowest(problems);
  out.quoted &= below_lowest(problems);
  return static_cast<std::size_t>(__builtin_ctzll(problems));
}

// The ends of the lists that find_stops() appends to, kept in registers while it runs.
struct Tails {
  explicit Tails(const StopLists& lists)
      : stops(lists.stops + lists.stop_count), line_ends(lists.line_ends + lists.line_end_count),
        quoted(lists.quoted + lists.quoted_count) {}

  void store(StopLists& lists) const {
    lists.stop_count = static_cast<std::size_t>(stops - lists.stops);
    lists.line_end_count = static_cast<std::size_t>(line_ends - lists.line_ends);
    lists.quoted_count = static_cast<std::size_t>(quoted - lists.quoted);
  }

  std::uint32_t* stops;
  std::uint32_t* line_ends;
  std::uint32_t* quoted;
};

// Lists which of a block's stops (listed from index first on) end a line or a
// quoted field. Most blocks end one line or none: that costs no branch.
inline void list_ends(const BlockStops& block, std::uint64_t line_ends, std::uint32_t first, Tails& tails) {
  const auto index = [&](std::uint64_t bits) {
    return first + static_cast<std::uint32_t>(__builtin_popcountll(block.stops & below_lowest(bits)));
  };
  std::uint64_t lines = block.stops & line_ends;
  *tails.line_ends = index(lines);
  tails.line_ends += lines != 0 ? 1 : 0;
  for (lines &= lines - 1; lines != 0; lines &= lines - 1) {
    *tails.line_ends++ = index(lines);
  }
  for (std::uint64_t quoted = block.quoted; quoted != 0; quoted &= quoted - 1) {
    *tails.quoted++ = index(quoted);
  }
}

#if defined(__SSE2__)
std::uint64_t bits16(__m128i hits, int shift) {
  return static_cast<std::uint64_t>(static_cast<unsigned>(_mm_movemask_epi8(hits))) << shift;
}

inline Marks classify(const char* block, char delimiter) {
  const __m128i quote = _mm_set1_epi8('"');
  const __m128i comma = _mm_set1_epi8(delimiter);
  const __m128i lf = _mm_set1_epi8('\n');
  const __m128i cr = _mm_set1_epi8('\r');
  Marks marks;
  __m128i any = _mm_setzero_si128();
  for (int i = 0; i < 64; i += 16) {
    const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(block + i));
    const __m128i line_end = _mm_or_si128(_mm_cmpeq_epi8(x, lf), _mm_cmpeq_epi8(x, cr));
    marks.quotes |= bits16(_mm_cmpeq_epi8(x, quote), i);
    marks.stops |= bits16(_mm_or_si128(line_end, _mm_cmpeq_epi8(x, comma)), i);
    marks.line_ends |= bits16(line_end, i);
    any = _mm_or_si128(any, x);
  }
  marks.high = bits16(any, 0);
  return marks;
}
#else
inline Marks classify(const char* block, char delimiter) {
  Marks marks;
  for (int i = 0; i < 64; ++i) {
    const char c = block[i];
    const std::uint64_t line_end = c == '\n' || c == '\r' ? 1 : 0;
    marks.quotes |= static_cast<std::uint64_t>(c == '"') << i;
    marks.stops |= (line_end | static_cast<std::uint64_t>(c == delimiter)) << i;
    marks.line_ends |= line_end << i;
    marks.high |= static_cast<unsigned char>(c) >= 0x80 ? 1 : 0;
  }
  return marks;
}
#endif

// Appends base + the index of each set bit of stops to out; returns the new end.
inline std::uint32_t* flatten_baseline(std::uint64_t stops, std::uint32_t base, std::uint32_t* out) {
  for (; stops != 0; stops &= stops - 1) {
    *out++ = base + static_cast<std::uint32_t>(__builtin_ctzll(stops));
  }
  return out;
}

// The instruction sets find_stops() runs on: how each classifies a block,
// takes the prefix xor of its quotes, and lists its stops.
struct Baseline {
  static Marks classify_block(const char* block, char delimiter) { return classify(block, delimiter); }
  static std::uint64_t quote_parity(std::uint64_t quotes) { return prefix_xor(quotes); }
  static std::uint32_t* list_stops(std::uint64_t stops, std::uint32_t base, std::uint32_t* out) {
    return flatten_baseline(stops, base, out);
  }
};

// The block loop of find_stops() for one instruction set. Always inlined into
// that set's entry point, whose target attributes then reach Isa's functions.
template <typename Isa>
[[gnu::always_inline]] inline std::size_t scan_blocks(const char* p, std::size_t size, std::uint32_t offset,
                                                      char delimiter, ScanCarry& carry, StopLists& out) {
  ScanCarry state = carry;
  Tails tails(out);
  std::size_t clean = size;
  for (std::size_t k = 0; k * 64 < size; ++k) {
    const char* const block = p + 64 * k;
    const Marks marks = Isa::classify_block(block, delimiter);
    const std::size_t left = size - 64 * k;
    BlockStops block_stops{marks.stops, 0};
    std::size_t vouched = 64;
    if (plain(marks, left, state)) {
      state.after_mark = marks.stops >> 63;
    } else {
      vouched = settle(marks, Isa::quote_parity(marks.quotes), block, left, state, block_stops);
    }
    const auto first = static_cast<std::uint32_t>(tails.stops - out.stops);
    tails.stops =
        Isa::list_stops(block_stops.stops, static_cast<std::uint32_t>(offset + 64 * k), tails.stops);
    list_ends(block_stops, marks.line_ends, first, tails);
    if (vouched < 64) {
      clean = 64 * k + vouched;
      break;
    }
  }
  carry = state;
  tails.store(out);
  return clean < size ? clean : size;
}

} // namespace

std::size_t find_stops_baseline(const char* p, std::size_t size, std::uint32_t offset, char delimiter,
                                ScanCarry& carry, StopLists& out) {
  return scan_blocks<Baseline>(p, size, offset, delimiter, carry, out);
}

namespace {

#if defined(LEADS_CSV_AVX2)
__attribute__((target("avx2"))) inline std::uint64_t bits32(__m256i hits, int shift) {
  return static_cast<std::uint64_t>(static_cast<std::uint32_t>(_mm256_movemask_epi8(hits))) << shift;
}

__attribute__((target("avx2"))) inline Marks classify_avx2(const char* block, char delimiter) {
  const __m256i quote = _mm256_set1_epi8('"');
  const __m256i comma = _mm256_set1_epi8(delimiter);
  const __m256i lf = _mm256_set1_epi8('\n');
  const __m256i cr = _mm256_set1_epi8('\r');
  Marks marks;
  for (int i = 0; i < 64; i += 32) {
    const __m256i x = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(block + i));
    const __m256i line_end = _mm256_or_si256(_mm256_cmpeq_epi8(x, lf), _mm256_cmpeq_epi8(x, cr));
    marks.quotes |= bits32(_mm256_cmpeq_epi8(x, quote), i);
    marks.stops |= bits32(_mm256_or_si256(line_end, _mm256_cmpeq_epi8(x, comma)), i);
    marks.line_ends |= bits32(line_end, i);
  }
  marks.high = bits32(_mm256_or_si256(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(block)),
                                      _mm256_loadu_si256(reinterpret_cast<const __m256i*>(block + 32))),
                      0);
  return marks;
}

// The prefix xor as a carry-less multiplication by all ones.
__attribute__((target("pclmul"))) inline std::uint64_t prefix_xor_clmul(std::uint64_t x) {
  const __m128i product =
      _mm_clmulepi64_si128(_mm_cvtsi64_si128(static_cast<long long>(x)), _mm_set1_epi8(-1), 0);
  return static_cast<std::uint64_t>(_mm_cvtsi128_si64(product));
}

// Appends base + the index of each set bit of stops to out; returns the new end.
// Writes 8 or 16 offsets whatever their count (the room allows it), so that the
// number of stops in a block seldom costs a mispredicted branch.
__attribute__((target("bmi,popcnt"))) inline std::uint32_t* flatten(std::uint64_t stops, std::uint32_t base,
                                                                    std::uint32_t* out) {
  const auto count = static_cast<std::size_t>(_mm_popcnt_u64(stops));
  for (int i = 0; i < 8; ++i) {
    out[i] = base + static_cast<std::uint32_t>(_tzcnt_u64(stops));
    stops = _blsr_u64(stops);
  }
  if (count > 8) {
    for (std::size_t i = 8; i < count; ++i) {
      out[i] = base + static_cast<std::uint32_t>(_tzcnt_u64(stops));
      stops = _blsr_u64(stops);
    }
  }
  return out + count;
}

struct Avx2 {
  __attribute__((target("avx2"))) static Marks classify_block(const char* block, char delimiter) {
    return classify_avx2(block, delimiter);
  }
  __attribute__((target("pclmul"))) static std::uint64_t quote_parity(std::uint64_t quotes) {
    return prefix_xor_clmul(quotes);
  }
  __attribute__((target("bmi,popcnt"))) static std::uint32_t*
  list_stops(std::uint64_t stops, std::uint32_t base, std::uint32_t* out) {
    return flatten(stops, base, out);
  }
};

__attribute__((target("avx2,bmi,popcnt,pclmul"))) std::size_t
find_stops_avx2(const char* p, std::size_t size, std::uint32_t offset, char delimiter, ScanCarry& carry,
                StopLists& out) {
  return scan_blocks<Avx2>(p, size, offset, delimiter, carry, out);
}
#endif

using FindStops = std::size_t (*)(const char*, std::size_t, std::uint32_t, char, ScanCarry&, StopLists&);

FindStops pick_find_stops() {
#if defined(LEADS_CSV_AVX2)
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("bmi") && __builtin_cpu_supports("popcnt") &&
      __builtin_cpu_supports("pclmul")) {
    return find_stops_avx2;
  }
#endif
  return find_stops_baseline;
}

} // namespace

std::size_t find_stops(const char* p, std::size_t size, std::uint32_t offset, char delimiter,
                       ScanCarry& carry, StopLists& out) {
  static const FindStops implementation = pick_find_stops();
  return implementation(p, size, offset, delimiter, carry, out);
}

} // namespace leads::csv
