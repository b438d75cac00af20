#pragma once
/// @brief Sweep specifications (`regsim sweep SPEC`, docs/SCENARIO_FORMAT.md, "Sweeps"): a
/// base scenario, factors (scenario keys) with their levels or ranges, a design (grid, Latin
/// hypercube, Sobol) and replicates. Each design point becomes a small overlay scenario that
/// `extends` the base file and sets the factor keys.
///
/// Every problem is a ScenarioError located in the spec file (file:line:column); a factor that
/// the base scenario rejects (unknown key, value out of range) is located at the factor.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "engine/scenario/key_path.hpp"
#include "engine/scenario/scenario.hpp"
#include "experiment/design.hpp"

namespace regsim::scenario {

/// saltelli: Sobol indices (points = base samples N, N x (k + 2) design points); morris:
/// elementary effects (points = trajectories r, r x (k + 1) design points); see design.hpp.
enum class SweepDesignKind { grid, lhs, sobol, saltelli, morris };
const char* to_string(SweepDesignKind d);

struct SweepFactor {
  std::string key;   ///< as written, e.g. "policies.subsidy[X].params.points"
  std::string name;  ///< dataset name in sweep.h5: the key sanitised, unique
  std::vector<SweepKeyStep> path;
  std::vector<double> levels;  ///< grid: the levels in order
  double min = 0, max = 0;     ///< the smallest and largest value the factor takes
  bool integer = false;        ///< written as a TOML integer
  SourceLocation where;        ///< of the factor's `key`
};

struct SweepSpec {
  std::string file;            ///< as given
  std::string text;            ///< the spec file's text
  std::string sha256;          ///< of text
  std::filesystem::path base;  ///< the base scenario, absolute
  SweepDesignKind design = SweepDesignKind::grid;
  std::size_t points = 0;       ///< design points
  std::size_t design_size = 0;  ///< `points` as written: lhs/sobol points, saltelli N, morris r
  std::size_t morris_levels = 4;
  std::uint32_t replicates = 1;  ///< runs per point
  std::uint64_t seed = 0;        ///< of the design (LHS) and of independent model seeds
  bool common_random_numbers = true;
  std::vector<SweepFactor> factors;
  std::vector<double> values;  ///< [point][factor], row-major, in the factors' units
  SourceLocation where;        ///< of the [sweep] table

  std::size_t runs() const { return points * replicates; }
  double value(std::size_t point, std::size_t factor) const {
    return values[point * factors.size() + factor];
  }
};

/// Reads and checks a spec file (keys, types, ranges) and computes its design. Does not look at
/// the base scenario beyond its path: call check_sweep_factors for that.
SweepSpec load_sweep_spec(const std::filesystem::path& file);

/// The design of a non-grid spec in the unit cube [0, 1]^factors, before scaling to the factors'
/// ranges (what sensitivity estimators read). Throws std::invalid_argument for a grid.
sweep::Design unit_design(const SweepSpec& spec, std::size_t factors);

/// The overlay scenario (TOML text) that sets the factors to `values` (one per factor; NaN
/// leaves a factor out) on top of the base scenario.
std::string sweep_overlay(const SweepSpec& spec, std::span<const double> values);

/// The scenario of design point `point` ("<spec>: point N" in messages).
Scenario parse_sweep_point(const SweepSpec& spec, std::size_t point);

/// Checks every factor against the base scenario: its key exists (elements selected by name
/// exist), and its smallest and largest values are accepted. Errors are located at the factor
/// in the spec file and carry the scenario parser's message.
void check_sweep_factors(const SweepSpec& spec);

struct SweepPoint {
  std::string scenario_sha256;  ///< of the point's resolved scenario
  std::uint64_t seed = 0;       ///< the point's scenario seed
};

/// Parses every point (after check_sweep_factors) and returns each point's resolved-scenario
/// SHA-256 and seed. Throws a ScenarioError located at [sweep] when a point is rejected or changes
/// the years or the entities (sectors, counties, platforms, policies, targets) of point 0.
std::vector<SweepPoint> resolve_sweep_points(const SweepSpec& spec);

}  // namespace regsim::scenario
