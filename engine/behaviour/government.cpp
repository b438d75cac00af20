#include "engine/behaviour/government.hpp"

#include <algorithm>
#include <cmath>

#include "engine/behaviour/local_economy.hpp"
#include "engine/observe/aggregate.hpp"

namespace regsim {

void reset_government_flows(World& w) {
  auto& c = w.counties;
  for (auto* flow :
       {&c.tax_retained_yi, &c.land_sales_yi, &c.land_servicing_cost_yi, &c.policy_spending_yi,
        &c.budget_revenue_yi, &c.budget_spending_yi, &c.award_yi, &c.land_rent_yi,
        &c.other_revenue_yi, &c.transfers_yi, &c.general_spending_yi, &c.interest_yi,
        &c.urban_construction_yi, &c.outside_land_added_m2, &c.outside_land_sold_m2,
        &c.outside_land_rationed_m2, &c.entrants_without_land})
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

namespace {

/// Retained taxes of the year (亿元): each cell's county share of the local taxes of its firms,
/// less a platform's share of it, into the counties' and platforms' tax_retained.
void retain_taxes(World& w) {
  const auto& fiscal = w.scenario->fiscal;
  auto& c = w.counties;
  auto& p = w.platforms;
  for (std::uint32_t cell = 0; cell < w.cells.n_cells(); ++cell) {
    const double county_tax =
        fiscal.county_share_of_local *
        (fiscal.vat_local_share * cell_total(w, cell, kVat) +
         fiscal.cit_local_share * cell_total(w, cell, kCit) + cell_total(w, cell, kTaxOther)) /
        kWanPerYi;
    const auto platform = w.cells.platform_of(cell);
    const double platform_tax =
        platform == kNoPlatform ? 0.0 : fiscal.platform_share_of_county * county_tax;
    c.tax_retained_yi[w.cells.county_of(cell)] += county_tax - platform_tax;
    if (platform != kNoPlatform) p.tax_retained_yi[platform] += platform_tax;
  }
}

/// Own revenue of county i's non-modelled economy this year: its base-year level grown with the
/// county's exogenous GDP.
double other_revenue(const World& w, std::size_t i) {
  const double base_gdp = w.scenario->counties[i].exogenous_gdp_yi;
  const double growth = base_gdp > 0 ? w.counties.exogenous_gdp_yi[i] / base_gdp : 1.0;
  return w.counties.other_revenue_base_yi[i] * growth;
}

}  // namespace

void init_county_budgets(World& w) {
  const auto& sc = *w.scenario;
  auto& c = w.counties;
  std::fill(c.tax_retained_yi.begin(), c.tax_retained_yi.end(), 0.0);
  std::fill(w.platforms.tax_retained_yi.begin(), w.platforms.tax_retained_yi.end(), 0.0);
  retain_taxes(w);
  for (std::size_t i = 0; i < w.n_counties(); ++i) {
    const auto& county = sc.counties[i];
    c.other_revenue_base_yi[i] = std::isnan(county.other_revenue_yi)
                                     ? sc.fiscal.other_revenue_rate * county.exogenous_gdp_yi
                                     : county.other_revenue_yi;
    const double own = c.tax_retained_yi[i] + c.other_revenue_base_yi[i];
    c.transfers_base_yi[i] =
        std::isnan(county.transfers_yi) ? sc.fiscal.transfer_ratio * own : county.transfers_yi;
    c.resources_base_yi[i] = own + c.transfers_base_yi[i];
    // The base year's general budget balances; the plan's land, policies and the economy's
    // growth move it from there.
    c.general_spending_base_yi[i] = c.resources_base_yi[i];
  }
  std::fill(c.tax_retained_yi.begin(), c.tax_retained_yi.end(), 0.0);
  std::fill(w.platforms.tax_retained_yi.begin(), w.platforms.tax_retained_yi.end(), 0.0);
}

void run_budgets(World& w) {
  const auto& sc = *w.scenario;
  const auto& fiscal = sc.fiscal;
  auto& c = w.counties;
  auto& p = w.platforms;
  retain_taxes(w);
  for (std::size_t i = 0; i < w.n_platforms(); ++i)
    c.land_sales_yi[p.county[i]] +=
        (p.land_sold_m2[i] + p.land_converted_m2[i]) / kM2PerMu * p.price_wan_per_mu[i] / kWanPerYi;
  // Land outside platforms is sold by the county (its land-use rights, 出让).
  for (std::size_t i = 0; i < w.n_counties(); ++i)
    c.land_sales_yi[i] +=
        c.outside_land_sold_m2[i] / kM2PerMu * c.outside_land_price_wan_per_mu[i] / kWanPerYi;
  const int t = w.year - sc.first_year;
  for (std::size_t i = 0; i < w.n_counties(); ++i) {
    const auto& county = sc.counties[i];
    c.policy_spending_yi[i] = w.work.payments.payer_total(i) / kWanPerYi;
    c.other_revenue_yi[i] = other_revenue(w, i);
    const double growth =
        std::isnan(county.transfers_growth) ? fiscal.transfers_growth : county.transfers_growth;
    c.transfers_yi[i] = c.transfers_base_yi[i] * std::pow(1.0 + growth, t);
    // General spending follows the year's general resources (own revenue and transfers).
    const double resources =
        c.tax_retained_yi[i] + c.other_revenue_yi[i] + c.land_rent_yi[i] + c.transfers_yi[i];
    c.general_spending_yi[i] = c.resources_base_yi[i] > 0
                                   ? c.general_spending_base_yi[i] *
                                         std::pow(std::max(resources, 0.0) / c.resources_base_yi[i],
                                                  fiscal.spending_revenue_elasticity)
                                   : 0.0;
    c.interest_yi[i] = fiscal.government_bond_rate * std::max(0.0, c.debt_yi[i]);
    // The fund budget spends its land revenue (net of the servicing it paid) on urban
    // construction the same year: public works of the county.
    c.urban_construction_yi[i] =
        fiscal.land_revenue_spent * std::max(0.0, c.land_sales_yi[i] - c.land_servicing_cost_yi[i]);
    book_public_works(w, static_cast<CountyId>(i), c.urban_construction_yi[i]);
    c.budget_revenue_yi[i] = c.tax_retained_yi[i] + c.other_revenue_yi[i] + c.land_sales_yi[i] +
                             c.land_rent_yi[i] + c.transfers_yi[i] + c.award_yi[i];
    // Finance instruments' budget flows (loss shares, pool top-ups, fund co-investment).
    c.budget_spending_yi[i] = c.policy_spending_yi[i] + c.land_servicing_cost_yi[i] +
                              county.other_spending_yi + w.funds.payer_spending_wan[i] / kWanPerYi +
                              c.general_spending_yi[i] + c.interest_yi[i] +
                              c.urban_construction_yi[i];
    c.debt_yi[i] -= c.budget_revenue_yi[i] - c.budget_spending_yi[i];
  }
}

}  // namespace regsim
