#pragma once
/// @brief Which lever does the work (`regsim attribute`, Python's regsim.attribute): Shapley
/// values of a scenario's instruments (or instrument families) for the change from none of them
/// to all of them in cumulative output, tax, employment, last-year GDP, spending and the
/// probability of meeting the whole plan, under common random numbers (every subset of
/// instruments runs replicates 0 .. R-1 of the scenario's seed). Exact over all 2^k subsets up
/// to exact_max players, sampled orders above (with standard errors). The values add up to the
/// whole package's effect. The runs are one job of the runner (threads, and ranks under mpirun).

#include <atomic>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace regsim::experiment {

struct AttributeRequest {
  std::string scenario;
  std::optional<int> replicates;  ///< default: the scenario's `replicates`
  std::string by = "instrument";  ///< "instrument" or "family"
  bool rules = false;             ///< rules and standards are players too
  int exact_max = 10;             ///< exact Shapley values up to this many players
  int permutations = 64;          ///< sampled orders above exact_max
  int threads = 0;
  std::optional<std::string> max_memory;
  /// Output paths (with the option that names them, e.g. {"out.json", "--json"}) checked not to
  /// be inputs before anything runs.
  std::vector<std::pair<std::string, std::string>> outputs;
  std::function<void(const std::string&)> notice;  ///< what is about to run
  const std::atomic<bool>* stop = nullptr;  ///< true: no new run starts (experiment::Cancelled)
};

/// A measure of the runs: its name and units.
struct AttributeMeasure {
  const char* name;
  const char* units;
};
/// output_value, tax_total, employment, gdp_last_year, spending, plan_attained.
const std::vector<AttributeMeasure>& attribute_measures();

struct Attribution {
  std::string scenario_name, by;
  int first_year = 0, last_year = 0;
  std::vector<std::string> players;
  int replicates = 0;
  bool exact = true;
  std::size_t subsets = 0, orders = 0;
  /// Per measure (attribute_measures() order): per player the Shapley value and its standard
  /// error (0 when exact); the replicate mean without any player and with all of them.
  std::vector<std::vector<double>> value, standard_error;
  std::vector<double> none, all;
};

/// Rank 0 (or a single process). Throws std::invalid_argument for a bad `by` or a scenario
/// without players, ScenarioError for a bad scenario.
Attribution attribute(const AttributeRequest& request);
/// Ranks other than 0: their share of rank 0's runs; returns rank 0's exit code.
int serve_attribute(const AttributeRequest& request);

/// The attribution as JSON (the layout of `regsim attribute --json`).
std::string attribution_json(const Attribution& a);

}  // namespace regsim::experiment
