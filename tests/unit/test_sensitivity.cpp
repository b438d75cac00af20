// Global sensitivity: Saltelli's and Morris's designs, and the Sobol and Morris estimators
// against models with known indices (Ishigami and Homma 1990; a linear model).
#include <catch2/catch.hpp>
#include <cmath>
#include <numbers>
#include <vector>

#include "experiment/design.hpp"
#include "experiment/indices.hpp"
#include "experiment/shapley.hpp"

using regsim::sweep::Design;

namespace {

/// The model's output at every point of a design.
template <class F>
std::vector<double> outputs(const Design& d, F f) {
  std::vector<double> y(d.points);
  std::vector<double> x(d.factors);
  for (std::size_t p = 0; p < d.points; ++p) {
    for (std::size_t i = 0; i < d.factors; ++i) x[i] = d.at(p, i);
    y[p] = f(x);
  }
  return y;
}

}  // namespace

TEST_CASE("Saltelli's design: blocks A, AB^1 .. AB^k, B", "[sensitivity]") {
  const Design d = regsim::sweep::saltelli(16, 3);
  REQUIRE(d.points == 16 * 5);
  for (std::size_t j = 0; j < 16; ++j) {
    const std::size_t a = j * 5, b = j * 5 + 4;
    for (std::size_t i = 0; i < 3; ++i)
      for (std::size_t c = 0; c < 3; ++c)
        REQUIRE(d.at(a + 1 + i, c) == (c == i ? d.at(b, c) : d.at(a, c)));
    bool differ = false;  // A_j and B_j are different points (else the block says nothing)
    for (std::size_t c = 0; c < 3; ++c) differ = differ || d.at(a, c) != d.at(b, c);
    REQUIRE(differ);
  }
}

TEST_CASE("Sobol indices of the Ishigami function match the analytic values", "[sensitivity]") {
  // f = sin x1 + a sin^2 x2 + b x3^4 sin x1 on [-pi, pi]^3, a = 7, b = 0.1 (Ishigami and Homma
  // 1990; values as in Saltelli et al. 2008, Global Sensitivity Analysis, 4.7.2).
  constexpr double a = 7, b = 0.1, pi = std::numbers::pi;
  const auto ishigami = [&](const std::vector<double>& u) {
    const double x1 = -pi + 2 * pi * u[0], x2 = -pi + 2 * pi * u[1], x3 = -pi + 2 * pi * u[2];
    return std::sin(x1) + a * std::sin(x2) * std::sin(x2) + b * std::pow(x3, 4) * std::sin(x1);
  };
  const double v = a * a / 8 + b * std::pow(pi, 4) / 5 + b * b * std::pow(pi, 8) / 18 + 0.5;
  const double v1 = 0.5 * std::pow(1 + b * std::pow(pi, 4) / 5, 2), v2 = a * a / 8;
  const double v13 = b * b * std::pow(pi, 8) * (1.0 / 18 - 1.0 / 50);
  const double s[3] = {v1 / v, v2 / v, 0}, st[3] = {(v1 + v13) / v, v2 / v, v13 / v};
  REQUIRE(s[0] == Approx(0.3139).margin(1e-4));
  REQUIRE(st[2] == Approx(0.2437).margin(1e-4));

  const Design d = regsim::sweep::saltelli(8192, 3);
  const auto y = outputs(d, ishigami);
  const auto r = regsim::sweep::sobol_indices(y, 3, 200, 11, 0.95);
  REQUIRE(r.variance == Approx(v).epsilon(0.02));
  for (std::size_t i = 0; i < 3; ++i) {
    INFO("factor " << i + 1);
    CHECK(r.factors[i].first == Approx(s[i]).margin(0.02));
    CHECK(r.factors[i].total == Approx(st[i]).margin(0.02));
    // The bootstrap interval holds the estimate and, here, the truth.
    CHECK(r.factors[i].first_low <= r.factors[i].first);
    CHECK(r.factors[i].first <= r.factors[i].first_high);
    CHECK(r.factors[i].total_low <= st[i] + 0.01);
    CHECK(st[i] - 0.01 <= r.factors[i].total_high);
  }
  // Deterministic: the same seed, the same intervals.
  const auto again = regsim::sweep::sobol_indices(y, 3, 200, 11, 0.95);
  REQUIRE(again.factors[1].first_low == r.factors[1].first_low);
}

TEST_CASE("Sobol indices of a linear model are a_i^2 / sum a^2, first order = total",
          "[sensitivity]") {
  const double coef[4] = {1, 2, 3, 0};
  const auto linear = [&](const std::vector<double>& x) {
    double y = 0;
    for (std::size_t i = 0; i < 4; ++i) y += coef[i] * x[i];
    return y;
  };
  const Design d = regsim::sweep::saltelli(4096, 4);
  const auto r = regsim::sweep::sobol_indices(outputs(d, linear), 4, 0, 1, 0.95);
  REQUIRE(r.variance == Approx(14.0 / 12).epsilon(0.01));
  for (std::size_t i = 0; i < 4; ++i) {
    INFO("factor " << i);
    CHECK(r.factors[i].first == Approx(coef[i] * coef[i] / 14).margin(0.01));
    CHECK(r.factors[i].total == Approx(coef[i] * coef[i] / 14).margin(0.01));
    CHECK(std::isnan(r.factors[i].first_low));  // no bootstrap asked
  }
  REQUIRE(r.factors[3].total == 0.0);  // a factor the output ignores has exactly no effect
  REQUIRE_THROWS_AS(regsim::sweep::sobol_indices(std::vector<double>(7), 4, 0, 1, 0.95),
                    std::invalid_argument);
}

TEST_CASE("Morris: trajectories move one factor at a time; linear effects are exact",
          "[sensitivity]") {
  const Design d = regsim::sweep::morris(10, 3, 4, 5);
  REQUIRE(d.points == 10 * 4);
  const double delta = 4.0 / 6.0;
  for (std::size_t t = 0; t < 10; ++t) {
    std::vector<int> moved(3, 0);
    for (std::size_t s = 0; s < 3; ++s) {
      int changed = 0;
      for (std::size_t i = 0; i < 3; ++i) {
        const double step = d.at(t * 4 + s + 1, i) - d.at(t * 4 + s, i);
        if (step != 0) {
          ++changed;
          ++moved[i];
          REQUIRE(std::fabs(std::fabs(step) - delta) < 1e-12);
        }
        REQUIRE(d.at(t * 4 + s + 1, i) >= 0);
        REQUIRE(d.at(t * 4 + s + 1, i) <= 1);
      }
      REQUIRE(changed == 1);
    }
    REQUIRE(moved == std::vector<int>{1, 1, 1});  // every factor once per trajectory
  }
  const auto y = outputs(d, [](const std::vector<double>& x) { return 2 * x[0] - 5 * x[1]; });
  const auto m = regsim::sweep::morris_indices(y, d);
  REQUIRE(m[0].mu_star == Approx(2));
  REQUIRE(m[0].mu == Approx(2));
  REQUIRE(m[1].mu_star == Approx(5));
  REQUIRE(m[1].mu == Approx(-5));
  REQUIRE(m[2].mu_star == 0);
  REQUIRE(m[0].sigma == Approx(0).margin(1e-9));
  // A non-additive model has spread (sigma > 0) where factors interact.
  const auto yi = outputs(d, [](const std::vector<double>& x) { return x[0] * x[1]; });
  const auto mi = regsim::sweep::morris_indices(yi, d);
  REQUIRE(mi[0].sigma > 0);
  REQUIRE(mi[2].mu_star == 0);
  REQUIRE_THROWS_AS(regsim::sweep::morris(2, 2, 3, 1), std::invalid_argument);
}

TEST_CASE("Shapley values: known games, efficiency, sampled orders", "[sensitivity][shapley]") {
  // v(S) = (sum of w over S)^2: phi_i = w_i * sum(w) (each ordering adds w_i^2 + 2 w_i W_before,
  // and W_before averages (W - w_i) / 2).
  const std::vector<double> w = {1.0, 2.0, 0.5, 4.0, 0.0};
  const std::size_t k = w.size();
  const double total_w = 7.5;
  std::vector<double> v(std::size_t{1} << k);
  for (std::uint64_t mask = 0; mask < v.size(); ++mask) {
    double s = 0;
    for (std::size_t i = 0; i < k; ++i)
      if (mask >> i & 1) s += w[i];
    v[mask] = s * s;
  }
  const auto phi = regsim::sweep::shapley_exact(v, k);
  double sum = 0;
  for (std::size_t i = 0; i < k; ++i) {
    CHECK(phi[i] == Approx(w[i] * total_w).margin(1e-12));
    sum += phi[i];
  }
  REQUIRE(phi[4] == 0.0);  // a player that changes nothing gets nothing
  REQUIRE(sum == Approx(v.back() - v.front()).epsilon(1e-14));  // efficiency

  // Sampled orders: every order adds up exactly, so their mean does; estimates within 4 SE.
  const auto orders = regsim::sweep::shapley_orders(k, 400, 7);
  REQUIRE(orders.size() == 400);
  REQUIRE(orders == regsim::sweep::shapley_orders(k, 400, 7));  // deterministic
  const auto est =
      regsim::sweep::shapley_sampled(orders, [&](std::uint64_t mask) { return v[mask]; });
  double est_sum = 0;
  for (std::size_t i = 0; i < k; ++i) {
    INFO("player " << i);
    est_sum += est.value[i];
    CHECK(std::fabs(est.value[i] - phi[i]) <= 4 * est.standard_error[i] + 1e-12);
  }
  REQUIRE(est_sum == Approx(v.back() - v.front()).epsilon(1e-12));
  REQUIRE(est.value[4] == 0.0);
  REQUIRE_THROWS_AS(regsim::sweep::shapley_exact(std::vector<double>(7), 3), std::invalid_argument);
}
