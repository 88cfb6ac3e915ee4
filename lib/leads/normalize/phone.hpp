#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace leads::normalize {

// Phone numbers to E.164 ("+14155550123"). Fast paths for the common shapes
// (already E.164, "+1 (415) 555-0123", 10-digit NANP with a US/CA country)
// that do not call libphonenumber; the rest goes through libphonenumber with
// a small cache, since that costs ~14 us a number. One instance per thread: the
// cache is not shared (what the fast path learns of NANP area codes is).
class PhoneNormalizer {
public:
  // default_country: ISO 3166 alpha-2 used when a row has no country.
  explicit PhoneNormalizer(std::string default_country = "US");
  ~PhoneNormalizer();
  PhoneNormalizer(PhoneNormalizer&&) noexcept;
  PhoneNormalizer& operator=(PhoneNormalizer&&) noexcept;

  // country: the row's ISO alpha-2 country ("" for unknown -> default).
  // Returns nullopt when the text is not a valid number. An extension
  // ("ext. 23", "x23") follows as in RFC 3966: "+14155550123;ext=23" (the
  // people behind one switchboard are told apart by it).
  std::optional<std::string> e164(std::string_view raw, std::string_view country = {});

private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

// Whether a phone is as e164() writes it: "+", digits, and perhaps ";ext=" and digits.
bool is_e164(std::string_view phone);

} // namespace leads::normalize
