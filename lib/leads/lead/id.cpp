#include <leads/lead/id.hpp>

#include <cstring>

#include <leads/normalize/text.hpp>

namespace leads::lead {

namespace {

constexpr std::uint64_t k_fnv_offset = 0xcbf29ce484222325ULL;
constexpr std::uint64_t k_fnv_prime = 0x100000001b3ULL;

std::uint64_t fnv1a(std::uint64_t h, std::string_view bytes) {
  for (unsigned char c : bytes) {
    h ^= c;
    h *= k_fnv_prime;
  }
  return h;
}

} // namespace

std::uint64_t fmix64(std::uint64_t k) {
  k ^= k >> 33;
  k *= 0xff51afd7ed558ccdULL;
  k ^= k >> 33;
  k *= 0xc4ceb9fe1a85ec53ULL;
  k ^= k >> 33;
  return k;
}

std::uint64_t stable_hash(std::string_view bytes) {
  return fmix64(fnv1a(k_fnv_offset, bytes));
}

std::uint64_t lead_id_for(std::string_view identity_key, unsigned attempt) {
  std::uint64_t h = fnv1a(k_fnv_offset, identity_key);
  if (attempt > 1) {
    char digits[16];
    int n = 0;
    for (unsigned a = attempt; a > 0; a /= 10) {
      digits[n++] = static_cast<char>('0' + a % 10);
    }
    h = fnv1a(h, "#");
    while (n > 0) {
      h = fnv1a(h, std::string_view(&digits[--n], 1));
    }
  }
  return fmix64(h);
}

void name_key(std::string_view first, std::string_view last, std::string_view company, std::string& out) {
  std::string person(first);
  if (!first.empty() && !last.empty()) {
    person += ' ';
  }
  person += last;
  out = normalize::lower(person);
  out += '|';
  out += normalize::lower(company);
}

namespace {

// The 8 hex digits of the low 32 bits of x, most significant first, as the
// bytes of a little-endian word (phase 2 of an import formats every lead's id).
std::uint64_t hex_digits(std::uint64_t x) {
  // One nibble per byte, the lowest nibble in the highest byte.
  x = __builtin_bswap64(x & 0xffffffffULL) >> 32;
  x = (x | (x << 16)) & 0x0000ffff0000ffffULL;
  x = (x | (x << 8)) & 0x00ff00ff00ff00ffULL;
  x = ((x << 8) | (x >> 4)) & 0x0f0f0f0f0f0f0f0fULL;
  // '0' + n, and 'a' - '0' - 10 more where n > 9.
  const std::uint64_t letters = ((x + 0x0606060606060606ULL) >> 4) & 0x0101010101010101ULL;
  return x + 0x3030303030303030ULL + letters * ('a' - '0' - 10);
}

} // namespace

void format_id(std::uint64_t id, char out[16]) {
  const std::uint64_t high = hex_digits(id >> 32);
  const std::uint64_t low = hex_digits(id);
  std::memcpy(out, &high, 8);
  std::memcpy(out + 8, &low, 8);
}

std::string format_id(std::uint64_t id) {
  std::string out(16, '0');
  format_id(id, out.data());
  return out;
}

std::optional<std::uint64_t> parse_id(std::string_view text) {
  if (text.size() != 16) {
    return std::nullopt;
  }
  std::uint64_t id = 0;
  for (char c : text) {
    unsigned digit;
    if (c >= '0' && c <= '9') {
      digit = static_cast<unsigned>(c - '0');
    } else if (c >= 'a' && c <= 'f') {
      digit = static_cast<unsigned>(c - 'a' + 10);
    } else {
      return std::nullopt;
    }
    id = (id << 4) | digit;
  }
  return id;
}

} // namespace leads::lead
