#pragma once
/// @brief Whether a simulated value attains a plan target (its comparator and tolerance).

#include "engine/scenario/scenario.hpp"

namespace regsim {

/// 1 when `simulated` attains `target` ("=": within the relative tolerance; ">=", "<=": the
/// bound holds), 0 when it does not, -1 when `simulated` is NaN (no value).
int attainment(const scenario::Target& target, double simulated);

}  // namespace regsim
