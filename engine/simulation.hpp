#pragma once
/// @brief A run: the base year set up from the scenario, then the yearly schedule. This is the
/// engine's entry point; it does no I/O.

#include <cstdint>
#include <optional>

#include "engine/observe/recorder.hpp"
#include "engine/scenario/scenario.hpp"
#include "engine/state/world.hpp"

namespace regsim {

struct RunOptions {
  int threads = 0;                    ///< 0: all available cores
  std::optional<std::uint64_t> seed;  ///< overrides the scenario's seed
  std::uint32_t replicate = 0;
};

/// Steps a world year by year. Most callers use run(); tests use this to inspect state.
class Simulation {
 public:
  /// Builds the world and the base-year firms and records the base year. Throws
  /// scenario::ScenarioError, located at the entity, when the base year is infeasible (a
  /// platform's firms need more land than is serviced, a county's more workers than it has).
  /// The scenario must outlive the simulation (the world refers to it).
  Simulation(const scenario::Scenario& scenario, std::uint64_t seed, std::uint32_t replicate = 0);
  Simulation(const Simulation&) = delete;
  Simulation& operator=(const Simulation&) = delete;

  bool done() const { return world_.year >= world_.scenario->last_year; }
  /// Simulates the next year (the yearly schedule, see ARCHITECTURE.md).
  void step();
  const World& world() const { return world_; }
  /// The trajectories so far, with targets evaluated and provenance filled.
  RunResult finish(int threads);

 private:
  World world_;
  std::optional<Recorder> recorder_;  ///< built after the base year exists
};

/// Runs the whole scenario on `options.threads` threads. The result depends only on the
/// scenario and the seed (and replicate), never on the number of threads.
RunResult run(const scenario::Scenario& scenario, const RunOptions& options = {});

}  // namespace regsim
