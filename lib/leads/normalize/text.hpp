#pragma once

#include <leads/text/strings.hpp>

#include <string>
#include <string_view>

namespace leads::normalize {

// Unicode NFC of valid UTF-8 (utf8proc). ASCII input is returned as is, fast.
std::string nfc(std::string_view s);

// Lower-case copy: ASCII fast; non-ASCII text is NFC-normalized and then
// lower-cased per code point (utf8proc). Invalid UTF-8 is lower-cased as ASCII only.
std::string lower(std::string_view s);

// A person's name: trim, collapse runs of white space (and control
// characters) to one space, NFC.
std::string name(std::string_view s);

// A full name as name() gives it, split into a first and a last name: at its
// last space ("Ana Beatriz Souza" -> "Ana Beatriz", "Souza"; one word is a
// first name), or, with one comma, last name first ("Souza, Ana Beatriz" ->
// "Ana Beatriz", "Souza"). Suffixes after a comma (Jr., Sr., II, III, IV, PhD,
// MD, Esq., MBA, CPA) stay, as written, at the end of the last name:
// "Ann Lee, Jr." -> "Ann", "Lee, Jr."; "Lee, Ann, PhD" -> "Ann", "Lee, PhD".
// Names with more commas are split at the last space.
void split_full_name(std::string_view full, std::string& first, std::string& last);

// Key for matching header spellings: case-, space- and punctuation-insensitive
// ("E-mail Address" -> "emailaddress", "First_Name" -> "firstname").
std::string header_key(std::string_view header);

// Latin letters with accents as ASCII ("Müller" -> "Muller", "Straße" ->
// "Strasse"); other characters as they are. ASCII input is returned as is.
std::string fold_accents(std::string_view s);

// Like header_key, but Latin accents are folded to ASCII first
// ("España" -> "espana", "Côte d'Ivoire" -> "cotedivoire"): for looking up names.
std::string fold_key(std::string_view s);

// Column name for an extra (non-canonical) column: snake_case ASCII
// ("Lead Source" -> "lead_source", "How did you hear?" -> "how_did_you_hear",
// "TotalVisits" -> "total_visits"); never empty ("column" for no letters/digits).
std::string snake_case(std::string_view header);

// "true"/"yes"/"y"/"1"/"x"/"opted out"... -> "true"; "false"/"no"/"n"/"0"/"" -> "false" or ""
// Returns "" for empty, "true"/"false" for recognized values, the input otherwise.
std::string boolean(std::string_view s);

} // namespace leads::normalize
