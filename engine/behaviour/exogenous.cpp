#include "engine/behaviour/exogenous.hpp"

namespace regsim {

void advance_exogenous_drivers(World& w) {
  const auto& sc = *w.scenario;
  for (std::size_t s = 0; s < w.n_sectors(); ++s)
    w.sectors.demand_shift[s] *= 1.0 + sc.sectors[s].demand_growth;
  for (std::size_t c = 0; c < w.n_counties(); ++c) {
    const auto& county = sc.counties[c];
    w.counties.reservation_wage_wan[c] *= 1.0 + county.wage_growth;
    w.counties.labour_force[c] *= 1.0 + county.labour_force_growth;
    w.counties.exogenous_gdp_yi[c] *= 1.0 + county.exogenous_gdp_growth;
  }
}

}  // namespace regsim
