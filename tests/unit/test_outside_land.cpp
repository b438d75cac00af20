// Industrial land outside platforms (MODEL.md 3.7, "Land outside platforms"): a county's vacant
// stock, its yearly addition (under the construction-land quota where one covers the county),
// entrants and incumbents served from it, and the parameters' errors.

#include <catch2/catch.hpp>

#include <array>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "engine/behaviour/entry.hpp"
#include "engine/behaviour/government.hpp"
#include "engine/market/land.hpp"
#include "engine/scenario/parse.hpp"
#include "engine/simulation.hpp"
#include "fixtures.hpp"

using namespace regsim;

namespace {

double county_value(const RunResult& r, const char* var, std::size_t y, const char* county) {
  const auto& c = r.county;
  return c.find(var)->at(y, c.entity_index(county), c.entities.size());
}

/// The small scenario with little land outside platforms: none vacant in the base year and a
/// yearly addition of 1% of the base-year outside land, so that outside land binds.
scenario::Scenario tight_outside(int firms_per_cell = 60) {
  auto sc = test::small_scenario(firms_per_cell);
  for (auto& c : sc.counties) {
    c.outside_land_vacancy_share = 0.0;
    c.outside_land_growth = 0.01;
  }
  return sc;
}

/// Land of the active firms outside platforms in county c.
double outside_firms_land_m2(const World& w, CountyId c) {
  double land = 0;
  for (FirmId i = 0; i < w.firms.size(); ++i)
    if (w.firms.active(i) && w.firms.platform[i] == kNoPlatform && w.firms.county[i] == c)
      land += w.firms.land_m2[i];
  return land;
}

scenario::PolicySpec county_quota(double ha, const char* county) {
  scenario::PolicySpec q;
  q.family = scenario::PolicyFamily::land;
  q.instrument = "land_quota";
  q.name = "construction land quota";
  q.payer = "upper";
  q.params = {
      {"quota_ha_per_year", ha}, {"rule", 1.0}, {"efficiency_bonus", 0.2}, {"carry_over", 0.0}};
  q.scope.counties = {county};
  return q;
}

}  // namespace

TEST_CASE("outside land is conserved every year: supplied = base + additions = occupied + vacant",
          "[land][outside]") {
  const auto sc = tight_outside();
  Simulation sim(sc, sc.seed);
  const auto& w0 = sim.world();
  std::vector<double> supplied(w0.n_counties()), base(w0.n_counties());
  for (CountyId c = 0; c < w0.n_counties(); ++c) {
    base[c] = w0.counties.outside_land_occupied_m2[c];
    // Base year: occupied = the outside firms' land, vacant = vacancy share (0) of it.
    CHECK(w0.counties.outside_land_occupied_m2[c] == Approx(outside_firms_land_m2(w0, c)));
    CHECK(w0.counties.outside_land_occupied_m2[c] > 0);
    CHECK(w0.counties.outside_land_vacant_m2(c) == 0.0);
    supplied[c] = w0.counties.outside_land_supplied_m2[c];
  }
  double rationed = 0, released = 0;
  while (!sim.done()) {
    sim.step();
    const auto& w = sim.world();
    const auto& cty = w.counties;
    for (CountyId c = 0; c < w.n_counties(); ++c) {
      const double growth = sc.counties[c].outside_land_growth * base[c];  // no quota: all of it
      CHECK(cty.outside_land_added_m2[c] == Approx(growth));
      supplied[c] += growth;
      CHECK(cty.outside_land_supplied_m2[c] == Approx(supplied[c]));
      // Nothing is lost: what is supplied is occupied or vacant, never over-occupied.
      CHECK(cty.outside_land_occupied_m2[c] <= cty.outside_land_supplied_m2[c] * (1 + 1e-12));
      CHECK(cty.outside_land_vacant_m2(c) + cty.outside_land_occupied_m2[c] == Approx(supplied[c]));
      rationed += cty.outside_land_rationed_m2[c];
      // Exits return their land: occupied after the year is the land of the active firms.
      const double land_now = outside_firms_land_m2(w, c);
      CHECK(cty.outside_land_occupied_m2[c] == Approx(land_now));
      for (FirmId i = 0; i < w.firms.size(); ++i)
        if (!w.firms.active(i) && w.firms.exit_year[i] == w.year &&
            w.firms.platform[i] == kNoPlatform && w.firms.county[i] == c)
          released += w.firms.land_m2[i];
    }
  }
  CHECK(rationed > 0);  // the land bound
  CHECK(released > 0);  // and exits freed some of it
}

TEST_CASE("outside land outputs add up: vacant + occupied = base + cumulative additions",
          "[land][outside]") {
  const auto r = run(tight_outside(), {.threads = 2, .seed = {}});
  for (const char* county : {"抚顺县", "新抚区"}) {
    const double base = county_value(r, "land_outside_vacant", 0, county) +
                        county_value(r, "land_outside_occupied", 0, county);
    double added = 0;
    for (std::size_t y = 1; y < r.years.size(); ++y) {
      added += county_value(r, "land_outside_added", y, county);
      CHECK(county_value(r, "land_outside_vacant", y, county) +
                county_value(r, "land_outside_occupied", y, county) ==
            Approx(base + added));
    }
    CHECK(added == Approx(0.01 * county_value(r, "land_outside_occupied", 0, county) *
                          static_cast<double>(r.years.size() - 1)));
  }
}

TEST_CASE("an entrant wanting outside land where none is vacant goes to a platform or stays out",
          "[land][outside][entry]") {
  const auto sc = test::small_scenario(60);
  Simulation sim(sc, sc.seed);
  sim.step();
  const CountyId county = 0;  // 抚顺县: outside, the cluster and the town
  const auto enter_without_outside_land = [&](bool platforms_full) {
    World w = test::next_year_cleared(sim);
    reset_government_flows(w);
    auto& cty = w.counties;
    cty.outside_land_supplied_m2[county] = cty.outside_land_occupied_m2[county];  // none vacant
    if (platforms_full)
      for (std::size_t p = 0; p < w.n_platforms(); ++p)
        if (w.platforms.county[p] == county) {
          w.platforms.land_serviced_m2[p] = w.platforms.land_occupied_m2[p];
          w.platforms.floor_built_m2[p] = w.platforms.floor_occupied_m2[p];
        }
    const double occupied_before = cty.outside_land_occupied_m2[county];
    const auto first = static_cast<FirmId>(w.firms.size());
    enter_firms(w);
    std::size_t outside = 0, in_platforms = 0;
    for (FirmId i = first; i < w.firms.size(); ++i) {
      CHECK(w.firms.birth_year[i] == w.year);
      CHECK(w.firms.active(i));
      if (w.firms.county[i] != county) continue;
      (w.firms.platform[i] == kNoPlatform ? outside : in_platforms) += 1;
    }
    CHECK(outside == 0);
    CHECK(cty.outside_land_occupied_m2[county] == occupied_before);
    CHECK(cty.outside_land_rationed_m2[county] > 0);  // some wanted to be outside
    return std::pair{in_platforms, cty.entrants_without_land[county]};
  };
  // Platforms with land: the entrants that wanted outside choose a platform instead.
  const auto [relocated, left_out] = enter_without_outside_land(false);
  CHECK(relocated > 0);
  // No land anywhere in the county: nobody enters it, and the would-be entrants are counted.
  const auto [entered, without_land] = enter_without_outside_land(true);
  CHECK(entered == 0);
  CHECK(without_land >= 1.0);
  CHECK(without_land >= static_cast<double>(relocated) + left_out);
}

TEST_CASE("a land quota cut reduces a covered county's outside conversion", "[land][outside]") {
  const auto with_quota = [](double ha) {
    auto sc = tight_outside();
    sc.policies = {county_quota(ha, "抚顺县")};
    sc.policies[0].start_year = sc.first_year + 1;
    sc.policies[0].end_year = sc.last_year;
    return run(sc, {.threads = 2, .seed = {}});
  };
  const auto full = with_quota(10);
  const auto cut = with_quota(0.5);
  auto free_sc = tight_outside();
  free_sc.policies.clear();
  const auto none = run(free_sc, {.threads = 2, .seed = {}});
  const char* covered = "抚顺县";
  double added_full = 0, added_cut = 0, added_none = 0;
  for (std::size_t y = 1; y < full.years.size(); ++y) {
    const double cut_y = county_value(cut, "land_outside_added", y, covered);
    added_full += county_value(full, "land_outside_added", y, covered);
    added_cut += cut_y;
    added_none += county_value(none, "land_outside_added", y, covered);
    // The outside addition uses quota: never more than the county was granted (no carry-over).
    CHECK(cut_y <= county_value(cut, "land_quota_granted", y, covered) + 1e-9);
    CHECK(county_value(cut, "land_quota_used", y, covered) >= cut_y - 1e-9);
  }
  CHECK(added_cut < added_full);
  CHECK(added_full <= added_none + 1e-9);
  // The uncovered county converts its full addition whatever the quota.
  for (std::size_t y = 1; y < full.years.size(); ++y)
    CHECK(county_value(cut, "land_outside_added", y, "新抚区") ==
          county_value(none, "land_outside_added", y, "新抚区"));
  // Less outside land: more of it rationed.
  double rationed_cut = 0, rationed_none = 0;
  for (std::size_t y = 1; y < full.years.size(); ++y) {
    rationed_cut += county_value(cut, "land_outside_rationed", y, covered);
    rationed_none += county_value(none, "land_outside_rationed", y, covered);
  }
  CHECK(rationed_cut > rationed_none);
}

TEST_CASE("with outside land binding, results are bit-identical for 1 and 2 threads",
          "[land][outside][determinism]") {
  const auto sc = tight_outside(200);
  const auto one = run(sc, {.threads = 1, .seed = {}});
  const auto two = run(sc, {.threads = 2, .seed = {}});
  double rationed = 0;
  for (std::size_t y = 1; y < one.years.size(); ++y)
    rationed += one.region.find("land_outside_rationed")->at(y, 0, 1);
  CHECK(rationed > 0);
  for (const char* level : {"region", "county", "platform", "sector"}) {
    const auto& a = *one.group(level);
    const auto& b = *two.group(level);
    REQUIRE(a.series.size() == b.series.size());
    for (std::size_t k = 0; k < a.series.size(); ++k) {
      const auto& x = a.series[k].values;
      const auto& y = b.series[k].values;
      REQUIRE(x.size() == y.size());
      CHECK(std::memcmp(x.data(), y.data(), x.size() * sizeof(double)) == 0);
    }
  }
}

TEST_CASE("outside land parameters are checked where they are written", "[land][scenario][error]") {
  std::ifstream in(std::filesystem::path(REGSIM_TEST_DATA) / "scenarios" / "minimal.toml");
  std::ostringstream text;
  text << in.rdbuf();
  const std::string base = text.str();
  const auto error_of = [&](const std::string& t) -> std::string {
    try {
      scenario::parse_scenario_text(t, "t.toml", {});
    } catch (const scenario::ScenarioError& e) {
      return e.what();
    }
    FAIL("expected a ScenarioError");
    return {};
  };
  const auto replaced = [&](const std::string& from, const std::string& to) {
    const auto at = base.find(from);
    REQUIRE(at != std::string::npos);
    std::string t = base;
    t.replace(at, from.size(), to);
    return t;
  };
  // The line of `needle` in `t` (1-based).
  const auto line_of = [](const std::string& t, const std::string& needle) {
    const auto at = t.find(needle);
    return 1 + static_cast<int>(std::count(t.begin(), t.begin() + static_cast<long>(at), '\n'));
  };
  // A county's own keys: ranges, located at the value.
  std::string t =
      replaced("wage_wan = 4.5\n", "wage_wan = 4.5\noutside_land_vacancy_share = -0.1\n");
  std::string e = error_of(t);
  CHECK_THAT(
      e, Catch::StartsWith("t.toml:" + std::to_string(line_of(t, "outside_land_vacancy")) + ":"));
  CHECK_THAT(e,
             Catch::Contains("'outside_land_vacancy_share' in [[counties]] '抚顺县' must be >= 0"));
  e = error_of(replaced("wage_wan = 4.5\n", "wage_wan = 4.5\noutside_land_growth = -0.02\n"));
  CHECK_THAT(e, Catch::Contains("'outside_land_growth'"));
  CHECK_THAT(e, Catch::Contains("must be >= 0, got -0.02"));
  e = error_of(replaced("wage_wan = 4.5\n", "wage_wan = 4.5\noutside_land_price_wan_per_mu = 0\n"));
  CHECK_THAT(e, Catch::Contains("'outside_land_price_wan_per_mu'"));
  CHECK_THAT(e, Catch::Contains("must be > 0, got 0"));
  // Implausible: ten times the occupied land vacant is a typo or a unit error.
  e = error_of(replaced("wage_wan = 4.5\n", "wage_wan = 4.5\noutside_land_vacancy_share = 50\n"));
  CHECK_THAT(e, Catch::Contains("outside_land_vacancy_share"));
  // [land]: the region's defaults, with did-you-mean for a misspelt key.
  t = base + "\n[land]\noutside_land_growth = -1\n";
  e = error_of(t);
  CHECK_THAT(
      e, Catch::StartsWith("t.toml:" + std::to_string(line_of(t, "outside_land_growth")) + ":"));
  CHECK_THAT(e, Catch::Contains("'outside_land_growth' in [land] must be >= 0"));
  e = error_of(base + "\n[land]\noutside_land_grwoth = 0.02\n");
  CHECK_THAT(e, Catch::Contains("did you mean 'outside_land_growth'?"));
  // Defaults flow from [land] to every county unless it sets its own.
  const auto sc = scenario::parse_scenario_text(
      replaced("wage_wan = 4.5\n", "wage_wan = 4.5\noutside_land_growth = 0.07\n") +
          "\n[land]\noutside_land_growth = 0.01\noutside_land_vacancy_share = 0.2\n",
      "t.toml", {});
  CHECK(sc.counties[0].outside_land_growth == 0.07);
  CHECK(sc.counties[1].outside_land_growth == 0.01);
  CHECK(sc.counties[1].outside_land_vacancy_share == 0.2);
}

TEST_CASE("a park requirement keeps its sector's entrants out of land outside platforms",
          "[land][outside][entry][policy]") {
  auto plain = test::without_policies(test::small_scenario(60));
  auto ruled = plain;
  scenario::PolicySpec rule;
  rule.family = scenario::PolicyFamily::land;
  rule.instrument = "park_requirement";
  rule.name = "农产品加工项目入园";
  rule.payer = "county";
  rule.scope.counties = {"抚顺县"};
  rule.scope.sectors = {"农产品加工"};
  rule.start_year = plain.first_year + 1;
  rule.end_year = plain.last_year;
  ruled.policies = {rule};
  const auto entrants_by_location = [](const scenario::Scenario& sc) {
    Simulation sim(sc, sc.seed);
    while (!sim.done()) sim.step();
    const auto& f = sim.world().firms;
    std::array<double, 4>
        n{};  // [抚顺县 food outside, 抚顺县 food in platforms, 新抚区 outside, all]
    for (FirmId i = 0; i < f.size(); ++i) {
      if (f.birth_year[i] <= sc.first_year) continue;
      n[3] += 1;
      if (f.county[i] == 0 && f.sector[i] == 1) (f.platform[i] == kNoPlatform ? n[0] : n[1]) += 1;
      if (f.county[i] == 1 && f.platform[i] == kNoPlatform) n[2] += 1;
    }
    return n;
  };
  const auto without = entrants_by_location(plain);
  const auto with = entrants_by_location(ruled);
  REQUIRE(without[0] > 0);      // without the rule some of the county's food entrants go outside
  CHECK(with[0] == 0);          // with it none do
  CHECK(with[1] > without[1]);  // they go to the county's platforms instead
  CHECK(with[2] > 0);           // outside its scope entrants still locate outside
}
