#pragma once
/// @brief Whether a simulated value attains a plan target (its comparator and tolerance).

#include <vector>

#include "engine/observe/result.hpp"
#include "engine/scenario/scenario.hpp"

namespace regsim {

/// 1 when `simulated` attains `target` ("=": within the relative tolerance; ">=", "<=": the
/// bound holds), 0 when it does not, -1 when `simulated` is NaN (no value).
int attainment(const scenario::Target& target, double simulated);

/// The probability of attaining a target (or the whole plan) estimated from replicates:
/// `attained` of `applicable` replicates, with the Wilson score interval at `confidence`
/// (Wilson 1927; Brown, Cai & DasGupta 2001 recommend it over the Wald interval for the few
/// replicates a planner runs: it stays inside [0, 1] and is not degenerate at 0 or n successes).
/// All NaN when no replicate is applicable.
struct AttainmentProbability {
  double p = 0, low = 0, high = 0;
  int attained = 0, applicable = 0;
};
AttainmentProbability attainment_probability(int attained, int applicable,
                                             double confidence = 0.95);

/// Whether a replicate meets the whole plan: every modelled row with a value attained (rows
/// without a value, -1, do not count); -1 when no row has a value. `attained` holds the rows'
/// 1 / 0 / -1 of one replicate.
int plan_attained(const std::vector<int>& attained);
/// The same for one run's target rows (its modelled ones).
int plan_attained(const std::vector<TargetResult>& targets);

}  // namespace regsim
