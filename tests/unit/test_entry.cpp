// Entry (engine/behaviour/entry.cpp): counties are served in parallel, so the rows, the payments
// to payers that several counties share and guidance funds' equity must not depend on the thread
// count; FirmTable::append_rows + set_row give the rows add() gives.

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <map>
#include <string>

#include "engine/behaviour/entry.hpp"
#include "engine/policy/registry.hpp"
#include "engine/simulation.hpp"
#include "engine/state/firm_table.hpp"
#include "fixtures.hpp"

using namespace regsim;

namespace {

FirmInit init_of(std::size_t k) {
  FirmInit f;
  f.sector = static_cast<SectorId>(k % 3);
  f.county = static_cast<CountyId>(k % 2);
  f.platform = k % 4 == 0 ? kNoPlatform : static_cast<PlatformId>(k % 5);
  f.cell = static_cast<std::uint32_t>(7 * k);
  f.stream_key = 1000 + k;
  f.size_class = static_cast<SizeClass>(k % 4);
  f.birth_year = static_cast<std::int16_t>(2000 + k % 20);
  f.log_productivity = 0.1 * static_cast<double>(k);
  f.capital_wan = 3.0 + static_cast<double>(k);
  f.cash_wan = 0.5 * static_cast<double>(k);
  f.debt_wan = 0.25 * static_cast<double>(k);
  f.land_m2 = 100.0 + static_cast<double>(k);
  f.labour_wedge = 1.0 + 0.01 * static_cast<double>(k);
  f.above_scale_before = static_cast<std::uint8_t>(k % 2);
  f.intensity_wan_per_mu = 250.0 + static_cast<double>(k);
  return f;
}

/// Bitwise equality of two columns (std::vector or Column of the same element type).
template <class C>
bool same_column(const C& a, const C& b) {
  return a.size() == b.size() &&
         std::memcmp(a.data(), b.data(), a.size() * sizeof(typename C::value_type)) == 0;
}

scenario::PolicySpec policy_spec(scenario::PolicyFamily family, const std::string& instrument,
                                 const std::string& payer, std::map<std::string, double> params) {
  scenario::PolicySpec p;
  p.family = family;
  p.instrument = instrument;
  p.name = instrument + " paid by " + payer;
  p.payer = payer;
  for (const auto& param : policy::find_instrument(instrument)->params)
    p.params[param.name] = param.default_value;
  for (const auto& [k, v] : params) p.params[k] = v;
  return p;
}

bool bitwise_equal(const EntityGroup& a, const EntityGroup& b) {
  if (a.series.size() != b.series.size()) return false;
  for (std::size_t k = 0; k < a.series.size(); ++k)
    if (!same_column(a.series[k].values, b.series[k].values)) return false;
  return true;
}

double total(const EntityGroup& g, const char* var) {
  const Series* s = g.find(var);
  REQUIRE(s != nullptr);
  double sum = 0;
  for (const double v : s->values)
    if (!std::isnan(v)) sum += v;
  return sum;
}

/// Sum over years of entity e's values of `var`.
double entity_total(const EntityGroup& g, const char* var, std::size_t e) {
  const Series* s = g.find(var);
  REQUIRE(s != nullptr);
  const std::size_t years = s->values.size() / g.entities.size();
  double sum = 0;
  for (std::size_t y = 0; y < years; ++y) {
    const double v = s->at(y, e, g.entities.size());
    if (!std::isnan(v)) sum += v;
  }
  return sum;
}

}  // namespace

TEST_CASE("appended rows set with set_row equal rows added with add", "[entry][state]") {
  // Start from a few rows so that appending grows (reallocates) the columns.
  FirmTable added, appended;
  for (std::size_t k = 0; k < 3; ++k) {
    added.add(init_of(k));
    appended.add(init_of(k));
  }
  constexpr std::size_t kNew = 5000;
  for (std::size_t k = 3; k < 3 + kNew; ++k) added.add(init_of(k));
  const FirmId first = appended.append_rows(kNew);
  REQUIRE(first == 3);
  REQUIRE(appended.size() == 3 + kNew);
  for (std::size_t k = 3; k < 3 + kNew; ++k) appended.set_row(static_cast<FirmId>(k), init_of(k));
  CHECK(appended.append_rows(0) == 3 + kNew);
  CHECK(same_column(added.sector, appended.sector));
  CHECK(same_column(added.county, appended.county));
  CHECK(same_column(added.platform, appended.platform));
  CHECK(same_column(added.cell, appended.cell));
  CHECK(same_column(added.stream_key, appended.stream_key));
  CHECK(same_column(added.birth_year, appended.birth_year));
  CHECK(same_column(added.exit_year, appended.exit_year));
  CHECK(same_column(added.status, appended.status));
  CHECK(same_column(added.size_class, appended.size_class));
  CHECK(same_column(added.above_scale_before, appended.above_scale_before));
  CHECK(same_column(added.log_productivity, appended.log_productivity));
  CHECK(same_column(added.capital_wan, appended.capital_wan));
  CHECK(same_column(added.cash_wan, appended.cash_wan));
  CHECK(same_column(added.debt_wan, appended.debt_wan));
  CHECK(same_column(added.land_m2, appended.land_m2));
  CHECK(same_column(added.labour_wedge, appended.labour_wedge));
  CHECK(same_column(added.intensity_wan_per_mu, appended.intensity_wan_per_mu));
  CHECK(same_column(added.investment_wan, appended.investment_wan));
  CHECK(same_column(added.loss_years, appended.loss_years));
  CHECK(same_column(added.listed_year, appended.listed_year));
  CHECK(same_column(added.idle_years, appended.idle_years));
  CHECK(same_column(added.new_lending_wan, appended.new_lending_wan));
  // No sparse records: every new row's slot says "none".
  CHECK(same_column(added.guarantees.slots(), appended.guarantees.slots()));
  CHECK(same_column(added.leases.slots(), appended.leases.slots()));
  CHECK(same_column(added.tenancies.slots(), appended.tenancies.slots()));
  CHECK(same_column(added.stakes.slots(), appended.stakes.slots()));
}

TEST_CASE("entry payments to shared payers and guidance-fund equity do not depend on threads",
          "[entry][determinism]") {
  using scenario::PolicyFamily;
  auto sc = test::small_scenario(200);
  // Entry awards paid by the upper level (shared by both counties), a land discount paid by a
  // named county (its slot charged by both counties' entrants), a host-county investment
  // subsidy, and a small provincial guidance fund (limited cash, entrants funded in drawn order).
  sc.policies.push_back(policy_spec(PolicyFamily::subsidy, "entry_award", "upper",
                                    {{"amount_wan", 5.0}, {"min_investment_wan", 0.0}}));
  sc.policies.push_back(
      policy_spec(PolicyFamily::land, "land_price_discount", "新抚区", {{"rate", 0.3}}));
  sc.policies.push_back(policy_spec(PolicyFamily::finance, "guidance_fund", "province",
                                    {{"size_yi", 0.5}, {"equity_share", 0.2}}));
  for (auto& p : sc.policies) {
    p.start_year = sc.first_year + 1;
    p.end_year = sc.last_year;
  }
  const auto one = run(sc, {.threads = 1, .seed = {}});
  const auto four = run(sc, {.threads = 4, .seed = {}});
  for (const char* level : {"region", "county", "platform", "sector", "policy", "payer"}) {
    INFO(level);
    CHECK(bitwise_equal(*one.group(level), *four.group(level)));
  }
  CHECK(bitwise_equal(one.policy_payer, four.policy_payer));
  // Each path was taken: entry awards and named-county land discounts paid, to recipients.
  for (const std::size_t k : {2u, 3u}) {
    CHECK(entity_total(one.policy, "spending", k) > 0);
    CHECK(entity_total(one.policy, "recipients", k) > 0);
  }
  CHECK(total(one.policy, "fund_granted") > 0);
}

// ---- Zones attract (MODEL.md 3.2, Entry): a listed platform's firms and leading sectors count in
// the entry pool with the weight exp(theta (V_platform - V_outside)).

namespace {

constexpr CountyId kFushunCounty = 0;   // 抚顺县: the cluster and the town
constexpr CountyId kXinfuDistrict = 1;  // 新抚区: the park
constexpr SectorId kMachinery = 0;      // 装备制造: leading sector of the park
constexpr SectorId kFood = 1;           // 农产品加工
constexpr PlatformId kPark = 0;         // 抚顺经济开发区

/// The small scenario without policies, its county 抚顺县 without platforms (the cluster's and
/// the town's firms are its firms outside any platform).
scenario::Scenario platformless_county(int n = 60) {
  auto sc = test::without_policies(test::small_scenario(n));
  sc.platforms.resize(1);  // the park of 新抚区
  sc.initial.cells = {
      {"新抚区", std::string("抚顺经济开发区"), "装备制造", 3 * n, 300.0, {}},
      {"新抚区", std::string("抚顺经济开发区"), "农产品加工", n, 20.0, {}},
      {"新抚区", std::nullopt, "装备制造", n, 40.0, {}},
      {"抚顺县", std::nullopt, "农产品加工", n + 2 * n + n / 2, 48.0, {}},
  };
  return sc;
}

/// Active firms of sector s outside any platform of county c at the start of the year.
double firms_outside(const World& w, CountyId c, SectorId s) {
  return w.work.cell_firms[w.cells.cell(c, kNoPlatform, s)];
}

/// expected_entrants without the zone factor and without instruments (MODEL.md 3.2 before zones
/// attracted): entry_rate * promotion_effort * (N_cs + lead_cs) * clamp(Pi_cs, 0, 5).
double entrants_without_zone_factor(const World& w, CountyId c, SectorId s, double pool) {
  const auto& sec = w.scenario->sectors[s];
  const double returns = 1 - sec.capital_elasticity - sec.labour_elasticity;
  const double profitability = std::pow(w.sectors.price[s], 1 / returns) *
                               std::pow(w.counties.wage_wan[c] / w.counties.reservation_wage_wan[c],
                                        -sec.labour_elasticity / returns);
  return sec.entry_rate * w.scenario->counties[c].promotion_effort * pool *
         std::clamp(profitability, 0.0, 5.0);
}

}  // namespace

TEST_CASE("a county without platforms gets the entrants of the formula without the zone factor",
          "[entry][location]") {
  auto sc = platformless_county();
  auto strong = sc;
  strong.location_choice.zone_entry_response = 0.9;
  auto none = sc;
  none.location_choice.zone_entry_response = 0;
  Simulation a(sc, sc.seed), b(strong, strong.seed), c(none, none.seed);
  // Base year: the same world whatever theta; 抚顺县's entry does not depend on it, to the bit.
  const double n_food = firms_outside(a.world(), kFushunCounty, kFood);
  REQUIRE(n_food == 210);
  CHECK(entry_pool(a.world(), kFushunCounty, kFood) == n_food);
  CHECK(expected_entrants(a.world(), kFushunCounty, kFood) ==
        expected_entrants(b.world(), kFushunCounty, kFood));
  CHECK(expected_entrants(a.world(), kFushunCounty, kFood) ==
        expected_entrants(c.world(), kFushunCounty, kFood));
  CHECK(expected_entrants(a.world(), kFushunCounty, kMachinery) == 0);  // no firm, no lead
  // The park's county does depend on it: theta = 0 is location choice only.
  CHECK(expected_entrants(b.world(), kXinfuDistrict, kMachinery) >
        expected_entrants(a.world(), kXinfuDistrict, kMachinery));
  CHECK(entry_pool(c.world(), kXinfuDistrict, kMachinery) ==
        firms_outside(c.world(), kXinfuDistrict, kMachinery) + 180 + 1);
  // A simulated year later, with prices and wages moved: still the formula without the factor.
  for (int year = 0; year < 2; ++year) a.step();
  const auto& w = a.world();
  const double n = firms_outside(w, kFushunCounty, kFood);
  REQUIRE(n > 0);
  CHECK(entry_pool(w, kFushunCounty, kFood) == n);
  CHECK(expected_entrants(w, kFushunCounty, kFood) ==
        Approx(entrants_without_zone_factor(w, kFushunCounty, kFood, n)).epsilon(1e-12));
}

TEST_CASE("a new leading-sector zone raises expected entry by the factor of the formula",
          "[entry][location]") {
  const auto before = platformless_county();
  auto after = before;
  scenario::Platform zone;
  zone.name = "抚顺县新区";
  zone.kind = scenario::PlatformKind::industrial_park;
  zone.county = "抚顺县";
  zone.leading_sectors = {"农产品加工"};
  zone.land = {200, 100, 10, 20, 10};  // land at 20 万元 per mu: ln(price / 20) = 0
  zone.infrastructure = 1.5;
  after.platforms.push_back(zone);
  const Simulation a(before, before.seed), b(after, after.seed);
  const auto& lc = after.location_choice;
  const double n = firms_outside(a.world(), kFushunCounty, kFood);
  REQUIRE(firms_outside(b.world(), kFushunCounty, kFood) == n);
  // The zone has no firm yet: V_zone = platform + infrastructure ln 1.5 + leading_sector;
  // V_outside = agglomeration ln(1 + N_outside). Its lead counts with that weight.
  const double v_zone = lc.platform + lc.infrastructure * std::log(1.5) + lc.leading_sector;
  const double v_outside = lc.agglomeration * std::log1p(n);
  const double weight = std::exp(lc.zone_entry_response * (v_zone - v_outside));
  const PlatformId id = 1;
  CHECK(location_entry_weight(b.world(), kFushunCounty, id, kFood) ==
        Approx(weight).epsilon(1e-12));
  CHECK(location_entry_weight(b.world(), kFushunCounty, kNoPlatform, kFood) == 1.0);
  CHECK(expected_entrants(b.world(), kFushunCounty, kFood) /
            expected_entrants(a.world(), kFushunCounty, kFood) ==
        Approx((n + weight) / n).epsilon(1e-12));
  // Not a leading sector of the zone, and no firm of it in the county: still none.
  CHECK(expected_entrants(b.world(), kFushunCounty, kMachinery) == 0);
}

TEST_CASE("removing a zone lowers expected entry in its county", "[entry][location]") {
  // The park of 新抚区 is not designated: its firms are the district's firms outside any
  // platform.
  const auto with_park = test::without_policies(test::small_scenario(60));
  auto without_park = with_park;
  without_park.platforms.erase(without_park.platforms.begin());
  without_park.initial.cells = {
      {"新抚区", std::nullopt, "装备制造", 4 * 60, 340.0, {}},
      {"新抚区", std::nullopt, "农产品加工", 60, 20.0, {}},
      {"抚顺县", std::string("抚顺县农产品加工集聚区"), "农产品加工", 2 * 60, 30.0, {}},
      {"抚顺县", std::string("小镇"), "农产品加工", 30, 3.0, {}},
      {"抚顺县", std::nullopt, "农产品加工", 60, 15.0, {}},
  };
  const Simulation a(with_park, with_park.seed), b(without_park, without_park.seed);
  const auto& lc = with_park.location_choice;
  // The park: land at 18 万元 per mu, 180 machinery firms inside and 60 outside, where land
  // costs the mean list price of the district's platforms, the park's 18 万元 per mu.
  const double v_park = lc.platform + lc.land_price * std::log(18.0 / 20.0) +
                        lc.agglomeration * std::log1p(180.0) + lc.leading_sector;
  const double v_outside =
      lc.land_price * std::log(18.0 / 20.0) + lc.agglomeration * std::log1p(60.0);
  const double weight = std::exp(lc.zone_entry_response * (v_park - v_outside));
  CHECK(location_entry_weight(a.world(), kXinfuDistrict, kPark, kMachinery) ==
        Approx(weight).epsilon(1e-12));
  CHECK(entry_pool(a.world(), kXinfuDistrict, kMachinery) ==
        Approx(60 + (180 + 1) * weight).epsilon(1e-12));
  CHECK(entry_pool(b.world(), kXinfuDistrict, kMachinery) == 240);
  for (const SectorId s : {kMachinery, kFood}) {
    INFO("sector " << s);
    CHECK(expected_entrants(b.world(), kXinfuDistrict, s) <
          expected_entrants(a.world(), kXinfuDistrict, s));
  }
}

TEST_CASE("a zone's land discount or entry award raises expected entry through its utility",
          "[entry][location]") {
  using scenario::PolicyFamily;
  const auto plain = test::without_policies(test::small_scenario(60));
  const auto with = [&](scenario::PolicySpec policy) {
    auto sc = plain;
    policy.scope.platforms = {"抚顺经济开发区"};
    policy.start_year = sc.first_year;  // in force from the base year on
    policy.end_year = sc.last_year;
    sc.policies = {policy};
    return sc;
  };
  const auto discount =
      with(policy_spec(PolicyFamily::land, "land_price_discount", "county", {{"rate", 0.3}}));
  const auto award = with(policy_spec(PolicyFamily::subsidy, "entry_award", "county",
                                      {{"amount_wan", 27.0}, {"min_investment_wan", 0.0}}));
  const Simulation base(plain, plain.seed), d(discount, discount.seed), e(award, award.seed);
  const auto& lc = plain.location_choice;
  const auto& machinery = plain.sectors[kMachinery];
  const double weight = location_entry_weight(base.world(), kXinfuDistrict, kPark, kMachinery);
  REQUIRE(weight > 1);
  // Land at 18 万元 per mu, 30% off: 12.6 (above the servicing cost of 12, no national floor).
  CHECK(location_entry_weight(d.world(), kXinfuDistrict, kPark, kMachinery) / weight ==
        Approx(std::exp(lc.zone_entry_response * lc.land_price * std::log(12.6 / 18.0)))
            .epsilon(1e-12));
  // 27 万元 to the median entrant (capital 0.9 x 300 万元): 0.1 of its capital.
  const double award_share = 27.0 / (machinery.capital_output_ratio * 300.0);
  CHECK(location_entry_weight(e.world(), kXinfuDistrict, kPark, kMachinery) / weight ==
        Approx(std::exp(lc.zone_entry_response * lc.entry_award * award_share)).epsilon(1e-12));
  for (const Simulation* sim : {&d, &e}) {
    const auto& w = sim->world();
    for (const SectorId s : {kMachinery, kFood}) {
      INFO("sector " << s);
      CHECK(entry_pool(w, kXinfuDistrict, s) > entry_pool(base.world(), kXinfuDistrict, s));
      CHECK(expected_entrants(w, kXinfuDistrict, s) >
            expected_entrants(base.world(), kXinfuDistrict, s));
    }
    // The other county is out of the instruments' scope.
    CHECK(expected_entrants(w, kFushunCounty, kFood) ==
          expected_entrants(base.world(), kFushunCounty, kFood));
  }
}

TEST_CASE("entry drawn per zone gives bit-identical results on 1 and 3 threads",
          "[entry][location][determinism]") {
  using scenario::PolicyFamily;
  auto sc = test::small_scenario(150);
  sc.location_choice.zone_entry_response = 0.8;
  auto discount = policy_spec(PolicyFamily::land, "land_price_discount", "county", {{"rate", 0.3}});
  discount.scope.platforms = {"抚顺经济开发区", "小镇"};
  auto award = policy_spec(PolicyFamily::subsidy, "entry_award", "upper",
                           {{"amount_wan", 20.0}, {"min_investment_wan", 0.0}});
  award.scope.platforms = {"抚顺县农产品加工集聚区"};
  for (auto* p : {&discount, &award}) {
    p->start_year = sc.first_year + 1;
    p->end_year = sc.last_year;
    sc.policies.push_back(*p);
  }
  const auto one = run(sc, {.threads = 1, .seed = {}});
  const auto three = run(sc, {.threads = 3, .seed = {}});
  for (const char* level : {"region", "county", "platform", "sector", "policy", "payer"}) {
    INFO(level);
    CHECK(bitwise_equal(*one.group(level), *three.group(level)));
  }
  CHECK(total(one.county, "firms_entered") > 0);
}
