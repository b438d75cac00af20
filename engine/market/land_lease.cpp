#include "engine/market/land_lease.hpp"

#include <algorithm>
#include <cmath>

namespace regsim {

void book_lease(World& w, FirmId i, double m2, const policy::DecisionTerms& terms) {
  auto& f = w.firms;
  if (m2 <= 0) return;
  f.land_leased_m2[i] += m2;
  f.lease_rent_rate[i] = terms.lease_rent_rate;
  if (f.lease_start_year[i] == 0) {
    f.lease_start_year[i] = static_cast<std::int16_t>(w.year);
    f.lease_buy_year[i] =
        std::isfinite(terms.lease_years)
            ? static_cast<std::int16_t>(w.year + std::max(1, static_cast<int>(terms.lease_years)))
            : std::int16_t{0};
  }
  w.platforms.land_leased_m2[f.platform[i]] += m2;
}

void convert_leases(World& w) {
  auto& f = w.firms;
  auto& p = w.platforms;
  for (FirmId i = 0; i < f.size(); ++i) {
    if (!f.active(i) || f.lease_buy_year[i] == 0 || w.year < f.lease_buy_year[i]) continue;
    const auto pi = f.platform[i];
    f.cash_wan[i] -= f.land_leased_m2[i] / kM2PerMu * p.price_wan_per_mu[pi];
    if (f.cash_wan[i] < 0) {  // pecking order: a shortfall is borrowed
      f.debt_wan[i] -= f.cash_wan[i];
      f.cash_wan[i] = 0;
    }
    p.land_converted_m2[pi] += f.land_leased_m2[i];
    f.land_leased_m2[i] = 0;
    f.lease_rent_rate[i] = 0;
    f.lease_start_year[i] = 0;
    f.lease_buy_year[i] = 0;
  }
}

void account_land_leases(World& w) {
  const auto& f = w.firms;
  auto& p = w.platforms;
  auto& c = w.counties;
  std::fill(p.land_leased_stock_m2.begin(), p.land_leased_stock_m2.end(), 0.0);
  for (FirmId i = 0; i < f.size(); ++i) {
    // Standard-factory rent goes to the host county too (platform floor_rent_yi).
    if (f.floor_rent_wan[i] > 0 && (f.active(i) || f.exit_year[i] == w.year)) {
      c.land_rent_yi[f.county[i]] += f.floor_rent_wan[i] / kWanPerYi;
      p.floor_rent_yi[f.platform[i]] += f.floor_rent_wan[i] / kWanPerYi;
    }
    if (f.land_leased_m2[i] <= 0 && f.land_rent_wan[i] <= 0) continue;
    if (f.active(i)) p.land_leased_stock_m2[f.platform[i]] += f.land_leased_m2[i];
    // Rent was paid by every firm that produced this year, including this year's exits.
    if (f.active(i) || f.exit_year[i] == w.year)
      c.land_rent_yi[f.county[i]] += f.land_rent_wan[i] / kWanPerYi;
  }
}

}  // namespace regsim
