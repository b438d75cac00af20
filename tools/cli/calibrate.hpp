#pragma once
/// @brief `regsim calibrate SCENARIO -o OVERLAY`: fits the scenario's [calibration] parameters
/// to its plan targets and writes the fitted values as an overlay scenario with a fit report.

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

/// Exit code of a calibration that wrote its best overlay without reaching the standard.
inline constexpr int kCalibrationShort = 3;

/// Returns 0 when the standard is reached, kCalibrationShort when not (the overlay is written
/// either way); throws ScenarioError for a bad scenario or [calibration].
int run_calibrate(const CalibrateArgs& args);

}  // namespace regsim::cli
