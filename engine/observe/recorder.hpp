#pragma once
/// @brief Turns the world's state after each year into rows of the RunResult trajectories.
/// Read-only on the world.

#include <cstddef>
#include <utility>
#include <vector>

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
  double fiscal_balance_npv_yi_ = 0;  ///< discounted fiscal balances so far
  /// (policy, payer slot) of each entity of the policy_payer group.
  std::vector<std::pair<std::size_t, std::size_t>> policy_payers_;
};

}  // namespace regsim
