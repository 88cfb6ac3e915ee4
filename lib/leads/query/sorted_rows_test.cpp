#include <leads/query/sorted_rows.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

using leads::query::SortedRows;
using leads::query::SortKey;

namespace {

using Rows = std::vector<std::vector<std::string>>;

Rows sorted(const Rows& input, std::vector<SortKey> keys, std::optional<std::size_t> limit) {
  SortedRows rows(input.empty() ? 0 : input.front().size(), std::move(keys), limit);
  for (const auto& row : input) {
    const std::vector<std::string_view> values(row.begin(), row.end());
    rows.add(values);
  }
  Rows out;
  rows.emit(
      [&](std::span<const std::string_view> values) { out.emplace_back(values.begin(), values.end()); });
  return out;
}

// What --sort means, written plainly: a stable sort with the value comparison,
// numbers before text before empty values in either direction.
Rows reference(Rows input, const std::vector<SortKey>& keys, std::optional<std::size_t> limit) {
  const auto kind = [](const std::string& v) { return leads::query::sort_value(v).kind; };
  std::stable_sort(input.begin(), input.end(), [&](const auto& a, const auto& b) {
    for (const SortKey& key : keys) {
      const std::string& va = a[key.value];
      const std::string& vb = b[key.value];
      if (kind(va) != kind(vb)) {
        return kind(va) < kind(vb);
      }
      const int c = leads::query::compare_sort_values(va, vb);
      if (c != 0) {
        return key.descending ? c > 0 : c < 0;
      }
    }
    return false;
  });
  if (limit && *limit < input.size()) {
    input.resize(*limit);
  }
  return input;
}

} // namespace

TEST_CASE("query::compare_sort_values") {
  using leads::query::compare_sort_values;
  CHECK(compare_sort_values("9", "10") < 0);
  CHECK(compare_sort_values("-1.5", "-1") < 0);
  CHECK(compare_sort_values("2", "2.0") == 0);
  CHECK(compare_sort_values("10", "Acme") < 0); // numbers before text
  CHECK(compare_sort_values("Acme", "acme") < 0);
  // Not finite: text, so that the order stays a strict weak order.
  CHECK(compare_sort_values("nan", "1") > 0);
  CHECK(compare_sort_values("inf", "1e308") > 0);
  CHECK(compare_sort_values("inf", "nan") < 0);
  CHECK(compare_sort_values("1e999", "1") > 0); // out of range: text
  // Numbers as --where reads them: spaces around, a plus sign.
  CHECK(compare_sort_values("+7", "1e3") < 0);
  CHECK(compare_sort_values(" 50 ", "100") < 0);
  CHECK(compare_sort_values("+7", "Acme") < 0);
}

TEST_CASE("query::SortedRows") {
  const Rows input = {{"ann", "72", "DE"}, {"bo", "9", "US"},  {"cy", "100", "DE"},
                      {"di", "", "AT"},    {"ed", "72", "AT"}, {"fay", "n/a", "US"}};

  SUBCASE("numbers, then text, then empty values, in either direction; ties in input order") {
    CHECK(sorted(input, {{1, false}}, std::nullopt) == Rows{{"bo", "9", "US"},
                                                            {"ann", "72", "DE"},
                                                            {"ed", "72", "AT"},
                                                            {"cy", "100", "DE"},
                                                            {"fay", "n/a", "US"},
                                                            {"di", "", "AT"}});
    CHECK(sorted(input, {{1, true}}, std::nullopt) == Rows{{"cy", "100", "DE"},
                                                           {"ann", "72", "DE"},
                                                           {"ed", "72", "AT"},
                                                           {"bo", "9", "US"},
                                                           {"fay", "n/a", "US"},
                                                           {"di", "", "AT"}});
    CHECK(sorted(input, {{1, true}}, 3) ==
          Rows{{"cy", "100", "DE"}, {"ann", "72", "DE"}, {"ed", "72", "AT"}});
  }

  SUBCASE("a second key breaks ties") {
    CHECK(sorted(input, {{2, false}, {1, true}}, std::nullopt) == Rows{{"ed", "72", "AT"},
                                                                       {"di", "", "AT"},
                                                                       {"cy", "100", "DE"},
                                                                       {"ann", "72", "DE"},
                                                                       {"bo", "9", "US"},
                                                                       {"fay", "n/a", "US"}});
  }

  SUBCASE("limit 0 holds and prints nothing") {
    CHECK(sorted(input, {{1, false}}, 0).empty());
  }

  SUBCASE("with a limit, it holds a bounded number of rows, whatever the input") {
    SortedRows rows(1, {{0, true}}, 10);
    for (int i = 0; i < 100'000; ++i) {
      const std::string value = std::to_string(i);
      const std::string_view values[] = {value};
      rows.add(values);
      CHECK_MESSAGE(rows.held() <= 4096, "row ", i);
    }
    std::vector<std::string> top;
    rows.emit([&](std::span<const std::string_view> values) { top.emplace_back(values[0]); });
    CHECK(top == std::vector<std::string>{"99999", "99998", "99997", "99996", "99995", "99994", "99993",
                                          "99992", "99991", "99990"});
  }

  SUBCASE("pruning never changes the result (random rows, many ties)") {
    std::mt19937 random(7);
    const std::vector<std::string> pool = {"",  "1", "2", "10",  "-3",  "2.5",
                                           "a", "B", "b", "nan", "inf", "1e3"};
    for (int round = 0; round < 20; ++round) {
      Rows rows;
      const std::size_t count = 5000 + random() % 5000;
      for (std::size_t i = 0; i < count; ++i) {
        rows.push_back({pool[random() % pool.size()], pool[random() % pool.size()], std::to_string(i)});
      }
      const std::vector<SortKey> keys = {{0, (random() & 1) != 0}, {1, (random() & 1) != 0}};
      for (const std::optional<std::size_t> limit :
           {std::optional<std::size_t>(), std::optional<std::size_t>(1), std::optional<std::size_t>(37),
            std::optional<std::size_t>(1500), std::optional<std::size_t>(count + 1)}) {
        CAPTURE(round);
        CAPTURE(limit.value_or(0));
        CHECK(sorted(rows, keys, limit) == reference(rows, keys, limit));
      }
    }
  }
}
