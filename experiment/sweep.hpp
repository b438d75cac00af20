#pragma once
/// @brief Sweeps (`regsim sweep`, `regsim sensitivity`, Python's regsim.sweep) and the
/// replicates of one scenario (`regsim run --replicates`): the plan of a spec's runs, resume,
/// shards and gather, and the files they write, over the runner (experiment/runner.hpp).
///
/// A sweep writes every (design point, replicate) as it finishes to OUTDIR/sweep.h5 (a
/// temporary file until the last run is in) and, unless run files are off, to its own run file
/// OUTDIR/runs/run-NNNNNN.h5, the checkpoint: a sweep run again skips the runs whose file has
/// the same scenario hash, seed and replicate (read back into sweep.h5). A shard (job arrays)
/// does the runs whose id mod N is I-1 and writes run files only; a gather writes sweep.h5 from
/// them. Under mpirun rank 0 checks the spec and the output directory and writes sweep.h5 from
/// the runs every rank sends back (each rank writes its own run files, so the output directory
/// must be on a file system every rank shares); the datasets are those of the single-process
/// sweep, bit for bit.

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "engine/observe/result.hpp"
#include "experiment/plan.hpp"
#include "experiment/runner.hpp"
#include "experiment/sweep_spec.hpp"

namespace regsim::experiment {

/// `--shard I/N`: this process does the runs whose id mod N is I-1 (index = I-1).
struct Shard {
  std::size_t index = 0;
  std::size_t count = 1;
};
/// "I/N" with 1 <= I <= N; nullopt when malformed.
std::optional<Shard> parse_shard(const std::string& text);

/// "run-000042.h5"
std::string run_file_name(std::size_t id);

/// The runs of a sweep spec: point-major (run id = point x replicates + replicate), each with
/// its seed (the point's, or under independent seeds one per run) and its point's scenario hash.
Plan sweep_plan(const scenario::SweepSpec& spec, const std::vector<scenario::SweepPoint>& points);

/// Exit code of a sweep stopped by `stop_after` (a simulated crash; tests only).
inline constexpr int kSweepStopped = 3;

struct SweepRequest {
  std::string spec;
  std::string output;  ///< OUTDIR (default: runs/<spec file stem>)
  int threads = 0;     ///< per process; 0: all cores
  bool force = false;  ///< redo runs whose files do not match the spec
  /// false: only sweep.h5 is written; nothing to resume from, every run is done
  bool run_files = true;
  std::optional<Shard> shard;  ///< only this share of the runs, run files only, no sweep.h5
  /// write sweep.h5 from the run files; an error when a run has no finished file
  bool gather = false;
  std::optional<std::size_t> stop_after;  ///< tests only: exit abruptly after N new runs
  std::optional<std::string> max_memory;  ///< the memory limit (default: the memory available)

  /// Rank 0, once the runs are known: the runs of this process (all, or its shard's) and how
  /// many of them are reused from their files.
  std::function<void(std::size_t runs, std::size_t reused)> start;
  /// Rank 0, after each run is in (from any rank).
  std::function<void()> run_done;
  /// Rank 0, after the last run is in (before sweep.h5 is closed).
  std::function<void()> finish;
  /// A remark for the user (an unreadable run file redone).
  std::function<void(const std::string&)> notice;
  /// When it turns true, no new run starts; the sweep throws Cancelled after the runs under way
  /// (their run files written: the same request again resumes).
  const std::atomic<bool>* stop = nullptr;
};

struct SweepOutcome {
  std::filesystem::path out_dir, runs_dir;
  std::optional<std::filesystem::path> sweep_h5;  ///< written (none for a shard)
  std::size_t runs = 0;                           ///< of this process (all, or the shard's)
  std::size_t reused = 0, new_runs = 0;
  double run_seconds = 0;     ///< from the start of the runs to the last one in
  double commit_seconds = 0;  ///< closing sweep.h5
  int ranks = 1;
  JobStats stats;
};

/// Rank 0 (or a single process): the sweep. Throws ScenarioError for a bad spec and
/// std::invalid_argument for run files that do not match the spec (without force) or a refused
/// output directory; other ranks end with the same exit code.
SweepOutcome run_sweep(const SweepRequest& request);

/// Ranks other than 0: their share of rank 0's sweep; returns rank 0's exit code.
int serve_sweep(const SweepRequest& request);

/// Replicates 0 .. N-1 of one scenario (`regsim run --replicates N`, N > 1): random streams keyed
/// by (seed, replicate), run one after another on every thread, written like a sweep of one
/// point without factors: OUTDIR/runs/run-NNNNNN.h5 (run id = replicate) and OUTDIR/sweep.h5
/// (@design "replicates") with the replicate-mean target table.
struct ReplicatesRequest {
  std::string scenario;
  std::string output;  ///< OUTDIR (default: runs/<scenario name>)
  int threads = 0;
  std::optional<std::uint64_t> seed;
  int replicates = 2;
  bool force = false;  ///< overwrite existing run files and sweep.h5
  std::optional<std::string> max_memory;
};

struct ReplicatesOutcome {
  std::vector<RunResult> results;  ///< replicate order
  RunResult mean;                  ///< replicate_mean(results)
  std::filesystem::path sweep_h5, runs_dir;
};

/// Throws std::invalid_argument when OUTDIR already holds results (without force) or names an
/// .h5 file.
ReplicatesOutcome run_replicates(const ReplicatesRequest& request);

/// The replicate mean of `runs` (same years, entities and targets, those of `sc`): every series
/// value and target's simulated value averaged in replicate order; a target is attained when
/// that mean attains it (the numbers `regsim calibrate` reports).
RunResult replicate_mean(const std::vector<RunResult>& runs, const scenario::Scenario& sc);

}  // namespace regsim::experiment
