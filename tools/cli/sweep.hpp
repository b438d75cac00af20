#pragma once
/// @brief `regsim sweep SPEC -o OUTDIR` and `regsim run SCENARIO --replicates N`: the arguments
/// handed to the experiment layer (experiment/sweep.hpp, which runs and writes everything), the
/// progress bar and the summary lines.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

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

/// `regsim run SCENARIO --replicates N` with N > 1 (experiment::run_replicates), then the
/// replicate mean's summary and the probability of attainment across the replicates.
struct ReplicateArgs {
  std::string scenario;
  std::string output;  ///< OUTDIR (default: runs/<scenario name>)
  int threads = 0;
  std::optional<std::uint64_t> seed;
  int replicates = 2;
  bool force = false;                     ///< overwrite existing run files and sweep.h5
  bool quiet = false;                     ///< no summary table
  std::optional<std::string> max_memory;  ///< --max-memory (default: the memory available)
};

/// Returns the exit code; throws std::invalid_argument when OUTDIR already holds results (without
/// --force) or names an .h5 file.
int run_replicates(const ReplicateArgs& args);

}  // namespace regsim::cli
