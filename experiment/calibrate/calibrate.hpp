#pragma once
/// @brief A calibration from a scenario file to a fitted overlay (`regsim calibrate`): the
/// scenario and its [calibration] checked, the replicates of every evaluation run as one job of
/// the runner (on this process's threads and, under `mpirun`, on every rank; averaged in
/// replicate order, so the fit is the single process's), the fit (problem.hpp), and the overlay
/// written atomically with its fit report (report.hpp).

#include <atomic>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "experiment/calibrate/diagnostics.hpp"
#include "experiment/calibrate/problem.hpp"

namespace regsim::calibrate {

/// Exit code of a calibration that wrote its best overlay without reaching the standard.
inline constexpr int kCalibrationShort = 3;

struct Request {
  std::string scenario;                   ///< the scenario file
  std::string output;                     ///< the overlay scenario to write
  int threads = 0;                        ///< per process; 0: all cores
  std::optional<int> max_evaluations;     ///< overrides [calibration] max_evaluations
  std::optional<int> replicates;          ///< overrides [calibration] replicates
  std::optional<std::string> max_memory;  ///< the memory limit (default: the memory available)
  std::function<void(const Progress&)> progress;   ///< after every evaluation (rank 0)
  std::function<void(const std::string&)> notice;  ///< a remark for the user (rank 0)
  bool quiet_diagnostics = false;                  ///< no notice before the diagnostics
  const std::atomic<bool>* stop = nullptr;  ///< true: no new run starts (experiment::Cancelled)
};

struct Outcome {
  Fit fit;
  Diagnostics diagnostics;              ///< diagnostics.hpp
  std::vector<std::string> parameters;  ///< the fitted parameters' keys, in order
  std::vector<std::string> report;      ///< the fit report (report.hpp), as written in the overlay
  std::string written;                  ///< the overlay's path
  /// 0 when the standard is reached, kCalibrationShort when not (the overlay is written either
  /// way).
  int exit_code = 0;
};

/// The calibration: the whole of it in one process; under mpirun, rank 0's part (the search,
/// the overlay), the other ranks serving it (serve). Throws ScenarioError for a bad scenario
/// or [calibration], std::invalid_argument for a refused output path or too little memory.
Outcome calibrate(const Request& request);

/// A rank other than 0 of `mpirun -n K`: simulates its replicates of every evaluation rank 0
/// asks for, until rank 0 ends; returns rank 0's exit code.
int serve(const Request& request);

}  // namespace regsim::calibrate
