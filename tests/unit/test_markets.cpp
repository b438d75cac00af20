#include <catch2/catch.hpp>

#include <cmath>

#include "engine/market/goods_labour.hpp"
#include "engine/state/world.hpp"

using namespace regsim;

namespace {

scenario::Scenario one_sector_one_county(double labour_force) {
  scenario::Scenario sc;
  sc.name = "market";
  sc.first_year = 2017;
  sc.last_year = 2018;
  scenario::Sector s;
  s.name = "s";
  s.labour_elasticity = 0.5;
  s.value_added_share = 0.4;
  s.demand_elasticity = 1.5;
  s.tradable_share = 0;  // all local demand: the closed-economy closed form
  sc.sectors = {s};
  scenario::County c;
  c.name = "c";
  c.wage_wan = 5;
  c.labour_force = labour_force;
  sc.counties = {c};
  return sc;
}

}  // namespace

TEST_CASE("goods market clears at the closed-form price when labour is slack", "[market]") {
  const auto sc = one_sector_one_county(1e9);
  World w;
  build_world(w, sc, 1, 0);
  w.sectors.demand_base = {100.0};
  const double S = 40.0;
  const auto report = clear_markets(w, {S, S});
  const double theta = 0.5 / 0.5, bv = 0.5 * 0.4, wage = 5.0;
  const double expected = std::pow(100.0 / (S * std::pow(bv / wage, theta)), 1.0 / (1.5 + theta));
  CHECK(w.sectors.price[0] == Approx(expected).epsilon(1e-12));
  CHECK(w.counties.wage_wan[0] == 5.0);  // the reservation wage
  CHECK(report.max_relative_change < 1e-12);
  // Supply equals demand at that price.
  const double supply = S * std::pow(bv * w.sectors.price[0] / wage, theta);
  CHECK(supply == Approx(100.0 * std::pow(w.sectors.price[0], -1.5)).epsilon(1e-12));
}

TEST_CASE("a binding labour force raises the wage until demand equals it", "[market]") {
  const double labour_force = 1.0;  // demand at the reservation wage is 1.75 (see above)
  const auto sc = one_sector_one_county(labour_force);
  World w;
  build_world(w, sc, 1, 0);
  w.sectors.demand_base = {100.0};
  const double S = 40.0;
  clear_markets(w, {S, S});
  const double p = w.sectors.price[0], wage = w.counties.wage_wan[0], bv = 0.2;
  CHECK(wage > 5.0);
  CHECK(S * std::pow(bv * p / wage, 2.0) == Approx(labour_force).epsilon(1e-9));  // labour clears
  CHECK(S * std::pow(bv * p / wage, 1.0) ==
        Approx(100.0 * std::pow(p, -1.5)).epsilon(1e-9));  // goods clear
}
