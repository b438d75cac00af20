#pragma once
/// @brief A run: the base year set up from the scenario, then the yearly schedule. This is the
/// engine's entry point; it does no I/O.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/observe/recorder.hpp"
#include "engine/scenario/scenario.hpp"
#include "engine/state/world.hpp"

namespace regsim {

struct RunOptions {
  int threads = 0;                    ///< 0: all available cores
  std::optional<std::uint64_t> seed;  ///< overrides the scenario's seed
  std::uint32_t replicate = 0;
};

/// Seconds spent in each phase of the yearly schedule, summed over the years stepped while it
/// was attached (`regsim bench`). Index k is phase_names()[k]; the last is recording. Timing
/// only: nothing in the engine reads it and it is not part of RunResult.
struct PhaseTimes {
  std::vector<double> wall_s;  ///< wall-clock seconds
  std::vector<double> cpu_s;   ///< CPU seconds of the whole process (all threads)
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
  /// The phases of the yearly schedule in order, then "record" (the recorder).
  static std::vector<std::string> phase_names();
  /// Attaches (and zeroes) per-phase timing, or detaches it with nullptr (the default: then
  /// step() reads no clock). `times` must outlive the steps it times.
  void time_phases(PhaseTimes* times);
  /// The trajectories so far, with targets evaluated and provenance filled.
  RunResult finish(int threads);

 private:
  World world_;
  std::optional<Recorder> recorder_;  ///< built after the base year exists
  PhaseTimes* timing_ = nullptr;
};

/// Runs the whole scenario on `options.threads` threads. The result depends only on the
/// scenario and the seed (and replicate), never on the number of threads.
RunResult run(const scenario::Scenario& scenario, const RunOptions& options = {});

}  // namespace regsim
