#pragma once
/// @brief Global sensitivity (`regsim sensitivity`, Python's regsim.sensitivity): a sweep with a
/// Saltelli or Morris design (experiment/sweep.hpp: resumable, on every rank under mpirun),
/// then, per output, Sobol first-order and total indices with bootstrap intervals or Morris
/// mu*, mu, sigma (experiment/indices.hpp) on the replicate means of each point, and the share
/// of the output's variance that is only replicate noise.

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "experiment/indices.hpp"
#include "experiment/sweep.hpp"

namespace regsim::experiment {

/// An output to analyse: "[LEVEL:ENTITY:]VARIABLE@YEAR" (the region when no level is given),
/// YEAR a year or "sum" (the sum over the simulated years, the base year excluded).
struct OutputMeasure {
  std::string text, level = "region", entity, variable;
  std::optional<int> year;  ///< none: the sum
};
/// Parses and checks `text` against the variable catalogue; std::invalid_argument when bad.
OutputMeasure parse_output_measure(const std::string& text);

struct SensitivityRequest {
  SweepRequest sweep;                ///< the sweep of the spec (its output directory, threads)
  std::vector<std::string> outputs;  ///< what to analyse (OutputMeasure texts)
  int bootstrap = 500;
  double confidence = 0.95;
  /// Output paths (with their option) checked not to be inputs before anything runs.
  std::vector<std::pair<std::string, std::string>> files;
};

struct SensitivityOutput {
  std::string text;
  double replicate_noise_share = 0;        ///< NaN with 1 replicate
  sweep::SobolResult sobol;                ///< design saltelli
  std::vector<sweep::MorrisIndex> morris;  ///< design morris
};

struct Sensitivity {
  std::string spec;    ///< the spec file, as given
  std::string design;  ///< "saltelli" or "morris"
  std::size_t points = 0, replicates = 0;
  double confidence = 0.95;
  std::vector<std::string> factors;  ///< their keys
  std::vector<SensitivityOutput> outputs;
  SweepOutcome sweep;
};

/// Rank 0 (or a single process). Throws std::invalid_argument for a bad output or confidence,
/// ScenarioError for a spec without a Saltelli or Morris design.
Sensitivity sensitivity(const SensitivityRequest& request);
/// Ranks other than 0: their share of the sweep; returns rank 0's exit code.
int serve_sensitivity(const SensitivityRequest& request);

/// The indices as JSON (the layout of `regsim sensitivity --json`).
std::string sensitivity_json(const Sensitivity& s);

}  // namespace regsim::experiment
