#include "engine/behaviour/government.hpp"

#include <algorithm>

#include "engine/observe/aggregate.hpp"

namespace regsim {

void reset_government_flows(World& w) {
  auto& c = w.counties;
  for (auto* flow :
       {&c.tax_retained_yi, &c.land_sales_yi, &c.land_servicing_cost_yi, &c.policy_spending_yi,
        &c.budget_revenue_yi, &c.budget_spending_yi, &c.award_yi, &c.land_rent_yi,
        &c.outside_land_added_m2, &c.outside_land_sold_m2, &c.outside_land_rationed_m2,
        &c.entrants_without_land})
    std::fill(flow->begin(), flow->end(), 0.0);
  std::fill(w.local.public_works_yi.begin(), w.local.public_works_yi.end(), 0.0);
  w.work.payments.reset(w.policies.policies.size(), w.policies.n_payers());
  auto& p = w.platforms;
  for (auto* flow :
       {&p.land_sold_m2, &p.land_rationed_m2, &p.tax_retained_yi, &p.land_servicing_cost_yi,
        &p.award_yi, &p.bond_issued_yi, &p.interest_yi, &p.budget_revenue_yi, &p.budget_spending_yi,
        &p.land_leased_m2, &p.land_converted_m2, &p.floor_rent_yi})
    std::fill(flow->begin(), flow->end(), 0.0);
}

void run_budgets(World& w) {
  const auto& sc = *w.scenario;
  const auto& fiscal = sc.fiscal;
  auto& c = w.counties;
  auto& p = w.platforms;
  for (std::uint32_t cell = 0; cell < w.cells.n_cells(); ++cell) {
    const double county_tax = fiscal.county_share_of_local *
                              (fiscal.vat_local_share * cell_total(w, cell, kVat) +
                               fiscal.cit_local_share * cell_total(w, cell, kCit)) /
                              kWanPerYi;
    const auto platform = w.cells.platform_of(cell);
    const double platform_tax =
        platform == kNoPlatform ? 0.0 : fiscal.platform_share_of_county * county_tax;
    c.tax_retained_yi[w.cells.county_of(cell)] += county_tax - platform_tax;
    if (platform != kNoPlatform) p.tax_retained_yi[platform] += platform_tax;
  }
  for (std::size_t i = 0; i < w.n_platforms(); ++i)
    c.land_sales_yi[p.county[i]] +=
        (p.land_sold_m2[i] + p.land_converted_m2[i]) / kM2PerMu * p.price_wan_per_mu[i] / kWanPerYi;
  // Land outside platforms is sold by the county (its land-use rights, 出让).
  for (std::size_t i = 0; i < w.n_counties(); ++i)
    c.land_sales_yi[i] +=
        c.outside_land_sold_m2[i] / kM2PerMu * c.outside_land_price_wan_per_mu[i] / kWanPerYi;
  for (std::size_t i = 0; i < w.n_counties(); ++i) {
    const auto& county = sc.counties[i];
    c.policy_spending_yi[i] = w.work.payments.payer_total(i) / kWanPerYi;
    c.budget_revenue_yi[i] = c.tax_retained_yi[i] + c.land_sales_yi[i] + c.land_rent_yi[i] +
                             county.transfers_yi + c.award_yi[i];
    // Finance instruments' budget flows (loss shares, pool top-ups, fund co-investment).
    c.budget_spending_yi[i] = c.policy_spending_yi[i] + c.land_servicing_cost_yi[i] +
                              county.other_spending_yi + w.funds.payer_spending_wan[i] / kWanPerYi;
    c.debt_yi[i] -= c.budget_revenue_yi[i] - c.budget_spending_yi[i];
  }
}

}  // namespace regsim
