#pragma once
/// @brief The one NLopt restart loop of the experiment drivers (calibrate: BOBYQA or Subplex;
/// optimize: COBYLA with inequality constraints).
///
/// A local search on the unit cube [0, 1]^n is run again and again: each run starts where the
/// driver says (its best point so far), with a first step that halves from run to run; below
/// the smallest step a new cycle starts with the first step again (or, with
/// `end_idle_cycles`, the search ends when the cycle left the best point unchanged). It ends
/// when the driver says it is finished (budget spent, goal reached), or when a run asked for
/// no evaluation at all (NLopt refused to start). NLopt is C: an exception thrown by the
/// objective or the constraints stops the run and is rethrown from restart_search. The
/// evaluation itself, its cache and its bookkeeping belong to the driver: this loop only runs
/// NLopt.

#include <cstddef>
#include <functional>
#include <span>
#include <vector>

namespace regsim::experiment {

enum class LocalMethod {
  bobyqa,   ///< NLOPT_LN_BOBYQA: bound-constrained, quadratic models (two dimensions at least)
  subplex,  ///< NLOPT_LN_SBPLX: bound-constrained, any dimension
  cobyla,   ///< NLOPT_LN_COBYLA: inequality constraints by linear approximation
};

struct RestartSearch {
  LocalMethod method = LocalMethod::bobyqa;
  std::size_t dimensions = 0;
  double first_step = 0.2;      ///< a run's initial step on the scaled variables
  double smallest_step = 0.01;  ///< below it, a new cycle starts at first_step
  double xtol = 1e-4;           ///< a run stops when a step changes no variable by more
  /// After a cycle that left best_point() unchanged, the search ends.
  bool end_idle_cycles = false;

  /// The objective at scaled point `u` (NLopt minimises it). May throw.
  std::function<double(std::span<const double> u)> objective;
  /// Inequality constraints (<= 0 is met), `constraint_count` of them, at `u`; COBYLA asks for
  /// them after the objective at the same point. May throw.
  std::size_t constraint_count = 0;
  std::function<void(std::span<const double> u, std::span<double> out)> constraints;

  /// Whether the search is over: checked before each run and before each objective call (a
  /// run in progress is stopped, and the objective not called), and after each objective call.
  std::function<bool()> finished;
  /// The evaluations NLopt may ask for in the next run (nlopt_set_maxeval).
  std::function<int()> run_budget;
  /// Where run `run` (0, 1, ...) starts, scaled.
  std::function<std::vector<double>(int run)> start;
  /// An identity of the best point so far (for end_idle_cycles).
  std::function<std::size_t()> best_point;
};

/// Runs the search; returns the number of NLopt runs made.
int restart_search(const RestartSearch& search);

}  // namespace regsim::experiment
