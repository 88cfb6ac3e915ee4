#pragma once

#include <leads/lead/dedupe_index.hpp>
#include <leads/lead/id.hpp>

#include <cstdint>
#include <string_view>

// Whether a phone may join a row to a lead: colleagues and families share a
// phone (a switchboard, a home line), so a phone alone joins no two people
// whose names differ.
namespace leads::import {

// A person's name as a phone match compares it, in fingerprints (0: none):
// the family name (the last name, else the last word of a first name of
// several words, as "Raj Patel" typed into one field) and the given name (the
// first word of the first name; an initial keeps only its letter). Case,
// accents, initials ("J.") and suffixes ("Jr.", "PhD") are left out, words
// of a family name run together ("van der Berg" is "vanderberg").
struct NamePrint {
  std::uint32_t family = 0;
  std::uint32_t given = 0;
  bool operator==(const NamePrint&) const = default;
};

// Allocates nothing for ASCII names.
NamePrint name_print(std::string_view first, std::string_view last);

// Whether two names may be one person's: family names that agree, or, where
// either lacks one, given names that agree (an initial agrees with the names
// it starts); a side with neither agrees with anyone.
bool names_compatible(NamePrint a, NamePrint b);

// The dedupe key of a phone together with a name: where a phone that several
// people share (its own key finds the first of them) finds the one of that
// name. Derived from the phone key's fingerprint, so that it needs no phone
// text. A lead gets one by each of its names it has (see DedupePass).
// family: by the family name, else by the given name.
inline lead::KeyHash phone_of_name(const lead::KeyHash& phone, NamePrint name, bool family) {
  const std::uint32_t print = family ? name.family : name.given;
  const std::uint64_t salt = family ? 0x70686e66ULL : 0x70686e67ULL; // "phnf", "phng"
  return lead::KeyHash{lead::fmix64(phone.low ^ (std::uint64_t{print} << 32 | salt)), phone.high ^ print};
}

} // namespace leads::import
