#include <leads/model/logistic.hpp>

#include <algorithm>
#include <cmath>
#include <deque>
#include <numeric>
#include <thread>

namespace leads::model {

namespace {

// Rows are summed in this many fixed chunks, in order, whatever the number of
// threads: the same data gives the same bits on any machine.
constexpr std::size_t k_chunks = 8;
// Below this many rows one thread does all chunks (starting threads costs more).
constexpr std::size_t k_rows_per_thread = 20000;

template <typename Fn> void for_chunks(std::size_t rows, unsigned threads, const Fn& fn) {
  auto run = [&](std::size_t first, std::size_t step) {
    for (std::size_t c = first; c < k_chunks; c += step) {
      fn(c, rows * c / k_chunks, rows * (c + 1) / k_chunks);
    }
  };
  const std::size_t workers = std::min<std::size_t>(
      {threads == 0 ? 1 : threads, k_chunks, std::max<std::size_t>(1, rows / k_rows_per_thread)});
  if (workers <= 1) {
    run(0, 1);
    return;
  }
  std::vector<std::thread> pool;
  for (std::size_t t = 1; t < workers; ++t) {
    pool.emplace_back(run, t, workers);
  }
  run(0, workers);
  for (std::thread& thread : pool) {
    thread.join();
  }
}

// Sums over the rows, for parameters theta (intercept first): the log-loss and,
// when asked, its gradient and Hessian (upper triangle, row-major q x q).
struct Sums {
  double loss = 0;
  std::vector<double> gradient;
  std::vector<double> hessian;
};

class Problem {
public:
  Problem(const Design& design, std::span<const std::uint32_t> rows, std::span<const std::uint8_t> labels,
          double l2, unsigned threads)
      : m_design(design), m_rows(rows), m_labels(labels), m_l2(l2), m_threads(threads),
        m_q(design.features() + 1) {}

  std::size_t size() const { return m_q; }

  // The objective at theta; its gradient and Hessian (penalty included) when asked.
  double evaluate(const std::vector<double>& theta, std::vector<double>* gradient,
                  std::vector<double>* hessian) const {
    std::vector<Sums> chunks(k_chunks);
    for_chunks(m_rows.size(), m_threads, [&](std::size_t c, std::size_t begin, std::size_t end) {
      sum_rows(theta, begin, end, gradient != nullptr, hessian != nullptr, chunks[c]);
    });
    const double n = static_cast<double>(std::max<std::size_t>(1, m_rows.size()));
    double loss = 0;
    for (const Sums& chunk : chunks) {
      loss += chunk.loss;
    }
    double penalty = 0;
    for (std::size_t j = 1; j < m_q; ++j) {
      penalty += theta[j] * theta[j];
    }
    if (gradient != nullptr) {
      gradient->assign(m_q, 0);
      for (const Sums& chunk : chunks) {
        for (std::size_t j = 0; j < m_q; ++j) {
          (*gradient)[j] += chunk.gradient[j];
        }
      }
      for (std::size_t j = 0; j < m_q; ++j) {
        (*gradient)[j] = (*gradient)[j] / n + (j == 0 ? 0 : m_l2 * theta[j]);
      }
    }
    if (hessian != nullptr) {
      hessian->assign(m_q * m_q, 0);
      for (const Sums& chunk : chunks) {
        for (std::size_t k = 0; k < m_q * m_q; ++k) {
          (*hessian)[k] += chunk.hessian[k];
        }
      }
      for (std::size_t i = 0; i < m_q; ++i) {
        for (std::size_t j = i; j < m_q; ++j) {
          double& h = (*hessian)[i * m_q + j];
          h = h / n + (i == j && i > 0 ? m_l2 : 0);
          (*hessian)[j * m_q + i] = h;
        }
      }
    }
    return loss / n + m_l2 / 2 * penalty;
  }

private:
  void sum_rows(const std::vector<double>& theta, std::size_t begin, std::size_t end, bool want_gradient,
                bool want_hessian, Sums& out) const {
    if (want_gradient) {
      out.gradient.assign(m_q, 0);
    }
    if (want_hessian) {
      out.hessian.assign(m_q * m_q, 0);
    }
    std::vector<FeatureValue> buffer(m_design.max_entries());
    FeatureValue* const entries = buffer.data();
    for (std::size_t k = begin; k < end; ++k) {
      const std::uint32_t i = m_rows[k];
      const std::size_t count = m_design.row(i, entries);
      double z = theta[0];
      for (std::size_t a = 0; a < count; ++a) {
        z += theta[1 + entries[a].feature] * entries[a].value;
      }
      const double y = m_labels[i];
      // log(1 + e^z) and 1 / (1 + e^-z) from one exponential, without overflow.
      const double e = std::exp(-std::abs(z));
      out.loss += (z > 0 ? z : 0) + std::log1p(e) - y * z;
      if (!want_gradient && !want_hessian) {
        continue;
      }
      const double p = z >= 0 ? 1 / (1 + e) : e / (1 + e);
      if (want_gradient) {
        const double r = p - y;
        out.gradient[0] += r;
        for (std::size_t a = 0; a < count; ++a) {
          out.gradient[1 + entries[a].feature] += r * entries[a].value;
        }
      }
      if (want_hessian) {
        const double s = p * (1 - p);
        double* h = out.hessian.data();
        h[0] += s;
        for (std::size_t a = 0; a < count; ++a) {
          const std::size_t fa = 1 + entries[a].feature;
          const double sa = s * entries[a].value;
          h[fa] += sa; // row 0, column fa
          for (std::size_t b = 0; b < count; ++b) {
            const std::size_t fb = 1 + entries[b].feature;
            if (fa <= fb) {
              h[fa * m_q + fb] += sa * entries[b].value;
            }
          }
        }
      }
    }
  }

  const Design& m_design;
  std::span<const std::uint32_t> m_rows;
  std::span<const std::uint8_t> m_labels;
  double m_l2;
  unsigned m_threads;
  std::size_t m_q;
};

double norm(const std::vector<double>& v) {
  double sum = 0;
  for (double x : v) {
    sum += x * x;
  }
  return std::sqrt(sum);
}

double dot(const std::vector<double>& a, const std::vector<double>& b) {
  double sum = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    sum += a[i] * b[i];
  }
  return sum;
}

// Solves H x = b for a symmetric positive definite H (q x q, row-major) by
// Cholesky; a tiny ridge is added when rounding makes H look indefinite.
std::vector<double> solve(std::vector<double> h, std::vector<double> b, std::size_t q) {
  double largest = 0;
  for (std::size_t i = 0; i < q; ++i) {
    largest = std::max(largest, std::abs(h[i * q + i]));
  }
  std::vector<double> l(q * q);
  for (double ridge = 0;; ridge = ridge == 0 ? 1e-12 * (1 + largest) : ridge * 100) {
    bool ok = true;
    std::fill(l.begin(), l.end(), 0);
    for (std::size_t j = 0; j < q && ok; ++j) {
      double d = h[j * q + j] + ridge;
      for (std::size_t k = 0; k < j; ++k) {
        d -= l[j * q + k] * l[j * q + k];
      }
      if (!(d > 0)) {
        ok = false;
        break;
      }
      const double ljj = std::sqrt(d);
      l[j * q + j] = ljj;
      for (std::size_t i = j + 1; i < q; ++i) {
        double s = h[i * q + j];
        for (std::size_t k = 0; k < j; ++k) {
          s -= l[i * q + k] * l[j * q + k];
        }
        l[i * q + j] = s / ljj;
      }
    }
    if (ok || ridge > largest) {
      break;
    }
  }
  for (std::size_t i = 0; i < q; ++i) { // L y = b
    double s = b[i];
    for (std::size_t k = 0; k < i; ++k) {
      s -= l[i * q + k] * b[k];
    }
    b[i] = l[i * q + i] > 0 ? s / l[i * q + i] : 0;
  }
  for (std::size_t i = q; i-- > 0;) { // L^T x = y
    double s = b[i];
    for (std::size_t k = i + 1; k < q; ++k) {
      s -= l[k * q + i] * b[k];
    }
    b[i] = l[i * q + i] > 0 ? s / l[i * q + i] : 0;
  }
  return b;
}

// Backtracks from `first_step` along `direction` until the objective falls
// enough (Armijo); returns the step taken (0 when none helps) and the new
// objective. With `trial_gradient`, each trial also computes the gradient (one
// pass over the rows for both), which is then the gradient at the new theta.
std::pair<double, double> line_search(const Problem& problem, std::vector<double>& theta, double value,
                                      const std::vector<double>& gradient,
                                      const std::vector<double>& direction, double first_step,
                                      std::vector<double>* trial_gradient = nullptr) {
  const double slope = dot(gradient, direction);
  std::vector<double> trial(theta.size());
  for (double step = first_step; step > 1e-12; step /= 2) {
    for (std::size_t j = 0; j < theta.size(); ++j) {
      trial[j] = theta[j] + step * direction[j];
    }
    const double trial_value = problem.evaluate(trial, trial_gradient, nullptr);
    if (trial_value <= value + 1e-4 * step * slope) {
      theta.swap(trial);
      return {step, trial_value};
    }
  }
  return {0, value};
}

std::vector<double> start(std::size_t q, std::span<const std::uint32_t> rows,
                          std::span<const std::uint8_t> labels) {
  std::vector<double> theta(q, 0);
  std::size_t positives = 0;
  for (std::uint32_t i : rows) {
    positives += labels[i];
  }
  if (positives > 0 && positives < rows.size()) {
    const double rate = static_cast<double>(positives) / static_cast<double>(rows.size());
    theta[0] = std::log(rate / (1 - rate));
  }
  return theta;
}

Fit newton(const Problem& problem, std::vector<double> theta, const FitOptions& options) {
  Fit fit;
  fit.newton = true;
  std::vector<double> gradient;
  std::vector<double> hessian;
  double value = problem.evaluate(theta, &gradient, &hessian);
  for (; fit.iterations < options.max_iterations; ++fit.iterations) {
    if (norm(gradient) < options.tolerance) {
      fit.converged = true;
      break;
    }
    std::vector<double> direction = solve(hessian, gradient, problem.size());
    for (double& d : direction) {
      d = -d;
    }
    const auto [step, next] = line_search(problem, theta, value, gradient, direction, 1);
    if (step == 0) {
      break; // no progress possible in floating point
    }
    value = problem.evaluate(theta, &gradient, &hessian);
  }
  fit.objective = value;
  fit.gradient_norm = norm(gradient);
  fit.converged = fit.converged || fit.gradient_norm < options.tolerance;
  fit.intercept = theta[0];
  fit.weights.assign(theta.begin() + 1, theta.end());
  return fit;
}

Fit lbfgs(const Problem& problem, std::vector<double> theta, const FitOptions& options) {
  constexpr std::size_t k_memory = 10;
  Fit fit;
  std::vector<double> gradient;
  double value = problem.evaluate(theta, &gradient, nullptr);
  std::deque<std::vector<double>> s_history;
  std::deque<std::vector<double>> y_history;
  std::deque<double> rho_history;
  const std::size_t q = problem.size();
  for (; fit.iterations < options.max_iterations; ++fit.iterations) {
    if (norm(gradient) < options.tolerance) {
      fit.converged = true;
      break;
    }
    // Two-loop recursion: direction = -H * gradient.
    std::vector<double> d = gradient;
    std::vector<double> alpha(s_history.size());
    for (std::size_t k = s_history.size(); k-- > 0;) {
      alpha[k] = rho_history[k] * dot(s_history[k], d);
      for (std::size_t j = 0; j < q; ++j) {
        d[j] -= alpha[k] * y_history[k][j];
      }
    }
    if (!s_history.empty()) {
      const double gamma = dot(s_history.back(), y_history.back()) / dot(y_history.back(), y_history.back());
      for (double& x : d) {
        x *= gamma;
      }
    }
    for (std::size_t k = 0; k < s_history.size(); ++k) {
      const double beta = rho_history[k] * dot(y_history[k], d);
      for (std::size_t j = 0; j < q; ++j) {
        d[j] += s_history[k][j] * (alpha[k] - beta);
      }
    }
    for (double& x : d) {
      x = -x;
    }
    const double first_step = s_history.empty() ? std::min(1.0, 1 / norm(gradient)) : 1;
    const std::vector<double> before = theta;
    std::vector<double> next_gradient;
    const auto [step, next] = line_search(problem, theta, value, gradient, d, first_step, &next_gradient);
    if (step == 0) {
      if (s_history.empty()) {
        break;
      }
      s_history.clear(); // a poor direction: restart from steepest descent
      y_history.clear();
      rho_history.clear();
      continue;
    }
    value = next;
    std::vector<double> s(q);
    std::vector<double> y(q);
    for (std::size_t j = 0; j < q; ++j) {
      s[j] = theta[j] - before[j];
      y[j] = next_gradient[j] - gradient[j];
    }
    const double sy = dot(s, y);
    if (sy > 1e-16 * dot(y, y)) {
      s_history.push_back(std::move(s));
      y_history.push_back(std::move(y));
      rho_history.push_back(1 / sy);
      if (s_history.size() > k_memory) {
        s_history.pop_front();
        y_history.pop_front();
        rho_history.pop_front();
      }
    }
    gradient.swap(next_gradient);
  }
  fit.objective = value;
  fit.gradient_norm = norm(gradient);
  fit.converged = fit.converged || fit.gradient_norm < options.tolerance;
  fit.intercept = theta[0];
  fit.weights.assign(theta.begin() + 1, theta.end());
  return fit;
}

} // namespace

SparseDesign::SparseDesign(std::size_t features, std::vector<std::vector<FeatureValue>> rows)
    : m_features(features), m_rows(std::move(rows)) {
  for (const auto& row : m_rows) {
    m_max_entries = std::max(m_max_entries, row.size());
  }
}

std::size_t SparseDesign::row(std::size_t i, FeatureValue* out) const {
  std::copy(m_rows[i].begin(), m_rows[i].end(), out);
  return m_rows[i].size();
}

double sigmoid(double z) {
  if (z >= 0) {
    return 1 / (1 + std::exp(-z));
  }
  const double e = std::exp(z);
  return e / (1 + e);
}

Fit fit_logistic(const Design& design, std::span<const std::uint32_t> rows,
                 std::span<const std::uint8_t> labels, const FitOptions& options) {
  const Problem problem(design, rows, labels, options.l2, options.threads);
  std::vector<double> theta = start(problem.size(), rows, labels);
  return design.features() <= options.newton_max_features ? newton(problem, std::move(theta), options)
                                                          : lbfgs(problem, std::move(theta), options);
}

double logistic_objective(const Design& design, std::span<const std::uint32_t> rows,
                          std::span<const std::uint8_t> labels, double l2, double intercept,
                          std::span<const double> weights, std::vector<double>* gradient) {
  const Problem problem(design, rows, labels, l2, 1);
  std::vector<double> theta(1 + weights.size());
  theta[0] = intercept;
  std::copy(weights.begin(), weights.end(), theta.begin() + 1);
  return problem.evaluate(theta, gradient, nullptr);
}

} // namespace leads::model
