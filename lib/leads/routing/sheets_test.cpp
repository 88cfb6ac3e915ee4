#include <leads/routing/sheets.hpp>

#include <doctest/doctest.h>

#include <vector>

using leads::routing::RepSheets;
using leads::routing::sheet_file_name;

TEST_SUITE("routing") {

  TEST_CASE("routing::RepSheets") {
    SUBCASE("one sheet per rep, neutralized, with the store's header") {
      const std::vector<std::string> header = {"id", "email", "company", "owner"};
      RepSheets sheets(header);
      const std::vector<std::string_view> a = {"0000000000000001", "a@x.example", "=cmd|' /C calc'!A0",
                                               "ana"};
      const std::vector<std::string_view> b = {"0000000000000002", "b@y.example", "Beta, Inc.", "ben"};
      const std::vector<std::string_view> c = {"0000000000000003", "c@z.example", "+Plus", "ana"};
      sheets.add("ana", a);
      sheets.add("ben", b);
      sheets.add("ana", c);
      REQUIRE(sheets.sheets().size() == 2);
      CHECK(sheets.sheets()[0].rep == "ana");
      CHECK(sheets.sheets()[0].file_name == "ana.csv");
      CHECK(sheets.sheets()[0].text == "id,email,company,owner\n"
                                       "0000000000000001,a@x.example,'=cmd|' /C calc'!A0,ana\n"
                                       "0000000000000003,c@z.example,'+Plus,ana\n");
      CHECK(sheets.sheets()[1].text ==
            "id,email,company,owner\n0000000000000002,b@y.example,\"Beta, Inc.\",ben\n");
    }

    SUBCASE("file names stay in the folder") {
      CHECK(sheet_file_name("ana") == "ana.csv");
      CHECK(sheet_file_name("Ana Souza") == "Ana Souza.csv");
      CHECK(sheet_file_name("../etc/passwd") == "_.._etc_passwd.csv");
      CHECK(sheet_file_name("a\\b\tc") == "a_b_c.csv");
      CHECK(sheet_file_name("") == "_.csv");
    }
  }

} // TEST_SUITE
