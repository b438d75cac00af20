#pragma once
/// @brief `regsim sensitivity SPEC -o OUTDIR --measure Y ...`: runs a sweep with a Saltelli or
/// Morris design (resumable, under mpirun too: it is `regsim sweep`) and prints global
/// sensitivity indices of each output: Sobol first-order and total indices with bootstrap
/// intervals, or Morris mu*, mu, sigma; replicates under common random numbers are averaged per
/// point, and the share of the output's variance that is only replicate noise is given beside.

#include <optional>
#include <string>
#include <vector>

namespace regsim::cli {

struct SensitivityArgs {
  std::string spec;
  std::string output;                ///< OUTDIR of the sweep
  std::vector<std::string> outputs;  ///< --measure: what to analyse (docs/CLI.md, `sensitivity`)
  int threads = 0;
  int bootstrap = 500;
  double confidence = 0.95;
  std::optional<std::string> json;  ///< also write the indices as JSON (path or "-")
  bool quiet = false;
};

int run_sensitivity(const SensitivityArgs& args);

}  // namespace regsim::cli
