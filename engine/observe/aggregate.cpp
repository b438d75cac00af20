#include "engine/observe/aggregate.hpp"

#include "engine/behaviour/firm.hpp"
#include "engine/population/population.hpp"

namespace regsim {

namespace {
void add_credit_rationing(World& w);
}

void aggregate_cells(World& w) {
  const auto& f = w.firms;
  const double threshold = w.scenario->fiscal.above_scale_revenue_wan;
  const auto year = static_cast<std::int16_t>(w.year);
  const auto base_year = static_cast<std::int16_t>(w.scenario->first_year);
  auto& totals = w.work.cell_totals;
  totals.resize(w.cells.n_cells() * kCellVarCount);
  w.work.sums.reduce(f.size(), totals.size(), totals,
                     [&](std::size_t begin, std::size_t end, std::span<double> acc) {
                       for (std::size_t i = begin; i < end; ++i) {
                         const bool active = f.status[i] == FirmStatus::active;
                         const bool exited_now = !active && f.exit_year[i] == year;
                         if (!active && !exited_now) continue;
                         double* row = acc.data() + f.cell[i] * kCellVarCount;
                         row[kOutput] += f.revenue_wan[i];
                         if (f.birth_year[i] > base_year) row[kOutputEntrants] += f.revenue_wan[i];
                         const auto id = static_cast<FirmId>(i);
                         row[kValueAdded] += value_added_wan(w, id);
                         row[kEmployment] += f.labour[i];
                         row[kInvestment] += f.investment_wan[i];
                         row[kProfit] += f.profit_wan[i];
                         row[kVat] += vat_wan(w, id);
                         row[kCit] += cit_wan(w, id) + subsidy_cit_wan(w, id);
                         row[kTaxOther] += other_tax_wan(w, id);
                         row[kPolicyReceived] += f.policy_received_wan[i];
                         row[kEntered] += f.birth_year[i] == year ? 1.0 : 0.0;
                         row[kExited] += exited_now ? 1.0 : 0.0;
                         row[kListed] += f.listed_year[i] == year ? 1.0 : 0.0;
                         if (exited_now) {
                           const auto& exit = *f.exit_loss(static_cast<FirmId>(i));
                           row[kLandReleased] += f.land_m2[i];
                           row[kLoanDefaults] += f.debt_wan[i];
                           row[kLoanLosses] += exit.loan_loss_wan;
                           row[kLossesBank] += exit.bank_wan;
                           row[kLossesGuarantor] += exit.guarantor_wan;
                           row[kLossesReguarantor] += exit.reguarantor_wan;
                           row[kLossesGovernment] += exit.government_wan;
                         }
                         if (active) {
                           row[kCapital] += f.capital_wan[i];
                           row[kActive] += 1.0;
                           row[kAboveScale] += f.revenue_wan[i] >= threshold ? 1.0 : 0.0;
                           row[kListedTotal] += f.listed_year[i] != 0 ? 1.0 : 0.0;
                           row[kLoansOutstanding] += f.debt_wan[i];
                           row[kNewLending] += f.new_lending_wan[i];
                           row[kGuaranteesOutstanding] += f.guaranteed_wan(static_cast<FirmId>(i));
                           row[kPayout] += f.payout_wan[i];
                         }
                       }
                     });
  add_credit_rationing(w);
}

namespace {
/// Credit-bound and refused firms and their shortfall per cell (a serial pass over the short
/// list, in id order: the sums do not depend on the thread count), and unfinanced entrants.
void add_credit_rationing(World& w) {
  auto& totals = w.work.cell_totals;
  // The year's list (id order) after the funds served it; a firm in it is active all year.
  for (const auto& c : w.funds.credit_bound) {
    double* row = totals.data() + w.firms.cell[c.firm] * kCellVarCount;
    if (c.refused) row[kLoanRefused] += 1.0;
    if (!c.binds()) continue;
    row[kCreditBound] += 1.0;
    row[kCreditShortfall] += c.shortfall_wan();
  }
  const auto& unfinanced = w.work.cell_entrants_unfinanced;
  for (std::size_t cell = 0; cell < unfinanced.size(); ++cell)
    totals[cell * kCellVarCount + kEntrantsUnfinanced] += unfinanced[cell];
}
}  // namespace

void count_cell_firms(World& w) {
  const auto& f = w.firms;
  auto& counts = w.work.cell_firms;
  counts.resize(w.cells.n_cells());
  w.work.sums.reduce(f.size(), counts.size(), counts,
                     [&](std::size_t begin, std::size_t end, std::span<double> acc) {
                       for (std::size_t i = begin; i < end; ++i)
                         if (f.active(static_cast<FirmId>(i))) acc[f.cell[i]] += 1.0;
                     });
  // Firms of a cell share its agglomeration gain: computed once per cell, not per firm.
  auto& gain = w.work.cell_log_gain;
  gain.resize(counts.size());
  for (std::uint32_t cell = 0; cell < counts.size(); ++cell)
    gain[cell] = agglomeration_log_gain(w.scenario->sectors[w.cells.sector_of(cell)],
                                        w.cells.platform_of(cell), counts[cell]);
}

}  // namespace regsim
