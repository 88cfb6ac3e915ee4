#pragma once

#include <leads/normalize/date.hpp>

#include <string>
#include <string_view>

// The checks and normalizations an import runs on every cell, done directly
// for the common ASCII shapes and handed to lib/leads/normalize for the rest,
// so that they give what it gives (the tests hold them to it).
namespace leads::import {

// Trims white space from a cell; ASCII ends (the common case) never reach
// the Unicode-aware text::trim.
std::string_view trim_cell(std::string_view cell);

// Reads a timestamp as the store keeps it: "YYYY-MM-DDTHH:MM:SSZ" and
// "YYYY-MM-DD" are checked and written directly (the common case, fast); other
// shapes go through normalize::timestamp. false when unreadable.
bool normalize_timestamp(std::string_view raw, normalize::DateOrder order, std::string& out);

namespace cell {

// An email as normalize::email() gives it, into out.
void email(std::string_view trimmed, std::string& out);
// normalize::is_valid_email() of a normalized email.
bool valid_email(std::string_view email);
// Whether a website is already what normalize::website_domain() makes of it.
bool is_bare_domain(std::string_view value);
// Whether a trimmed name is already what normalize::name() makes of it.
bool is_plain_name(std::string_view trimmed);
// A count written with thousands separators, as exports of any locale write
// it ("1,200", "1.200", "1 200" with a space or a no-break space, "1'200"),
// into its digits ("1200") in out (true); plain integers and anything else
// (ranges, "500+", decimals) stay as written (false). A count of people has
// no fractions, so "1.200" is twelve hundred.
bool employees(std::string_view value, std::string& out);

} // namespace cell

} // namespace leads::import
