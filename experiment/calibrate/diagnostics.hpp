#pragma once
/// @brief What a fit means, beyond meeting its rows (MODEL.md 3.8, "Diagnostics"): which fitted
/// values an economist would not accept (outside their plausible range, engine/scenario/
/// plausible.hpp), which sit at a search bound, whether the fit moved from its start, which
/// rows no parameter moves and which parameters the rows do not pin (unidentified) or cannot
/// tell apart (confounded), from a local sensitivity of the rows to the parameters; and how often
/// the fitted scenario attains each row on replicates the fit never saw.

#include <functional>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "engine/observe/attainment.hpp"
#include "engine/scenario/plausible.hpp"
#include "experiment/calibrate/problem.hpp"

namespace regsim::calibrate {

/// A parameter within this share of its bounds' width from a bound is "at the bound".
inline constexpr double kAtBoundShare = 0.01;
/// The fit "did not move" when no parameter moved by this share of its bounds' width.
inline constexpr double kMovedShare = 1e-3;
/// Step of the local sensitivity, as a share of the bounds' width (inward from a bound).
inline constexpr double kSensitivityStep = 0.05;
/// A row moves by less than this (in log terms) across a parameter's whole bounds' width:
/// the parameter does not move it.
inline constexpr double kMovesRow = 0.02;
/// Two parameters whose sensitivity columns have |cosine| above this are confounded.
inline constexpr double kConfounded = 0.98;
/// Replicates of the re-check: at least this many, and at least as many as the fit used.
inline constexpr int kRecheckReplicates = 12;

struct Diagnostics {
  std::vector<std::optional<scenario::PlausibleRange>> plausible;  ///< per parameter
  std::vector<bool> implausible;  ///< fitted value outside its plausible range
  std::vector<int> at_bound;      ///< -1 at the lower, +1 at the upper search bound, 0 neither
  bool moved = true;              ///< some parameter moved from its start
  /// d row / d parameter across the parameter's bounds' width (rows: Problem::rows order,
  /// in-sample modelled rows with a value; log terms where positive). Empty when not computed.
  std::vector<std::vector<double>> sensitivity;
  std::vector<std::size_t> sensitivity_rows;  ///< the rows' indices into Problem::rows
  std::vector<std::size_t> unmoved_rows;      ///< rows no parameter moves (indices as above)
  std::vector<std::size_t> unidentified;      ///< parameters that move no row
  std::vector<std::size_t> unmeasured;  ///< parameters whose steps both make the scenario invalid
  std::vector<std::pair<std::size_t, std::size_t>> confounded;
  int rank = 0;  ///< numerical rank of the sensitivity matrix
  /// The re-check: replicates first .. first + count - 1, per row of Problem::rows and the whole
  /// plan.
  int recheck_first = 0, recheck_count = 0;
  std::vector<AttainmentProbability> row_probability;
  AttainmentProbability plan_probability;

  bool any_implausible() const;
};

struct DiagnoseOptions {
  /// The replicate means at given parameter values (Problem::simulate, or the driver's over MPI).
  std::function<std::vector<double>(std::span<const double>)> simulate;
  bool sensitivity = true;  ///< compute the local sensitivity (one evaluation per parameter)
  int recheck_replicates = kRecheckReplicates;  ///< 0: no re-check
};

/// The diagnostics of `fit` (its means at fit.fitted). Costs one evaluation per parameter and
/// recheck replicates runs. Deterministic.
Diagnostics diagnose(const Problem& problem, const Fit& fit, const DiagnoseOptions& options);

/// A target the fit leaves unmet in some in-sample year, and why: the rows' deviations and the
/// parameters that would move them further but sit at the end of their search bounds (inside
/// their plausible ranges, the shipped baselines' bounds). What a baseline overlay writes as the
/// target's `finding` (MODEL.md 3.8).
struct Finding {
  std::string id;
  std::string text;
};
std::vector<Finding> findings(const Problem& problem, const Fit& fit, const Diagnostics& d);

/// The report's diagnostics section (plain text lines), including the verdict on plausibility.
std::vector<std::string> diagnostics_lines(const Problem& problem, const Fit& fit,
                                           const Diagnostics& d);

}  // namespace regsim::calibrate
