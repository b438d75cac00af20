#include "experiment/shapley.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <string>

#include "engine/core/random.hpp"

namespace regsim::sweep {

namespace {
/// The orders' draws: beside the designs' (agents 0-2) and the bootstrap's (3) streams.
constexpr std::uint64_t kOrderSlot = ~std::uint64_t{0};
constexpr std::uint64_t kOrderAgent = 4;
constexpr auto kOrderPurpose = static_cast<Purpose>(0);
}  // namespace

std::vector<double> shapley_exact(std::span<const double> v, std::size_t players) {
  if (players > 20 || v.size() != (std::size_t{1} << players))
    throw std::invalid_argument("exact Shapley values need v of all 2^k subsets (k <= 20); got " +
                                std::to_string(v.size()) + " values for " +
                                std::to_string(players) + " players");
  // weight[s] = s! (k - s - 1)! / k!, computed as a product to stay exact enough for k <= 20.
  std::vector<double> weight(players, 0.0);
  for (std::size_t s = 0; s < players; ++s) {
    double w = 1.0 / static_cast<double>(players);
    // 1 / (k * C(k-1, s))
    for (std::size_t j = 1; j <= s; ++j)
      w *= static_cast<double>(j) / static_cast<double>(players - j);
    weight[s] = w;
  }
  std::vector<double> phi(players, 0.0);
  for (std::uint64_t mask = 0; mask < v.size(); ++mask)
    for (std::size_t i = 0; i < players; ++i) {
      const std::uint64_t bit = std::uint64_t{1} << i;
      if (mask & bit) continue;
      const auto size = static_cast<std::size_t>(std::popcount(mask));
      phi[i] += weight[size] * (v[mask | bit] - v[mask]);
    }
  return phi;
}

std::vector<std::vector<std::size_t>> shapley_orders(std::size_t players, std::size_t permutations,
                                                     std::uint64_t seed) {
  std::vector<std::vector<std::size_t>> orders(permutations, std::vector<std::size_t>(players));
  for (std::size_t m = 0; m < permutations; ++m) {
    auto& o = orders[m];
    std::iota(o.begin(), o.end(), std::size_t{0});
    RandomStream draw(seed, kOrderSlot, m, kOrderAgent, kOrderPurpose);
    for (std::size_t i = players; i > 1; --i) {
      const auto j =
          std::min(i - 1, static_cast<std::size_t>(draw.uniform() * static_cast<double>(i)));
      std::swap(o[i - 1], o[j]);
    }
  }
  return orders;
}

ShapleyEstimate shapley_sampled(const std::vector<std::vector<std::size_t>>& orders,
                                const std::function<double(std::uint64_t mask)>& v) {
  if (orders.empty()) throw std::invalid_argument("Shapley sampling needs at least one order");
  const std::size_t k = orders.front().size();
  std::vector<double> sum(k, 0.0), sum2(k, 0.0);
  for (const auto& order : orders) {
    std::uint64_t mask = 0;
    double before = v(mask);
    for (const std::size_t i : order) {
      mask |= std::uint64_t{1} << i;
      const double after = v(mask);
      sum[i] += after - before;
      sum2[i] += (after - before) * (after - before);
      before = after;
    }
  }
  ShapleyEstimate e;
  const auto n = static_cast<double>(orders.size());
  for (std::size_t i = 0; i < k; ++i) {
    const double mean = sum[i] / n;
    e.value.push_back(mean);
    e.standard_error.push_back(
        orders.size() > 1 ? std::sqrt(std::max(0.0, (sum2[i] - n * mean * mean) / (n - 1)) / n)
                          : std::numeric_limits<double>::quiet_NaN());
  }
  return e;
}

}  // namespace regsim::sweep
