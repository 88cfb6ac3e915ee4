#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace leads::lead {

// The hash behind lead ids, fixed forever so that the same identity gets the
// same id on any machine and in any release: 64-bit FNV-1a over the bytes
// (offset basis 0xcbf29ce484222325, prime 0x100000001b3), then MurmurHash3's
// fmix64 finalizer (x ^= x >> 33; x *= 0xff51afd7ed558ccd; x ^= x >> 33;
// x *= 0xc4ceb9fe1a85ec53; x ^= x >> 33).
std::uint64_t stable_hash(std::string_view bytes);

// MurmurHash3's fmix64 finalizer alone: spreads the bits of a 64-bit value
// (also what the dedupe index uses to place ids and keys in its tables).
std::uint64_t fmix64(std::uint64_t k);

// The id for an identity key ("e:ana@example.com", "x:0031", "p:+14155550123",
// "n:ana lopez|acme"). attempt 1 hashes the key itself; attempt n > 1 hashes
// key + "#n", which is how a collision with another lead's id is resolved.
std::uint64_t lead_id_for(std::string_view identity_key, unsigned attempt = 1);

// The dedupe key of a name identity: lower-cased "first last|company" (the
// identity key is "n:" followed by it).
void name_key(std::string_view first, std::string_view last, std::string_view company, std::string& out);

// 16 lower-case hex digits.
std::string format_id(std::uint64_t id);
void format_id(std::uint64_t id, char out[16]);

// The value of a 16-digit lower-case hex id; nullopt for any other text.
std::optional<std::uint64_t> parse_id(std::string_view text);

} // namespace leads::lead
