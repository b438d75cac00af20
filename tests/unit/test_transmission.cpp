// Policy transmission and the open-economy goods market (MODEL.md 3.2): each check is an
// analytic case the parameters determine.
#include <catch2/catch.hpp>

#include <cmath>

#include "engine/behaviour/entry.hpp"
#include "engine/behaviour/firm.hpp"
#include "engine/market/credit.hpp"
#include "engine/market/goods_labour.hpp"
#include "engine/simulation.hpp"
#include "fixtures.hpp"

using namespace regsim;

namespace {

double demand_at(const SectorDemand& d, double p) {
  return d.tradable_qty * std::pow(p / d.national_price, -d.market_share_elasticity) +
         d.local_qty * std::pow(p, -d.local_elasticity);
}

scenario::PolicySpec uncapped_interest_subsidy(double points) {
  scenario::PolicySpec p;
  p.family = scenario::PolicyFamily::subsidy;
  p.instrument = "interest_subsidy";
  p.name = "interest subsidy, all firms";
  p.payer = "upper";
  p.params = {{"points", points}, {"cap_wan", 1e12}};
  p.start_year = 2018;
  p.end_year = 2022;
  return p;
}

/// The small test scenario with an uncapped 2-point interest subsidy for every firm and no other
/// instrument.
scenario::Scenario with_subsidy(int firms_per_cell) {
  auto sc = test::small_scenario(firms_per_cell);
  sc.policies = {uncapped_interest_subsidy(0.02)};
  return sc;
}

}  // namespace

TEST_CASE("the open-economy goods market clears supply against tradable and local demand",
          "[market][transmission]") {
  SectorDemand d;
  d.tradable_qty = 60;
  d.local_qty = 40;
  d.national_price = 1.1;
  d.market_share_elasticity = 5;
  d.local_elasticity = 1.5;
  const double theta = 1.0, x = 100;
  const double p = clearing_price(d, x, theta, 1.0);
  CHECK(x * std::pow(p, theta) == Approx(demand_at(d, p)).epsilon(1e-12));
  // The same root from any start.
  CHECK(clearing_price(d, x, theta, 20.0) == Approx(p).epsilon(1e-13));
  CHECK(clearing_price(d, x, theta, 0.0) == Approx(p).epsilon(1e-13));

  // All tradable: p^(theta + eps) = T P^eps / X, so doubling supply capacity raises the quantity
  // sold by 2^(eps / (theta + eps)): close to 2 for a price taker, 2^(eta/(theta+eta)) closed.
  SectorDemand open = d;
  open.local_qty = 0;
  const double p1 = clearing_price(open, x, theta, 1.0);
  CHECK(p1 == Approx(std::pow(60 * std::pow(1.1, 5.0) / x, 1.0 / 6.0)).epsilon(1e-14));
  const double p2 = clearing_price(open, 2 * x, theta, 1.0);
  CHECK(2 * x * p2 / (x * p1) == Approx(std::pow(2.0, 5.0 / 6.0)).epsilon(1e-12));
  SectorDemand closed = d;
  closed.tradable_qty = 0;
  const double q1 = clearing_price(closed, x, theta, 1.0);
  const double q2 = clearing_price(closed, 2 * x, theta, 1.0);
  CHECK(2 * x * q2 / (x * q1) == Approx(std::pow(2.0, 1.5 / 2.5)).epsilon(1e-12));
  // A price taker: with a very elastic market share the price is the national price.
  open.market_share_elasticity = 1e4;
  CHECK(clearing_price(open, x, theta, 1.0) == Approx(1.1).epsilon(1e-3));
}

TEST_CASE("an interest subsidy lowers the user cost of debt-financed capital only",
          "[policy][transmission]") {
  const test::FirstYearPair pair(with_subsidy(150));
  const auto& wa = pair.a.world();
  const auto& wb = pair.b.world();
  const auto& fa = wa.firms;
  const auto& fb = wb.firms;
  const auto& sc = pair.with;
  // In the first simulated year both runs produce the same (the subsidy acts on investment),
  // so desired capital K* = (I - d K0) / adjustment + K0 differs only by the user cost:
  // K*_with / K*_without = (r + d) / (r - points * debt_share + d), the debt share being the
  // base-year debt / capital (half the credit limit) for firms whose loans rolled over.
  const double share = 0.5 * sc.fiscal.loan_to_capital;
  std::size_t candidates = 0, at_base_share = 0;
  for (FirmId i = 0; i < fa.size(); ++i) {
    if (fa.birth_year[i] >= wa.year || !fa.active(i) || !fb.active(i)) continue;
    if (fa.platform[i] != kNoPlatform) continue;  // no land rationing outside platforms
    const auto& s = sc.sectors[fa.sector[i]];
    REQUIRE(fa.revenue_wan[i] == fb.revenue_wan[i]);
    const double ia = fa.investment_wan[i], ib = fb.investment_wan[i];
    if (!(ib > 0) || !(ia > ib)) continue;
    ++candidates;
    const double k0 = (fb.capital_wan[i] - ib) / (1 - s.depreciation);
    const double ks_a = (ia - s.depreciation * k0) / s.investment_adjustment + k0;
    const double ks_b = (ib - s.depreciation * k0) / s.investment_adjustment + k0;
    const double r = loan_rate(wa, i);
    const double at_share = (r + s.depreciation) / (r - 0.02 * share + s.depreciation);
    const double at_limit =
        (r + s.depreciation) / (r - 0.02 * sc.fiscal.loan_to_capital + s.depreciation);
    // Never more than the whole credit limit's worth of subsidised debt.
    CHECK(ks_a / ks_b <= at_limit * (1 + 1e-9));
    if (std::fabs(ks_a / ks_b / at_share - 1) < 1e-9) ++at_base_share;
  }
  REQUIRE(candidates > 50);
  // Firms that are not credit-bound and kept their base-year debt (most of them).
  CHECK(static_cast<double>(at_base_share) > 0.5 * static_cast<double>(candidates));
}

TEST_CASE(
    "policies that lower new firms' cost of capital raise expected entry by the implied "
    "profit gain",
    "[entry][transmission]") {
  const test::FirstYearPair pair(with_subsidy(100));
  const auto& w = pair.a.world();
  const auto& sc = pair.with;
  for (SectorId s = 0; s < 2; ++s) {
    const auto& sec = sc.sectors[s];
    const auto size = size_class(sec.entrant_revenue_median_wan);
    const double r = loan_rate(w, s, size, 0);
    const double debt_share = std::min(sc.fiscal.loan_to_capital, 1 - sec.entrant_equity_ratio);
    for (CountyId c = 0; c < 2; ++c) {
      // The user cost falls from r + d + r P / iota to r - points * debt_share + d + r P / iota;
      // profit of a new firm ~ u^(-alpha / (1 - alpha - beta)); the gain is largest at the
      // county's cheapest land P (outside platforms or a platform; the subsidy applies at all).
      double price = w.counties.outside_land_price_wan_per_mu[c];
      for (std::size_t p = 0; p < w.n_platforms(); ++p)
        if (w.platforms.county[p] == c) price = std::min(price, w.platforms.price_wan_per_mu[p]);
      const double land = r * price / sec.investment_intensity_wan_per_mu;
      const double expected = std::pow(
          (r + sec.depreciation + land) / (r - 0.02 * debt_share + sec.depreciation + land),
          sec.capital_elasticity / (1 - sec.capital_elasticity - sec.labour_elasticity));
      CHECK(entrant_cost_of_capital_gain(w, c, s) == Approx(expected).epsilon(1e-12));
      CHECK(entrant_cost_of_capital_gain(pair.b.world(), c, s) == 1.0);
    }
  }
}

TEST_CASE("public works count in county GDP and local services follow local industry",
          "[transmission][local]") {
  auto sc = test::small_scenario(100);
  scenario::PolicySpec factories;
  factories.family = scenario::PolicyFamily::land;
  factories.instrument = "standard_factory";
  factories.name = "park standard factories";
  factories.payer = "county";
  factories.scope.platforms = {"抚顺经济开发区"};
  factories.params = {{"floor_m2_per_year", 50000.0},
                      {"construction_cost_yuan_per_m2", 2000.0},
                      {"rent_yuan_per_m2_year", 100.0},
                      {"floor_per_land_m2", 1.5}};
  factories.start_year = 2018;
  factories.end_year = 2022;
  sc.policies.push_back(factories);
  const auto r = run(sc, {.threads = 2, .seed = {}});
  const auto& c = r.county;
  const std::size_t nc = c.entities.size();
  const double share = sc.fiscal.public_works_value_added_share;
  const auto value = [&](const char* v, std::size_t y, std::size_t i) {
    return c.find(v)->at(y, i, nc);
  };
  for (std::size_t y = 1; y < r.years.size(); ++y) {
    for (std::size_t i = 0; i < nc; ++i) {
      // Public works: land servicing (county- or platform-paid), factories built and the urban
      // construction the fund budget pays from its net land revenue.
      const double platforms_servicing = [&] {
        double sum = 0;
        const std::size_t np = r.platform.entities.size();
        for (std::size_t j = 0; j < np; ++j)
          if (sc.platforms[j].county == c.entities[i])
            sum += r.platform.find("land_servicing_cost")->at(y, j, np);
        return sum;
      }();
      const double factories_built = c.entities[i] == "新抚区" ? 50000.0 * 2000.0 / 1e8 : 0.0;
      CHECK(value("public_works", y, i) ==
            Approx(value("land_servicing_cost", y, i) + platforms_servicing + factories_built +
                   value("urban_construction", y, i))
                .epsilon(1e-12));
      CHECK(value("urban_construction", y, i) ==
            Approx(sc.fiscal.land_revenue_spent *
                   std::max(0.0, value("land_sales", y, i) - value("land_servicing_cost", y, i)))
                .epsilon(1e-12));
      CHECK(value("gdp", y, i) == Approx(value("value_added", y, i) + value("exogenous_gdp", y, i) +
                                         share * value("public_works", y, i))
                                      .epsilon(1e-12));
      // Exogenous GDP = its trend times last year's modelled value added relative to its
      // base-year growth path, to the power exogenous_gdp_local_elasticity. The path's growth is
      // unset here, so it is the counties' trend growth weighted by their exogenous GDP.
      const auto& county = sc.counties[i];
      const double trend =
          county.exogenous_gdp_yi * std::pow(1 + county.exogenous_gdp_growth, static_cast<int>(y));
      REQUIRE(std::isnan(sc.initial.income_growth));
      double weighted = 0, weight = 0;
      for (const auto& k : sc.counties) {
        weighted += k.exogenous_gdp_yi * k.exogenous_gdp_growth;
        weight += k.exogenous_gdp_yi;
      }
      const double path = std::pow(1 + weighted / weight, static_cast<int>(y) - 1);
      const double index = value("value_added", y - 1, i) / (value("value_added", 0, i) * path);
      CHECK(value("exogenous_gdp", y, i) ==
            Approx(trend * std::pow(index, county.exogenous_gdp_local_elasticity)).epsilon(1e-12));
    }
  }
  CHECK(value("public_works", 1, c.entity_index("新抚区")) > 1.0);
}
