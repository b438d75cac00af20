#pragma once
/// @brief The calibration problem: a scenario's `[calibration]` parameters fitted to its plan
/// targets (docs/SCENARIO_FORMAT.md, `[calibration]`; MODEL.md, *Calibration*). The driver
/// that reads the scenario and writes the fitted overlay is experiment/calibrate/calibrate.hpp.
///
/// An evaluation sets the parameters through an overlay scenario that `extends` the scenario
/// (the same text `regsim calibrate` writes), runs replicates 0 .. R-1 of the scenario's seed
/// (common random numbers: the objective is a deterministic function of the parameters) and
/// averages each target's simulated value over them. The objective is the sum of squared log
/// deviations of the `=` rows plus squared log shortfalls of unmet inequality rows (with a
/// safety margin), over the rows whose year is not held out. NLopt's BOBYQA minimises it on the
/// parameters scaled to [0, 1], restarted from the best point with a smaller step until the
/// budget is spent or the standard is reached with margin (experiment/search.hpp). Results do not
/// depend on the number of threads.

#include <cstddef>
#include <filesystem>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "engine/scenario/key_path.hpp"
#include "engine/scenario/scenario.hpp"
#include "experiment/runner.hpp"

namespace regsim::calibrate {

/// Early stop: every in-sample `=` row within this share of its tolerance (2% of 3%), and
/// every inequality met by this relative margin, so that the ±tolerance standard survives.
inline constexpr double kEqualAimShare = 2.0 / 3.0;
inline constexpr double kInequalityMargin = 0.01;

/// Checks the scenario's [calibration] against the scenario itself: each parameter key selects
/// existing elements and the parser accepts both bounds. Throws a ScenarioError located at the
/// parameter's `key`. Does nothing when the scenario has no [calibration].
void check_calibration(const scenario::Scenario& sc);

/// One modelled target row: how the simulated value compares with the target.
struct RowFit {
  std::size_t target = 0;  ///< index in Scenario::targets
  bool holdout = false;    ///< its year is in holdout_years or it is excluded: not in the objective
  bool excluded = false;   ///< its id is in exclude_targets
  double simulated = 0;    ///< replicate mean
  double deviation = 0;    ///< (simulated - target) / |target|
  int met = -1;            ///< attainment (1, 0, -1 no value)
};

/// The objective and its rows, evaluated at given parameter values.
class Problem {
 public:
  /// `sc` must have been loaded from a file (its source_file is what overlays extend) and must
  /// outlive the problem. The replicates run on `runner` (which must outlive the problem), or
  /// on a runner of the problem's own with `threads` threads.
  Problem(const scenario::Scenario& sc, int replicates, experiment::Runner& runner);
  Problem(const scenario::Scenario& sc, int replicates, int threads);
  ~Problem();

  std::size_t size() const { return paths_.size(); }
  const scenario::Scenario& scenario() const { return sc_; }
  int replicates() const { return replicates_; }

  /// The overlay scenario setting the parameters to `values`: `extends` (a path as written in
  /// the overlay) and `top` (top-level TOML text) as in scenario::overlay_scenario.
  std::string overlay(std::span<const double> values, const std::string& extends,
                      const std::string& top = {}) const;

  /// The replicate mean of every target's simulated value (NaN for out-of-scope targets), the
  /// scenario run with the parameters at `values`: mean(the target values of replicates
  /// 0 .. R-1 of scenario_at(values)), the replicates run as one job of the runner (on every rank
  /// under mpirun: the other ranks serve job()).
  std::vector<double> simulate(std::span<const double> values) const;
  /// Every target's value in replicates first .. first + count - 1 of scenario_at(values), in
  /// replicate order (one job of the runner): the diagnostics' re-check on unseen replicates.
  std::vector<std::vector<double>> per_replicate(std::span<const double> values, int first,
                                                 int count) const;
  /// The job of a plan of parameter points (the plan's point values): their scenarios
  /// (scenario_at); what simulate runs and the other ranks serve.
  experiment::Job job(const experiment::Plan& plan) const;

  /// The scenario with the parameters at `values` (the overlay, parsed). Throws ScenarioError
  /// when the point makes the scenario invalid.
  scenario::Scenario scenario_at(std::span<const double> values) const;
  /// Every target's simulated value in a run (NaN for out-of-scope targets).
  std::vector<double> target_values(const RunResult& result) const;
  /// The mean over replicates 0 .. R-1 (`per_replicate` in replicate order), summed in that
  /// order: the same bits however the replicates were spread over threads or processes.
  std::vector<double> mean(const std::vector<std::vector<double>>& per_replicate) const;

  /// The objective of replicate means `means` (as simulate returns).
  double objective(std::span<const double> means) const;

  /// Every modelled target row at `means`.
  std::vector<RowFit> rows(std::span<const double> means) const;

  /// Every in-sample row meets the standard (`=` within tolerance, inequalities hold); with
  /// `margin`, the stricter early-stop criterion (kEqualAimShare, kInequalityMargin).
  bool standard_met(std::span<const double> means, bool margin) const;

  /// The parameter's value in the scenario, or the middle of its bounds when the key is not
  /// written; clamped to the bounds.
  double start(std::size_t parameter) const { return start_[parameter]; }
  /// Whether the parameter's key is written in the scenario (else start() is the middle).
  bool start_written(std::size_t parameter) const { return written_[parameter]; }

  /// Whether the target row is out of the objective: its year is one of the calibration's
  /// holdout_years, or its id is excluded (exclude_targets).
  bool holdout(const scenario::Target& t) const;
  bool excluded(const scenario::Target& t) const;

 private:
  Problem(const scenario::Scenario& sc, int replicates,
          std::unique_ptr<experiment::Runner> own_runner, experiment::Runner* runner);

  const scenario::Scenario& sc_;
  int replicates_;
  std::unique_ptr<experiment::Runner> own_runner_;
  experiment::Runner* runner_;
  std::filesystem::path file_;  ///< the scenario file, absolute
  std::vector<std::vector<scenario::SweepKeyStep>> paths_;
  std::vector<double> start_;
  std::vector<bool> written_;
};

struct Progress {
  int evaluation = 0;  ///< evaluations so far
  int max_evaluations = 0;
  double best = 0;  ///< best objective so far
  int within = 0;   ///< in-sample rows meeting the standard at the best point
  int rows = 0;     ///< in-sample rows
};

struct Options {
  int max_evaluations = 300;
  /// Replaces Problem::simulate when set; must return the same values. Throws ScenarioError for
  /// an invalid point, as simulate does.
  std::function<std::vector<double>(std::span<const double> values)> simulate;
  std::function<void(const Progress&)> progress;  ///< after every evaluation
};

struct Fit {
  std::vector<double> start;
  std::vector<double> fitted;
  std::vector<double> means;  ///< replicate means at `fitted`, per scenario target
  double objective = 0;
  int evaluations = 0;
  int restarts = 0;           ///< BOBYQA runs after the first
  bool standard_met = false;  ///< every in-sample row meets the standard
};

/// Minimises the objective (see the file comment). Deterministic.
Fit fit(const Problem& problem, const Options& options);

}  // namespace regsim::calibrate
