#pragma once
// A small scenario built in code (no parser), for engine tests: 2 sectors, 2 counties, 3 platforms.

#include <map>
#include <string>
#include <utility>

#include "engine/behaviour/firm.hpp"
#include "engine/market/goods_labour.hpp"
#include "engine/observe/aggregate.hpp"
#include "engine/policy/registry.hpp"
#include "engine/scenario/scenario.hpp"
#include "engine/simulation.hpp"

namespace regsim::test {

/// A finance policy with the given parameters, the rest at the registry's defaults (all years).
inline scenario::PolicySpec finance_policy(const std::string& instrument, const std::string& name,
                                           std::map<std::string, double> params,
                                           const std::string& payer = "county") {
  scenario::PolicySpec p;
  p.family = scenario::PolicyFamily::finance;
  p.instrument = instrument;
  p.name = name;
  p.payer = payer;
  for (const auto& info : policy::find_instrument(instrument)->params)
    params.emplace(info.name, info.default_value);
  p.params = std::move(params);
  return p;
}

inline scenario::Scenario small_scenario(int firms_per_cell = 60) {
  using namespace scenario;
  Scenario sc;
  sc.name = "test-small";
  sc.first_year = 2017;
  sc.last_year = 2022;
  sc.seed = 42;

  Sector machinery;
  machinery.name = "装备制造";
  machinery.capital_output_ratio = 0.9;
  machinery.demand_growth = 0.08;
  Sector food;
  food.name = "农产品加工";
  food.capital_elasticity = 0.25;
  food.labour_elasticity = 0.55;
  food.value_added_share = 0.25;
  food.demand_growth = 0.05;
  food.investment_intensity_wan_per_mu = 200;
  sc.sectors = {machinery, food};

  County a;
  a.name = "抚顺县";
  a.labour_force = 200000;
  a.wage_wan = 4.5;
  a.exogenous_gdp_yi = 60;
  County b;
  b.name = "新抚区";
  b.kind = CountyKind::district;
  b.labour_force = 150000;
  b.wage_wan = 6.0;
  b.exogenous_gdp_yi = 120;
  b.transfers_yi = 2;
  b.other_spending_yi = 1;
  sc.counties = {a, b};

  Platform park;
  park.name = "抚顺经济开发区";
  park.kind = PlatformKind::industrial_park;
  park.level = PlatformLevel::provincial;
  park.county = "新抚区";
  park.leading_sectors = {"装备制造"};
  park.land = {1200, 750, 40, 18, 12};
  Platform cluster;
  cluster.name = "抚顺县农产品加工集聚区";
  cluster.kind = PlatformKind::agri_processing_cluster;
  cluster.county = "抚顺县";
  cluster.leading_sectors = {"农产品加工"};
  cluster.land = {300, 120, 10, 12, 8};
  Platform town;
  town.name = "小镇";
  town.kind = PlatformKind::featured_town;
  town.county = "抚顺县";
  town.land = {50, 30, 5, 10, 6};
  sc.platforms = {park, cluster, town};

  const auto n = static_cast<std::int64_t>(firms_per_cell);
  sc.initial.cells = {
      {"新抚区", std::string("抚顺经济开发区"), "装备制造", 3 * n, 300.0, {}},
      {"新抚区", std::string("抚顺经济开发区"), "农产品加工", n, 20.0, {}},
      {"新抚区", std::nullopt, "装备制造", n, 40.0, {}},
      {"抚顺县", std::string("抚顺县农产品加工集聚区"), "农产品加工", 2 * n, 30.0, {}},
      {"抚顺县", std::string("小镇"), "农产品加工", n / 2, 3.0, {}},
      {"抚顺县", std::nullopt, "农产品加工", n, 15.0, {}},
  };

  PolicySpec interest;
  interest.family = PolicyFamily::subsidy;
  interest.instrument = "interest_subsidy";
  interest.name = "SME interest subsidy";
  interest.payer = "upper";
  interest.scope.size_classes = {"micro", "small", "medium"};
  interest.params = {{"points", 0.02}, {"cap_wan", 50.0}};
  PolicySpec investment;
  investment.family = PolicyFamily::subsidy;
  investment.instrument = "investment_subsidy";
  investment.name = "major project fund";
  investment.payer = "county";
  investment.scope.platforms = {"抚顺经济开发区"};
  investment.params = {{"rate", 0.08}, {"cap_wan", 500.0}};
  sc.policies = {interest, investment};
  for (auto& p : sc.policies) {
    p.start_year = sc.first_year + 1;
    p.end_year = sc.last_year;
  }
  sc.resolved_text = "# built in code\n";
  return sc;
}

/// The same scenario without any policy instrument.
inline scenario::Scenario without_policies(scenario::Scenario sc) {
  sc.policies.clear();
  return sc;
}

/// The first simulated year of a scenario (a) and of the same scenario without its policies
/// (b), from the same seed: their differences are the policies' doing.
struct FirstYearPair {
  scenario::Scenario with, without;
  Simulation a, b;
  explicit FirstYearPair(scenario::Scenario sc)
      : with(std::move(sc)),
        without(without_policies(with)),
        a(with, with.seed),
        b(without, without.seed) {
    a.step();
    b.step();
  }
};

/// A copy of `sim`'s world in its next year, with that year's first phases done: sizes
/// classified, productivity shocks drawn, cells counted, goods and labour markets cleared. For
/// tests of a later phase on the state it meets.
inline World next_year_cleared(const Simulation& sim) {
  World w = sim.world();
  ++w.year;
  classify_sizes(w);
  productivity_shock(w);
  count_cell_firms(w);
  clear_goods_and_labour(w);
  return w;
}

}  // namespace regsim::test
