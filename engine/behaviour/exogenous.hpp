#pragma once
/// @brief Drivers the model takes as given, advanced once a year: sector demand shifts, county
/// reservation wages, labour force, and the exogenous (agriculture, non-modelled services) GDP.

#include "engine/state/world.hpp"

namespace regsim {

void advance_exogenous_drivers(World& world);

}  // namespace regsim
