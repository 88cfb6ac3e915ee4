#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace leads::csv {

// Bytes that a scan may read past its end: buffers handed to ByteFinder keep
// this much readable memory after the scanned range.
constexpr std::size_t k_scan_padding = 64;

// Finds the first of three bytes, 16 bytes at a time where SSE2 is available.
class ByteFinder {
public:
  ByteFinder(char a, char b, char c)
#if defined(__SSE2__)
      : m_a(_mm_set1_epi8(a)), m_b(_mm_set1_epi8(b)), m_c(_mm_set1_epi8(c))
#else
      : m_a(a), m_b(b), m_c(c)
#endif
  {
  }

  // First position in [p, end) holding one of the bytes, or end. May read up to
  // k_scan_padding bytes past end.
  const char* find(const char* p, const char* end) const {
#if defined(__SSE2__)
    while (p < end) {
      const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
      const __m128i hit =
          _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, m_a), _mm_cmpeq_epi8(x, m_b)), _mm_cmpeq_epi8(x, m_c));
      const unsigned mask = static_cast<unsigned>(_mm_movemask_epi8(hit));
      if (mask != 0) {
        const char* found = p + __builtin_ctz(mask);
        return found < end ? found : end;
      }
      p += 16;
    }
    return end;
#else
    for (; p < end; ++p) {
      if (*p == m_a || *p == m_b || *p == m_c) {
        return p;
      }
    }
    return end;
#endif
  }

private:
#if defined(__SSE2__)
  __m128i m_a;
  __m128i m_b;
  __m128i m_c;
#else
  char m_a;
  char m_b;
  char m_c;
#endif
};

// Finds the ends of unquoted fields (the delimiter, LF or CR) in a forward scan:
// it keeps a bit mask of those bytes for 64 bytes at a time, so that finding the
// end of a short field costs a few instructions instead of a dependent chain of
// loads. Call reset() whenever the bytes under it move or change.
class StopScanner {
public:
  explicit StopScanner(char delimiter) : m_delimiter(delimiter) {}

  void reset() {
    m_block = 0;
    m_bits = 0;
  }

  // First stop in [p, end), or end. May read up to k_scan_padding bytes past end.
  const char* find(const char* p, const char* end) {
    const std::uintptr_t offset = reinterpret_cast<std::uintptr_t>(p) - m_block;
    if (offset < 64) {
      m_bits &= ~std::uint64_t{0} << offset;
    } else {
      m_block = reinterpret_cast<std::uintptr_t>(p);
      if (p >= end) {
        m_bits = 0;
        return end;
      }
      m_bits = stops_in(p);
    }
    return next(end);
  }

  // The stop after the one find() or next() returned last, or end.
  const char* next(const char* end) {
    while (m_bits == 0) {
      m_block += 64;
      const char* block = reinterpret_cast<const char*>(m_block);
      if (block >= end) {
        return end;
      }
      m_bits = stops_in(block);
    }
    const char* found = reinterpret_cast<const char*>(m_block) + __builtin_ctzll(m_bits);
    m_bits &= m_bits - 1;
    return found < end ? found : end;
  }

private:
  std::uint64_t stops_in(const char* block) const {
#if defined(__SSE2__)
    return stops_in16(block) | stops_in16(block + 16) << 16 | stops_in16(block + 32) << 32 |
           stops_in16(block + 48) << 48;
#else
    std::uint64_t bits = 0;
    for (int i = 0; i < 64; ++i) {
      const char c = block[i];
      if (c == m_delimiter || c == '\n' || c == '\r') {
        bits |= std::uint64_t{1} << i;
      }
    }
    return bits;
#endif
  }

#if defined(__SSE2__)
  std::uint64_t stops_in16(const char* block) const {
    const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(block));
    const __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, m_delimiters), _mm_cmpeq_epi8(x, m_lfs)),
                                     _mm_cmpeq_epi8(x, m_crs));
    return static_cast<std::uint64_t>(static_cast<unsigned>(_mm_movemask_epi8(hit)));
  }

#endif
  char m_delimiter;
#if defined(__SSE2__)
  __m128i m_delimiters = _mm_set1_epi8(m_delimiter);
  __m128i m_lfs = _mm_set1_epi8('\n');
  __m128i m_crs = _mm_set1_epi8('\r');
#endif
  std::uintptr_t m_block = 0;
  std::uint64_t m_bits = 0;
};

} // namespace leads::csv
