#include <leads/model/logistic.hpp>

#include <doctest/doctest.h>

#include <cmath>
#include <numeric>

using leads::model::FeatureValue;
using leads::model::Fit;
using leads::model::FitOptions;
using leads::model::SparseDesign;

namespace {

struct Problem {
  SparseDesign design;
  std::vector<std::uint8_t> labels;
  std::vector<std::uint32_t> rows;
};

// One binary feature: `zeros` rows with x = 0 (`zero_positives` of them
// labelled 1), `ones` rows with x = 1 (`one_positives` labelled 1).
Problem binary(int zeros, int zero_positives, int ones, int one_positives) {
  std::vector<std::vector<FeatureValue>> rows;
  std::vector<std::uint8_t> labels;
  for (int i = 0; i < zeros; ++i) {
    rows.push_back({});
    labels.push_back(i < zero_positives ? 1 : 0);
  }
  for (int i = 0; i < ones; ++i) {
    rows.push_back({{0, 1.0}});
    labels.push_back(i < one_positives ? 1 : 0);
  }
  std::vector<std::uint32_t> all(rows.size());
  std::iota(all.begin(), all.end(), 0);
  return {SparseDesign(1, std::move(rows)), std::move(labels), std::move(all)};
}

// A problem with several features, some rows sparse, labels from a rule with noise.
Problem mixed(std::size_t n, std::size_t features) {
  std::vector<std::vector<FeatureValue>> rows;
  std::vector<std::uint8_t> labels;
  std::uint64_t state = 42;
  auto next = [&] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<double>(state >> 11) * 0x1.0p-53;
  };
  for (std::size_t i = 0; i < n; ++i) {
    std::vector<FeatureValue> row;
    double z = -0.5;
    for (std::uint32_t f = 0; f < features; ++f) {
      if (next() < 0.3) {
        continue;
      }
      const double x = f % 3 == 0 ? 1.0 : next() * 4 - 2;
      row.push_back({f, x});
      z += (static_cast<double>(f % 5) - 2) * 0.4 * x;
    }
    rows.push_back(std::move(row));
    labels.push_back(next() < 1 / (1 + std::exp(-z)) ? 1 : 0);
  }
  std::vector<std::uint32_t> all(rows.size());
  std::iota(all.begin(), all.end(), 0);
  return {SparseDesign(features, std::move(rows)), std::move(labels), std::move(all)};
}

double gradient_norm(const Problem& p, double l2, const Fit& fit) {
  std::vector<double> gradient;
  leads::model::logistic_objective(p.design, p.rows, p.labels, l2, fit.intercept, fit.weights, &gradient);
  return std::sqrt(std::inner_product(gradient.begin(), gradient.end(), gradient.begin(), 0.0));
}

} // namespace

TEST_SUITE_BEGIN("model");

TEST_CASE("model::fit_logistic finds known optima") {
  SUBCASE("one binary feature, no penalty: the weights are the groups' log-odds") {
    // x = 0: 3 of 10 positive, log-odds ln(3/7); x = 1: 6 of 8, ln 3. So the
    // intercept is ln(3/7) and the weight ln 3 - ln(3/7) = ln 7.
    const Problem p = binary(10, 3, 8, 6);
    for (std::size_t newton_max : {std::size_t{300}, std::size_t{0}}) {
      FitOptions options;
      options.l2 = 0;
      options.newton_max_features = newton_max;
      const Fit fit = leads::model::fit_logistic(p.design, p.rows, p.labels, options);
      INFO((newton_max == 0 ? "L-BFGS" : "Newton"));
      CHECK(fit.newton == (newton_max > 0));
      CHECK(fit.converged);
      CHECK(fit.intercept == doctest::Approx(std::log(3.0 / 7.0)).epsilon(1e-7));
      CHECK(fit.weights[0] == doctest::Approx(std::log(7.0)).epsilon(1e-7));
      CHECK(gradient_norm(p, 0, fit) < 1e-7);
    }
  }

  SUBCASE("no features: the intercept is the log-odds of the rate, penalty or not") {
    std::vector<std::vector<FeatureValue>> rows(20);
    std::vector<std::uint8_t> labels(20, 0);
    labels[0] = labels[5] = labels[7] = labels[9] = labels[11] = 1; // 5 of 20
    std::vector<std::uint32_t> all(20);
    std::iota(all.begin(), all.end(), 0);
    const SparseDesign design(0, rows);
    const Fit fit = leads::model::fit_logistic(design, all, labels, FitOptions{});
    CHECK(fit.intercept == doctest::Approx(std::log(5.0 / 15.0)).epsilon(1e-9));
  }

  SUBCASE("a penalized weight: sigma(w) + l2 * w = share of positives") {
    // x = +1: 3 of 4 positive; x = -1: 1 of 4. By symmetry the intercept is 0
    // and the gradient in w is sigma(w) - 0.75 + l2 * w; solve by bisection.
    std::vector<std::vector<FeatureValue>> rows;
    std::vector<std::uint8_t> labels;
    for (int i = 0; i < 4; ++i) {
      rows.push_back({{0, 1.0}});
      labels.push_back(i < 3 ? 1 : 0);
      rows.push_back({{0, -1.0}});
      labels.push_back(i < 1 ? 1 : 0);
    }
    std::vector<std::uint32_t> all(rows.size());
    std::iota(all.begin(), all.end(), 0);
    const SparseDesign design(1, rows);
    const double l2 = 0.25;
    double low = 0;
    double high = 10;
    for (int i = 0; i < 200; ++i) {
      const double mid = (low + high) / 2;
      (1 / (1 + std::exp(-mid)) + l2 * mid > 0.75 ? high : low) = mid;
    }
    FitOptions options;
    options.l2 = l2;
    const Fit fit = leads::model::fit_logistic(design, all, labels, options);
    CHECK(fit.intercept == doctest::Approx(0).epsilon(1e-9));
    CHECK(fit.weights[0] == doctest::Approx(low).epsilon(1e-8));
    CHECK(fit.weights[0] < std::log(3.0)); // the penalty pulls it below the unpenalized ln 3
  }
}

TEST_CASE("model::fit_logistic converges") {
  const Problem p = mixed(3000, 40);
  FitOptions newton_options;
  newton_options.l2 = 1e-3;
  FitOptions lbfgs_options = newton_options;
  lbfgs_options.newton_max_features = 10;
  const Fit newton = leads::model::fit_logistic(p.design, p.rows, p.labels, newton_options);
  const Fit lbfgs = leads::model::fit_logistic(p.design, p.rows, p.labels, lbfgs_options);
  CHECK(newton.newton);
  CHECK(!lbfgs.newton);
  CHECK(newton.converged);
  CHECK(lbfgs.converged);

  SUBCASE("the gradient vanishes where each method stops") {
    CHECK(gradient_norm(p, 1e-3, newton) < 1e-7);
    CHECK(gradient_norm(p, 1e-3, lbfgs) < 1e-7);
    CHECK(newton.gradient_norm == doctest::Approx(gradient_norm(p, 1e-3, newton)));
    CHECK(newton.iterations < 20);
  }

  SUBCASE("both methods find the same optimum") {
    CHECK(newton.intercept == doctest::Approx(lbfgs.intercept).epsilon(1e-5));
    for (std::size_t f = 0; f < newton.weights.size(); ++f) {
      CHECK(newton.weights[f] == doctest::Approx(lbfgs.weights[f]).epsilon(1e-5));
    }
    CHECK(newton.objective == doctest::Approx(lbfgs.objective).epsilon(1e-12));
  }

  SUBCASE("moving off the optimum raises the objective") {
    std::vector<double> moved = newton.weights;
    moved[3] += 0.01;
    const double at =
        leads::model::logistic_objective(p.design, p.rows, p.labels, 1e-3, newton.intercept, newton.weights);
    CHECK(at == doctest::Approx(newton.objective).epsilon(1e-12));
    CHECK(leads::model::logistic_objective(p.design, p.rows, p.labels, 1e-3, newton.intercept, moved) > at);
  }
}

TEST_CASE("model::fit_logistic gives the same bits on any number of threads") {
  const Problem p = mixed(50000, 12); // enough rows for two threads
  FitOptions one;
  one.threads = 1;
  FitOptions two;
  two.threads = 2;
  const Fit a = leads::model::fit_logistic(p.design, p.rows, p.labels, one);
  const Fit b = leads::model::fit_logistic(p.design, p.rows, p.labels, two);
  CHECK(a.intercept == b.intercept);
  CHECK(a.weights == b.weights);
  CHECK(a.iterations == b.iterations);
}

TEST_CASE("model::sigmoid") {
  CHECK(leads::model::sigmoid(0) == 0.5);
  CHECK(leads::model::sigmoid(std::log(3.0)) == doctest::Approx(0.75));
  CHECK(leads::model::sigmoid(-800) == 0);
  CHECK(leads::model::sigmoid(800) == 1);
}

TEST_SUITE_END();
