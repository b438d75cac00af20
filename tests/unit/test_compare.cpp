// The statistics of `regsim compare` (experiment/compare_stats): hand-computed intervals and the
// coverage of the paired interval in a constructed case with a known true difference.

#include <catch2/catch.hpp>
#include <cmath>
#include <vector>

#include "engine/core/random.hpp"
#include "experiment/compare_stats.hpp"

using namespace regsim::experiment;

TEST_CASE("t quantiles match the Student-t table", "[compare]") {
  CHECK(t_quantile(0.95, 3) == Approx(3.182446305).epsilon(1e-9));
  CHECK(t_quantile(0.95, 2) == Approx(4.302652730).epsilon(1e-9));
  CHECK(t_quantile(0.99, 9) == Approx(3.249835542).epsilon(1e-9));
  CHECK_THROWS(t_quantile(1.0, 3));
}

TEST_CASE("paired interval of a known sample", "[compare]") {
  // d = alt - base = {2, 3, 1, 3}: mean 2.25, sd = sqrt(2.75 / 3), se = sd / 2, t(0.975, 3).
  const std::vector<double> base{10, 12, 11, 13}, alt{12, 15, 12, 16};
  const Interval i = paired_interval(base, alt, 0.95);
  const double half = 3.182446305284263 * std::sqrt(2.75 / 3) / 2;  // 1.523470
  CHECK(i.paired);
  CHECK(i.delta == Approx(2.25));
  CHECK(i.df == 3);
  CHECK(i.low == Approx(2.25 - half).epsilon(1e-9));
  CHECK(i.high == Approx(2.25 + half).epsilon(1e-9));
  CHECK(i.low == Approx(0.726520).margin(1e-6));
  // Pairing removes the common variation: Welch on the same numbers is much wider.
  const Interval w = welch_interval(base, alt, 0.95);
  CHECK(w.delta == Approx(2.25));
  CHECK(w.high - w.low > 2 * (i.high - i.low));
  CHECK_THROWS(paired_interval({1, 2}, {1, 2, 3}, 0.95));
}

TEST_CASE("Welch interval with unequal variances", "[compare]") {
  // base: mean 3, s^2 2.5, n 5; alt: mean 14, s^2 16, n 3.
  const std::vector<double> base{1, 2, 3, 4, 5}, alt{10, 14, 18};
  const Interval i = welch_interval(base, alt, 0.95);
  const double vb = 2.5 / 5, va = 16.0 / 3, se = std::sqrt(vb + va);
  const double df = (vb + va) * (vb + va) / (vb * vb / 4 + va * va / 2);  // 2.38213
  CHECK_FALSE(i.paired);
  CHECK(i.delta == Approx(11));
  CHECK(i.df == Approx(2.382134).margin(1e-6));
  CHECK(i.df == Approx(df));
  // t(0.975, 2.38) lies between the table values for 3 and 2 degrees of freedom.
  const double t = (i.high - i.delta) / se;
  CHECK(t > 3.182446305);
  CHECK(t < 4.302652730);
  CHECK(t == Approx(t_quantile(0.95, df)));
  CHECK(i.delta - i.low == Approx(i.high - i.delta));
}

TEST_CASE("a single replicate gives no interval", "[compare]") {
  const Interval p = paired_interval({5}, {7}, 0.95);
  CHECK(p.delta == Approx(2));
  CHECK(std::isnan(p.low));
  CHECK(std::isnan(p.high));
  const Interval w = welch_interval({5}, {7, 8, 9}, 0.95);
  CHECK(w.delta == Approx(3));
  CHECK(std::isnan(w.low));
  CHECK(std::isnan(w.high));
  // Identical samples: a point interval, not NaN.
  const Interval z = paired_interval({1, 2, 3}, {1, 2, 3}, 0.95);
  CHECK(z.low == 0);
  CHECK(z.high == 0);
}

TEST_CASE("attainment probability is the share of replicates attaining", "[compare]") {
  CHECK(attainment_probability({1, 0, 1, 1}) == Approx(0.75));
  CHECK(attainment_probability({0, 0}) == 0);
  CHECK(std::isnan(attainment_probability({-1, -1})));
  CHECK(std::isnan(attainment_probability({})));
  CHECK(std::isnan(mean({})));
  CHECK(mean({1, 2, 6}) == Approx(3));
  CHECK(sample_sd({2, 4, 4, 4, 5, 5, 7, 9}) == Approx(std::sqrt(32.0 / 7)));
}

TEST_CASE("the 95% paired interval covers a known difference in 95% of trials", "[compare]") {
  // Each trial: 8 replicates; replicate i of base and alt share a common shock (common random
  // numbers) of sd 3 plus own noise of sd 1; the true difference is 0.7.
  constexpr int trials = 2000, n = 8;
  constexpr double truth = 0.7;
  int covered = 0;
  for (int k = 0; k < trials; ++k) {
    regsim::RandomStream rng(20261123, 0, static_cast<std::uint64_t>(k), 7,
                             regsim::Purpose::productivity_shock);
    std::vector<double> base(n), alt(n);
    for (int i = 0; i < n; ++i) {
      const double common = 3 * rng.normal();
      base[static_cast<std::size_t>(i)] = 10 + common + rng.normal();
      alt[static_cast<std::size_t>(i)] = 10 + truth + common + rng.normal();
    }
    const Interval ci = paired_interval(base, alt, 0.95);
    covered += ci.low <= truth && truth <= ci.high;
  }
  const double coverage = static_cast<double>(covered) / trials;
  CHECK(coverage >= 0.93);
  CHECK(coverage <= 0.97);
}
