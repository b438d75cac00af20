#include "engine/behaviour/platform_budget.hpp"

#include <algorithm>
#include <variant>

#include "engine/behaviour/local_economy.hpp"

namespace regsim {

double service_extra_land(World& w, std::size_t j, double amount_yi) {
  auto& p = w.platforms;
  const double room = std::max(0.0, p.land_planned_m2[j] - p.land_serviced_m2[j]);
  const double cost_per_m2 = p.servicing_cost_wan_per_mu[j] / kWanPerYi / kM2PerMu;
  const double added = cost_per_m2 > 0 ? std::min(room, amount_yi / cost_per_m2) : room;
  p.land_serviced_m2[j] += added;
  p.land_servicing_cost_yi[j] += added * cost_per_m2;
  book_public_works(w, p.county[j], added * cost_per_m2);
  return added * cost_per_m2;
}

void develop_platforms(World& w) {
  auto& p = w.platforms;
  const double bank_rate = w.scenario->fiscal.bank_rate;
  // Interest on what is owed at the start of the year.
  for (const auto& bond : p.bonds) p.interest_yi[bond.platform] += bond.coupon * bond.amount_yi;
  for (std::size_t j = 0; j < w.n_platforms(); ++j)
    p.interest_yi[j] += bank_rate * std::max(0.0, p.debt_yi[j] - p.bonds_outstanding_yi[j]);
  // Repayment at maturity (financing: net debt unchanged).
  for (const auto& bond : p.bonds)
    if (bond.due_year <= w.year) p.bonds_outstanding_yi[bond.platform] -= bond.amount_yi;
  std::erase_if(p.bonds, [&](const PlatformTable::Bond& b) { return b.due_year <= w.year; });
  // This year's issues, in policy then platform order.
  for (const auto& policy : w.policies.policies) {
    const auto* bond = std::get_if<policy::PlatformBond>(&policy.instrument);
    if (!bond || w.year < policy.start_year || w.year > policy.end_year) continue;
    for (std::size_t j = 0; j < w.n_platforms(); ++j) {
      if (p.delisted(j) || !policy.platform_in[j] || !policy.county_in[p.county[j]]) continue;
      const double amount = bond->amount_yi_per_year;
      if (amount <= 0) continue;
      p.bonds.push_back({static_cast<PlatformId>(j),
                         w.year + static_cast<int>(bond->maturity_years), amount, bond->coupon});
      p.bonds_outstanding_yi[j] += amount;
      p.bond_issued_yi[j] += amount;
      service_extra_land(w, j, amount);
    }
  }
}

void close_platform_budgets(World& w) {
  auto& p = w.platforms;
  for (std::size_t j = 0; j < w.n_platforms(); ++j) {
    p.budget_revenue_yi[j] = p.tax_retained_yi[j] + p.award_yi[j];
    p.budget_spending_yi[j] = p.land_servicing_cost_yi[j] + p.interest_yi[j];
    p.debt_yi[j] += p.budget_spending_yi[j] - p.budget_revenue_yi[j];
  }
}

}  // namespace regsim
