#include <leads/render/spreadsheet.hpp>

#include <doctest/doctest.h>

#include <vector>

using leads::render::append_sheet_row;
using leads::render::is_formula_like;
using leads::render::neutralize_cell;

TEST_SUITE("render") {

  TEST_CASE("render::spreadsheet") {
    std::string scratch;

    SUBCASE("cells a spreadsheet would run get a leading quote") {
      CHECK(neutralize_cell("=HYPERLINK(\"http://x.example\",\"click\")", scratch) ==
            "'=HYPERLINK(\"http://x.example\",\"click\")");
      CHECK(neutralize_cell("+49 30 1234567", scratch) == "'+49 30 1234567");
      CHECK(neutralize_cell("-2+3", scratch) == "'-2+3");
      CHECK(neutralize_cell("@SUM(A1:A9)", scratch) == "'@SUM(A1:A9)");
      CHECK(neutralize_cell("\t=1+1", scratch) == "'\t=1+1");
      CHECK(neutralize_cell("\r=1+1", scratch) == "'\r=1+1");
    }

    SUBCASE("a sign before a number or a stored phone number is data, and stays") {
      for (const char* cell : {"+4930123456", "+14155550101;ext=12", "-12.5", "+0"}) {
        INFO(cell);
        CHECK(!is_formula_like(cell));
      }
      for (const char* cell : {"+1.2.3", "-", "+", "+1;ext=", "+12;ext=1x", "-.5", "+1e5", "+4930 123"}) {
        INFO(cell);
        CHECK(is_formula_like(cell));
      }
    }

    SUBCASE("other cells are left as they are") {
      for (const char* cell : {"", "Ana", "ana@acme.example", " =1+1", "'=1", "1-2", "a=b", "\n=1"}) {
        INFO(cell);
        CHECK(!is_formula_like(cell));
        const std::string_view out = neutralize_cell(cell, scratch);
        CHECK(out == cell);
        CHECK(out.data() == std::string_view(cell).data()); // not copied
      }
    }

    SUBCASE("a sheet row: neutralized, then quoted as CSV needs") {
      std::string out;
      const std::vector<std::string> cells = {"Ana", "=1+2", "-", "=A1,B1", "@x \"y\""};
      append_sheet_row(out, cells);
      CHECK(out == "Ana,'=1+2,'-,\"'=A1,B1\",\"'@x \"\"y\"\"\"\n");
    }
  }

} // TEST_SUITE
