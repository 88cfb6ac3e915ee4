#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace leads::model {

// One non-zero feature value of a row.
struct FeatureValue {
  std::uint32_t feature = 0;
  double value = 0;
};

// Rows of features, read one at a time (the training data is never held as a
// matrix: an encoded design decodes each row from the dataset's codes).
class Design {
public:
  virtual ~Design() = default;
  virtual std::size_t features() const = 0;
  // The most non-zero entries a row has.
  virtual std::size_t max_entries() const = 0;
  // Writes row i's non-zero entries (each feature at most once) to `out`,
  // which has room for max_entries(); returns how many.
  virtual std::size_t row(std::size_t i, FeatureValue* out) const = 0;
};

// A design given as explicit sparse rows (tests, small problems).
class SparseDesign : public Design {
public:
  SparseDesign(std::size_t features, std::vector<std::vector<FeatureValue>> rows);
  std::size_t features() const override { return m_features; }
  std::size_t max_entries() const override { return m_max_entries; }
  std::size_t row(std::size_t i, FeatureValue* out) const override;

private:
  std::size_t m_features;
  std::size_t m_max_entries = 0;
  std::vector<std::vector<FeatureValue>> m_rows;
};

// The default L2 penalty: the objective is the mean log-loss plus l2/2 times
// the sum of squared weights (features are standardized or 0/1), so 1e-3
// weighs the same whatever the number of rows.
inline constexpr double k_default_l2 = 1e-3;

struct FitOptions {
  double l2 = k_default_l2;
  // Stop when the gradient's Euclidean norm is below this.
  double tolerance = 1e-7;
  int max_iterations = 500;
  // Newton's method (the Hessian from the sparse rows, solved by Cholesky) up
  // to this many features; L-BFGS above.
  std::size_t newton_max_features = 300;
  // Threads to use; the result does not depend on it (rows are summed in fixed
  // chunks, in order).
  unsigned threads = 2;
};

struct Fit {
  double intercept = 0;
  std::vector<double> weights;
  double objective = 0;     // at the optimum
  double gradient_norm = 0; // at the optimum
  int iterations = 0;
  bool newton = false; // which method ran
  bool converged = false;
};

// Minimizes mean log-loss + l2/2 * |w|^2 over the given rows (the intercept is
// not penalized). labels[i] is row i's label (1 or 0), for every row of the design.
Fit fit_logistic(const Design& design, std::span<const std::uint32_t> rows,
                 std::span<const std::uint8_t> labels, const FitOptions& options);

// The objective at (intercept, weights), and its gradient (intercept first)
// when asked: for tests and checks.
double logistic_objective(const Design& design, std::span<const std::uint32_t> rows,
                          std::span<const std::uint8_t> labels, double l2, double intercept,
                          std::span<const double> weights, std::vector<double>* gradient = nullptr);

// 1 / (1 + e^-z), without overflow.
double sigmoid(double z);

} // namespace leads::model
