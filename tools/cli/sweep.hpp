#pragma once
/// @brief `regsim sweep SPEC -o OUTDIR`: runs every (design point, replicate) of a sweep spec in
/// parallel, one run file each (resumable), then collects them into OUTDIR/sweep.h5.

#include <cstddef>
#include <optional>
#include <string>

namespace regsim::cli {

struct SweepArgs {
  std::string spec;
  std::string output;  ///< OUTDIR (default: runs/<spec file stem>)
  int threads = 0;     ///< 0: all cores
  bool force = false;  ///< redo runs whose files do not match the spec
  bool quiet = false;
  std::optional<std::size_t> stop_after;  ///< tests only: exit abruptly after N new runs
};

/// Returns the process exit code; throws ScenarioError for a bad spec and std::invalid_argument
/// for run files that do not match the spec (without --force).
int run_sweep(const SweepArgs& args);

}  // namespace regsim::cli
