#include <leads/text/strings.hpp>

#include <utf8proc.h>

namespace leads::text {

namespace {

// Unicode white space that turns up in exported text: the Zs spaces, line and
// paragraph separators, NEL, the zero-width space and the byte-order mark.
bool is_unicode_space(utf8proc_int32_t cp) {
  return cp == 0x85 || cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200B) || cp == 0x2028 ||
         cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000 || cp == 0xFEFF;
}

} // namespace

std::size_t white_space_at(std::string_view s, std::size_t i) {
  const auto c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) {
    return is_ascii_space(static_cast<char>(c)) ? 1 : 0;
  }
  utf8proc_int32_t cp = 0;
  const auto n = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(s.data()) + i,
                                  static_cast<utf8proc_ssize_t>(s.size() - i), &cp);
  return n > 0 && is_unicode_space(cp) ? static_cast<std::size_t>(n) : 0;
}

namespace {

// Length in bytes of the white-space character that ends just before s[end] (0 when none).
std::size_t space_before(std::string_view s, std::size_t end) {
  const auto last = static_cast<unsigned char>(s[end - 1]);
  if (last < 0x80) {
    return is_ascii_space(static_cast<char>(last)) ? 1 : 0;
  }
  std::size_t start = end - 1;
  while (start > 0 && end - start < 4 && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80) {
    --start;
  }
  const std::size_t n = white_space_at(s, start);
  return n == end - start ? n : 0;
}

} // namespace

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    c = ascii_lower_char(c);
  }
  return out;
}

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return ascii_lower_char(x) == ascii_lower_char(y);
         });
}

bool starts_with_ignoring_case(std::string_view s, std::string_view lower_prefix) {
  return s.size() >= lower_prefix.size() &&
         std::equal(lower_prefix.begin(), lower_prefix.end(), s.begin(),
                    [](char lower, char c) { return ascii_lower_char(c) == lower; });
}

std::string_view trim(std::string_view s) {
  std::size_t begin = 0;
  std::size_t end = s.size();
  while (begin < end) {
    const std::size_t n = white_space_at(s, begin);
    if (n == 0) {
      break;
    }
    begin += n;
  }
  while (end > begin) {
    const std::size_t n = space_before(s, end);
    if (n == 0) {
      break;
    }
    end -= n;
  }
  return s.substr(begin, end - begin);
}

} // namespace leads::text
