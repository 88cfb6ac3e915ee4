#include <leads/report/stats.hpp>

#include <doctest/doctest.h>

using leads::report::Durations;
using leads::report::summarize;

TEST_SUITE("report") {

  TEST_CASE("report::summarize") {
    std::vector<std::int64_t> none;
    CHECK_FALSE(summarize(none).has_value());
    // One value: it is the median and the 90th percentile.
    std::vector<std::int64_t> one = {7};
    CHECK(summarize(one) == Durations{1, 7, 7});
    // Even counts: the midpoint of the two middle values (exact, may end in .5).
    std::vector<std::int64_t> two = {4, 1};
    CHECK(summarize(two) == Durations{2, 2.5, 4}); // p90: ceil(1.8) = 2nd
    // 1..10 unsorted: median (5 + 6) / 2; p90 the ceil(9) = 9th smallest.
    std::vector<std::int64_t> ten = {10, 3, 7, 1, 9, 2, 8, 4, 6, 5};
    CHECK(summarize(ten) == Durations{10, 5.5, 9});
    // 1..11: median the 6th; p90 the ceil(9.9) = 10th.
    std::vector<std::int64_t> eleven = {11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1};
    CHECK(summarize(eleven) == Durations{11, 6, 10});
    // 20 values: p90 the 18th, not an interpolation.
    std::vector<std::int64_t> twenty;
    for (std::int64_t i = 1; i <= 20; ++i) {
      twenty.push_back(i * 100);
    }
    CHECK(summarize(twenty) == Durations{20, 1050, 1800});
  }

} // TEST_SUITE
