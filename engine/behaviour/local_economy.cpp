#include "engine/behaviour/local_economy.hpp"

#include <cmath>

#include "engine/observe/aggregate.hpp"

namespace regsim {

void book_public_works(World& w, CountyId c, double amount_yi) {
  w.local.public_works_yi[c] += amount_yi;
}

std::vector<double> county_value_added_yi(const World& w) {
  std::vector<double> value_added(w.n_counties(), 0.0);
  for (std::uint32_t cell = 0; cell < w.cells.n_cells(); ++cell)
    value_added[w.cells.county_of(cell)] += cell_total(w, cell, kValueAdded) / kWanPerYi;
  return value_added;
}

double county_gdp_yi(const World& w, CountyId c, double value_added_yi) {
  return value_added_yi + w.counties.exogenous_gdp_yi[c] +
         w.scenario->fiscal.public_works_value_added_share * w.local.public_works_yi[c];
}

void remember_local_incomes(World& w) {
  const auto value_added = county_value_added_yi(w);
  double gdp = 0;
  for (std::size_t c = 0; c < w.n_counties(); ++c) {
    w.local.value_added_last_yi[c] = value_added[c];
    w.local.county_gdp_last_yi[c] = county_gdp_yi(w, static_cast<CountyId>(c), value_added[c]);
    gdp += w.local.county_gdp_last_yi[c];
  }
  w.local.gdp_last_yi = gdp;
}

double base_income_growth(const scenario::Scenario& sc) {
  if (!std::isnan(sc.initial.income_growth)) return sc.initial.income_growth;
  double weighted = 0, weight = 0;
  for (const auto& county : sc.counties) {
    weighted += county.exogenous_gdp_yi * county.exogenous_gdp_growth;
    weight += county.exogenous_gdp_yi;
  }
  return weight > 0 ? weighted / weight : 0.0;
}

void init_local_economy(World& w) {
  remember_local_incomes(w);
  w.local.value_added_base_yi = w.local.value_added_last_yi;
  w.local.gdp_base_yi = w.local.gdp_last_yi;
  w.local.income_growth = base_income_growth(*w.scenario);
}

}  // namespace regsim
