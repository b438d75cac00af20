#pragma once
/// @brief The fit report of a calibration (plain text lines) and the overlay scenario that
/// `regsim calibrate` writes: the fitted parameters, with the report on top as comments.

#include <string>
#include <vector>

#include "experiment/calibrate/diagnostics.hpp"
#include "experiment/calibrate/problem.hpp"

namespace regsim::calibrate {

/// Where and how long the fit ran, for the report.
struct RunInfo {
  std::string scenario_file;  ///< as the user gave it
  double seconds = 0;         ///< wall time of the fit
  int ranks = 1;              ///< MPI ranks (1: one process)
  int threads = 1;            ///< threads per rank
  int max_evaluations = 0;    ///< the budget
};

/// The fit report: the standard reached or not, the evaluations, the parameters (bounds, start,
/// fitted) and every modelled target row (target, replicate mean, deviation, sample, met).
/// With `diagnostics`, its section follows the rows, and a standard reached with implausible
/// parameters says so in the verdict line.
std::vector<std::string> report(const Problem& problem, const Fit& fit, const RunInfo& info,
                                const Diagnostics* diagnostics = nullptr);

/// The overlay scenario: `report` as comments, then the fitted parameters in a scenario that
/// `extends` the calibrated one (a path as written in the overlay) and sets `replicates`.
/// With `diagnostics`, every target the fit leaves unmet gets its `finding` (findings()).
std::string overlay_text(const Problem& problem, const Fit& fit,
                         const std::vector<std::string>& report, const std::string& extends,
                         int replicates, const Diagnostics* diagnostics = nullptr);

}  // namespace regsim::calibrate
