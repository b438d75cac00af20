#pragma once
/// @brief Plan targets evaluated against a run's trajectories.

#include <string>
#include <vector>

#include "engine/observe/result.hpp"
#include "engine/scenario/scenario.hpp"

namespace regsim {

/// The simulated value of a target's (entity, variable, transform, year), or NaN when the year
/// has no value (e.g. a flow in the base year). Throws std::invalid_argument for a selector or
/// variable the result does not have (the parser rejects those earlier).
double simulated_value(const RunResult& result, const scenario::Target& target);

/// How a target's variable is shown in tables and `/targets`: "output_value",
/// "growth(output_value)", "share(value_added / gdp of region)", "count(gdp > 500)",
/// "change(employment since 2017)".
std::string variable_label(const scenario::Target& target);

/// One row per scenario target (out-of-scope rows included), in scenario order.
std::vector<TargetResult> evaluate_targets(const RunResult& result,
                                           const scenario::Scenario& scenario);

}  // namespace regsim
