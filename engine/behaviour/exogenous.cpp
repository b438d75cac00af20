#include "engine/behaviour/exogenous.hpp"

#include <algorithm>
#include <cmath>

namespace regsim {

double national_price_growth(const scenario::Sector& sector, int year) {
  const auto& path = sector.national_price_path;
  const auto it = std::lower_bound(path.begin(), path.end(), year,
                                   [](const auto& entry, int y) { return entry.first < y; });
  return it != path.end() && it->first == year ? it->second : sector.national_price_growth;
}

void advance_exogenous_drivers(World& w) {
  const auto& sc = *w.scenario;
  for (std::size_t s = 0; s < w.n_sectors(); ++s) {
    const auto& sector = sc.sectors[s];
    w.sectors.demand_shift[s] *= 1.0 + sector.demand_growth;
    w.sectors.national_price[s] *= 1.0 + national_price_growth(sector, w.year);
    w.sectors.vat_rate[s] = scenario::vat_rate_of(sc.fiscal, sector, w.year);
    w.sectors.local_demand_shift[s] *= 1.0 + sector.local_demand_growth;
  }
  auto& local = w.local;
  for (std::size_t c = 0; c < w.n_counties(); ++c) {
    const auto& county = sc.counties[c];
    w.counties.reservation_wage_wan[c] *= 1.0 + county.wage_growth;
    w.counties.labour_force[c] *= 1.0 + county.labour_force_growth;
    // Non-modelled sectors: their trend, and local services following local industry.
    local.exogenous_gdp_trend_yi[c] *= 1.0 + county.exogenous_gdp_growth;
    // Modelled value added last year against its base-year growth path (initial.income_growth):
    // local services respond to what industry does beyond the path it was already on.
    const double path = std::pow(1.0 + local.income_growth, w.year - 1 - sc.first_year);
    const double base = local.value_added_base_yi[c] * path;
    const double index = base > 0 ? local.value_added_last_yi[c] / base : 1.0;
    w.counties.exogenous_gdp_yi[c] =
        local.exogenous_gdp_trend_yi[c] *
        std::pow(std::max(index, 0.0), county.exogenous_gdp_local_elasticity);
  }
}

}  // namespace regsim
