#pragma once
/// @brief Sector goods markets and county labour markets, cleared together each year.
///
/// With Cobb-Douglas firms choosing labour at price p_s and wage w_c, a cell's supply and
/// labour demand are closed-form in (p_s, w_c) given the cell sums of the firms' output weights
/// SY_cs and labour weights SL_cs (see supply_scale; equal unless firms have labour wedges):
///   Y_cs = SY_cs (beta v p_s / w_c)^(beta/(1-beta)),   L_cs = SL_cs (beta v p_s /
///   w_c)^(1/(1-beta)).
/// Sector price: isoelastic demand D_s = D0_s shift_s p_s^-eta equals supply (closed form given
/// wages). County wage: the reservation wage, or higher if labour demand at it exceeds the
/// labour force (then the wage that makes demand equal the labour force). Solved by alternating
/// the two conditions until both hold to 1e-12 (relative).

#include "engine/state/world.hpp"

namespace regsim {

/// Result of a clearing, for diagnostics and tests.
struct ClearingReport {
  int iterations = 0;
  double max_relative_change = 0;  ///< in the last iteration
};

/// Sums firms' supply scales per cell (parallel, deterministic), then clears all markets.
/// Writes world.sectors.price and world.counties.wage_wan.
ClearingReport clear_goods_and_labour(World& world);

/// Clears markets for given cell weights (no firm access): used by the above and by tests.
/// cell_scale[cell] is the sum of firms' output weights, cell_scale[n_cells + cell] the sum of
/// their labour weights (equal when no firm has a labour wedge).
ClearingReport clear_markets(World& world, const std::vector<double>& cell_scale);

}  // namespace regsim
