#include "engine/market/standard_factory.hpp"

#include <algorithm>
#include <cmath>

#include "engine/behaviour/local_economy.hpp"
#include "engine/policy/standard_factory.hpp"

namespace regsim {

void build_factories(World& w) {
  auto& p = w.platforms;
  for (std::size_t k = 0; k < w.policies.policies.size(); ++k) {
    const auto& rp = w.policies.policies[k];
    if (w.year < rp.start_year || w.year > rp.end_year) continue;
    const auto* factory = std::get_if<policy::StandardFactory>(&rp.instrument);
    if (!factory) continue;
    for (std::size_t i = 0; i < w.n_platforms(); ++i) {
      if (!rp.county_in[p.county[i]] || !rp.platform_in[i]) continue;
      p.floor_built_m2[i] += factory->floor_m2_per_year;
      p.floor_rent_yuan_per_m2[i] = factory->rent_yuan_per_m2_year;
      p.floor_per_land[i] = factory->floor_per_land_m2;
      const double cost_wan =
          factory->floor_m2_per_year * factory->construction_cost_yuan_per_m2 / 1e4;
      w.policies.charge(k, p.county[i], cost_wan, w.work.payments.values);
      book_public_works(w, p.county[i], cost_wan / kWanPerYi);
    }
  }
}

void recount_floor(World& w) {
  const auto& f = w.firms;
  auto& occupied = w.platforms.floor_occupied_m2;
  w.work.sums.reduce(f.size(), occupied.size(), occupied,
                     [&](std::size_t begin, std::size_t end, std::span<double> acc) {
                       for (std::size_t i = begin; i < end; ++i) {
                         const auto* tenancy = f.tenancies.find(i);
                         if (tenancy && f.active(static_cast<FirmId>(i)) && tenancy->floor_m2 > 0)
                           acc[f.platform[i]] += tenancy->floor_m2;
                       }
                     });
}

double tenant_land_m2(const World& w, FirmId i) {
  const auto& f = w.firms;
  const double floor = f.floor_m2(i);
  if (floor <= 0) return 0.0;
  return floor / w.platforms.floor_per_land[f.platform[i]];
}

double floor_price_equivalent(const World& w, PlatformId p, SectorId s,
                              const policy::DecisionTerms& terms) {
  const double i = w.scenario->fiscal.bank_rate + w.scenario->sectors[s].risk_premium;
  const double rent_per_mu =
      w.platforms.floor_rent_yuan_per_m2[p] * w.platforms.floor_per_land[p] * kM2PerMu / 1e4;
  const double subsidised =
      std::min(terms.floor_rent_rate, 1.0) * (1.0 - std::pow(1.0 + i, -terms.floor_rent_years));
  return std::max(rent_per_mu * (1.0 - subsidised) / std::max(i, 1e-3), 1e-3);
}

}  // namespace regsim
