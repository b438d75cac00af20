#pragma once
/// @file
/// @brief Writes a `regsim optimize` search to HDF5 (optimize.h5): its settings, every
/// evaluated mix, the best one and the cost-vs-probability front.
///
/// ## File layout
///
/// Strings are variable-length UTF-8; "亿元" is 1e8 CNY.
///
/// ```text
/// /                                  root group
///   @regsim_version @created_utc    str
///   @spec @spec_sha256              str    the optimisation spec's text and its SHA-256
///   @scenario_name @scenario_sha256 str    the base scenario and its resolved SHA-256
///   @seed                           uint64 the base scenario's model seed
///   @design_seed                    uint64 the initial Latin-hypercube points' seed
///   @replicates @required_replicates int32 R, and k = ceil(p R) that must attain
///   @probability                    float64 p
///   @probability_of                 str    "rows" (each row) or "plan" (all rows jointly)
///   @reach                          str    "band" or "floor" ("=" rows)
///   @discount_rate                  float64 per year, to the base year
///   @feasible                       int8   1: some evaluated mix meets every constraint
///   @best                           int32  evaluation index of the best mix (the cheapest
///                                          feasible one, else the least violating)
///   @restarts                       int32  COBYLA runs after the first
///   @threads                        int32  threads used (results do not depend on it)
///   variable      str [variable]    dimension scale "variable": the scenario keys
///   variable_min variable_max  float64 [variable]   bounds, in the keys' units
///   plan_mix      float64 [variable]                the base scenario's own values (clamped)
///   row           int32 [row]       dimension scale "row": the constrained target rows
///   row_id row_entity row_variable row_comparator   str [row]
///   row_year      int32 [row]
///   row_target row_tolerance  float64 [row]
///   budget_payer  str [budget]      dimension scale "budget": capped payers
///   budget_max    float64 [budget]  亿元 over the simulated years
///   history/
///     evaluation  int32 [evaluation]     dimension scale: 0 .. n-1 in search order
///     phase       str [evaluation]       "plan", "initial" or "cobyla"
///     x           float64 [evaluation, variable]
///     valid       int8 [evaluation]      0: the scenario rejected the mix (no runs)
///     feasible    int8 [evaluation]
///     cost        float64 [evaluation]   亿元: policy + finance spending, discounted,
///                                        replicate mean
///     spending    float64 [evaluation]   亿元, undiscounted
///     probability float64 [evaluation]   what the constraint bounds: the least row's share
///                                        of attaining replicates ("rows") or the plan's
///     plan_attained int32 [evaluation]   replicates attaining every constrained row
///     row_attained  int32 [evaluation, row]
///     row_margin    float64 [evaluation, row]   k-th largest relative margin (>= 0: met)
///     budget_spending float64 [evaluation, budget]  亿元, replicate mean
///   front/
///     point       int32 [point]          dimension scale: cheapest first
///     evaluation  int32 [point]          history index
///     probability probability_low probability_high  float64 [point]   with the 95% Wilson
///                                        interval over the replicates
///     cost        float64 [point]        亿元
///   validation/                      only when validated: the plan's mix and the best one
///     @first_replicate @replicates int32      on replicates the search never saw
///     mix         str [mix]          dimension scale: "plan", "best"
///     evaluation  int32 [mix]        history index of the mix
///     cost spending  float64 [mix]   亿元, replicate mean
///     probability probability_low probability_high  float64 [mix]   as history/probability,
///                                    with the 95% Wilson interval
///     feasible    int8 [mix]         every constraint met on these replicates
///     plan_attained int32 [mix]; row_attained int32 [mix, row]
/// ```

#include <array>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "experiment/optimize/problem.hpp"

namespace regsim::output {

struct OptimizeFileInfo {
  std::string regsim_version, spec_text, spec_sha256, scenario_name, scenario_sha256;
  std::uint64_t seed = 0, design_seed = 0;
  int replicates = 0, required_replicates = 0, threads = 0;
  double probability = 0, discount_rate = 0;
  std::string probability_of, reach;
  std::vector<std::string> variables;
  std::vector<double> variable_min, variable_max, plan_mix;
  std::vector<std::string> row_id, row_entity, row_variable, row_comparator;
  std::vector<int> row_year;
  std::vector<double> row_target, row_tolerance;
  std::vector<std::string> budget_payer;
  std::vector<double> budget_max;
  /// Per evaluation of `result.history`: Problem::feasible and Problem::probability.
  std::vector<bool> feasible;
  std::vector<double> probability_of_evaluation;
  /// The same for result.validation's plan and best mixes.
  std::array<bool, 2> validation_feasible{};
  std::array<double, 2> validation_probability{};
};

/// Writes `result` to `path` atomically (temporary_path, then a rename); overwrites `path`.
/// Throws OutputError; on failure no file is left at `path` or at the temporary path.
void write_optimize_file(const optimize::Result& result, const OptimizeFileInfo& info,
                         const std::filesystem::path& path);

}  // namespace regsim::output
