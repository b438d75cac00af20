#pragma once
/// @brief `regsim optimize`: the least costly policy mix that attains the plan's targets with a
/// required probability (docs/POLICY_DESIGN.md, "The cheapest mix that meets the plan").
///
/// A mix is a value of each decision variable (a scenario key within bounds). Evaluating it
/// runs replicates 0 .. R-1 of the base scenario's seed (common random numbers: the same draws
/// for every mix, so an evaluation is a deterministic function of the mix) and measures
///   cost        the replicate mean of policy + finance spending of all payers, summed over the
///               simulated years, year t discounted by (1 + r)^-(t - base year);
///   attainment  for each constrained target row, the replicates that attain it (an "=" row
///               within its tolerance, or under `reach = "floor"` at least value - tolerance),
///               and the replicates that attain every constrained row (the plan);
///   budgets     each capped payer's policy + finance spending (replicate mean, undiscounted).
///
/// The constraint "attained in at least a share p of the replicates" is a step function of the
/// mix; the search uses an equivalent continuous form. Each row and replicate has a margin, the
/// relative distance of the simulated value inside the row's bound (negative outside: for "="
/// under `band`, tolerance - |s - v| / |v|; for ">=", (s - v) / |v|; ...). The row is attained
/// in at least k = ceil(p R) replicates exactly when the k-th largest margin is >= 0, and that
/// order statistic moves continuously with the simulated values. For the plan, a replicate's
/// margin is its smallest row margin. NLopt's COBYLA (Powell 1994: derivative-free, inequality
/// constraints by linear approximation) minimises cost / (cost of the plan's mix) on the
/// variables scaled to [0, 1], subject to -(k-th largest margin) <= 0 per constraint and
/// spending / ceiling - 1 <= 0 per budget. It starts from the best of the plan's own mix and
/// `initial_points` Latin-hypercube mixes (seeded), and restarts from the best mix (the
/// cheapest feasible one, else the least violating) with half the step; below the smallest step
/// a new cycle starts with the first step, unless the last cycle left the best mix unchanged;
/// the evaluation budget stops it in any case. Results do not depend on the number of threads:
/// replicates run in parallel and are reduced in replicate order.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "engine/observe/attainment.hpp"
#include "engine/scenario/scenario.hpp"
#include "experiment/optimize_spec.hpp"
#include "experiment/runner.hpp"

namespace regsim::optimize {

inline constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// The margin of simulated value `s` inside target `t`'s bound under `reach` (see the file
/// comment): >= 0 exactly when the row is attained; -1e3 for a missing value (NaN).
double margin(const scenario::Target& t, double s, scenario::Reach reach);

/// The k-th largest of `values` (k >= 1; -inf when k > size).
double kth_largest(std::vector<double> values, int k);

/// One evaluated mix.
struct Evaluation {
  std::vector<double> x;                ///< the variables, in their units
  bool valid = true;                    ///< false: the scenario rejects the mix (no runs)
  std::string why_invalid;              ///< the scenario parser's message
  double cost = kNaN;                   ///< 亿元, discounted, replicate mean
  double spending = kNaN;               ///< 亿元, undiscounted, replicate mean
  std::vector<double> budget_spending;  ///< per spec budget: 亿元, replicate mean
  std::vector<int> row_attained;        ///< per constrained row: replicates attaining it
  std::vector<double> row_margin;       ///< per constrained row: the k-th largest margin
  int plan_attained = 0;                ///< replicates attaining every constrained row
  double plan_margin = kNaN;            ///< the k-th largest of the replicates' least margins
};

class Problem {
 public:
  /// `base` is the spec's base scenario (loaded from spec.base); both must outlive the problem.
  /// Throws ScenarioError when the spec does not fit the scenario (check_optimize_spec). The
  /// replicates run on `runner` (which must outlive the problem), or on a runner of the
  /// problem's own with `threads` threads.
  Problem(const scenario::OptimizeSpec& spec, const scenario::Scenario& base,
          experiment::Runner& runner);
  Problem(const scenario::OptimizeSpec& spec, const scenario::Scenario& base, int threads);
  ~Problem();

  const scenario::OptimizeSpec& spec() const { return spec_; }
  const scenario::Scenario& base() const { return base_; }
  std::size_t size() const { return spec_.variables.size(); }
  /// The constrained target rows: indices into base().targets, in their order.
  const std::vector<std::size_t>& rows() const { return rows_; }
  /// k: the replicates that must attain a constraint, ceil(p R).
  int required() const { return required_; }
  /// The plan's own mix: each variable's value in the base scenario clamped to its bounds (the
  /// middle of the bounds when the key is not written).
  const std::vector<double>& plan_mix() const { return plan_mix_; }
  /// Whether variable j's key is written in the base scenario (else plan_mix is the middle).
  bool plan_written(std::size_t j) const { return plan_written_[j]; }

  /// The overlay scenario (TOML) setting the variables to `x`, extending `extends`.
  std::string overlay(std::span<const double> x, const std::string& extends,
                      const std::string& top = {}) const;

  /// Runs the R replicates 0 .. R-1 of the mix `x` and measures them. A mix the scenario
  /// rejects gives valid = false.
  Evaluation evaluate(std::span<const double> x) const { return evaluate(x, 0, spec_.replicates); }
  /// The same over replicates first .. first + count - 1 (the validation of a chosen mix on
  /// replicates the search never saw); k stays required() scaled to count: ceil(p count).
  Evaluation evaluate(std::span<const double> x, int first, int count) const;
  /// The scenario of mix `x` (the overlay, parsed); throws ScenarioError when it rejects it.
  scenario::Scenario scenario_at(std::span<const double> x) const;
  /// The job of a plan of mixes (the plan's point values): their scenarios. What evaluate runs
  /// and the other ranks serve under mpirun.
  experiment::Job job(const experiment::Plan& plan) const;

  /// Whether `e` (of R replicates, or of `replicates`) meets every constraint (probability and
  /// budgets).
  bool feasible(const Evaluation& e, int replicates = 0) const;
  /// The probability the constraint bounds: the least row's share of attaining replicates
  /// (probability_of = rows) or the plan's share (plan); over R replicates, or `replicates`.
  double probability(const Evaluation& e, int replicates = 0) const;
  /// The constraint values NLopt sees (<= 0 is met): -margin per constraint, then
  /// spending / ceiling - 1 per budget.
  std::vector<double> constraints(const Evaluation& e) const;
  std::size_t constraint_count() const;
  /// ceil(p n): the replicates of n that must attain.
  int required_for(int replicates) const;

 private:
  Problem(const scenario::OptimizeSpec& spec, const scenario::Scenario& base,
          std::unique_ptr<experiment::Runner> own_runner, experiment::Runner* runner);

  const scenario::OptimizeSpec& spec_;
  const scenario::Scenario& base_;
  std::unique_ptr<experiment::Runner> own_runner_;
  experiment::Runner* runner_;
  std::vector<std::size_t> rows_;
  int required_ = 1;
  std::vector<double> plan_mix_;
  std::vector<bool> plan_written_;
};

struct Progress {
  int evaluation = 0;
  int max_evaluations = 0;
  double best_cost = kNaN;    ///< of the best feasible mix so far (NaN: none yet)
  double probability = kNaN;  ///< of that mix, as Problem::probability measures it
};

struct Options {
  /// Replaces Problem::evaluate when set (the CLI answers mixes evaluated by an earlier,
  /// interrupted search from its cache); must return what Problem::evaluate would.
  std::function<Evaluation(std::span<const double> x)> evaluate;
  std::function<void(const Progress&)> progress;  ///< after every evaluation
};

/// The cheapest mix found with P >= q, for each level q = j / R that some evaluated mix reaches
/// (q as probability() measures it), cheapest first: the trade-off between cost and the
/// probability of meeting the plan over the search's evaluations.
struct FrontPoint {
  double probability = 0;
  double cost = 0;
  std::size_t evaluation = 0;  ///< index into Result::history
};

/// The plan's mix and the best one evaluated again on replicates R .. R + V - 1, which the
/// search never saw: the search picks the mix whose R replicates happened to attain, so its own
/// estimate of the probability is biased upwards (the winner's curse); these are not.
struct Validation {
  int first_replicate = 0, replicates = 0;  ///< 0 replicates: not validated
  Evaluation plan, best;
};

struct Result {
  std::vector<Evaluation> history;  ///< in evaluation order; [0] is the plan's mix
  std::vector<std::string> phase;   ///< per evaluation: "plan", "initial" or "cobyla"
  bool feasible = false;            ///< some evaluated mix meets every constraint
  std::size_t best = 0;  ///< the cheapest feasible mix (earliest on ties); else the least
                         ///< violating one (largest sum of violations' negative)
  int restarts = 0;      ///< COBYLA runs after the first
  std::vector<FrontPoint> front;
  Validation validation;
};

/// Searches (see the file comment). Deterministic: the same spec, scenario and seed give the
/// same history, whatever the thread count.
Result search(const Problem& problem, const Options& options);

/// The cost-vs-probability front of `history` (see FrontPoint).
std::vector<FrontPoint> trade_off_front(const Problem& problem,
                                        const std::vector<Evaluation>& history);

}  // namespace regsim::optimize
