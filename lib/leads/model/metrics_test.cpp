#include <leads/model/metrics.hpp>

#include <doctest/doctest.h>

using leads::model::brier_score;
using leads::model::calibration;
using leads::model::precision_at;
using leads::model::roc_auc;

TEST_SUITE_BEGIN("model");

TEST_CASE("model::roc_auc") {
  using Scores = std::vector<double>;
  using Labels = std::vector<std::uint8_t>;

  SUBCASE("rankings whose answer is known") {
    CHECK(roc_auc(Scores{0.1, 0.2, 0.8, 0.9}, Labels{0, 0, 1, 1}) == 1.0);
    CHECK(roc_auc(Scores{0.9, 0.8, 0.2, 0.1}, Labels{0, 0, 1, 1}) == 0.0);
    // 4 pairs; the positive at 0.35 loses to the negative at 0.4: 3 of 4.
    CHECK(roc_auc(Scores{0.1, 0.4, 0.35, 0.8}, Labels{0, 0, 1, 1}) == 0.75);
  }

  SUBCASE("ties count half") {
    CHECK(roc_auc(Scores{0.5, 0.5, 0.5, 0.5}, Labels{0, 1, 0, 1}) == 0.5);
    // The positive at 0.9 beats both negatives (2); the one at 0.5 ties both (2 x 0.5): 3 of 4.
    CHECK(roc_auc(Scores{0.5, 0.5, 0.5, 0.9}, Labels{0, 1, 0, 1}) == 0.75);
    // Positive at 1: ties one negative (0.5), loses to the other; at 2: beats one, ties one (1.5): 2 of 4.
    CHECK(roc_auc(Scores{1, 1, 2, 2}, Labels{0, 1, 0, 1}) == 0.5);
    // 2 positives x 3 negatives (1, 2, 3): the positive at 3 beats two and ties
    // one (2.5); the one at 2 beats one and ties one (1.5): 4 of 6.
    CHECK(roc_auc(Scores{1, 2, 2, 3, 3}, Labels{0, 0, 1, 0, 1}) == doctest::Approx(4.0 / 6));
  }

  SUBCASE("undefined without both labels") {
    CHECK(!roc_auc(Scores{0.1, 0.2}, Labels{1, 1}));
    CHECK(!roc_auc(Scores{0.1, 0.2}, Labels{0, 0}));
    CHECK(!roc_auc(Scores{}, Labels{}));
  }
}

TEST_CASE("model::precision_at") {
  const std::vector<double> scores = {0.9, 0.8, 0.8, 0.1};
  const std::vector<std::uint8_t> labels = {1, 0, 1, 0};
  CHECK(precision_at(scores, labels, 1) == 1.0);
  CHECK(precision_at(scores, labels, 2) == 0.5); // the tie at 0.8 goes to the earlier row, a 0
  CHECK(precision_at(scores, labels, 3) == doctest::Approx(2.0 / 3));
  CHECK(precision_at(scores, labels, 10) == 0.5); // all 4 rows
  CHECK(!precision_at(scores, labels, 0));
}

TEST_CASE("model::brier_score and calibration") {
  SUBCASE("Brier: the mean squared miss") {
    // (0.1^2 + 0.2^2 + 0.6^2) / 3 = 0.41 / 3
    CHECK(brier_score(std::vector<double>{0.9, 0.2, 0.6}, std::vector<std::uint8_t>{1, 0, 0}) ==
          doctest::Approx(0.41 / 3));
    CHECK(brier_score(std::vector<double>{1, 0}, std::vector<std::uint8_t>{1, 0}) == 0);
  }

  SUBCASE("ten bins of predicted probability") {
    const std::vector<double> p = {0.05, 0.15, 0.12, 0.95, 1.0, 0.3};
    const std::vector<std::uint8_t> y = {0, 1, 0, 1, 1, 0};
    const auto bins = calibration(p, y);
    REQUIRE(bins.size() == 10);
    CHECK(bins[0].count == 1);
    CHECK(bins[0].mean_predicted == 0.05);
    CHECK(bins[0].observed_rate == 0);
    CHECK(bins[1].count == 2);
    CHECK(bins[1].mean_predicted == doctest::Approx(0.135));
    CHECK(bins[1].observed_rate == 0.5);
    CHECK(bins[2].count == 0);
    CHECK(bins[3].count == 1); // 0.3 opens the fourth bin
    CHECK(bins[9].count == 2); // 1.0 falls in the last bin
    CHECK(bins[9].mean_predicted == doctest::Approx(0.975));
    CHECK(bins[9].observed_rate == 1);
    CHECK(bins[4].low == 0.4);
    CHECK(bins[4].high == 0.5);
  }
}

TEST_SUITE_END();
