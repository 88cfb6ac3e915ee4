#include <leads/csv/sniff.hpp>

#include <doctest/doctest.h>

#include <string>

TEST_CASE("csv::sniff_delimiter") {
  using leads::csv::sniff_delimiter;

  SUBCASE("each candidate") {
    CHECK(sniff_delimiter("a,b,c\n1,2,3\n", true) == ',');
    CHECK(sniff_delimiter("a;b;c\n1;2;3\n", true) == ';');
    CHECK(sniff_delimiter("a\tb\tc\n1\t2\t3\n", true) == '\t');
    CHECK(sniff_delimiter("a|b|c\n1|2|3\n", true) == '|');
  }

  SUBCASE("nothing found means a comma") {
    CHECK(sniff_delimiter("", true) == ',');
    CHECK(sniff_delimiter("email\na@b.c\n", true) == ',');
  }

  SUBCASE("delimiters inside quotes do not count") {
    CHECK(sniff_delimiter("\"a,b\";\"c,d\"\n\"1,2\";\"3,4\"\n", true) == ';');
    CHECK(sniff_delimiter("\"x;y\",z\n\"1;2\r\n3\",4\r\n", true) == ',');
  }

  SUBCASE("the consistent candidate wins over the more frequent one") {
    CHECK(sniff_delimiter("name;amount\nAna;1,50\nBen;2,25\n", true) == ';');
    CHECK(sniff_delimiter("id|note\n1|a,b,c,d\n2|e,f\n", true) == '|');
  }

  SUBCASE("more fields win among consistent candidates, then the order , ; tab |") {
    CHECK(sniff_delimiter("a;b;c,d\n1;2;3,4\n", true) == ';');
    CHECK(sniff_delimiter("a;b,c\n1;2,3\n", true) == ',');
  }

  SUBCASE("a header alone decides by count") {
    CHECK(sniff_delimiter("a;b;c,d", true) == ';');
  }

  SUBCASE("a cut last record is ignored unless the sample is complete") {
    CHECK(sniff_delimiter("a;b\n1;2\n3,4,5", false) == ';');
    CHECK(sniff_delimiter("a|b\n1|2\n", false) == '|');
  }
}
