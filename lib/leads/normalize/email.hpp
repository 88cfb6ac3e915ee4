#pragma once

#include <leads/text/vocabulary.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace leads::normalize {

// Trims, strips a "mailto:" prefix and surrounding <>, lower-cases (ASCII and,
// for non-ASCII, Unicode-aware via NFC + lower), and writes an
// internationalized domain in Unicode, as people read it: its punycode labels
// ("xn--mller-bckerei-hfb76a") are decoded (libidn2), so that
// info@xn--mller-bckerei-hfb76a.de is info@müller-bäckerei.de. Returns "" for
// empty input.
std::string email(std::string_view raw);

// Whether a normalized address's domain has a punycode label ("xn--"), which
// email() decodes: the fast paths of callers hand such addresses to it.
bool has_punycode_domain(std::string_view address);

// How addresses are told apart when leads are deduped (`import.email_identity`):
// exact, as written (HubSpot and Salesforce do so); or mailbox, where Gmail's
// dots and +tags and Googlemail name the same mailbox as Gmail
// (a.b+news@googlemail.com is ab@gmail.com).
enum class EmailIdentity { exact, mailbox };
inline constexpr text::Word<EmailIdentity> k_email_identity_words[] = {{"exact", EmailIdentity::exact},
                                                                       {"mailbox", EmailIdentity::mailbox}};
inline constexpr text::Vocabulary<EmailIdentity> email_identities{k_email_identity_words};

// The key a normalized address dedupes by: itself, or under mailbox the
// mailbox it reaches. Into out; returns out as a view (or the address itself
// when it folds to itself, without a copy).
std::string_view mailbox_key(std::string_view normalized, std::string& out);
inline std::string_view email_identity_key(std::string_view normalized, EmailIdentity identity,
                                           std::string& out) {
  return identity == EmailIdentity::exact ? normalized : mailbox_key(normalized, out);
}

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
