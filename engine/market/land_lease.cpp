#include "engine/market/land_lease.hpp"

#include <algorithm>
#include <cmath>

namespace regsim {

void book_lease(World& w, FirmId i, double m2, const policy::DecisionTerms& terms) {
  if (m2 <= 0) return;
  auto& lease = w.firms.leases.get(i);
  lease.land_m2 += m2;
  lease.rent_rate = terms.lease_rent_rate;
  if (lease.start_year == 0) {
    lease.start_year = static_cast<std::int16_t>(w.year);
    lease.buy_year =
        std::isfinite(terms.lease_years)
            ? static_cast<std::int16_t>(w.year + std::max(1, static_cast<int>(terms.lease_years)))
            : std::int16_t{0};
  }
  w.platforms.land_leased_m2[w.firms.platform[i]] += m2;
}

void convert_leases(World& w) {
  auto& f = w.firms;
  auto& p = w.platforms;
  // Per firm in parallel; the converted land is summed per platform over fixed blocks.
  auto& converted = w.work.lease_block;
  converted.resize(w.n_platforms());
  w.work.sums.reduce(
      f.size(), converted.size(), converted,
      [&](std::size_t begin, std::size_t end, std::span<double> acc) {
        for (std::size_t i = begin; i < end; ++i) {
          const auto id = static_cast<FirmId>(i);
          auto* lease = f.leases.find(i);
          if (!lease || !f.active(id) || lease->buy_year == 0 || w.year < lease->buy_year) continue;
          const auto pi = f.platform[i];
          f.cash_wan[i] -= lease->land_m2 / kM2PerMu * p.price_wan_per_mu[pi];
          if (f.cash_wan[i] < 0) {  // pecking order: a shortfall is borrowed
            f.debt_wan[i] -= f.cash_wan[i];
            f.cash_wan[i] = 0;
          }
          acc[pi] += lease->land_m2;
          // The lease ends (this year's rent was paid: rent_wan stays for account_land_leases).
          lease->land_m2 = 0;
          lease->rent_rate = 0;
          lease->start_year = 0;
          lease->buy_year = 0;
        }
      });
  for (std::size_t pi = 0; pi < w.n_platforms(); ++pi) p.land_converted_m2[pi] += converted[pi];
}

void account_land_leases(World& w) {
  const auto& f = w.firms;
  auto& p = w.platforms;
  auto& c = w.counties;
  // Block sums, laid out: county rent, platform floor rent, platform leased stock.
  const std::size_t nc = w.n_counties(), np = w.n_platforms();
  auto& sums = w.work.lease_block;
  sums.resize(nc + 2 * np);
  w.work.sums.reduce(f.size(), sums.size(), sums,
                     [&](std::size_t begin, std::size_t end, std::span<double> acc) {
                       for (std::size_t i = begin; i < end; ++i) {
                         const auto id = static_cast<FirmId>(i);
                         // Rent was paid by every firm that produced this year, including this
                         // year's exits.
                         const bool produced = f.active(id) || f.exit_year[i] == w.year;
                         if (!produced) continue;
                         // Standard-factory rent goes to the host county too (platform
                         // floor_rent_yi).
                         const double floor_rent = f.floor_rent_wan(id);
                         if (floor_rent > 0) {
                           acc[f.county[i]] += floor_rent;
                           acc[nc + f.platform[i]] += floor_rent;
                         }
                         const auto* lease = f.leases.find(i);
                         if (!lease || (lease->land_m2 <= 0 && lease->rent_wan <= 0)) continue;
                         if (f.active(id)) acc[nc + np + f.platform[i]] += lease->land_m2;
                         acc[f.county[i]] += lease->rent_wan;
                       }
                     });
  for (std::size_t ci = 0; ci < nc; ++ci) c.land_rent_yi[ci] += sums[ci] / kWanPerYi;
  for (std::size_t pi = 0; pi < np; ++pi) {
    p.floor_rent_yi[pi] += sums[nc + pi] / kWanPerYi;
    p.land_leased_stock_m2[pi] = sums[nc + np + pi];
  }
}

}  // namespace regsim
