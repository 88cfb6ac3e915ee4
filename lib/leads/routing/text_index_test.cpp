#include <leads/routing/text_index.hpp>

#include <doctest/doctest.h>

#include <fmt/format.h>

using leads::routing::TextIndex;

TEST_SUITE("routing") {

  TEST_CASE("routing::TextIndex") {
    TextIndex index;

    SUBCASE("numbers texts in the order first seen") {
      CHECK(index.intern("acme.example") == 0u);
      CHECK(index.intern("beta.example") == 1u);
      CHECK(index.intern("acme.example") == 0u);
      CHECK(index.intern("") == 2u);
      CHECK(index.size() == 3);
      CHECK(index.find("beta.example") == 1u);
      CHECK(index.find("") == 2u);
      CHECK(!index.find("gamma.example"));
      CHECK(!index.find("acme.exampl"));
      CHECK(index.text(1) == "beta.example");
    }

    SUBCASE("keeps every text through growing") {
      for (int i = 0; i < 5000; ++i) {
        REQUIRE(index.intern(fmt::format("company{}.example", i)) == static_cast<std::uint32_t>(i));
      }
      CHECK(index.size() == 5000);
      for (int i = 0; i < 5000; i += 7) {
        CHECK(index.find(fmt::format("company{}.example", i)) == static_cast<std::uint32_t>(i));
        CHECK(index.text(static_cast<std::uint32_t>(i)) == fmt::format("company{}.example", i));
      }
      CHECK(!index.find("company5000.example"));
    }
  }

} // TEST_SUITE
