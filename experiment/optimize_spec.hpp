#pragma once
/// @brief Optimisation specs (`regsim optimize SPEC`, docs/SCENARIOS.md, "Optimisation specs"):
/// a base scenario, decision variables (scenario keys with bounds), the probability with which
/// the selected plan targets must be attained over common-random-number replicates, optional
/// budget ceilings per payer, and the search's budget.
///
/// Every problem is a ScenarioError located in the spec file (file:line:column); a variable
/// that the base scenario rejects (unknown key, bound out of range) is located at the variable.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "engine/scenario/key_path.hpp"
#include "engine/scenario/scenario.hpp"

namespace regsim::scenario {

/// How an "=" target row (value ± tolerance) counts as attained. `band`: within the tolerance,
/// as the plan reads (`regsim run`); `floor`: at least the value minus the tolerance, overshoot
/// allowed (a plan's "reach X by 2020"). ">=" and "<=" rows are the same under both.
enum class Reach { band, floor };
/// What the probability bounds. `rows`: each selected row is attained in at least that share
/// of the replicates; `plan`: every selected row in the same replicate, in that share.
enum class ProbabilityOf { rows, plan };
const char* to_string(Reach r);
const char* to_string(ProbabilityOf p);

struct OptimizeVariable {
  std::string key;  ///< as written, e.g. "policies.subsidy[X].params.points"
  std::vector<SweepKeyStep> path;
  double min = 0, max = 0;
  SourceLocation where;  ///< of the variable's `key`
};

/// A ceiling on what one payer spends on instruments (policy + finance spending), summed over
/// the simulated years, undiscounted, replicate mean.
struct OptimizeBudget {
  std::string payer;  ///< a payer entity: a county's name, "upper" or "province"
  double max_yi = 0;  ///< 亿元
  SourceLocation where;
};

struct OptimizeSpec {
  std::string file;            ///< as given
  std::string text;            ///< the spec file's text
  std::string sha256;          ///< of text
  std::filesystem::path base;  ///< the base scenario, absolute
  std::vector<OptimizeVariable> variables;
  std::vector<OptimizeBudget> budgets;
  /// Target ids whose modelled rows are constrained (all modelled rows when empty), with where
  /// each is written (checked against the base scenario by check_optimize_spec).
  std::vector<std::string> targets;
  std::vector<SourceLocation> target_where;
  /// Years whose rows are constrained (every year when empty), e.g. the plan's last year.
  std::vector<int> years;
  std::vector<SourceLocation> year_where;
  int replicates = 8;  ///< common-random-number replicates per evaluation
  /// Replicates R .. R + V - 1 on which the plan's mix and the best one are evaluated again
  /// after the search (optimize::Validation); 0: none. Default 2 R.
  int validation_replicates = 16;
  double probability = 0.8;  ///< required probability of attainment
  ProbabilityOf probability_of = ProbabilityOf::rows;
  Reach reach = Reach::band;
  double discount_rate = 0;  ///< per year; spending in year t weighs (1 + r)^-(t - base year)
  int max_evaluations = 150;
  int initial_points = 8;  ///< Latin-hypercube points evaluated before the local search
  std::uint64_t seed = 0;  ///< of the initial points (the model's seed is the scenario's)
  SourceLocation where;    ///< of the [optimize] table
};

/// Reads and checks a spec file (keys, types, ranges). Does not look at the base scenario beyond
/// its path: call check_optimize_spec for that.
OptimizeSpec load_optimize_spec(const std::filesystem::path& file);

/// Checks the spec against its base scenario `base` (loaded from spec.base): each variable's
/// key selects existing elements and both bounds are accepted; each target id names a modelled
/// row, each year is a year of some selected modelled row; each budget names a payer of the
/// scenario. Errors are located in the spec file.
void check_optimize_spec(const OptimizeSpec& spec, const Scenario& base);

}  // namespace regsim::scenario
