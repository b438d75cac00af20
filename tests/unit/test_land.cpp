// Land market and land instruments: construction-land quotas, leasing, idle-land revocation,
// the legal floor of land prices, and the land accounting identity.

#include <catch2/catch.hpp>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "engine/market/idle_land.hpp"
#include "engine/market/land.hpp"
#include "engine/market/land_quota.hpp"
#include "engine/observe/aggregate.hpp"
#include "engine/population/population.hpp"
#include "engine/scenario/parse.hpp"
#include "engine/simulation.hpp"
#include "fixtures.hpp"

using namespace regsim;

namespace {

double platform_value(const RunResult& r, const char* var, std::size_t y, const char* platform) {
  const auto& p = r.platform;
  return p.find(var)->at(y, p.entity_index(platform), p.entities.size());
}

double county_value(const RunResult& r, const char* var, std::size_t y, const char* county) {
  const auto& c = r.county;
  return c.find(var)->at(y, c.entity_index(county), c.entities.size());
}

scenario::PolicySpec land_quota(double ha, const char* rule, bool carry) {
  scenario::PolicySpec q;
  q.family = scenario::PolicyFamily::land;
  q.instrument = "land_quota";
  q.name = "construction land quota";
  q.payer = "upper";
  const std::string r = rule;
  const double index = r == "equal" ? 0.0 : r == "by_need" ? 1.0 : 2.0;
  q.params = {{"quota_ha_per_year", ha},
              {"rule", index},
              {"efficiency_bonus", 0.2},
              {"carry_over", carry ? 1.0 : 0.0}};
  return q;
}

/// The small scenario with the park's land tight: little free serviced land, a fast servicing
/// plan, so that servicing (and with it entry into the park) is limited by the quota.
scenario::Scenario tight_park(double quota_ha, bool carry = false) {
  auto sc = test::small_scenario(60);
  sc.platforms[0].land = {1200, 655, 60, 18, 12};
  auto q = land_quota(quota_ha, "by_need", carry);
  q.scope.counties = {"新抚区"};
  q.start_year = sc.first_year + 1;
  q.end_year = sc.last_year;
  sc.policies = {q};
  return sc;
}

double sum_years(const RunResult& r, const char* var, const char* platform) {
  double s = 0;
  for (std::size_t y = 1; y < r.years.size(); ++y) s += platform_value(r, var, y, platform);
  return s;
}

}  // namespace

TEST_CASE("halving the land quota services less land, rations more and lets fewer firms in",
          "[land]") {
  // The park occupies 653 ha of 655 serviced in the base year and takes 3-18 ha a year more.
  const auto full = run(tight_park(8), {.threads = 2, .seed = {}});
  const auto half = run(tight_park(4), {.threads = 2, .seed = {}});
  const char* park = "抚顺经济开发区";
  const std::size_t last = full.years.size() - 1;
  CHECK(platform_value(half, "land_serviced", last, park) <
        platform_value(full, "land_serviced", last, park));
  // Quota binds: the district uses exactly its quota each year under the halved quota, the park
  // and the outside addition together (in proportion to their needs).
  for (std::size_t y = 1; y <= last; ++y) {
    const double park_used = platform_value(half, "land_quota_used", y, park);
    CHECK(park_used + county_value(half, "land_outside_added", y, "新抚区") == Approx(4.0));
    CHECK(county_value(half, "land_quota_used", y, "新抚区") == Approx(4.0));
    CHECK(park_used > 3.0);  // the park's need is most of the district's
    CHECK(park_used < 4.0);
  }
  CHECK(sum_years(half, "firms_entered", park) < sum_years(full, "firms_entered", park));
  CHECK(sum_years(half, "land_rationed", park) > sum_years(full, "land_rationed", park));
  // Without any quota, servicing follows the plan (60 ha a year) as before.
  auto free = tight_park(8);
  free.policies.clear();
  const auto none = run(free, {.threads = 2, .seed = {}});
  CHECK(platform_value(none, "land_serviced", 1, park) == Approx(655.0 + 60.0));
  CHECK(platform_value(full, "land_serviced", 1, park) ==
        Approx(655.0 + platform_value(full, "land_quota_used", 1, park)));
  CHECK(platform_value(full, "land_quota_used", 1, park) < 8.0);
}

TEST_CASE("land quota used never exceeds quota granted plus quota carried over", "[land]") {
  for (const bool carry : {false, true}) {
    // A quota above the servicing plan leaves some unused each year.
    const auto r = run(tight_park(80, carry), {.threads = 2, .seed = {}});
    double carried = 0;
    for (std::size_t y = 1; y < r.years.size(); ++y) {
      const double granted = county_value(r, "land_quota_granted", y, "新抚区");
      const double used = county_value(r, "land_quota_used", y, "新抚区");
      CHECK(granted == Approx(80.0));
      CHECK(used <= granted + carried + 1e-9);
      CHECK(used == Approx(platform_value(r, "land_quota_used", y, "抚顺经济开发区") +
                           county_value(r, "land_outside_added", y, "新抚区")));
      carried = carry ? carried + granted - used : 0.0;
    }
    // Counties outside the scope get nothing and service freely.
    CHECK(county_value(r, "land_quota_granted", 1, "抚顺县") == 0.0);
  }
}

TEST_CASE("the three quota rules split a quota among three counties as computed by hand",
          "[land]") {
  // Three counties with one platform each (land in ha):
  //          planned serviced plan occupied rationed_last  capital/mu
  //   A        100      50      10     40        0              100
  //   B        100      95      10     95       15              200
  //   C        200     100      30     80        0              500
  // need  = min(plan, planned - serviced) + rationed = 10, 20, 30
  // score = capital per mu of occupied land * occupied / serviced = 80, 200, 400; median 200
  // by_performance weights = 10*80, 20*200, 30*400*1.2 = 800, 4000, 14400 (sum 19200)
  using namespace scenario;
  Scenario sc = test::small_scenario(10);
  sc.counties.resize(2);
  County c3 = sc.counties[0];
  c3.name = "C";
  sc.counties[0].name = "A";
  sc.counties[1].name = "B";
  sc.counties.push_back(c3);
  sc.platforms.resize(3);
  const char* names[] = {"A", "B", "C"};
  for (int i = 0; i < 3; ++i) sc.platforms[i].county = names[i];
  sc.platforms[0].land = {100, 50, 10, 18, 12};
  sc.platforms[1].land = {100, 95, 10, 18, 12};
  sc.platforms[2].land = {200, 100, 30, 18, 12};
  sc.initial.cells.clear();
  const double occupied_ha[] = {40, 95, 80};
  const double capital_per_mu[] = {100, 200, 500};

  const auto shares_for = [&](const char* rule) {
    Scenario s = sc;
    auto q = land_quota(192, rule, false);
    q.start_year = 2018;
    q.end_year = 2022;
    s.policies = {q};
    World w;
    build_world(w, s, 1, 0);
    w.year = 2018;
    w.work.cell_totals.assign(w.cells.n_cells() * kCellVarCount, 0.0);
    for (std::size_t i = 0; i < 3; ++i) {
      const auto p = static_cast<PlatformId>(i);
      w.platforms.land_occupied_m2[i] = occupied_ha[i] * kM2PerHa;
      const auto cell = w.cells.cell(w.platforms.county[i], p, 0);
      w.work.cell_totals[cell * kCellVarCount + kCapital] =
          occupied_ha[i] * kM2PerHa / kM2PerMu * capital_per_mu[i];
    }
    w.platforms.land_rationed_m2[1] = 15 * kM2PerHa;
    grant_land_quota(w);
    std::vector<double> ha;
    for (std::size_t c = 0; c < 3; ++c) {
      ha.push_back(w.land_quota.county_granted_m2[c] / kM2PerHa);
      CHECK(w.land_quota.granted_m2[c] == Approx(w.land_quota.county_granted_m2[c]));
    }
    // Servicing uses the quota: min(plan, planned - serviced, quota).
    service_land(w);
    for (std::size_t i = 0; i < 3; ++i)
      CHECK(w.land_quota.used_m2[i] / kM2PerHa ==
            Approx(std::min({sc.platforms[i].land.servicing_ha_per_year,
                             sc.platforms[i].land.planned_ha - sc.platforms[i].land.serviced_ha,
                             ha[i]})));
    return ha;
  };
  const auto equal = shares_for("equal");
  CHECK(equal[0] == Approx(64));
  CHECK(equal[1] == Approx(64));
  CHECK(equal[2] == Approx(64));
  const auto need = shares_for("by_need");
  CHECK(need[0] == Approx(32));
  CHECK(need[1] == Approx(64));
  CHECK(need[2] == Approx(96));
  const auto performance = shares_for("by_performance");
  CHECK(performance[0] == Approx(8));
  CHECK(performance[1] == Approx(40));
  CHECK(performance[2] == Approx(144));
}

TEST_CASE("a county passes its quota on to its platforms in proportion to their servicing plans",
          "[land]") {
  auto sc = test::small_scenario(30);
  auto q = land_quota(9, "equal", false);
  q.scope.counties = {"抚顺县"};  // the cluster (plan 10 ha a year) and the town (5 ha)
  q.start_year = 2018;
  q.end_year = 2022;
  sc.policies = {q};
  Simulation sim(sc, sc.seed);
  sim.step();
  const auto& w = sim.world();
  // The county's 9 ha go to its outside addition and its platforms in proportion to their needs
  // (the outside addition is under the quota, so it takes all of its share), the platforms'
  // part in proportion to their plans (2 : 1).
  const double outside = w.counties.outside_land_added_m2[0];
  CHECK(outside > 0);
  CHECK(outside < w.counties.outside_land_growth_m2[0]);
  CHECK(w.land_quota.granted_m2[1] == Approx(2.0 * w.land_quota.granted_m2[2]));
  CHECK((w.land_quota.granted_m2[1] + w.land_quota.granted_m2[2] + outside) / kM2PerHa ==
        Approx(9.0));
  CHECK(w.land_quota.used_m2[1] == Approx(w.land_quota.granted_m2[1]));
  CHECK(w.land_quota.bound[0] == 0);
}

TEST_CASE("the land quota rule is a choice: an unknown rule is an error with a did-you-mean",
          "[land][scenario][error]") {
  std::ifstream in(std::filesystem::path(REGSIM_TEST_DATA) / "scenarios" / "minimal.toml");
  std::ostringstream text;
  text << in.rdbuf();
  const std::string good = text.str() +
                           "\n[[policies.land]]\ninstrument = \"land_quota\"\nname = \"quota\"\n"
                           "payer = \"upper\"\n";
  const auto sc = scenario::parse_scenario_text(
      good + "params = { quota_ha_per_year = 30, rule = \"by_performance\" }\n", "t.toml", {});
  CHECK(sc.policies.back().params.at("rule") == 2.0);
  CHECK(sc.policies.back().params.at("carry_over") == 0.0);
  try {
    scenario::parse_scenario_text(good + "params = { quota_ha_per_year = 30, rule = \"by_ned\" }\n",
                                  "t.toml", {});
    FAIL("expected a ScenarioError");
  } catch (const scenario::ScenarioError& e) {
    CHECK_THAT(e.what(), Catch::Contains("unknown value 'by_ned'"));
    CHECK_THAT(e.what(), Catch::Contains("did you mean 'by_need'?"));
  }
}

namespace {

scenario::PolicySpec park_lease(const char* instrument, double rent_rate, double years = 5) {
  scenario::PolicySpec l;
  l.family = scenario::PolicyFamily::land;
  l.instrument = instrument;
  l.name = "park land lease";
  l.payer = "county";
  l.scope.platforms = {"抚顺经济开发区"};
  l.params = {{"rent_rate", rent_rate}};
  if (std::string(instrument) == "lease_then_sell") l.params["lease_years"] = years;
  l.start_year = 2018;
  l.end_year = 2022;
  return l;
}

}  // namespace

TEST_CASE("leasing land raises investment where finance binds and the county earns the rent",
          "[land]") {
  // Finance binds (as in the credit expansion test): firms want much more capital than they
  // have and may borrow only 5% of their capital; park land is dear (60 万元 per mu).
  auto with = test::small_scenario(150);
  with.fiscal.loan_to_capital = 0.05;
  for (auto& s : with.sectors) {
    s.capital_output_ratio = 0.3;
    s.investment_adjustment = 1.0;
  }
  with.platforms[0].land.price_wan_per_mu = 60;
  with.policies = {park_lease("land_lease", 0.05)};
  auto without = with;
  without.policies.clear();
  Simulation a(with, with.seed), b(without, without.seed);
  a.step();
  b.step();
  const auto& fa = a.world().firms;
  const auto& fb = b.world().firms;
  // Base-year firms have the same ids in both runs: the park's firms invest more when the land
  // price leaves their financing constraint.
  double inv_a = 0, inv_b = 0;
  int more = 0;
  for (FirmId i = 0; i < fb.size() && i < fa.size(); ++i) {
    if (fa.birth_year[i] > 2017 || fa.platform[i] != 0) continue;
    REQUIRE(fa.investment_wan[i] >= fb.investment_wan[i] - 1e-9);  // never less
    inv_a += fa.investment_wan[i];
    inv_b += fb.investment_wan[i];
    more += fa.investment_wan[i] > fb.investment_wan[i] * (1 + 1e-12);
    CHECK(fa.land_leased_m2(i) == Approx(fa.land_claim_m2[i]));  // all new park land is leased
  }
  CHECK(inv_a > inv_b);
  CHECK(more > 0);

  const auto r = run(with, {.threads = 2, .seed = {}});
  const char* park = "抚顺经济开发区";
  for (std::size_t y = 1; y < r.years.size(); ++y) {
    CHECK(platform_value(r, "land_sold", y, park) == 0.0);
    // The county sells only land outside platforms, at its outside price (the park's list
    // price, 60 万元 per mu, in the base year; then as scarce as its vacant land, MODEL.md 3.7).
    CHECK(county_value(r, "land_sales", y, "新抚区") ==
          Approx(county_value(r, "land_outside_sold", y, "新抚区") * 15.0 *
                 county_value(r, "land_outside_price", y, "新抚区") / 1e4)
              .margin(1e-12));
    // Rent this year = rent_rate * list price * land leased by the firms that produced (the
    // leased stock at the end of last year).
    const double stock_mu = platform_value(r, "land_leased_stock", y - 1, park) * 15.0;
    CHECK(county_value(r, "land_rent", y, "新抚区") ==
          Approx(0.05 * 60.0 * stock_mu / 1e4).epsilon(1e-9));
  }
  CHECK(platform_value(r, "land_leased", 1, park) > 0);
  CHECK(county_value(r, "land_rent", 2, "新抚区") > 0);
}

TEST_CASE("lease then sell: leased land is bought at the list price after lease_years", "[land]") {
  auto sc = test::small_scenario(100);
  sc.policies = {park_lease("lease_then_sell", 0.05, 2)};
  const auto r = run(sc, {.threads = 2, .seed = {}});
  const char* park = "抚顺经济开发区";
  CHECK(platform_value(r, "land_converted", 1, park) == 0.0);             // 2018
  CHECK(platform_value(r, "land_converted", 2, park) == 0.0);             // 2019
  const double converted = platform_value(r, "land_converted", 3, park);  // leases of 2018
  CHECK(converted > 0);
  // Land leased in 2019 by a firm whose lease began in 2018 is part of that lease.
  CHECK(converted <= platform_value(r, "land_leased", 1, park) +
                         platform_value(r, "land_leased", 2, park) + 1e-9);
  for (std::size_t y = 1; y < r.years.size(); ++y) {
    // In the park the county sells only converted land (list price 18 万元 per mu); outside
    // platforms it sells land at its outside price (the park's in the base year).
    CHECK(county_value(r, "land_sales", y, "新抚区") ==
          Approx((platform_value(r, "land_converted", y, park) * 18.0 +
                  county_value(r, "land_outside_sold", y, "新抚区") *
                      county_value(r, "land_outside_price", y, "新抚区")) *
                 15.0 / 1e4)
              .margin(1e-12));
    // No lease outlives its term: the stock is at most the last two years' leases.
    if (y >= 2)
      CHECK(platform_value(r, "land_leased_stock", y, park) <=
            platform_value(r, "land_leased", y, park) +
                platform_value(r, "land_leased", y - 1, park) + 1e-9);
  }
}

namespace {

scenario::PolicySpec park_factories(double floor_m2, double rent) {
  scenario::PolicySpec s;
  s.family = scenario::PolicyFamily::land;
  s.instrument = "standard_factory";
  s.name = "park standard factories";
  s.payer = "county";
  s.scope.platforms = {"抚顺经济开发区"};
  s.params = {{"floor_m2_per_year", floor_m2},
              {"construction_cost_yuan_per_m2", 2000.0},
              {"rent_yuan_per_m2_year", rent},
              {"floor_per_land_m2", 1.5}};
  s.start_year = 2018;
  s.end_year = 2022;
  return s;
}

}  // namespace

TEST_CASE("land is conserved every year with all land instruments on", "[land]") {
  auto sc = test::small_scenario(100);
  auto quota = land_quota(60, "by_performance", true);
  quota.start_year = 2018;
  quota.end_year = 2022;
  auto lease = park_lease("lease_then_sell", 0.05, 2);
  auto cluster_lease = park_lease("land_lease", 0.04);
  cluster_lease.name = "cluster lease";
  cluster_lease.scope.platforms = {"抚顺县农产品加工集聚区"};
  scenario::PolicySpec revoke;
  revoke.family = scenario::PolicyFamily::land;
  revoke.instrument = "idle_land_revocation";
  revoke.name = "idle land";
  revoke.payer = "county";
  revoke.params = {{"tolerance", 0.0}, {"years", 1.0}};
  revoke.start_year = 2018;
  revoke.end_year = 2022;
  auto factories = park_factories(20000, 10);
  factories.scope.platforms = {"小镇"};
  scenario::PolicySpec standard;
  standard.family = scenario::PolicyFamily::land;
  standard.instrument = "admission_standard";
  standard.name = "cluster standard";
  standard.payer = "county";
  standard.scope.platforms = {"抚顺县农产品加工集聚区"};
  standard.params = {{"min_investment_wan_per_mu", 220.0}};
  scenario::PolicySpec discount;
  discount.family = scenario::PolicyFamily::land;
  discount.instrument = "land_price_discount";
  discount.name = "park discount";
  discount.payer = "county";
  discount.params = {{"rate", 0.5}, {"floor_wan_per_mu", 0.0}};
  for (auto* spec : {&standard, &discount}) {
    spec->start_year = 2018;
    spec->end_year = 2022;
  }
  sc.platforms[0].national_min_price_wan_per_mu = 16;
  sc.policies = {quota, lease, cluster_lease, revoke, factories, standard, discount};
  const auto r = run(sc, {.threads = 2, .seed = {}});
  const auto& pl = r.platform;
  double revoked_total = 0;
  for (std::size_t j = 0; j < pl.entities.size(); ++j) {
    const char* name = pl.entities[j].c_str();
    for (std::size_t y = 0; y < r.years.size(); ++y) {
      const double planned = platform_value(r, "land_planned", y, name);
      const double serviced = platform_value(r, "land_serviced", y, name);
      const double occupied = platform_value(r, "land_occupied", y, name);
      CHECK(planned >= serviced - 1e-9);
      CHECK(serviced >= occupied - 1e-9);
      if (y == 0) continue;
      const double taken =
          platform_value(r, "land_sold", y, name) + platform_value(r, "land_leased", y, name);
      const double change = occupied - platform_value(r, "land_occupied", y - 1, name);
      const double revoked = platform_value(r, "land_revoked", y, name);
      CHECK(taken ==
            Approx(change + platform_value(r, "land_released", y, name) + revoked).margin(1e-6));
      // Idle land is part of occupied land.
      CHECK(platform_value(r, "land_idle", y, name) <= occupied + 1e-9);
      revoked_total += revoked;
    }
  }
  CHECK(revoked_total > 0);  // depreciating firms' idle land was taken back somewhere
  // Land instruments keep results independent of the thread count (drawn orders, block sums).
  const auto one = run(sc, {.threads = 1, .seed = {}});
  for (const char* var : {"land_occupied", "land_leased", "land_revoked", "floor_occupied",
                          "output_value", "firms_entered"}) {
    const auto& x = one.platform.find(var)->values;
    const auto& y = r.platform.find(var)->values;
    REQUIRE(x.size() == y.size());
    CHECK(std::memcmp(x.data(), y.data(), x.size() * sizeof(double)) == 0);  // bitwise (NaNs)
  }
}

TEST_CASE("a firm with idle land loses exactly the excess after the idle years, and land is kept",
          "[land]") {
  auto sc = test::small_scenario(20);
  scenario::PolicySpec revoke;
  revoke.family = scenario::PolicyFamily::land;
  revoke.instrument = "idle_land_revocation";
  revoke.name = "idle land";
  revoke.payer = "county";
  revoke.scope.platforms = {"抚顺经济开发区"};
  revoke.params = {{"tolerance", 0.1}, {"years", 2.0}};
  revoke.start_year = 2018;
  revoke.end_year = 2022;
  sc.policies = {revoke};
  World w;
  build_world(w, sc, sc.seed, 0);
  populate(w);
  auto& f = w.firms;
  std::vector<FirmId> park;
  for (FirmId i = 0; i < f.size(); ++i)
    if (f.platform[i] == 0) park.push_back(i);
  REQUIRE(park.size() >= 2);
  const auto need = [&](FirmId i) {
    return f.capital_wan[i] / sc.sectors[f.sector[i]].investment_intensity_wan_per_mu * kM2PerMu;
  };
  const FirmId idle = park[0], tolerated = park[1];
  f.land_m2[idle] = 1.5 * need(idle);             // half its need again is idle
  f.land_m2[tolerated] = 1.05 * need(tolerated);  // within the tolerance
  const double tolerated_land = f.land_m2[tolerated];
  recount_occupied_land(w);
  const double occupied = w.platforms.land_occupied_m2[0];
  w.year = 2018;
  revoke_idle_land(w);
  CHECK(f.land_m2[idle] == 1.5 * need(idle));  // one idle year: nothing taken yet
  CHECK(f.idle_years[idle] == 1);
  CHECK(w.platforms.land_idle_m2[0] == Approx(0.5 * need(idle)));
  CHECK(w.platforms.land_revoked_m2[0] == 0.0);
  w.year = 2019;
  revoke_idle_land(w);
  CHECK(f.land_m2[idle] == Approx(need(idle)));
  CHECK(w.platforms.land_revoked_m2[0] == Approx(0.5 * need(idle)));
  CHECK(w.platforms.land_occupied_m2[0] == Approx(occupied - 0.5 * need(idle)));
  CHECK(f.land_m2[tolerated] == tolerated_land);
  // Conservation: the platform's occupied land is still its firms' land.
  const double booked = w.platforms.land_occupied_m2[0];
  recount_occupied_land(w);
  CHECK(w.platforms.land_occupied_m2[0] == Approx(booked).epsilon(1e-12));
}

TEST_CASE(
    "the legal floor of discounted land prices: the national minimum, 70% for leading sectors",
    "[land]") {
  auto sc = test::small_scenario(20);
  sc.platforms[0].national_min_price_wan_per_mu = 16;  // the park leads 装备制造 (sector 0)
  World w;
  build_world(w, sc, sc.seed, 0);
  CHECK(legal_land_price_floor(w, 0, 0) == Approx(11.2));
  CHECK(legal_land_price_floor(w, 0, 1) == Approx(16));
  CHECK(legal_land_price_floor(w, 1, 0) == 0.0);  // no national minimum given
  CHECK(legal_land_price_floor(w, kNoPlatform, 0) == 0.0);
  // A 50% discount in the park costs less once the national minimum binds.
  scenario::PolicySpec discount;
  discount.family = scenario::PolicyFamily::land;
  discount.instrument = "land_price_discount";
  discount.name = "park land discount";
  discount.payer = "county";
  discount.scope.platforms = {"抚顺经济开发区"};
  discount.params = {{"rate", 0.5}, {"floor_wan_per_mu", 0.0}};
  discount.start_year = 2018;
  discount.end_year = 2022;
  auto free = test::small_scenario(60);
  free.platforms[0].land.servicing_cost_wan_per_mu = 5;
  free.policies = {discount};
  auto floored = free;
  floored.platforms[0].national_min_price_wan_per_mu = 16;
  const auto a = run(free, {.threads = 2, .seed = {}});
  const auto b = run(floored, {.threads = 2, .seed = {}});
  CHECK(county_value(b, "policy_spending", 1, "新抚区") <
        county_value(a, "policy_spending", 1, "新抚区"));
  CHECK(county_value(b, "policy_spending", 1, "新抚区") > 0);
}

TEST_CASE("an admission standard keeps low-intensity entrants out and raises output per mu",
          "[land]") {
  auto with = test::small_scenario(100);
  scenario::PolicySpec standard;
  standard.family = scenario::PolicyFamily::land;
  standard.instrument = "admission_standard";
  standard.name = "park investment intensity standard";
  standard.payer = "county";
  standard.scope.platforms = {"抚顺经济开发区"};
  standard.params = {{"min_investment_wan_per_mu", 350.0}};
  standard.start_year = 2018;
  standard.end_year = 2022;
  with.policies = {standard};
  auto without = with;
  without.policies.clear();
  // Every entrant admitted to the park meets the standard; without it some do not.
  Simulation sim(with, with.seed), base(without, without.seed);
  sim.step();
  base.step();
  const auto below = [](const World& w) {
    int n = 0, entered = 0;
    for (FirmId i = 0; i < w.firms.size(); ++i) {
      if (w.firms.birth_year[i] != 2018 || w.firms.platform[i] != 0) continue;
      ++entered;
      n += w.firms.intensity_wan_per_mu[i] < 350.0;
    }
    return std::pair{n, entered};
  };
  CHECK(below(sim.world()).first == 0);
  CHECK(below(base.world()).first > 0);
  CHECK(below(sim.world()).second > 0);

  const auto a = run(with, {.threads = 2, .seed = {}});
  const auto b = run(without, {.threads = 2, .seed = {}});
  const char* park = "抚顺经济开发区";
  CHECK(sum_years(a, "firms_entered", park) < sum_years(b, "firms_entered", park));
  const std::size_t last = a.years.size() - 1;
  CHECK(platform_value(a, "output_per_mu", last, park) >
        platform_value(b, "output_per_mu", last, park));
}

TEST_CASE("standard-factory floor is conserved: built = rented by active tenants + vacant",
          "[land]") {
  auto sc = test::small_scenario(60);
  sc.policies = {park_factories(30000, 10)};
  Simulation sim(sc, sc.seed);
  double built = 0;
  int tenants = 0;
  while (!sim.done()) {
    sim.step();
    built += 30000;
    const auto& w = sim.world();
    const auto& f = w.firms;
    double rented = 0;
    for (FirmId i = 0; i < f.size(); ++i) {
      if (f.floor_m2(i) <= 0) continue;
      CHECK(f.platform[i] == 0);
      if (!f.active(i)) continue;
      rented += f.floor_m2(i);
      tenants += f.birth_year[i] == w.year;
      // A tenant is micro or small at entry and holds no land of its own then.
      if (f.birth_year[i] == w.year) {
        CHECK(f.land_m2[i] == 0.0);
        CHECK(f.size_class[i] <= SizeClass::small);
      }
    }
    CHECK(w.platforms.floor_built_m2[0] == Approx(built));
    CHECK(w.platforms.floor_occupied_m2[0] == Approx(rented).epsilon(1e-12));
    CHECK(w.platforms.floor_occupied_m2[0] <= w.platforms.floor_built_m2[0] + 1e-9);
  }
  CHECK(tenants > 0);
  // The payer pays the construction: 30000 m² at 2000 元 a year = 0.6 亿元.
  const auto r = sim.finish(1);
  for (std::size_t y = 1; y < r.years.size(); ++y)
    CHECK(r.policy.find("spending")->at(y, 0, 1) == Approx(0.6));
}

TEST_CASE("a factory rent subsidy draws small entrants to the platform and pays rate times rent",
          "[land]") {
  auto with = test::small_scenario(100);
  scenario::PolicySpec subsidy;
  subsidy.family = scenario::PolicyFamily::subsidy;
  subsidy.instrument = "factory_rent_subsidy";
  subsidy.name = "rent-free first years";
  subsidy.payer = "upper";
  subsidy.scope.platforms = {"抚顺经济开发区"};
  subsidy.params = {{"rate", 1.0}, {"years", 5.0}, {"cap_wan", 1e12}};
  subsidy.start_year = 2018;
  subsidy.end_year = 2022;
  auto factories = park_factories(200000, 10);
  with.policies = {factories, subsidy};
  auto without = with;
  without.policies = {factories};
  const auto a = run(with, {.threads = 2, .seed = {}});
  const auto b = run(without, {.threads = 2, .seed = {}});
  const char* park = "抚顺经济开发区";
  // Same draws, a cheaper park for tenants: first-year entrants switch into it.
  CHECK(platform_value(a, "firms_entered", 1, park) > platform_value(b, "firms_entered", 1, park));
  CHECK(platform_value(a, "floor_occupied", 1, park) >
        platform_value(b, "floor_occupied", 1, park));
  CHECK(county_value(a, "firms_entered", 1, "新抚区") ==
        county_value(b, "firms_entered", 1, "新抚区"));
  // The subsidy pays all of the rent of every tenant that stays (tenants entered in 2018 or
  // later, so all are within their first five years through 2022); tenants that exit pay their
  // last rent unsubsidised, like every instrument's payments to exiting firms.
  Simulation sim(with, with.seed);
  while (!sim.done()) {
    sim.step();
    const auto& f = sim.world().firms;
    double rent = 0;
    for (FirmId i = 0; i < f.size(); ++i)
      if (f.active(i)) rent += f.floor_rent_wan(i);
    CHECK(sim.world().work.payments.policy_total(1) == Approx(rent).epsilon(1e-12));
  }
  CHECK(platform_value(a, "floor_rent", 2, park) > 0);
}

TEST_CASE("a plot-ratio standard halves new projects' land at m = 2 and adds its premium",
          "[land]") {
  auto with = test::small_scenario(100);
  scenario::PolicySpec standard;
  standard.family = scenario::PolicyFamily::land;
  standard.instrument = "plot_ratio_standard";
  standard.name = "park plot ratio";
  standard.payer = "county";
  standard.scope.platforms = {"抚顺经济开发区"};
  standard.params = {{"min_plot_ratio", 1.6}, {"typical_plot_ratio", 0.8}, {"cost_premium", 0.1}};
  standard.start_year = 2018;
  standard.end_year = 2022;
  with.policies = {standard};
  auto without = with;
  without.policies.clear();
  Simulation sim(with, with.seed), base(without, without.seed);
  sim.step();
  base.step();
  // The same entrant (same stream key) in the park in both runs: half the land, twice the
  // capital per mu, the same capital, and a 10% premium on it financed like land.
  const auto& a = sim.world().firms;
  const auto& b = base.world().firms;
  std::map<std::uint64_t, FirmId> in_base;
  for (FirmId i = 0; i < b.size(); ++i)
    if (b.birth_year[i] == 2018 && b.platform[i] == 0) in_base[b.stream_key[i]] = i;
  int matched = 0;
  for (FirmId i = 0; i < a.size(); ++i) {
    if (a.birth_year[i] != 2018 || a.platform[i] != 0) continue;
    const auto it = in_base.find(a.stream_key[i]);
    if (it == in_base.end()) continue;
    const FirmId j = it->second;
    ++matched;
    CHECK(a.capital_wan[i] == b.capital_wan[j]);
    CHECK(a.land_m2[i] == Approx(0.5 * b.land_m2[j]).epsilon(1e-12));
    CHECK(a.intensity_wan_per_mu[i] == Approx(2.0 * b.intensity_wan_per_mu[j]).epsilon(1e-12));
    CHECK(a.land_m2[i] / kM2PerMu * a.intensity_wan_per_mu[i] ==
          Approx(a.capital_wan[i]).epsilon(1e-9));
    CHECK(a.debt_wan[i] >= b.debt_wan[j] - 1e-9);  // the premium is financed too
  }
  CHECK(matched > 10);
  // The park absorbs less land for its new projects.
  const auto& pa = sim.world().platforms;
  const auto& pb = base.world().platforms;
  CHECK(pa.land_sold_m2[0] < pb.land_sold_m2[0]);
}
