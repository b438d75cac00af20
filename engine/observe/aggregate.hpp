#pragma once
/// @brief Firm totals per (county, platform, sector) cell for the current year: the one pass
/// over firms from which every level's aggregates and the county budgets are derived.

#include <cstddef>

#include "engine/state/world.hpp"

namespace regsim {

/// Columns of the cell totals. Money in 万元.
enum CellVar : std::size_t {
  kOutput,          ///< revenue of firms that produced this year
  kOutputEntrants,  ///< of it, firms born after the base year (entrants during the run)
  kValueAdded,
  kEmployment,
  kCapital,  ///< end of year, active firms
  kInvestment,
  kProfit,
  kVat,
  kCit,
  kTaxOther,  ///< surcharges on VAT and other taxes (other_tax_wan)
  kPolicyReceived,
  kActive,  ///< end of year
  kEntered,
  kExited,
  kAboveScale,    ///< active firms at or above the revenue threshold
  kLandReleased,  ///< land (m²) held by firms that exited this year
  kLoanDefaults,  ///< debt of firms that exited this year
  kLoanLosses,    ///< lenders' losses on it (after cash and collateral)
  kListed,        ///< firms that listed this year
  kListedTotal,   ///< active listed firms, end of year
  // Finance: stocks at the end of the year (active firms), flows of the year.
  kLoansOutstanding,       ///< bank debt
  kNewLending,             ///< borrowed this year (entrants: their initial loans)
  kGuaranteesOutstanding,  ///< guaranteed part of the debt
  kLossesBank,             ///< split of kLoanLosses (the four sum to it)
  kLossesGuarantor,
  kLossesReguarantor,
  kLossesGovernment,
  // Credit rationing (plan_investment, after guarantee and guidance funds): firms whose planned
  // investment the credit limit cut, and by how much (万元).
  kCreditBound,
  kCreditShortfall,
  kLoanRefused,         ///< firms the bank refused new loans (their plan needed them)
  kEntrantsUnfinanced,  ///< would-be entrants that could not finance their capital
  kPayout,              ///< paid out to owners (active firms)

  kCellVarCount
};

/// Fills world.work.cell_totals: [cell * kCellVarCount + var]. Deterministic (block order).
void aggregate_cells(World& world);

/// Active firms per cell into world.work.cell_firms (used for agglomeration and entry).
void count_cell_firms(World& world);

inline double cell_total(const World& w, std::size_t cell, CellVar var) {
  return w.work.cell_totals[cell * kCellVarCount + var];
}

}  // namespace regsim
