#pragma once
/// @brief Sector goods markets and county labour markets, cleared together each year.
///
/// With Cobb-Douglas firms choosing labour at price p_s and wage w_c, a cell's supply and
/// labour demand are closed-form in (p_s, w_c) given the cell sums of the firms' output weights
/// SY_cs and labour weights SL_cs (see supply_scale; equal unless firms have labour wedges):
///   Y_cs = SY_cs (beta v p_s / w_c)^(beta/(1-beta)),   L_cs = SL_cs (beta v p_s /
///   w_c)^(1/(1-beta)).
/// Sector price: supply equals the open-economy demand of sector_demand (Newton on ln p given
/// wages; closed form when the sector is all tradable or all local). County wage: the reservation
/// wage, or higher if labour demand at it exceeds the labour force (then the wage that makes demand
/// equal the labour force). Solved by alternating the two conditions until both hold to 1e-12
/// (relative).

#include "engine/state/world.hpp"

namespace regsim {

/// Demand for a sector's output at price p (MODEL.md 3.2, goods markets):
///   D(p) = T (p / P)^(-eps) + L p^(-eta)
/// T = D0 tradable_share (1+g)^t (the national market), P the national price, eps the
/// region's market-share elasticity; L = D0 (1 - tradable_share) (1+g_L)^t (GDP_{t-1} / GDP_0)
/// the local part, eta its price elasticity.
struct SectorDemand {
  double tradable_qty = 0;  ///< T: at p = P
  double local_qty = 0;     ///< L: at p = 1
  double national_price = 1;
  double market_share_elasticity = 5;
  double local_elasticity = 1.5;
};
SectorDemand sector_demand(const World& world, SectorId s);

/// The price at which supply X p^theta equals demand d; price_guess starts the search.
double clearing_price(const SectorDemand& d, double supply_x, double theta, double price_guess);

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
