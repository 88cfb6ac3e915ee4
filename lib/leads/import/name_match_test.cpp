#include <leads/import/name_match.hpp>

#include <doctest/doctest.h>

using namespace leads::import;

TEST_SUITE_BEGIN("import");

TEST_CASE("import::name_print") {
  const NamePrint raj_patel = name_print("Raj", "Patel");
  REQUIRE(raj_patel.family != 0);
  REQUIRE(raj_patel.given != 0);
  SUBCASE("the family name: the last name, ignoring case, accents, initials and suffixes") {
    CHECK(name_print("Rahul", "PATEL").family == raj_patel.family);
    CHECK(name_print("", "Patel J.").family == raj_patel.family);
    CHECK(name_print("R.", "Patel, Jr.").family == raj_patel.family);
    CHECK(name_print("José", "Müller") == name_print("Jose", "Muller"));
    CHECK(name_print("", "van der Berg") == name_print("", "Van Der Berg"));
    CHECK(name_print("", "O'Brien") == name_print("", "OBrien"));
    CHECK(name_print("Rahul", "Mehta").family != raj_patel.family);
    CHECK(name_print("", "Mehta-Shah").family != name_print("", "Mehta").family);
    CHECK(name_print("", "Иванов").family != name_print("", "Петров").family);
    CHECK(name_print("", "ИВАНОВ") == name_print("", "Иванов"));
  }
  SUBCASE("without a last name: the last word of a first name of several words") {
    CHECK(name_print("Raj Patel", "") == raj_patel);
    CHECK(name_print("Raj K. Patel", "") == raj_patel);
    CHECK(name_print("Raj", "").family == 0);
    CHECK(name_print("Raj K.", "").family == 0);
    CHECK(name_print("", "J.") == NamePrint{});
    CHECK(name_print("", "") == NamePrint{});
  }
  SUBCASE("the given name: the first word of the first name, an initial by its letter") {
    CHECK(name_print("raj", "").given == raj_patel.given);
    CHECK(name_print("R.", "").given != raj_patel.given);
    CHECK(name_print("Rahul", "").given != raj_patel.given);
  }
  SUBCASE("compatible: family names agree, else given names do; an unknown agrees") {
    const NamePrint rahul_mehta = name_print("Rahul", "Mehta");
    CHECK(names_compatible(raj_patel, raj_patel));
    CHECK_FALSE(names_compatible(raj_patel, rahul_mehta));
    CHECK(names_compatible(raj_patel, name_print("Rahul", "Patel"))); // one family name: the spec's rule
    CHECK(names_compatible(raj_patel, name_print("", "")));
    CHECK(names_compatible(raj_patel, name_print("Raj", "")));
    CHECK(names_compatible(raj_patel, name_print("R.", "")));
    CHECK_FALSE(names_compatible(rahul_mehta, name_print("Raj", "")));
    CHECK_FALSE(names_compatible(raj_patel, name_print("K.", "")));
    CHECK(names_compatible(name_print("", "Patel"), name_print("Rahul", "")));
  }
}

TEST_SUITE_END();
