#pragma once
/// @brief `regsim sweep SPEC -o OUTDIR`: runs every (design point, replicate) of a sweep spec in
/// parallel, each written as it finishes to OUTDIR/sweep.h5 (a temporary file until the last run)
/// and, unless --no-run-files, to its own run file OUTDIR/runs/run-NNNNNN.h5 (resumable).

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

namespace regsim::cli {

/// `--shard I/N`: this process does the runs whose id mod N is I-1 (index = I-1).
struct Shard {
  std::size_t index = 0;
  std::size_t count = 1;
};
/// "I/N" with 1 <= I <= N; nullopt when malformed.
std::optional<Shard> parse_shard(const std::string& text);

/// Under `mpirun -n K` (or srun), rank 0 checks the spec and the output directory, hands the
/// runs out one at a time to the slots of every rank (its own included) as they become free,
/// and writes sweep.h5 from the runs they send back (in memory; each rank also writes its run
/// files, the checkpoint for a resumed job, so the output directory must be on a file system
/// every rank shares); the datasets are those of the single-process sweep, bit for bit.
struct SweepArgs {
  std::string spec;
  std::string output;  ///< OUTDIR (default: runs/<spec file stem>)
  int threads = 0;     ///< 0: all cores
  bool force = false;  ///< redo runs whose files do not match the spec
  bool quiet = false;
  /// false (--no-run-files): only sweep.h5 is written; nothing to resume from, every run is done
  bool run_files = true;
  /// --shard I/N (job arrays): only this share of the runs, run files only, no sweep.h5
  std::optional<Shard> shard;
  /// --gather: write sweep.h5 from the run files; an error when a run has no finished file
  bool gather = false;
  std::optional<std::size_t> stop_after;  ///< tests only: exit abruptly after N new runs
  std::optional<std::string> max_memory;  ///< --max-memory (default: the memory available)
};

/// Returns the process exit code; throws ScenarioError for a bad spec and std::invalid_argument
/// for run files that do not match the spec (without --force).
int run_sweep(const SweepArgs& args);

/// `regsim run SCENARIO --replicates N` with N > 1: replicates 0 .. N-1 of one scenario (random
/// streams keyed by (seed, replicate)), written like a sweep of one point without factors:
/// OUTDIR/runs/run-NNNNNN.h5 (run id = replicate) and OUTDIR/sweep.h5 (@design "replicates").
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
