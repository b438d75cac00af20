#pragma once
/// @brief Households of each county: population, urbanisation and per-capita disposable income
/// (urban, rural), enough to report the plans' income and urbanisation targets.
///
/// Each year, with g_w the growth of the county's market wage and E modelled employment:
///   P_t = P_{t-1} (1 + population_growth)
///   urban_t = urban_{t-1} (1 + urban_income_growth) (w_t / w_{t-1})^urban_income_wage_elasticity
///   rural_t = rural_{t-1} (1 + rural_income_growth + rural_wage_share g_w)
///   u_t = min(1, u_{t-1} ((E_t / E_{t-1}) / (P_t / P_{t-1}))^urbanisation_employment_elasticity)
/// A county with population 0 is not modelled (its outputs are NaN).

#include "engine/state/world.hpp"

namespace regsim {

/// Base year: remembers employment and the wage the first simulated year grows from.
void init_households(World& world);

/// After aggregate_cells: this year's population, urbanisation and incomes.
void update_households(World& world);

}  // namespace regsim
