#include <leads/lead/shard.hpp>

#include <leads/error.hpp>
#include <leads/lead/id.hpp>

#include <doctest/doctest.h>

#include <cstdint>
#include <string>
#include <vector>

using namespace leads::lead;

TEST_SUITE("lead") {

  TEST_CASE("lead::shard_of") {
    SUBCASE("known ids stay in their shards forever") {
      // Computed independently (Python) from the documented rule
      // 1 + ((fmix64(id) >> 32) * N >> 32): fmix64(0xbb07915e19dfb805) = 0xd6c803fcaeddb42e,
      // and 0xd6c803fc * 4 >> 32 = 3, so shard 4 of 4.
      const std::uint64_t ana = *parse_id("bb07915e19dfb805"); // the id of e:ana@example.com
      CHECK(shard_of(ana, 1) == 1);
      CHECK(shard_of(ana, 2) == 2);
      CHECK(shard_of(ana, 3) == 3);
      CHECK(shard_of(ana, 4) == 4);
      CHECK(shard_of(ana, 8) == 7);
      CHECK(shard_of(ana, 10) == 9);
      CHECK(shard_of(ana, 65536) == 54985);
      const std::uint64_t x = *parse_id("10bc348e14c99eb8"); // the id of x:0031
      CHECK(shard_of(x, 3) == 2);
      CHECK(shard_of(x, 8) == 5);
      CHECK(shard_of(x, 65536) == 35697);
      CHECK(shard_of(~std::uint64_t{0}, 8) == 4);
      CHECK(shard_of(0, 65536) == 1); // fmix64(0) = 0
      // The small ids of the report's tests, in 4 shards: 3 1 1 2 4 4 2, and 255 in 1.
      const std::vector<std::uint32_t> expected = {3, 1, 1, 2, 4, 4, 2};
      for (std::uint64_t id = 1; id <= 7; ++id) {
        CHECK(shard_of(id, 4) == expected[id - 1]);
      }
      CHECK(shard_of(255, 4) == 1);
    }
    SUBCASE("every shard gets its share") {
      // 70,000 consecutive ids (the worst case for a weak hash) in 7 shards:
      // each within 2 % of 10,000 (Python: 9,848 to 10,091).
      std::vector<long> counts(8, 0);
      for (std::uint64_t id = 1; id <= 70000; ++id) {
        const std::uint32_t s = shard_of(id, 7);
        REQUIRE(s >= 1);
        REQUIRE(s <= 7);
        ++counts[s];
      }
      CHECK(counts[1] == 9900);
      CHECK(counts[2] == 9848);
      CHECK(counts[7] == 10091);
      for (std::uint32_t s = 1; s <= 7; ++s) {
        CHECK(counts[s] > 9800);
        CHECK(counts[s] < 10200);
      }
    }
    SUBCASE("a shard holds its ids; the first also those that are none") {
      const Shard second{2, 4};
      CHECK(second.contains(4));       // shard_of(4, 4) == 2
      CHECK_FALSE(second.contains(1)); // 3
      CHECK(Shard{}.contains(1));
      CHECK(Shard{}.whole());
      CHECK(Shard{1, 4}.contains_malformed());
      CHECK_FALSE(second.contains_malformed());
      CHECK(second.name() == "2/4");
    }
  }

  TEST_CASE("lead::parse_shard") {
    SUBCASE("I/N") {
      CHECK(parse_shard("1/1") == Shard{1, 1});
      CHECK(parse_shard("3/8") == Shard{3, 8});
      CHECK(parse_shard("65536/65536") == Shard{65536, 65536});
    }
    SUBCASE("anything else is a usage error naming the form") {
      for (const char* bad : {"", "3", "0/4", "5/4", "1/0", "1/65537", "-1/4", "1/4/2", "a/b", " 1/4", "1/4 ",
                              "1//4", "/4", "1/", "+1/4", "99999999999/4"}) {
        CAPTURE(bad);
        try {
          parse_shard(bad);
          FAIL("no error");
        } catch (const leads::Error& e) {
          CHECK(e.kind() == leads::ErrorKind::usage);
          CHECK(e.message().find("write I/N") != std::string::npos);
          CHECK(e.message().find("--shard '" + std::string(bad) + "'") != std::string::npos);
        }
      }
    }
  }

  TEST_CASE("lead::parse_any_case_id") {
    CHECK(parse_any_case_id("BB07915E19DFB805") == 0xbb07915e19dfb805ULL);
    CHECK(parse_any_case_id("bb07915e19dfb805") == 0xbb07915e19dfb805ULL);
    CHECK_FALSE(parse_any_case_id("bb07915e19dfb80").has_value());
    CHECK_FALSE(parse_any_case_id("bb07915e19dfb80g").has_value());
    CHECK_FALSE(parse_any_case_id("").has_value());
  }
}
