#include <leads/normalize/phone.hpp>

#include <doctest/doctest.h>
#include <phonenumbers/phonenumberutil.h>

#include <cstdio>
#include <optional>
#include <string>
#include <utility>

using leads::normalize::PhoneNormalizer;

namespace {

// What libphonenumber alone makes of a number: the reference for the fast paths.
std::optional<std::string> reference_e164(const std::string& raw, const std::string& region) {
  const auto& util = *i18n::phonenumbers::PhoneNumberUtil::GetInstance();
  i18n::phonenumbers::PhoneNumber number;
  if (util.Parse(raw, region, &number) != i18n::phonenumbers::PhoneNumberUtil::NO_PARSING_ERROR ||
      !util.IsValidNumber(number)) {
    return std::nullopt;
  }
  std::string out;
  util.Format(number, i18n::phonenumbers::PhoneNumberUtil::E164, &out);
  return out;
}

} // namespace

TEST_CASE("normalize::PhoneNormalizer") {
  PhoneNormalizer phones("US");

  SUBCASE("already E.164") {
    CHECK(phones.e164("+14155550123") == "+14155550123");
    CHECK(phones.e164("+442079460958") == "+442079460958");
    CHECK(phones.e164("+4930123456") == "+4930123456");
    CHECK(phones.e164(" +919876543210 ") == "+919876543210");
  }
  SUBCASE("NANP shapes") {
    CHECK(phones.e164("(415) 555-0123") == "+14155550123");
    CHECK(phones.e164("415.555.0123") == "+14155550123");
    CHECK(phones.e164("415 555 0123") == "+14155550123");
    CHECK(phones.e164("1-415-555-0123") == "+14155550123");
    CHECK(phones.e164("+1 (415) 555-0123") == "+14155550123");
    CHECK(phones.e164("+1 (415) 555-0123", "DE") == "+14155550123");
    CHECK(phones.e164("416-555-0199", "CA") == "+14165550199");
    CHECK(phones.e164("4155550123", "us") == "+14155550123");
    CHECK(phones.e164("800 356 9377") == "+18003569377");
  }
  SUBCASE("extensions are kept, as RFC 3966 writes them") {
    CHECK(phones.e164("415-555-0123 x123") == "+14155550123;ext=123");
    CHECK(phones.e164("(415) 555-0123 ext. 12") == "+14155550123;ext=12");
    CHECK(phones.e164("415.555.0123, Ext 7") == "+14155550123;ext=7");
    CHECK(phones.e164("415 555 0123 extension 4") == "+14155550123;ext=4");
    CHECK(phones.e164("415 555 0123 #99") == "+14155550123;ext=99");
    CHECK(phones.e164("+44 20 7946 0958 ext. 3", "GB") == "+442079460958;ext=3");
    // through libphonenumber: a shape the fast paths leave to it
    CHECK(phones.e164("+54 9 11 1234-5678 ext. 5") == "+5491112345678;ext=5");
    // libphonenumber's own reading of an extension ("tel:" and ";ext=")
    CHECK(phones.e164("tel:+1-415-555-0123;ext=42") == "+14155550123;ext=42");
    // an extension of letters is no extension: the text is not a number
    CHECK(phones.e164("415 555 0123 ext. abc") == std::nullopt);
  }
  SUBCASE("is_e164") {
    CHECK(leads::normalize::is_e164("+14155550123"));
    CHECK(leads::normalize::is_e164("+14155550123;ext=12"));
    CHECK_FALSE(leads::normalize::is_e164("+14155550123;ext="));
    CHECK_FALSE(leads::normalize::is_e164("+1415555x0123"));
    CHECK_FALSE(leads::normalize::is_e164("4155550123"));
    CHECK_FALSE(leads::normalize::is_e164("+1"));
  }
  SUBCASE("not NANP numbers") {
    CHECK(phones.e164("411-555-0123") == std::nullopt);  // N11 area code
    CHECK(phones.e164("415-155-0123") == std::nullopt);  // exchange starts with 1
    CHECK(phones.e164("015-555-0123") == std::nullopt);  // area code starts with 0
    CHECK(phones.e164("999-555-0123") == std::nullopt);  // unassigned area code
    CHECK(phones.e164("+1999555012") == std::nullopt);   // too short
    CHECK(phones.e164("+19995550123") == std::nullopt);  // E.164 shape, unassigned area code
    CHECK(phones.e164("555-0123") == std::nullopt);      // 7 digits
    CHECK(phones.e164("415-555-01234") == std::nullopt); // 11 digits not starting with 1
  }
  SUBCASE("garbage") {
    CHECK(phones.e164("") == std::nullopt);
    CHECK(phones.e164("   ") == std::nullopt);
    CHECK(phones.e164("N/A") == std::nullopt);
    CHECK(phones.e164("0") == std::nullopt);
    CHECK(phones.e164("call me") == std::nullopt);
    CHECK(phones.e164("+999123456789") == std::nullopt); // no such calling code
    CHECK(phones.e164("+0123456789") == std::nullopt);
    CHECK(phones.e164("4155550123", "XX") == std::nullopt); // unknown region, no '+'
    CHECK(phones.e164("4155550123", "Germany") == std::nullopt);
  }
  SUBCASE("other countries go through libphonenumber") {
    CHECK(phones.e164("020 7946 0958", "GB") == "+442079460958");
    CHECK(phones.e164("030 123456", "DE") == "+4930123456");
    CHECK(phones.e164("030 123456", "de") == "+4930123456");
    CHECK(phones.e164("+44 20 7946 0958") == "+442079460958");
    CHECK(phones.e164("00 44 20 7946 0958", "DE") == "+442079460958");
    CHECK(phones.e164("98765 43210", "IN") == "+919876543210");
    CHECK(phones.e164("1-800-FLOWERS") == "+18003569377");
    CHECK(phones.e164("020 7946 0958") == std::nullopt); // read as a US number
  }
  SUBCASE("the cache keys on region as well as text") {
    CHECK(phones.e164("030 123456", "DE") == "+4930123456");
    CHECK(phones.e164("030 123456", "US") == std::nullopt);
    CHECK(phones.e164("030 123456", "DE") == "+4930123456");
    CHECK(phones.e164("030 123456", "US") == std::nullopt);
  }
  SUBCASE("other NANP countries") {
    CHECK(phones.e164("(876) 927-1234", "JM") == reference_e164("(876) 927-1234", "JM"));
    CHECK(phones.e164("876 927 1234", "JM") == "+18769271234");
    CHECK(phones.e164("+1 345 949 1234") == reference_e164("+1 345 949 1234", "US"));
  }
  SUBCASE("default country") {
    PhoneNormalizer uk("gb");
    CHECK(uk.e164("020 7946 0958") == "+442079460958");
    CHECK(uk.e164("4155550123") == std::nullopt);
    CHECK(uk.e164("4155550123", "US") == "+14155550123");
    PhoneNormalizer none("");
    CHECK(none.e164("4155550123") == std::nullopt);
    CHECK(none.e164("+1 415 555 0123") == "+14155550123");
    CHECK(none.e164("+44 20 7946 0958") == "+442079460958");
  }
  SUBCASE("moves") {
    PhoneNormalizer moved(std::move(phones));
    CHECK(moved.e164("(415) 555-0123") == "+14155550123");
    PhoneNormalizer other("GB");
    other = std::move(moved);
    CHECK(other.e164("(415) 555-0123") == "+14155550123");
  }
}

TEST_CASE("normalize::PhoneNormalizer agrees with libphonenumber on NANP numbers") {
  PhoneNormalizer phones("US");
  int total = 0;
  int agree = 0;
  unsigned seed = 12345;
  for (int area = 200; area < 1000; area += 3) {
    for (int k = 0; k < 4; ++k) {
      seed = seed * 1103515245u + 12345u;
      const int exchange = 200 + static_cast<int>((seed >> 8) % 800);
      const int line = static_cast<int>((seed >> 4) % 10000);
      char text[32];
      std::snprintf(text, sizeof text, "(%03d) %03d-%04d", area, exchange, line);
      ++total;
      const auto ours = phones.e164(text);
      const auto reference = reference_e164(text, "US");
      CAPTURE(text);
      CHECK(ours == reference);
      agree += ours == reference ? 1 : 0;
    }
  }
  CHECK(total == 1068);
  MESSAGE("NANP fast path agrees with libphonenumber on " << agree << "/" << total);
}

TEST_CASE("normalize::PhoneNormalizer agrees with libphonenumber on national and international numbers") {
  using i18n::phonenumbers::PhoneNumber;
  using i18n::phonenumbers::PhoneNumberUtil;
  const PhoneNumberUtil& util = *PhoneNumberUtil::GetInstance();
  // The countries of the national fast path, and a few that go to libphonenumber.
  const char* regions[] = {"AT", "AU", "BE", "CH", "CZ", "DE", "DK", "ES", "FI", "FR",
                           "GB", "IE", "IL", "IN", "IT", "JP", "NL", "NO", "NZ", "PL",
                           "PT", "SE", "SG", "ZA", "LU", "BR", "MX", "AR"};
  const PhoneNumberUtil::PhoneNumberType types[] = {PhoneNumberUtil::FIXED_LINE, PhoneNumberUtil::MOBILE};
  int checked = 0;
  for (const char* region : regions) {
    PhoneNormalizer phones(region);
    for (auto type : types) {
      PhoneNumber number;
      if (!util.GetExampleNumberForType(region, type, &number)) {
        continue;
      }
      std::string expected;
      util.Format(number, PhoneNumberUtil::E164, &expected);
      for (auto format : {PhoneNumberUtil::NATIONAL, PhoneNumberUtil::INTERNATIONAL, PhoneNumberUtil::E164}) {
        std::string written;
        util.Format(number, format, &written);
        CAPTURE(region);
        CAPTURE(written);
        CHECK(phones.e164(written) == expected);
        ++checked;
      }
    }
  }
  CHECK(checked >= 150);
}

TEST_CASE("normalize::PhoneNormalizer leaves odd national numbers to libphonenumber") {
  // A leading 0 that is no trunk prefix, Brazil's carrier codes, lengths out of range.
  const std::pair<const char*, const char*> numbers[] = {
      {"ES", "091 234 5678"}, {"PL", "012 345 6789"},       {"BR", "(11) 96123-4567"},
      {"BR", "11 3456-7890"}, {"BR", "0 21 11 96123 4567"}, {"BR", "011 96123 4567"},
      {"BR", "96123-4567"},   {"DK", "3212 345"},           {"IT", "02 1234 5678"},
      {"IT", "312 345 6789"}, {"PT", "212 345 678"},        {"NO", "0123 4567"}};
  for (const auto& number : numbers) {
    const auto& region = number.first; // (not structured bindings: CAPTURE takes them in a lambda)
    const auto& text = number.second;
    PhoneNormalizer phones(region);
    CAPTURE(region);
    CAPTURE(text);
    CHECK(phones.e164(text) == reference_e164(text, region));
  }
}

TEST_CASE("normalize::PhoneNormalizer drops a trunk prefix written after the calling code, as libphonenumber "
          "does") {
  PhoneNormalizer phones("US");
  // "+44 020 ..." is "+44 20 ...": stored as written, it was no valid number and no key for dedupe.
  CHECK(phones.e164("+44 020 7946 0958") == "+442079460958");
  CHECK(phones.e164("+4402079460958") == "+442079460958");
  CHECK(phones.e164("+49 030 1234567") == "+49301234567");
  // In Italy the 0 is part of the number.
  CHECK(phones.e164("+39 06 6988 4000") == "+390669884000");
  for (const char* text : {"+33 01 23 45 67 89", "+61 04 1234 5678", "+81 03-1234-5678", "+41 044 668 18 00",
                           "+43 01 234567", "+34 091 181 15 35", "+44 0 7911 123456", "+49 0151 23456789"}) {
    CAPTURE(text);
    CHECK(phones.e164(text) == reference_e164(text, "US"));
  }
}
