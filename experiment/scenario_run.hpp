#pragma once
/// @brief One scenario as the front ends run it (`regsim run`, `regsim validate`): checked
/// (outputs never inputs, memory), run once and written to a run file, or run as replicates
/// 0 .. N-1 (experiment/sweep.hpp, run_replicates); validated up to its base year.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "engine/observe/result.hpp"

namespace regsim::experiment {

struct RunRequest {
  std::string scenario;
  std::string output;  ///< a run file (one run), or OUTDIR (replicates); default under runs/
  int threads = 0;
  std::optional<std::uint64_t> seed;  ///< overrides the scenario's
  std::optional<int> replicates;      ///< default: the scenario's `replicates`
  bool force = false;                 ///< overwrite what is there
  std::optional<std::string> max_memory;
};

struct RunOutcome {
  int replicates = 1;
  std::vector<RunResult> results;  ///< replicate order
  RunResult mean;                  ///< replicates > 1: their replicate mean
  std::filesystem::path written;   ///< the run file, or sweep.h5 of the replicates
  std::filesystem::path runs_dir;  ///< replicates > 1: their run files
};

/// Throws ScenarioError for a bad scenario, std::invalid_argument for a refused output path or
/// too little memory, or an existing output without force.
RunOutcome run_scenario(const RunRequest& request);

/// What `regsim validate` reports of a scenario that is valid up to its base year.
struct ScenarioSummary {
  std::string name;
  int first_year = 0, last_year = 0;
  std::size_t sectors = 0, counties = 0, platforms = 0, policies = 0;
  std::size_t targets = 0, modelled_targets = 0;
  std::size_t base_year_firms = 0;
};

/// Reads the scenario, checks its memory estimate and its [calibration], and builds its base
/// year (land and labour feasibility are only known then). Throws ScenarioError, located.
ScenarioSummary validate_scenario(const std::string& file);

}  // namespace regsim::experiment
