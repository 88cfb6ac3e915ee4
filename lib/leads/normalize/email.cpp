#include <leads/normalize/email.hpp>

#include <leads/normalize/text.hpp>

#include <idn2.h>
#include <utf8proc.h>

#include <cstdlib>

#include <optional>

namespace leads::normalize {

namespace {

// "mailto:ann@x.com?subject=Hi" -> "ann@x.com".
std::string_view strip_mailto(std::string_view s) {
  if (!text::starts_with_ignoring_case(s, "mailto:")) {
    return s;
  }
  s.remove_prefix(7);
  if (const auto q = s.find('?'); q != std::string_view::npos) {
    s = s.substr(0, q);
  }
  return text::trim(s);
}

// "<ann@x.com>", "Ann <ann@x.com>" and "\"Ann\" <ann@x.com>" -> "ann@x.com".
std::string_view strip_angle(std::string_view s) {
  if (s.empty() || s.back() != '>') {
    return s;
  }
  const auto open = s.rfind('<');
  if (open == std::string_view::npos) {
    return s;
  }
  return text::trim(s.substr(open + 1, s.size() - open - 2));
}

bool is_atext(unsigned char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80) {
    return true;
  }
  switch (c) {
  case '!':
  case '#':
  case '$':
  case '%':
  case '&':
  case '\'':
  case '*':
  case '+':
  case '-':
  case '/':
  case '=':
  case '?':
  case '^':
  case '_':
  case '`':
  case '{':
  case '|':
  case '}':
  case '~':
    return true;
  default:
    return false;
  }
}

bool is_printable_nonspace(unsigned char c) {
  return c > 0x20 && c != 0x7F;
}

// A dot-atom ("ann.lee+tag") or a quoted string ("\"ann lee\"" has a space: no).
bool valid_local(std::string_view local) {
  if (local.empty() || local.size() > 64) {
    return false;
  }
  if (local.front() == '"') {
    if (local.size() < 3 || local.back() != '"') {
      return false;
    }
    for (std::size_t i = 1; i + 1 < local.size(); ++i) {
      const auto c = static_cast<unsigned char>(local[i]);
      if (!is_printable_nonspace(c) || c == '"') {
        return false;
      }
      if (c == '\\') {
        ++i;
        const auto escaped = static_cast<unsigned char>(local[i]);
        if (i + 1 >= local.size() || !is_printable_nonspace(escaped) || escaped >= 0x80) {
          return false;
        }
      }
    }
    return true;
  }
  if (local.front() == '.' || local.back() == '.') {
    return false;
  }
  for (std::size_t i = 0; i < local.size(); ++i) {
    const auto c = static_cast<unsigned char>(local[i]);
    if (c == '.') {
      if (local[i - 1] == '.') {
        return false;
      }
    } else if (!is_atext(c)) {
      return false;
    }
  }
  return true;
}

bool is_letter_or_idn(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
}

bool valid_label(std::string_view label) {
  if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') {
    return false;
  }
  for (char ch : label) {
    const auto c = static_cast<unsigned char>(ch);
    if (!is_letter_or_idn(c) && !(c >= '0' && c <= '9') && c != '-') {
      return false;
    }
  }
  return true;
}

// Letters only ("com", IDN "рф"), or an A-label ("xn--p1ai").
bool valid_tld(std::string_view tld) {
  if (tld.size() < 2) {
    return false;
  }
  if (tld.size() > 4 && text::starts_with_ignoring_case(tld, "xn--")) {
    return true;
  }
  for (char c : tld) {
    if (!is_letter_or_idn(static_cast<unsigned char>(c))) {
      return false;
    }
  }
  return true;
}

bool valid_domain(std::string_view domain) {
  if (domain.empty() || domain.size() > 253) {
    return false;
  }
  std::size_t labels = 0;
  std::size_t start = 0;
  while (true) {
    const auto dot = domain.find('.', start);
    const std::string_view label = domain.substr(start, dot == std::string_view::npos ? dot : dot - start);
    if (!valid_label(label)) {
      return false;
    }
    ++labels;
    if (dot == std::string_view::npos) {
      return labels >= 2 && valid_tld(label);
    }
    start = dot + 1;
  }
}

// The first character of part that does not fit an address (U+FFFD for
// bytes that are not UTF-8), if any: in a domain, anything non-ASCII but
// letters, marks and digits (what IDNA allows; not the dashes, dots and
// quotation marks of word processors); in a local part, characters that
// cannot be seen (format characters such as a soft hyphen or a zero-width
// space, spaces, controls, unassigned code points), dashes and quotation marks.
std::optional<char32_t> unfit_character(std::string_view part, bool domain) {
  for (std::size_t i = 0; i < part.size();) {
    if (static_cast<unsigned char>(part[i]) < 0x80) {
      ++i;
      continue;
    }
    utf8proc_int32_t cp = 0;
    const auto n = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(part.data()) + i,
                                    static_cast<utf8proc_ssize_t>(part.size() - i), &cp);
    if (n <= 0) {
      return U'\uFFFD';
    }
    i += static_cast<std::size_t>(n);
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ME:
    case UTF8PROC_CATEGORY_ND:
      break;
    case UTF8PROC_CATEGORY_PD: // a dash a word processor made of '-'
    case UTF8PROC_CATEGORY_PI:
    case UTF8PROC_CATEGORY_PF:
      return static_cast<char32_t>(cp);
    default:
      if (domain || is_invisible(static_cast<char32_t>(cp))) {
        return static_cast<char32_t>(cp);
      }
    }
  }
  return std::nullopt;
}

// The quotation marks a whole address comes wrapped in when copied from a
// document or a spreadsheet: '"ann@x.com"', '“ann@x.com”', "'ann@x.com'".
std::string_view strip_wrapping_quotes(std::string_view s) {
  static constexpr std::pair<std::string_view, std::string_view> k_pairs[] = {
      {"\"", "\""},         {"'", "'"},           {"\u201C", "\u201D"}, {"\u201E", "\u201C"},
      {"\u2018", "\u2019"}, {"\u00AB", "\u00BB"}, {"\u201D", "\u201D"}};
  for (const auto& [open, close] : k_pairs) {
    if (s.size() > open.size() + close.size() && s.starts_with(open) && s.ends_with(close)) {
      const std::string_view inner = s.substr(open.size(), s.size() - open.size() - close.size());
      // '"ann lee"@x.com' is a quoted local part, not a wrapped address.
      if (inner.find('@') != std::string_view::npos && inner.find_first_of("\"'") == std::string_view::npos) {
        return text::trim(inner);
      }
    }
  }
  return s;
}

// The domain of a normalized address with its punycode labels decoded to
// Unicode (then NFC, lower-case); as it is when it has none, or when one is
// no valid punycode (the address is checked as written then).
std::string decode_punycode(std::string address) {
  const std::size_t at = address.rfind('@');
  if (at == std::string::npos || !has_punycode_domain(address)) {
    return address;
  }
  char* unicode = nullptr;
  const std::string domain = address.substr(at + 1);
  if (idn2_to_unicode_8z8z(domain.c_str(), &unicode, 0) != IDN2_OK || unicode == nullptr) {
    return address;
  }
  const std::string decoded = lower(unicode);
  std::free(unicode);
  return address.substr(0, at + 1) + decoded;
}

bool is_gmail(std::string_view domain) {
  return domain == "gmail.com" || domain == "googlemail.com";
}

} // namespace

std::string email(std::string_view raw) {
  std::string_view s = strip_wrapping_quotes(text::trim(raw));
  s = strip_mailto(s);
  s = strip_angle(s);
  s = strip_mailto(s);
  return decode_punycode(lower(s));
}

bool has_punycode_domain(std::string_view address) {
  // A label that starts with "xn--" (at the start of the domain, or after a
  // dot), looked for from the end: a domain is short, and most have no '-'.
  for (std::size_t i = address.size(); i-- > 0;) {
    const char c = address[i];
    if (c == '@') {
      return false;
    }
    if (c == '-' && i >= 3 && address[i - 1] == '-' && address[i - 2] == 'n' && address[i - 3] == 'x' &&
        (i == 3 || address[i - 4] == '.' || address[i - 4] == '@')) {
      return address.find('@') < i; // (in the domain, not the local part)
    }
  }
  return false;
}

// The mailbox half of email_identity_key().
std::string_view mailbox_key(std::string_view normalized, std::string& out) {
  const std::size_t at = normalized.rfind('@');
  if (at == std::string_view::npos || !is_gmail(normalized.substr(at + 1))) {
    return normalized;
  }
  std::string_view local = normalized.substr(0, at);
  local = local.substr(0, std::min(local.find('+'), local.size()));
  out.clear();
  for (char c : local) {
    if (c != '.') {
      out += c;
    }
  }
  out += "@gmail.com";
  return out;
}

std::string_view email_display_name(std::string_view raw) {
  const std::string_view s = text::trim(raw);
  const std::size_t open = s.rfind('<');
  if (s.empty() || s.back() != '>' || open == std::string_view::npos) {
    return {};
  }
  std::string_view name = text::trim(s.substr(0, open));
  if (name.size() >= 2 && name.front() == '"' && name.back() == '"') {
    name = text::trim(name.substr(1, name.size() - 2));
  }
  return name;
}

bool is_valid_email(std::string_view normalized) {
  const std::string_view s = normalized;
  if (s.size() < 3 || s.size() > 254) {
    return false;
  }
  std::size_t at = std::string_view::npos;
  bool quoted = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (quoted && c == '\\') {
      ++i;
    } else if (c == '"') {
      quoted = !quoted;
    } else if (c == '@' && !quoted) {
      if (at != std::string_view::npos) {
        return false;
      }
      at = i;
    }
  }
  if (quoted || at == std::string_view::npos) {
    return false;
  }
  return valid_local(s.substr(0, at)) && valid_domain(s.substr(at + 1)) && !unfit_email_character(s);
}

bool is_invisible(char32_t c) {
  switch (utf8proc_category(static_cast<utf8proc_int32_t>(c))) {
  case UTF8PROC_CATEGORY_CF:
  case UTF8PROC_CATEGORY_CC:
  case UTF8PROC_CATEGORY_CS:
  case UTF8PROC_CATEGORY_CO:
  case UTF8PROC_CATEGORY_CN:
  case UTF8PROC_CATEGORY_ZS:
  case UTF8PROC_CATEGORY_ZL:
  case UTF8PROC_CATEGORY_ZP:
    return true;
  default:
    return false;
  }
}

std::optional<char32_t> unfit_email_character(std::string_view normalized) {
  const auto at = normalized.rfind('@');
  if (at == std::string_view::npos) {
    return unfit_character(normalized, false);
  }
  if (auto c = unfit_character(normalized.substr(0, at), false)) {
    return c;
  }
  return unfit_character(normalized.substr(at + 1), true);
}

std::string_view email_domain(std::string_view normalized) {
  const auto at = normalized.rfind('@');
  if (at == std::string_view::npos) {
    return {};
  }
  return normalized.substr(at + 1);
}

} // namespace leads::normalize
