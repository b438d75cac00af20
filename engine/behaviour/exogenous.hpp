#pragma once
/// @brief Drivers the model takes as given, advanced once a year: the national market and
/// national price of each sector, local demand beyond incomes, county reservation wages, labour
/// force, and the exogenous (agriculture, non-modelled services) GDP: its trend, times the
/// response of local services to last year's modelled value added (local_economy.hpp).

#include "engine/state/world.hpp"

namespace regsim {

/// The growth of a sector's national price into `year`: its named series' value for that year
/// where the series covers it, else national_price_growth (MODEL.md 3.2, exogenous drivers).
double national_price_growth(const scenario::Sector& sector, int year);

void advance_exogenous_drivers(World& world);

}  // namespace regsim
