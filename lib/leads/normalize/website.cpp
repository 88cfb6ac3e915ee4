#include <leads/normalize/website.hpp>

#include <leads/normalize/text.hpp>
#include <leads/text/strings.hpp>

namespace leads::normalize {

namespace {

bool is_alpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
// "https://x" -> "x"; a scheme is a letter then letters, digits, '+', '-' or '.'.
std::string_view strip_scheme(std::string_view s) {
  const auto colon = s.find("://");
  if (colon != std::string_view::npos && colon > 0 && is_alpha(s[0])) {
    bool scheme = true;
    for (std::size_t i = 1; i < colon; ++i) {
      const char c = s[i];
      scheme = scheme && (is_alpha(c) || text::is_digit(c) || c == '+' || c == '-' || c == '.');
    }
    if (scheme) {
      return s.substr(colon + 3);
    }
  }
  if (s.size() >= 2 && s[0] == '/' && s[1] == '/') {
    return s.substr(2);
  }
  return s;
}

// The host of an authority: no userinfo, no port.
std::string_view host_of(std::string_view authority) {
  if (const auto at = authority.rfind('@'); at != std::string_view::npos) {
    authority.remove_prefix(at + 1);
  }
  if (!authority.empty() && authority.front() == '[') {
    const auto close = authority.find(']');
    return close == std::string_view::npos ? std::string_view{} : authority.substr(0, close + 1);
  }
  if (const auto colon = authority.find(':'); colon != std::string_view::npos) {
    authority = authority.substr(0, colon);
  }
  return authority;
}

// Dotted labels of letters, digits, '-' and '_' (or non-ASCII, for IDN hosts), or an IPv6 literal.
bool plausible_host(std::string_view host) {
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
    for (char c : host.substr(1, host.size() - 2)) {
      if (!(text::is_digit(c) || (c >= 'a' && c <= 'f') || c == ':' || c == '.')) {
        return false;
      }
    }
    return true;
  }
  if (host.empty() || host.size() > 253 || host.find('.') == std::string_view::npos) {
    return false;
  }
  std::size_t label = 0;
  for (char c : host) {
    if (c == '.') {
      if (label == 0) {
        return false;
      }
      label = 0;
      continue;
    }
    if (!(is_alpha(c) || text::is_digit(c) || c == '-' || c == '_' ||
          static_cast<unsigned char>(c) >= 0x80)) {
      return false;
    }
    ++label;
  }
  return label > 0;
}

} // namespace

std::string website_domain(std::string_view raw) {
  std::string_view s = text::trim(raw);
  if (s.empty() || text::starts_with_ignoring_case(s, "mailto:")) {
    return "";
  }
  s = strip_scheme(s);
  const auto end = s.find_first_of("/?#\\");
  std::string_view host = host_of(s.substr(0, end == std::string_view::npos ? s.size() : end));
  if (!host.empty() && host.back() == '.') {
    host.remove_suffix(1);
  }
  std::string domain = lower(host);
  if (domain.compare(0, 4, "www.") == 0 && domain.find('.', 4) != std::string::npos) {
    domain.erase(0, 4);
  }
  if (!plausible_host(domain)) {
    return "";
  }
  return domain;
}

} // namespace leads::normalize
