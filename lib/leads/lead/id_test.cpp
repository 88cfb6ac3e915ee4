#include <leads/lead/id.hpp>

#include <doctest/doctest.h>

#include <cstdint>
#include <string>

using namespace leads::lead;

TEST_CASE("lead::lead_id") {
  SUBCASE("the hash is FNV-1a 64 with the fmix64 finalizer, fixed forever") {
    // values computed independently (Python) from the documented definition
    CHECK(stable_hash("") == 0xefd01f60ba992926ULL);
    CHECK(format_id(lead_id_for("e:ana@example.com")) == "bb07915e19dfb805");
    CHECK(format_id(lead_id_for("x:0031")) == "10bc348e14c99eb8");
    CHECK(lead_id_for("e:ana@example.com") == stable_hash("e:ana@example.com"));
  }
  SUBCASE("a collision attempt hashes key + '#n'") {
    CHECK(lead_id_for("e:ana@example.com", 2) == stable_hash("e:ana@example.com#2"));
    CHECK(format_id(lead_id_for("e:ana@example.com", 2)) == "47d857cfc89d95cf");
    CHECK(lead_id_for("e:ana@example.com", 12) == stable_hash("e:ana@example.com#12"));
    CHECK(lead_id_for("e:ana@example.com", 2) != lead_id_for("e:ana@example.com"));
  }
  SUBCASE("format and parse") {
    CHECK(format_id(0) == "0000000000000000");
    CHECK(format_id(0xfedcba9876543210ULL) == "fedcba9876543210");
    CHECK(format_id(0x0123456789abcdefULL) == "0123456789abcdef");
    CHECK(format_id(~0ULL) == "ffffffffffffffff");
    // Every digit value at every position, against a plain digit loop.
    std::uint64_t id = 0x9e3779b97f4a7c15ULL;
    for (int round = 0; round < 1000; ++round) {
      id = id * 6364136223846793005ULL + 1442695040888963407ULL;
      std::string expected(16, '0');
      for (int i = 0; i < 16; ++i) {
        expected[static_cast<std::size_t>(i)] = "0123456789abcdef"[(id >> (60 - 4 * i)) & 0xf];
      }
      CHECK(format_id(id) == expected);
      CHECK(parse_id(format_id(id)) == id);
    }
    CHECK(parse_id("fedcba9876543210") == 0xfedcba9876543210ULL);
    CHECK(parse_id("0000000000000001") == 1U);
    CHECK_FALSE(parse_id("FEDCBA9876543210").has_value());
    CHECK_FALSE(parse_id("fedcba987654321").has_value());
    CHECK_FALSE(parse_id("fedcba98765432100").has_value());
    CHECK_FALSE(parse_id("fedcba987654321g").has_value());
    CHECK_FALSE(parse_id("").has_value());
  }
}
