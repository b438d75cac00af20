#include "engine/behaviour/households.hpp"

#include <algorithm>
#include <cmath>

#include "engine/observe/aggregate.hpp"

namespace regsim {

namespace {
void county_employment(const World& w, std::vector<double>& out) {
  std::fill(out.begin(), out.end(), 0.0);
  for (std::uint32_t cell = 0; cell < w.cells.n_cells(); ++cell)
    out[w.cells.county_of(cell)] += cell_total(w, cell, kEmployment);
}
}  // namespace

void init_households(World& w) {
  county_employment(w, w.counties.employment);
  w.counties.wage_prev_wan = w.counties.wage_wan;
}

void update_households(World& w) {
  auto& c = w.counties;
  std::vector<double> employment(w.n_counties(), 0.0);
  county_employment(w, employment);
  for (std::size_t i = 0; i < w.n_counties(); ++i) {
    const auto& county = w.scenario->counties[i];
    const double wage_ratio = c.wage_wan[i] / c.wage_prev_wan[i];
    const double population_ratio = 1.0 + county.population_growth;
    c.population[i] *= population_ratio;
    c.urban_income_yuan[i] *= (1.0 + county.urban_income_growth) *
                              std::pow(wage_ratio, county.urban_income_wage_elasticity);
    c.rural_income_yuan[i] *=
        1.0 + county.rural_income_growth + county.rural_wage_share * (wage_ratio - 1.0);
    if (c.employment[i] > 0 && employment[i] > 0)
      c.urbanisation[i] = std::min(
          1.0, c.urbanisation[i] * std::pow(employment[i] / c.employment[i] / population_ratio,
                                            county.urbanisation_employment_elasticity));
    c.employment[i] = employment[i];
    c.wage_prev_wan[i] = c.wage_wan[i];
  }
}

}  // namespace regsim
