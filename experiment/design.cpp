#include "experiment/design.hpp"

#include <boost/random/sobol.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <string>

#include "engine/core/random.hpp"

namespace regsim::sweep {

namespace {

/// Design streams use purpose 0, which no model stream uses (model purposes start at 1), and
/// the replicate slot 2^64-1, so they never share numbers with a simulation.
constexpr auto kDesignPurpose = static_cast<Purpose>(0);
constexpr std::uint64_t kDesignStreamSlot = std::numeric_limits<std::uint64_t>::max();

/// Uniform integer in [0, n) by rejection (no modulo bias).
std::uint64_t uniform_below(RandomStream& rng, std::uint64_t n) {
  const std::uint64_t limit =
      std::numeric_limits<std::uint64_t>::max() - std::numeric_limits<std::uint64_t>::max() % n;
  for (;;) {
    const std::uint64_t x = rng.next_u64();
    if (x < limit) return x % n;
  }
}

}  // namespace

Design full_grid(const std::vector<std::vector<double>>& levels) {
  Design d;
  d.factors = levels.size();
  std::size_t n = levels.empty() ? 0 : 1;
  for (std::size_t j = 0; j < levels.size(); ++j) {
    if (levels[j].empty())
      throw std::invalid_argument("factor " + std::to_string(j) + " of the grid has no level");
    if (n > std::numeric_limits<std::size_t>::max() / levels[j].size())
      throw std::invalid_argument("the grid has too many points");
    n *= levels[j].size();
  }
  d.points = n;
  d.values.resize(n * d.factors);
  for (std::size_t p = 0; p < n; ++p) {
    std::size_t rest = p;
    for (std::size_t j = d.factors; j-- > 0;) {
      const std::size_t m = levels[j].size();
      d.values[p * d.factors + j] = levels[j][rest % m];
      rest /= m;
    }
  }
  return d;
}

Design latin_hypercube(std::size_t points, std::size_t factors, std::uint64_t seed) {
  Design d{points, factors, std::vector<double>(points * factors)};
  std::vector<std::size_t> perm(points);
  for (std::size_t j = 0; j < factors; ++j) {
    std::iota(perm.begin(), perm.end(), std::size_t{0});
    RandomStream shuffle(seed, kDesignStreamSlot, j, 0, kDesignPurpose);
    for (std::size_t i = points; i > 1; --i)
      std::swap(perm[i - 1], perm[uniform_below(shuffle, i)]);
    RandomStream position(seed, kDesignStreamSlot, j, 1, kDesignPurpose);
    for (std::size_t p = 0; p < points; ++p) {
      const double x =
          (static_cast<double>(perm[p]) + position.uniform()) / static_cast<double>(points);
      // Rounding must not push a point into the next stratum (or to 1).
      const double upper = static_cast<double>(perm[p] + 1) / static_cast<double>(points);
      d.values[p * factors + j] = std::min(x, std::nextafter(upper, 0.0));
    }
  }
  return d;
}

Design sobol(std::size_t points, std::size_t factors) {
  Design d{points, factors, std::vector<double>(points * factors)};
  if (points == 0 || factors == 0) return d;
  boost::random::sobol engine(factors);  // starts at point 1: the origin is not generated
  constexpr double scale = 1.0 / 18446744073709551616.0;  // 2^-64
  const double below_one = std::nextafter(1.0, 0.0);      // the conversion may round up to 1
  for (auto& v : d.values) v = std::min(static_cast<double>(engine()) * scale, below_one);
  return d;
}

Design saltelli(std::size_t base, std::size_t factors) {
  // Row 0 of the sequence, (0.5, ..., 0.5), would make A_0 = B_0: skipped.
  const Design ab = sobol(base + 1, 2 * factors);
  Design d{base * (factors + 2), factors, {}};
  d.values.reserve(d.points * factors);
  for (std::size_t j = 0; j < base; ++j) {
    const auto a = ab.values.begin() + static_cast<std::ptrdiff_t>((j + 1) * 2 * factors);
    const auto b = a + static_cast<std::ptrdiff_t>(factors);
    d.values.insert(d.values.end(), a, b);       // A_j
    for (std::size_t i = 0; i < factors; ++i) {  // AB^i_j
      for (std::size_t c = 0; c < factors; ++c) d.values.push_back(c == i ? b[c] : a[c]);
    }
    d.values.insert(d.values.end(), b, b + static_cast<std::ptrdiff_t>(factors));  // B_j
  }
  return d;
}

Design morris(std::size_t trajectories, std::size_t factors, std::size_t levels,
              std::uint64_t seed) {
  if (levels < 2 || levels % 2 != 0)
    throw std::invalid_argument("a Morris design needs an even number of levels, at least 2");
  const double step = 1.0 / static_cast<double>(levels - 1);
  const double delta = static_cast<double>(levels) / (2.0 * static_cast<double>(levels - 1));
  Design d{trajectories * (factors + 1), factors, {}};
  d.values.reserve(d.points * factors);
  std::vector<double> x(factors);
  std::vector<std::size_t> order(factors);
  for (std::size_t t = 0; t < trajectories; ++t) {
    RandomStream draw(seed, kDesignStreamSlot, t, 2, kDesignPurpose);
    for (auto& v : x) v = static_cast<double>(uniform_below(draw, levels)) * step;
    std::iota(order.begin(), order.end(), std::size_t{0});
    for (std::size_t i = factors; i > 1; --i)
      std::swap(order[i - 1], order[uniform_below(draw, i)]);
    d.values.insert(d.values.end(), x.begin(), x.end());
    for (const std::size_t i : order) {
      x[i] = x[i] + delta <= 1.0 + 1e-12 ? x[i] + delta : x[i] - delta;
      d.values.insert(d.values.end(), x.begin(), x.end());
    }
  }
  return d;
}

}  // namespace regsim::sweep
