#pragma once
/// @brief `regsim sweep SPEC -o OUTDIR` and `regsim run SCENARIO --replicates N`: the arguments
/// handed to the experiment layer (experiment/sweep.hpp and scenario_run.hpp run and write
/// everything), the progress bar and the summary lines.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "experiment/scenario_run.hpp"
#include "experiment/sweep.hpp"

namespace regsim::cli {

/// Under `mpirun -n K` (or srun), rank 0 hands the runs out to the slots of every rank and
/// writes sweep.h5 (experiment/sweep.hpp).
struct SweepArgs {
  std::string spec;
  std::string output;  ///< OUTDIR (default: runs/<spec file stem>)
  int threads = 0;     ///< 0: all cores
  bool force = false;  ///< redo runs whose files do not match the spec
  bool quiet = false;
  /// false (--no-run-files): only sweep.h5 is written; nothing to resume from, every run is done
  bool run_files = true;
  /// --shard I/N (job arrays): only this share of the runs, run files only, no sweep.h5
  std::optional<experiment::Shard> shard;
  /// --gather: write sweep.h5 from the run files; an error when a run has no finished file
  bool gather = false;
  std::optional<std::size_t> stop_after;  ///< tests only: exit abruptly after N new runs
  std::optional<std::string> max_memory;  ///< --max-memory (default: the memory available)
};

/// Returns the process exit code; throws ScenarioError for a bad spec and std::invalid_argument
/// for run files that do not match the spec (without --force).
int run_sweep(const SweepArgs& args);

/// The progress bar of a sweep (on stderr unless quiet), drawn by `request`'s callbacks.
void attach_sweep_progress(experiment::SweepRequest& request, const SweepArgs& args);
/// The summary lines of a finished sweep (unless quiet).
void print_sweep_summary(const SweepArgs& args, const experiment::SweepOutcome& outcome);

/// What `regsim run SCENARIO --replicates N` (N > 1) prints of its outcome
/// (experiment::run_scenario): the replicate mean's summary (unless quiet), the probability of
/// attainment across the replicates, the files written. Returns the exit code.
int print_replicates(const experiment::RunOutcome& outcome, bool quiet);

}  // namespace regsim::cli
