#include "experiment/indices.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include "engine/core/random.hpp"

namespace regsim::sweep {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
/// The bootstrap's draws: RandomStream(seed, 2^64-1, resample, 3, purpose 0), beside the
/// designs' streams (design.cpp: agents 0, 1, 2 of that slot).
constexpr std::uint64_t kBootstrapSlot = ~std::uint64_t{0};
constexpr std::uint64_t kBootstrapAgent = 3;
constexpr auto kBootstrapPurpose = static_cast<Purpose>(0);

/// S_i and ST_i over the base rows `rows` (with repeats: a bootstrap sample).
void estimate(std::span<const double> y, std::size_t k, std::span<const std::size_t> rows,
              double& variance, std::vector<double>& first, std::vector<double>& total) {
  const std::size_t block = k + 2;
  const auto n = static_cast<double>(rows.size());
  double sum = 0, sum2 = 0;
  for (const std::size_t j : rows) {
    const double a = y[j * block], b = y[j * block + k + 1];
    sum += a + b;
    sum2 += a * a + b * b;
  }
  const double m = sum / (2 * n);
  variance = (sum2 - 2 * n * m * m) / (2 * n - 1);
  first.assign(k, 0.0);
  total.assign(k, 0.0);
  for (const std::size_t j : rows) {
    // Centred: f_B - m has the same expected product with f_ABi - f_A (whose mean is 0) but
    // not the variance of m^2 that swamps the estimate when the output's mean is large
    // against its spread (GDP of 1000 亿元 moving by 10).
    const double a = y[j * block], b = y[j * block + k + 1] - m;
    for (std::size_t i = 0; i < k; ++i) {
      const double ab = y[j * block + 1 + i];
      first[i] += b * (ab - a);
      total[i] += (a - ab) * (a - ab);
    }
  }
  for (std::size_t i = 0; i < k; ++i) {
    first[i] = variance > 0 ? first[i] / n / variance : kNaN;
    total[i] = variance > 0 ? total[i] / n / (2 * variance) : kNaN;
  }
}

/// The q-quantile of `v` (sorted in place), linear between order statistics.
double quantile(std::vector<double>& v, double q) {
  std::sort(v.begin(), v.end());
  const double at = q * static_cast<double>(v.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(at));
  const std::size_t hi = std::min(lo + 1, v.size() - 1);
  return v[lo] + (at - static_cast<double>(lo)) * (v[hi] - v[lo]);
}

}  // namespace

SobolResult sobol_indices(std::span<const double> y, std::size_t factors, std::size_t bootstrap,
                          std::uint64_t seed, double confidence) {
  const std::size_t block = factors + 2;
  if (factors == 0 || y.size() % block != 0 || y.size() < 2 * block)
    throw std::invalid_argument("Sobol indices need base x (factors + 2) outputs, base >= 2; got " +
                                std::to_string(y.size()) + " for " + std::to_string(factors) +
                                " factors");
  const std::size_t base = y.size() / block;
  std::vector<std::size_t> rows(base);
  for (std::size_t j = 0; j < base; ++j) rows[j] = j;
  SobolResult out;
  std::vector<double> first, total;
  estimate(y, factors, rows, out.variance, first, total);
  out.factors.resize(factors);
  for (std::size_t i = 0; i < factors; ++i) {
    out.factors[i].first = first[i];
    out.factors[i].total = total[i];
    out.factors[i].first_low = out.factors[i].first_high = kNaN;
    out.factors[i].total_low = out.factors[i].total_high = kNaN;
  }
  if (bootstrap == 0) return out;
  std::vector<std::vector<double>> first_b(factors), total_b(factors);
  std::vector<std::size_t> sample(base);
  for (std::size_t b = 0; b < bootstrap; ++b) {
    RandomStream draw(seed, kBootstrapSlot, b, kBootstrapAgent, kBootstrapPurpose);
    for (auto& j : sample)
      j = static_cast<std::size_t>(draw.uniform() * static_cast<double>(base)) % base;
    double v = 0;
    estimate(y, factors, sample, v, first, total);
    for (std::size_t i = 0; i < factors; ++i) {
      if (std::isfinite(first[i])) first_b[i].push_back(first[i]);
      if (std::isfinite(total[i])) total_b[i].push_back(total[i]);
    }
  }
  const double tail = (1 - confidence) / 2;
  for (std::size_t i = 0; i < factors; ++i) {
    if (!first_b[i].empty()) {
      out.factors[i].first_low = quantile(first_b[i], tail);
      out.factors[i].first_high = quantile(first_b[i], 1 - tail);
    }
    if (!total_b[i].empty()) {
      out.factors[i].total_low = quantile(total_b[i], tail);
      out.factors[i].total_high = quantile(total_b[i], 1 - tail);
    }
  }
  return out;
}

std::vector<MorrisIndex> morris_indices(std::span<const double> y, const Design& design) {
  const std::size_t k = design.factors, block = k + 1;
  if (k == 0 || y.size() != design.points || design.points % block != 0 || design.points == 0)
    throw std::invalid_argument("Morris indices need one output per point of a Morris design");
  const std::size_t r = design.points / block;
  std::vector<std::vector<double>> effects(k);
  for (std::size_t t = 0; t < r; ++t) {
    for (std::size_t s = 0; s < k; ++s) {
      const std::size_t p = t * block + s;
      // The factor this step moves, and by how much (in the unit cube).
      std::size_t moved = k;
      double delta = 0;
      for (std::size_t i = 0; i < k; ++i) {
        const double d = design.at(p + 1, i) - design.at(p, i);
        if (d != 0) {
          if (moved != k) throw std::invalid_argument("a Morris step moves more than one factor");
          moved = i;
          delta = d;
        }
      }
      if (moved == k) throw std::invalid_argument("a Morris step moves no factor");
      effects[moved].push_back((y[p + 1] - y[p]) / delta);
    }
  }
  std::vector<MorrisIndex> out(k);
  for (std::size_t i = 0; i < k; ++i) {
    const auto& e = effects[i];
    const auto n = static_cast<double>(e.size());
    double sum = 0, abs_sum = 0;
    for (const double v : e) {
      sum += v;
      abs_sum += std::fabs(v);
    }
    out[i].mu = sum / n;
    out[i].mu_star = abs_sum / n;
    double ss = 0;
    for (const double v : e) ss += (v - out[i].mu) * (v - out[i].mu);
    out[i].sigma = e.size() > 1 ? std::sqrt(ss / (n - 1)) : kNaN;
  }
  return out;
}

}  // namespace regsim::sweep
