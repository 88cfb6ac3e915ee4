#include <leads/normalize/text.hpp>

#include <utf8proc.h>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <memory>
#include <vector>

namespace leads::normalize {

namespace {

bool is_ascii(std::string_view s) {
  for (char c : s) {
    if (static_cast<unsigned char>(c) >= 0x80) {
      return false;
    }
  }
  return true;
}

// True when every character is below U+0300 (ASCII, Latin-1, Latin Extended-A/B, IPA):
// all of those are their own NFC, so such text needs no utf8proc pass.
bool below_combining_marks(std::string_view s) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      continue;
    }
    if (c < 0xC2 || c > 0xCB || i + 1 == s.size() || (static_cast<unsigned char>(s[i + 1]) & 0xC0) != 0x80) {
      return false;
    }
    ++i;
  }
  return true;
}

bool is_ascii_alnum(unsigned char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool is_ascii_upper(unsigned char c) {
  return c >= 'A' && c <= 'Z';
}
bool is_ascii_lower(unsigned char c) {
  return c >= 'a' && c <= 'z';
}

const utf8proc_uint8_t* bytes(std::string_view s) {
  return reinterpret_cast<const utf8proc_uint8_t*>(s.data());
}

// Decodes the code point at s[i]; returns its length in bytes, or a value <= 0 when invalid.
utf8proc_ssize_t decode(std::string_view s, std::size_t i, utf8proc_int32_t& cp) {
  return utf8proc_iterate(bytes(s) + i, static_cast<utf8proc_ssize_t>(s.size() - i), &cp);
}

void append_utf8(std::string& out, utf8proc_int32_t cp) {
  std::array<utf8proc_uint8_t, 4> buf{};
  const auto n = utf8proc_encode_char(cp, buf.data());
  out.append(reinterpret_cast<const char*>(buf.data()), static_cast<std::size_t>(n));
}

struct FreeDeleter {
  void operator()(utf8proc_uint8_t* p) const { std::free(p); }
};

// utf8proc_map over s (freed here); on invalid UTF-8, ok = false and s comes back unchanged.
std::string map_utf8(std::string_view s, int options, bool& ok) {
  utf8proc_uint8_t* raw = nullptr;
  const auto n = utf8proc_map(bytes(s), static_cast<utf8proc_ssize_t>(s.size()), &raw,
                              static_cast<utf8proc_option_t>(options));
  std::unique_ptr<utf8proc_uint8_t, FreeDeleter> owned(raw);
  ok = n >= 0;
  if (!ok) {
    return std::string(s);
  }
  return std::string(reinterpret_cast<const char*>(raw), static_cast<std::size_t>(n));
}

// Letters that Unicode decomposition does not reduce to ASCII, spelled the usual way.
std::string_view latin_special(utf8proc_int32_t cp) {
  switch (cp) {
  case 0xDF:
    return "ss";
  case 0x1E9E:
    return "SS";
  case 0xC6:
    return "AE";
  case 0xE6:
    return "ae";
  case 0xD8:
    return "O";
  case 0xF8:
    return "o";
  case 0x152:
    return "OE";
  case 0x153:
    return "oe";
  case 0xD0:
    return "D";
  case 0xF0:
    return "d";
  case 0x110:
    return "D";
  case 0x111:
    return "d";
  case 0x141:
    return "L";
  case 0x142:
    return "l";
  case 0xDE:
    return "Th";
  case 0xFE:
    return "th";
  case 0x131:
    return "i";
  case 0x126:
    return "H";
  case 0x127:
    return "h";
  case 0x2018:
  case 0x2019:
    return "'";
  default:
    return {};
  }
}

// Latin letters with accents -> ASCII ("ÉtatCivil" -> "EtatCivil", "Straße" -> "Strasse");
// characters with no ASCII form are kept as they are.
std::string fold_latin(std::string_view s) {
  if (is_ascii(s)) {
    return std::string(s);
  }
  bool ok = false;
  const std::string d =
      map_utf8(s, UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT | UTF8PROC_STRIPMARK | UTF8PROC_STABLE, ok);
  if (!ok) {
    return d;
  }
  std::string out;
  out.reserve(d.size());
  for (std::size_t i = 0; i < d.size();) {
    utf8proc_int32_t cp = 0;
    const auto n = decode(d, i, cp);
    const std::string_view special = latin_special(cp);
    if (special.empty()) {
      out.append(d, i, static_cast<std::size_t>(n));
    } else {
      out += special;
    }
    i += static_cast<std::size_t>(n);
  }
  return out;
}

// Letters and digits of s, lower-cased, everything else dropped.
std::string alnum_key(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  if (is_ascii(s)) {
    for (char c : s) {
      if (is_ascii_alnum(static_cast<unsigned char>(c))) {
        out += text::ascii_lower_char(c);
      }
    }
    return out;
  }
  const std::string n = nfc(s);
  for (std::size_t i = 0; i < n.size();) {
    const auto c = static_cast<unsigned char>(n[i]);
    if (c < 0x80) {
      if (is_ascii_alnum(c)) {
        out += text::ascii_lower_char(static_cast<char>(c));
      }
      ++i;
      continue;
    }
    utf8proc_int32_t cp = 0;
    const auto len = decode(n, i, cp);
    if (len <= 0) {
      ++i;
      continue;
    }
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_NO:
      append_utf8(out, utf8proc_tolower(cp));
      break;
    default:
      break;
    }
    i += static_cast<std::size_t>(len);
  }
  return out;
}

bool equals_any(std::string_view s, std::initializer_list<std::string_view> words) {
  for (std::string_view w : words) {
    if (s == w) {
      return true;
    }
  }
  return false;
}

} // namespace

std::string lower(std::string_view s) {
  if (is_ascii(s)) {
    return text::ascii_lower(s);
  }
  bool ok = true;
  std::string mapped;
  std::string_view n = s;
  if (!below_combining_marks(s)) {
    mapped = map_utf8(s, UTF8PROC_COMPOSE | UTF8PROC_STABLE, ok);
    n = mapped;
  }
  if (!ok) {
    return text::ascii_lower(s);
  }
  std::string out;
  out.reserve(n.size());
  for (std::size_t i = 0; i < n.size();) {
    utf8proc_int32_t cp = 0;
    const auto len = decode(n, i, cp);
    append_utf8(out, utf8proc_tolower(cp));
    i += static_cast<std::size_t>(len);
  }
  return out;
}

std::string nfc(std::string_view s) {
  if (below_combining_marks(s)) {
    return std::string(s);
  }
  bool ok = false;
  return map_utf8(s, UTF8PROC_COMPOSE | UTF8PROC_STABLE, ok);
}

std::string name(std::string_view s) {
  // Control characters (a NUL, an old export's Ctrl-Z) separate words like spaces.
  auto space_or_control_at = [](std::string_view t, std::size_t i) -> std::size_t {
    const auto c = static_cast<unsigned char>(t[i]);
    return c < 0x20 || c == 0x7F ? 1 : text::white_space_at(t, i);
  };
  const std::string_view t = text::trim(s);
  std::string out;
  out.reserve(t.size());
  for (std::size_t i = 0; i < t.size();) {
    const std::size_t n = space_or_control_at(t, i);
    if (n == 0) {
      out += t[i];
      ++i;
      continue;
    }
    if (!out.empty()) {
      out += ' ';
    }
    i += n;
    while (i < t.size()) {
      const std::size_t more = space_or_control_at(t, i);
      if (more == 0) {
        break;
      }
      i += more;
    }
  }
  if (!out.empty() && out.back() == ' ') {
    out.pop_back();
  }
  if (is_ascii(out)) {
    return out;
  }
  return nfc(out);
}

namespace {

// A suffix that follows a name after a comma, ignoring case and dots ("Jr.", "Ph.D.").
bool is_name_suffix(std::string_view s) {
  static constexpr std::array<std::string_view, 10> k_suffixes = {"jr",  "sr", "ii",  "iii", "iv",
                                                                  "phd", "md", "esq", "mba", "cpa"};
  std::string key;
  for (char c : s) {
    if (c != '.') {
      key += text::ascii_lower_char(c);
    }
  }
  return std::find(k_suffixes.begin(), k_suffixes.end(), key) != k_suffixes.end();
}

} // namespace

void split_full_name(std::string_view full, std::string& first, std::string& last) {
  // Peel the suffixes off the end; they go back after the last name.
  std::string_view core = text::trim(full);
  for (std::size_t comma = core.rfind(','); comma != std::string_view::npos && comma > 0;
       comma = core.rfind(',')) {
    if (!is_name_suffix(text::trim(core.substr(comma + 1))) || text::trim(core.substr(0, comma)).empty()) {
      break;
    }
    core = text::trim(core.substr(0, comma));
  }
  // And without a comma ("Ann Lee Jr."), when a first and a last name are left.
  for (std::size_t space = core.rfind(' '); space != std::string_view::npos; space = core.rfind(' ')) {
    const std::string_view rest = text::trim(core.substr(0, space));
    if (!is_name_suffix(core.substr(space + 1)) || rest.find(' ') == std::string_view::npos ||
        rest.find(',') != std::string_view::npos) {
      break;
    }
    core = rest;
  }
  const std::string_view suffixes = text::trim(full).substr(core.size());

  const std::size_t comma = core.find(',');
  if (comma != std::string_view::npos && core.find(',', comma + 1) == std::string_view::npos) {
    first.assign(text::trim(core.substr(comma + 1)));
    last.assign(text::trim(core.substr(0, comma)));
  } else if (const std::size_t space = core.rfind(' '); space != std::string_view::npos) {
    first.assign(core.substr(0, space));
    last.assign(core.substr(space + 1));
  } else {
    first.assign(core);
    last.clear();
  }
  (last.empty() ? first : last).append(suffixes);
}

std::string header_key(std::string_view header) {
  return alnum_key(header);
}

std::string fold_accents(std::string_view s) {
  return fold_latin(s);
}

std::string fold_key(std::string_view s) {
  if (is_ascii(s)) {
    return alnum_key(s);
  }
  return alnum_key(fold_latin(s));
}

namespace {

// Names written with a capital inside that are one word all the same: no
// word starts at that capital ("LinkedIn" is linkedin, not linked_in).
constexpr std::string_view k_one_word_names[] = {
    "LinkedIn",   "YouTube",  "GitHub",     "GitLab",   "HubSpot",      "PayPal",     "WhatsApp",  "TikTok",
    "WordPress",  "iPhone",   "iPad",       "eBay",     "MailChimp",    "SoundCloud", "WeChat",    "FaceTime",
    "PowerPoint", "OneDrive", "SharePoint", "DocuSign", "SurveyMonkey", "JavaScript", "TypeScript"};

// Whether a word starts at each position of f inside one of k_one_word_names
// (its first letter in either case): true where none may.
std::vector<bool> inside_one_word_names(std::string_view f) {
  std::vector<bool> inside;
  for (std::string_view name : k_one_word_names) {
    for (std::size_t at = f.find(name.substr(1)); at != std::string_view::npos;
         at = f.find(name.substr(1), at + 1)) {
      const std::size_t end = at + name.size() - 1; // just past the name
      if (at == 0 || text::ascii_lower_char(f[at - 1]) != text::ascii_lower_char(name[0]) ||
          (end < f.size() && is_ascii_lower(static_cast<unsigned char>(f[end])))) {
        continue; // another word ("LinkedInvitations")
      }
      inside.resize(f.size(), false);
      std::fill(inside.begin() + static_cast<std::ptrdiff_t>(at),
                inside.begin() + static_cast<std::ptrdiff_t>(at + name.size() - 1), true);
    }
  }
  return inside;
}

} // namespace

std::string snake_case(std::string_view header) {
  const std::string f = fold_latin(header);
  const std::vector<bool> one_word = inside_one_word_names(f);
  std::string out;
  out.reserve(f.size() + 8);
  bool pending_separator = false;
  for (std::size_t i = 0; i < f.size(); ++i) {
    const auto c = static_cast<unsigned char>(f[i]);
    if (!is_ascii_alnum(c)) {
      pending_separator = true;
      continue;
    }
    if (is_ascii_upper(c) && i > 0 && (one_word.empty() || !one_word[i])) {
      const auto prev = static_cast<unsigned char>(f[i - 1]);
      const bool next_lower = i + 1 < f.size() && is_ascii_lower(static_cast<unsigned char>(f[i + 1]));
      // "totalVisits", "HTTPServer", "Address2Line": a word starts at this capital.
      if (is_ascii_lower(prev) ||
          ((is_ascii_upper(prev) || text::is_digit(static_cast<char>(prev))) && next_lower)) {
        pending_separator = true;
      }
    }
    if (pending_separator && !out.empty()) {
      out += '_';
    }
    pending_separator = false;
    out += text::ascii_lower_char(static_cast<char>(c));
  }
  if (out.empty()) {
    return "column";
  }
  return out;
}

std::string boolean(std::string_view s) {
  const std::string_view t = text::trim(s);
  if (t.empty()) {
    return "";
  }
  if (t.size() > 9) {
    return std::string(t);
  }
  const std::string l = text::ascii_lower(t);
  if (equals_any(l, {"true", "yes", "y", "1", "x", "t", "on", "opted out"})) {
    return "true";
  }
  if (equals_any(l, {"false", "no", "n", "0", "f", "off"})) {
    return "false";
  }
  return std::string(t);
}

} // namespace leads::normalize
