#pragma once
/// @brief Shapley values (Shapley 1953): how much of the change from no player to all players
/// each player accounts for, averaged over the orders in which they could be added. With v(S)
/// the outcome when exactly the players in S are in, player i's value is
///   phi_i = sum over S not holding i of |S|! (k - |S| - 1)! / k! (v(S + i) - v(S)),
/// and the values add up to v(all) - v(none) (efficiency). `regsim attribute` applies it to a
/// plan's instruments under common random numbers (docs/CLI.md, `attribute`). Pure functions.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <vector>

namespace regsim::sweep {

/// Exact values of `players` players (at most 20) from v of every subset: v[mask], bit i of
/// mask set when player i is in. Throws std::invalid_argument when v has not 2^players values.
std::vector<double> shapley_exact(std::span<const double> v, std::size_t players);

/// `permutations` orders of the players drawn from RandomStream(seed, 2^64-1, order, 4,
/// purpose 0) (Fisher-Yates): the subsets to evaluate are every prefix of every order.
std::vector<std::vector<std::size_t>> shapley_orders(std::size_t players, std::size_t permutations,
                                                     std::uint64_t seed);

struct ShapleyEstimate {
  std::vector<double> value;           ///< mean marginal contribution over the orders
  std::vector<double> standard_error;  ///< of that mean (sd / sqrt(orders)); NaN for one order
};

/// Castro, Gomez & Tejada (2009): each player's mean marginal contribution along `orders`;
/// `v(mask)` must know every prefix of every order. The values add up to v(all) - v(none)
/// exactly along each order, hence on average too.
ShapleyEstimate shapley_sampled(const std::vector<std::vector<std::size_t>>& orders,
                                const std::function<double(std::uint64_t mask)>& v);

}  // namespace regsim::sweep
