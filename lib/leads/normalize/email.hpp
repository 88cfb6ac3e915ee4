#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace leads::normalize {

// Trims, strips a "mailto:" prefix and surrounding <>, lower-cases (ASCII and,
// for non-ASCII, Unicode-aware via NFC + lower). Returns "" for empty input.
std::string email(std::string_view raw);

// A pragmatic check on a normalized address: one '@', a non-empty local part
// with no spaces, a domain with a dot, valid labels. Not RFC 5322 in full.
// Non-ASCII letters, marks and digits are fine (RFC 6531, IDNA); see
// unfit_email_character() for the rest.
bool is_valid_email(std::string_view normalized);

// The first character of an address that no address can hold, whatever the
// rest: in the domain, any non-ASCII one but letters, marks and digits (a
// dash, a full-width dot, a quotation mark from a document); anywhere, one
// that cannot be seen (is_invisible), a dash or a quotation mark. For the reason a
// row is rejected: such characters are easy to paste and hard to spot.
std::optional<char32_t> unfit_email_character(std::string_view normalized);

// Whether c shows nothing: a format character (soft hyphen, zero-width
// space), a space or separator, a control, a surrogate, private use or unassigned.
bool is_invisible(char32_t c);

// The name before an address in angle brackets, as mail programs copy it:
// "Ann Lee <ann@x.com>" and "\"Lee, Ann\" <ann@x.com>" -> "Ann Lee", "Lee, Ann";
// "" when there is none.
std::string_view email_display_name(std::string_view raw);

// The part after '@' ("" when there is none).
std::string_view email_domain(std::string_view normalized);

} // namespace leads::normalize
