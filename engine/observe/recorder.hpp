#pragma once
/// @brief Turns the world's state after each year into rows of the RunResult trajectories.
/// Read-only on the world.

#include "engine/observe/result.hpp"
#include "engine/state/world.hpp"

namespace regsim {

class Recorder {
 public:
  /// Prepares every series of the variable catalogue, filled with NaN, for years
  /// first_year..last_year.
  explicit Recorder(const World& world);

  /// Records year `world.year` from the cell totals (aggregate_cells) and government state.
  /// In the base year, flows that need a simulated year (investment, entry, exit, budgets,
  /// policy payments, land sales) stay NaN.
  void record(const World& world);

  RunResult& result() { return result_; }

 private:
  RunResult result_;
};

}  // namespace regsim
