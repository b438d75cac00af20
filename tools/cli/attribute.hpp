#pragma once
/// @brief `regsim attribute SCENARIO`: which lever does the work. Shapley values of the
/// scenario's instruments (or instrument families) for the change from none of them to all of
/// them in cumulative output, tax, employment, last-year GDP, spending and the probability of
/// meeting the whole plan, under common random numbers (every subset of instruments runs
/// replicates 0 .. R-1 of the scenario's seed). Exact over all 2^k subsets up to
/// --exact-max players, sampled orders above (with standard errors). The values add up to the
/// whole package's effect.

#include <cstdint>
#include <optional>
#include <string>

namespace regsim::cli {

struct AttributeArgs {
  std::string scenario;
  std::optional<int> replicates;  ///< default: the scenario's `replicates`
  std::string by = "instrument";  ///< "instrument" or "family"
  bool rules = false;             ///< --rules: rules and standards are players too
  int exact_max = 10;             ///< exact Shapley values up to this many players
  int permutations = 64;          ///< sampled orders above exact_max
  int threads = 0;
  std::optional<std::string> json;  ///< also write the values as JSON (path or "-")
  std::optional<std::string> max_memory;
};

int run_attribute(const AttributeArgs& args);

}  // namespace regsim::cli
