#pragma once
/// @brief The optimisation driver (`regsim optimize SPEC -o DIR`, Python's regsim.optimize): the
/// least costly policy mix that attains the plan's targets with a required probability
/// (problem.hpp). Writes DIR/optimize.h5 (every evaluated mix, the best one, the
/// cost-vs-probability front; writer.hpp), DIR/best.toml (the best mix as an overlay scenario,
/// when one meets every constraint) and DIR/evaluations.cache (the evaluations, appended as
/// they finish: the same request run again after an interruption replays them instead of
/// running them again). Every evaluation's replicates are one job of the runner (threads, and
/// every rank under mpirun).

#include <atomic>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "experiment/optimize/problem.hpp"
#include "experiment/optimize_spec.hpp"
#include "experiment/runner.hpp"

namespace regsim::optimize {

/// Exit code when the search ran but no evaluated mix meets every constraint.
inline constexpr int kOptimizeInfeasible = 3;

struct Request {
  std::string spec;
  std::string output;  ///< default: runs/<spec file name without .toml>
  int threads = 0;
  std::optional<int> max_evaluations;  ///< overrides the spec's
  std::optional<std::string> max_memory;
  /// After every evaluation (rank 0): the search's progress and how many evaluations were
  /// replayed from the cache so far.
  std::function<void(const Progress&, int replayed)> progress;
  std::function<void(const std::string&)> notice;  ///< remarks for the user (rank 0)
  /// true: no new run starts (experiment::Cancelled); the cache keeps what finished
  const std::atomic<bool>* stop = nullptr;
};

/// What the search found, with what it was found on (the spec, the base scenario, the problem).
struct Outcome {
  std::unique_ptr<scenario::OptimizeSpec> spec;
  std::unique_ptr<scenario::Scenario> base;
  std::unique_ptr<experiment::Runner> runner;
  std::unique_ptr<Problem> problem;
  Result result;
  int replayed = 0;  ///< evaluations answered from the cache
  double seconds = 0;
  std::filesystem::path h5, best_toml, cache_file;
  /// 0, or kOptimizeInfeasible when no evaluated mix meets every constraint.
  int exit_code = 0;
};

/// Rank 0 (or a single process). Throws ScenarioError for a bad spec or scenario,
/// std::invalid_argument for a refused output directory or too little memory.
Outcome run(const Request& request);
/// Ranks other than 0: their share of every evaluation; returns rank 0's exit code.
int serve(const Request& request);

}  // namespace regsim::optimize
