#pragma once
/// @brief `regsim compare BASE ALT...`: differences of means between results (run files, or
/// the replicates of one point of a sweep.h5) with confidence intervals, target attainment
/// probabilities, fiscal costs per instrument and cost-effectiveness.

#include <string>
#include <vector>

namespace regsim::cli {

struct CompareArgs {
  std::string base;
  std::vector<std::string> alternatives;
  std::string csv;    ///< "" none, "-" stdout, else a file: the long table
  std::string json;   ///< "" none, "-" stdout, else a file: the structured document
  std::string level;  ///< "" all levels (CSV/JSON only)
  std::vector<std::string> variables;  ///< empty: all
  std::vector<int> years;              ///< empty: all
  double confidence = 0.95;
};

/// Returns the exit code; throws std::invalid_argument for unreadable or mismatched results and
/// bad selectors.
int run_compare(const CompareArgs& args);

}  // namespace regsim::cli
