#pragma once
/// @brief `regsim calibrate SCENARIO -o OVERLAY`: fits the scenario's [calibration] parameters
/// to its plan targets and writes the fitted values as an overlay scenario with a fit report
/// (experiment/calibrate/calibrate.hpp); the CLI shows the progress, the report and the verdict.

#include <optional>
#include <string>

namespace regsim::cli {

struct CalibrateArgs {
  std::string scenario;
  std::string output;                     ///< the overlay scenario to write
  int threads = 0;                        ///< 0: all cores
  std::optional<int> max_evaluations;     ///< overrides [calibration] max_evaluations
  std::optional<int> replicates;          ///< overrides [calibration] replicates
  bool quiet = false;                     ///< no progress, no report on stdout
  std::optional<std::string> max_memory;  ///< --max-memory (default: the memory available)
};

/// Returns 0 when the standard is reached, calibrate::kCalibrationShort when not (the overlay is
/// written either way); throws ScenarioError for a bad scenario or [calibration]. On a rank
/// other than 0 of `mpirun`, serves rank 0 and returns its exit code.
int run_calibrate(const CalibrateArgs& args);

}  // namespace regsim::cli
