#pragma once

#include <string>
#include <string_view>

namespace leads::normalize {

// Trims, strips a "mailto:" prefix and surrounding <>, lower-cases (ASCII and,
// for non-ASCII, Unicode-aware via NFC + lower). Returns "" for empty input.
std::string email(std::string_view raw);

// A pragmatic check on a normalized address: one '@', a non-empty local part
// with no spaces, a domain with a dot, valid labels. Not RFC 5322 in full.
bool is_valid_email(std::string_view normalized);

// The name before an address in angle brackets, as mail programs copy it:
// "Ann Lee <ann@x.com>" and "\"Lee, Ann\" <ann@x.com>" -> "Ann Lee", "Lee, Ann";
// "" when there is none.
std::string_view email_display_name(std::string_view raw);

// The part after '@' ("" when there is none).
std::string_view email_domain(std::string_view normalized);

} // namespace leads::normalize
