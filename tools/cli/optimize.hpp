#pragma once
/// @brief `regsim optimize SPEC -o DIR`: the least costly policy mix that attains the plan's
/// targets with a required probability (experiment/optimize/optimize.hpp). Writes DIR/optimize.h5
/// (every evaluated mix, the best one, the cost-vs-probability front), DIR/best.toml (the best
/// mix as an overlay scenario, when one meets every constraint) and DIR/evaluations.cache (the
/// evaluations, appended as they finish: the same command run again after an interruption
/// replays them instead of running them again).

#include <optional>
#include <string>

namespace regsim::cli {

struct OptimizeArgs {
  std::string spec;
  std::string output;  ///< default: runs/<spec file name without .toml>
  int threads = 0;
  std::optional<int> max_evaluations;  ///< overrides the spec's
  std::optional<std::string> max_memory;
  bool quiet = false;
};

int run_optimize(const OptimizeArgs& args);

}  // namespace regsim::cli
