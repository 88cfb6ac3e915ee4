#include <leads/normalize/country.hpp>
#include <leads/normalize/country_table.hpp>

#include <doctest/doctest.h>

#include <set>
#include <string>

using namespace leads::normalize;

TEST_CASE("normalize::country") {
  SUBCASE("codes in any case") {
    CHECK(country("DE") == "DE");
    CHECK(country("de") == "DE");
    CHECK(country("DEU") == "DE");
    CHECK(country("gbr") == "GB");
    CHECK(country(" us ") == "US");
    CHECK(country("UK") == "GB");
  }
  SUBCASE("names, case, punctuation and accents") {
    CHECK(country("Germany") == "DE");
    CHECK(country("GERMANY") == "DE");
    CHECK(country("India") == "IN");
    CHECK(country("United States") == "US");
    CHECK(country("united-states") == "US");
    CHECK(country("United Arab Emirates") == "AE");
    CHECK(country("Korea, Republic of") == "KR");
    CHECK(country("C\xC3\xB4te d'Ivoire") == "CI");
    CHECK(country("Cote dIvoire") == "CI");
    CHECK(country("Cura\xC3\xA7"
                  "ao") == "CW");
    CHECK(country("T\xC3\xBCrkiye") == "TR");
    CHECK(country("Guinea Bissau") == "GW");
    CHECK(country("\xC2\xA0"
                  "France\xC2\xA0") == "FR");
  }
  SUBCASE("the variants exports use") {
    CHECK(country("USA") == "US");
    CHECK(country("U.S.") == "US");
    CHECK(country("U.S.A.") == "US");
    CHECK(country("United States of America") == "US");
    CHECK(country("America") == "US");
    CHECK(country("U.K.") == "GB");
    CHECK(country("Great Britain") == "GB");
    CHECK(country("England") == "GB");
    CHECK(country("Scotland") == "GB");
    CHECK(country("Wales") == "GB");
    CHECK(country("Northern Ireland") == "GB");
    CHECK(country("Deutschland") == "DE");
    CHECK(country("Espa\xC3\xB1"
                  "a") == "ES");
    CHECK(country("Espana") == "ES");
    CHECK(country("Brasil") == "BR");
    CHECK(country("M\xC3\xA9xico") == "MX");
    CHECK(country("Schweiz") == "CH");
    CHECK(country("Suisse") == "CH");
    CHECK(country("\xC3\x96sterreich") == "AT");
    CHECK(country("Holland") == "NL");
    CHECK(country("The Netherlands") == "NL");
    CHECK(country("Nederland") == "NL");
    CHECK(country("Italia") == "IT");
    CHECK(country("Czechia") == "CZ");
    CHECK(country("Czech Republic") == "CZ");
    CHECK(country("South Korea") == "KR");
    CHECK(country("Korea") == "KR");
    CHECK(country("North Korea") == "KP");
    CHECK(country("Russia") == "RU");
    CHECK(country("Viet Nam") == "VN");
    CHECK(country("Vietnam") == "VN");
    CHECK(country("UAE") == "AE");
    CHECK(country("Ivory Coast") == "CI");
    CHECK(country("Tanzania") == "TZ");
    CHECK(country("Hong Kong") == "HK");
    CHECK(country("Macedonia") == "MK");
    CHECK(country("Kosovo") == "XK");
  }
  SUBCASE("articles, '&' and 'St.'") {
    CHECK(country("The Gambia") == "GM");
    CHECK(country("Gambia") == "GM");
    CHECK(country("the Philippines") == "PH");
    CHECK(country("Trinidad & Tobago") == "TT");
    CHECK(country("Bosnia & Herzegovina") == "BA");
    CHECK(country("St. Lucia") == "LC");
    CHECK(country("St Kitts & Nevis") == "KN");
    CHECK(country("St. Vincent & the Grenadines") == "VC");
    CHECK(country("Congo") == "CG");
    CHECK(country("DR Congo") == "CD");
    CHECK(country("Democratic Republic of the Congo") == "CD");
    CHECK(country("Congo, The Democratic Republic of the") == "CD");
    CHECK(country("Niger") == "NE");
    CHECK(country("Nigeria") == "NG");
  }
  SUBCASE("unknown") {
    CHECK(country("") == std::nullopt);
    CHECK(country("   ") == std::nullopt);
    CHECK(country("unknown") == std::nullopt);
    CHECK(country("Asia/Pacific Region") == std::nullopt);
    CHECK(country("N/A") == std::nullopt);
    CHECK(country("n/a") == std::nullopt);
    CHECK(country("--") == std::nullopt);
    CHECK(country("Atlantis") == std::nullopt);
    CHECK(country("ZZ") == std::nullopt);
    CHECK(country("Europe") == std::nullopt);
    CHECK(country("State") == std::nullopt);
  }
}

TEST_CASE("normalize::country table") {
  std::set<std::string_view> codes;
  for (const CountryEntry& e : country_entries()) {
    CAPTURE(e.name);
    CHECK(e.alpha2.size() == 2);
    CHECK(e.alpha3.size() == 3);
    CHECK(codes.insert(e.alpha2).second);
    CHECK(country(e.alpha2) == std::string(e.alpha2));
    CHECK(country(e.alpha3) == std::string(e.alpha2));
    CHECK(country(e.name) == std::string(e.alpha2));
  }
  CHECK(codes.size() == 250); // 249 ISO 3166-1 countries and XK
  // Every alias reaches its own country: no spelling is claimed twice.
  for (const CountryAlias& a : country_aliases()) {
    CAPTURE(a.text);
    CHECK(codes.count(a.alpha2) == 1);
    CHECK(country(a.text) == std::string(a.alpha2));
  }
}
