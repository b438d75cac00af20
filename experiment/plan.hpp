#pragma once
/// @brief A plan of runs, after FLAME GPU 2's RunPlanVector: a public value type that says which
/// runs to make, and nothing about how (experiment/runner.hpp runs it).
///
/// A plan has points and runs. A point is a scenario, given by its values: a sweep point's
/// factor values, a calibration's parameters, an optimisation mix, an attribution's subset of
/// instruments (as a bit mask). How values become a scenario is the driver's (Job::scenario in
/// runner.hpp), the same on every rank. A run is a point, a replicate and the seed of its random
/// streams; its id is its index in `runs`. A run's result depends on its scenario, seed and
/// replicate only.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace regsim::experiment {

/// One run of a plan.
struct PlannedRun {
  std::size_t point = 0;
  std::uint32_t replicate = 0;
  std::uint64_t seed = 0;
  /// SHA-256 of the point's resolved scenario when known ahead (a sweep: resume compares it
  /// with a run file's); empty otherwise.
  std::string scenario_sha256;

  bool operator==(const PlannedRun&) const = default;
};

struct Plan {
  std::vector<std::vector<double>> points;  ///< each point's values
  std::vector<PlannedRun> runs;             ///< run id = index

  /// Every point with replicates first .. first + count - 1 of `seed` (common random numbers:
  /// replicate r draws the same streams at every point), point-major: run id =
  /// point x count + (replicate - first).
  static Plan replicates(std::vector<std::vector<double>> points, int count, std::uint64_t seed,
                         int first = 0);

  bool operator==(const Plan&) const = default;
};

/// The plan as bytes (every double's bits) and back: how rank 0 hands a plan to the other
/// ranks. Throws std::runtime_error when `bytes` is not what plan_to_bytes wrote.
std::string plan_to_bytes(const Plan& plan);
Plan plan_from_bytes(std::string_view bytes);

}  // namespace regsim::experiment
