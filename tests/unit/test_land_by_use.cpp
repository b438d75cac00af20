// Land by use (MODEL.md 3.7, "Land by use" and "Land outside platforms"): construction and
// services outside platforms rent commercial space and take none of the county's industrial land;
// a platform admits entrants of the sectors it leads, hosts or whose kind it serves, so services
// do not spill into industrial zones; the outside price rises with scarcity by the formula
// MODEL.md states.

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <string>

#include "engine/market/land.hpp"
#include "engine/simulation.hpp"
#include "fixtures.hpp"

using namespace regsim;

namespace {

double county_value(const RunResult& r, const char* var, std::size_t y, const char* county) {
  const auto& c = r.county;
  return c.find(var)->at(y, c.entity_index(county), c.entities.size());
}

/// The small scenario with a trade sector (services) whose firms sit outside platforms in 新抚区,
/// and little vacant industrial land outside platforms there.
scenario::Scenario with_trade() {
  auto sc = test::without_policies(test::small_scenario(60));
  scenario::Sector trade;
  trade.name = "商贸";
  trade.kind = scenario::SectorKind::services;
  trade.capital_output_ratio = 0.3;
  trade.entry_rate = 0.3;
  trade.tradable_share = 0.2;
  sc.sectors.push_back(trade);
  sc.initial.cells.push_back({"新抚区", std::nullopt, "商贸", 300, 30.0, {}});
  for (auto& c : sc.counties) {
    c.outside_land_vacancy_share = 0.05;
    c.outside_land_growth = 0.01;
  }
  return sc;
}

}  // namespace

TEST_CASE(
    "services outside platforms take no industrial land, and do not enter industrial "
    "zones that neither lead nor host them",
    "[land][use]") {
  const auto sc = with_trade();
  Simulation sim(sc, sc.seed);
  const World& w0 = sim.world();
  // Base year: outside industrial land is the industry firms' land only.
  double industry_outside = 0;
  for (FirmId i = 0; i < w0.firms.size(); ++i)
    if (w0.firms.platform[i] == kNoPlatform && w0.firms.county[i] == 1 &&
        sc.sectors[w0.firms.sector[i]].kind == scenario::SectorKind::industry)
      industry_outside += w0.firms.land_m2[i];
  CHECK(w0.counties.outside_land_occupied_m2[1] == Approx(industry_outside));
  CHECK_FALSE(w0.platforms.admits_sector[0][2]);  // the industrial park: no trade
  CHECK(w0.platforms.admits_sector[2][2]);        // the featured town hosts every kind
  while (!sim.done()) sim.step();
  const World& w = sim.world();
  std::size_t trade_entrants = 0, trade_in_park = 0;
  for (FirmId i = 0; i < w.firms.size(); ++i) {
    if (w.firms.sector[i] != 2 || w.firms.birth_year[i] <= sc.first_year) continue;
    ++trade_entrants;
    trade_in_park += w.firms.platform[i] == 0;
  }
  CHECK(trade_entrants > 20);
  CHECK(trade_in_park == 0);
  // Every year: outside occupied land is the industry firms' land (recounted after exits).
  double industry_land = 0;
  for (FirmId i = 0; i < w.firms.size(); ++i)
    if (w.firms.active(i) && w.firms.platform[i] == kNoPlatform && w.firms.county[i] == 1 &&
        holds_located_land(w, i))
      industry_land += w.firms.land_m2[i];
  CHECK(w.counties.outside_land_occupied_m2[1] <= industry_land + 1e-6);
}

TEST_CASE("the outside land price follows scarcity: base price * (base vacancy / vacancy)^0.5",
          "[land][use]") {
  const auto sc = with_trade();
  Simulation sim(sc, sc.seed);
  World w = sim.world();
  const std::size_t c = 1;
  const double base = w.counties.outside_land_price_base_wan_per_mu[c];
  CHECK(w.counties.outside_land_vacancy_base[c] == Approx(0.05 / 1.05));
  const auto priced_at = [&](double vacancy_share) {
    w.counties.outside_land_supplied_m2[c] = 1e6;
    w.counties.outside_land_occupied_m2[c] = 1e6 * (1.0 - vacancy_share);
    price_outside_land(w, c);
    return w.counties.outside_land_price_wan_per_mu[c];
  };
  CHECK(priced_at(0.05 / 1.05) == Approx(base));            // as in the base year
  CHECK(priced_at(0.05 / 1.05 / 4) == Approx(2.0 * base));  // a quarter: twice
  CHECK(priced_at(0.0) == Approx(4.0 * base));              // none: at the cap
  CHECK(priced_at(0.5) == Approx(0.5 * base));              // ample: at the floor
  // Over a run the small vacant stock runs down and the price rises instead of a cliff.
  const auto r = run(sc, {.threads = 1, .seed = {}});
  CHECK(county_value(r, "land_outside_price", r.years.size() - 1, "新抚区") >
        1.05 * county_value(r, "land_outside_price", 0, "新抚区"));
}
