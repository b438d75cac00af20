#include "engine/state/world.hpp"

#include "engine/market/credit.hpp"

#include <stdexcept>

namespace regsim {

void build_world(World& w, const scenario::Scenario& sc, std::uint64_t seed,
                 std::uint32_t replicate) {
  w.scenario = &sc;
  w.seed = seed;
  w.replicate = replicate;
  w.year = sc.first_year;

  const std::size_t ns = sc.sectors.size();
  w.sectors.price.assign(ns, 1.0);
  w.sectors.demand_shift.assign(ns, 1.0);
  w.sectors.demand_base.assign(ns, 0.0);
  w.sectors.national_price.assign(ns, 1.0);
  w.sectors.local_demand_shift.assign(ns, 1.0);
  w.sectors.capital_wedge.assign(ns, 1.0);
  for (const auto& sector : sc.sectors) {
    w.sectors.vat_rate.push_back(scenario::vat_rate_of(sc.fiscal, sector, sc.first_year));
    w.sectors.industrial_land.push_back(sector.kind == scenario::SectorKind::industry ? 1 : 0);
  }

  auto& c = w.counties;
  for (const auto& county : sc.counties) {
    c.wage_wan.push_back(county.wage_wan);
    c.reservation_wage_wan.push_back(county.wage_wan);
    c.labour_force.push_back(county.labour_force);
    c.exogenous_gdp_yi.push_back(county.exogenous_gdp_yi);
    c.debt_yi.push_back(county.budget_debt_yi);
    c.population.push_back(county.population);
    c.urbanisation.push_back(county.urbanisation);
    c.urban_income_yuan.push_back(county.urban_income_yuan);
    c.rural_income_yuan.push_back(county.rural_income_yuan);
  }
  const std::size_t nc = sc.counties.size();
  for (const auto& county : sc.counties)
    w.local.exogenous_gdp_trend_yi.push_back(county.exogenous_gdp_yi);
  w.local.value_added_base_yi.assign(nc, 0.0);
  w.local.value_added_last_yi.assign(nc, 0.0);
  w.local.public_works_yi.assign(nc, 0.0);
  w.local.county_gdp_last_yi.assign(nc, 0.0);
  for (auto* flow : {&c.tax_retained_yi,
                     &c.land_sales_yi,
                     &c.land_servicing_cost_yi,
                     &c.policy_spending_yi,
                     &c.budget_revenue_yi,
                     &c.budget_spending_yi,
                     &c.award_yi,
                     &c.employment,
                     &c.wage_prev_wan,
                     &c.land_rent_yi,
                     &c.other_revenue_yi,
                     &c.transfers_yi,
                     &c.general_spending_yi,
                     &c.urban_construction_yi,
                     &c.interest_yi,
                     &c.resources_last_yi,
                     &c.resources_base_yi,
                     &c.other_revenue_base_yi,
                     &c.transfers_base_yi,
                     &c.general_spending_base_yi})
    flow->assign(nc, 0.0);

  auto& p = w.platforms;
  for (const auto& platform : sc.platforms) {
    p.county.push_back(
        static_cast<CountyId>(scenario::index_by_name(sc.counties, platform.county, "county")));
    p.land_planned_m2.push_back(platform.land.planned_ha * kM2PerHa);
    p.land_serviced_m2.push_back(platform.land.serviced_ha * kM2PerHa);
    p.land_occupied_m2.push_back(0.0);
    p.servicing_m2_per_year.push_back(platform.land.servicing_ha_per_year * kM2PerHa);
    p.price_wan_per_mu.push_back(platform.land.price_wan_per_mu);
    p.servicing_cost_wan_per_mu.push_back(platform.land.servicing_cost_wan_per_mu);
    p.infrastructure.push_back(platform.infrastructure);
    std::vector<bool> leads(ns, false);
    for (const auto& s : platform.leading_sectors)
      leads[scenario::index_by_name(sc.sectors, s, "sector")] = true;
    // Industrial platforms host industry, service platforms services; towns host every kind.
    using scenario::PlatformKind;
    const bool industrial = platform.kind == PlatformKind::industrial_park ||
                            platform.kind == PlatformKind::agri_processing_cluster ||
                            platform.kind == PlatformKind::enclave_park;
    const bool services = platform.kind == PlatformKind::service_cluster ||
                          platform.kind == PlatformKind::scenic_area;
    std::vector<bool> admits(ns, false);
    for (std::size_t s = 0; s < ns; ++s) {
      const bool is_industry = sc.sectors[s].kind == scenario::SectorKind::industry;
      admits[s] = leads[s] || (industrial ? is_industry : services ? !is_industry : true);
    }
    p.admits_sector.push_back(std::move(admits));
    p.leads_sector.push_back(std::move(leads));
  }
  const std::size_t np = sc.platforms.size();
  for (auto* flow : {&p.land_sold_m2,
                     &p.land_rationed_m2,
                     &p.tax_retained_yi,
                     &p.score,
                     &p.rank,
                     &p.output_prev_wan,
                     &p.investment_prev_wan,
                     &p.land_servicing_cost_yi,
                     &p.award_yi,
                     &p.bond_issued_yi,
                     &p.interest_yi,
                     &p.budget_revenue_yi,
                     &p.budget_spending_yi,
                     &p.debt_yi,
                     &p.bonds_outstanding_yi,
                     &p.land_leased_m2,
                     &p.land_converted_m2,
                     &p.land_leased_stock_m2,
                     &p.land_idle_m2,
                     &p.land_revoked_m2,
                     &p.floor_built_m2,
                     &p.floor_occupied_m2,
                     &p.floor_rent_yuan_per_m2,
                     &p.floor_rent_yi})
    flow->assign(np, 0.0);
  p.status.assign(np, static_cast<std::uint8_t>(PlatformStatus::active));
  p.rule_years.assign(sc.policies.size() * np, 0);
  for (const auto& platform : sc.platforms)
    p.level.push_back(static_cast<std::uint8_t>(platform.level));

  p.floor_per_land.assign(np, 1.0);
  auto& q = w.land_quota;
  q.bound.assign(np, 0);
  for (auto* v : {&q.available_m2, &q.granted_m2, &q.used_m2}) v->assign(np, 0.0);
  for (auto* v : {&q.county_granted_m2, &q.county_used_m2, &q.outside_available_m2})
    v->assign(nc, 0.0);
  q.outside_bound.assign(nc, 0);
  q.outside_carry.assign(nc, 0);

  // Outside platforms: the price (by default the mean list price of the county's platforms, 20
  // 万元 per mu without any); the stocks are set with the base-year firms (init_outside_land).
  for (std::size_t ci = 0; ci < nc; ++ci) {
    double price = sc.counties[ci].outside_land_price_wan_per_mu;
    if (!(price > 0)) {
      double sum = 0;
      std::size_t n = 0;
      for (std::size_t pi = 0; pi < np; ++pi)
        if (p.county[pi] == ci) {
          sum += p.price_wan_per_mu[pi];
          ++n;
        }
      price = n > 0 ? sum / static_cast<double>(n) : kDefaultOutsideLandPriceWanPerMu;
    }
    c.outside_land_price_wan_per_mu.push_back(price);
    c.outside_land_price_base_wan_per_mu.push_back(price);
  }
  c.outside_land_vacancy_base.assign(nc, 0.0);
  for (auto* v : {&c.outside_land_growth_m2, &c.outside_land_supplied_m2,
                  &c.outside_land_occupied_m2, &c.outside_land_added_m2, &c.outside_land_sold_m2,
                  &c.outside_land_rationed_m2, &c.entrants_without_land})
    v->assign(nc, 0.0);

  // Cells: per county, the "outside" slot then its platforms' slots.
  auto& cells = w.cells;
  cells.n_sectors = ns;
  cells.outside_slot.assign(nc, 0);
  cells.platform_slot.assign(np, 0);
  for (std::size_t ci = 0; ci < nc; ++ci) {
    cells.outside_slot[ci] = static_cast<std::uint32_t>(cells.n_slots());
    cells.slot_county.push_back(static_cast<CountyId>(ci));
    cells.slot_platform.push_back(kNoPlatform);
    for (std::size_t pi = 0; pi < np; ++pi) {
      if (p.county[pi] != ci) continue;
      cells.platform_slot[pi] = static_cast<std::uint32_t>(cells.n_slots());
      cells.slot_county.push_back(static_cast<CountyId>(ci));
      cells.slot_platform.push_back(static_cast<PlatformId>(pi));
    }
  }

  c.leads_sector.assign(nc * ns, 0);
  for (std::size_t pi = 0; pi < np; ++pi)
    for (std::size_t s = 0; s < ns; ++s)
      if (p.leads_sector[pi][s]) c.leads_sector[p.county[pi] * ns + s] = 1;

  w.policies = resolve_policies(sc);
  // A platform has a development budget that pays its land servicing when it keeps revenue of
  // its own (a retained tax share) or issues bonds; otherwise the host county pays.
  p.pays_servicing.assign(np, sc.fiscal.platform_share_of_county > 0 ? 1 : 0);
  for (const auto& policy : w.policies.policies)
    if (std::holds_alternative<policy::PlatformBond>(policy.instrument))
      for (std::size_t pi = 0; pi < np; ++pi)
        if (policy.platform_in[pi] && policy.county_in[p.county[pi]]) p.pays_servicing[pi] = 1;
  init_funds(w);
}

}  // namespace regsim
