#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include "engine/policy/policy_book.hpp"
#include "engine/policy/registry.hpp"
#include "engine/scenario/parse.hpp"
#include "engine/simulation.hpp"
#include "fixtures.hpp"

using namespace regsim;

namespace {

scenario::PolicySpec subsidy(const char* instrument, std::map<std::string, double> params) {
  scenario::PolicySpec p;
  p.family = scenario::PolicyFamily::subsidy;
  p.instrument = instrument;
  p.name = instrument;
  p.payer = "抚顺县";
  p.scope.counties = {"抚顺县"};
  p.params = std::move(params);
  p.start_year = 2018;
  p.end_year = 2022;
  return p;
}

using test::without_policies;

/// The first `years` simulated years of a scenario (a) and of the same scenario without its
/// policies (b), from the same seed.
struct Pair {
  scenario::Scenario with, without;
  Simulation a, b;
  Pair(scenario::Scenario sc, int years)
      : with(std::move(sc)),
        without(without_policies(with)),
        a(with, with.seed),
        b(without, without.seed) {
    for (int y = 0; y < years; ++y) {
      a.step();
      b.step();
    }
  }
};

/// Entrants of the current year in a county.
int entrants_in(const World& w, CountyId county) {
  int n = 0;
  for (FirmId i = 0; i < w.firms.size(); ++i)
    n += w.firms.birth_year[i] == w.year && w.firms.county[i] == county;
  return n;
}

double series(const EntityGroup& g, const char* var, std::size_t y, const std::string& entity) {
  return g.find(var)->at(y, g.entity_index(entity), g.entities.size());
}

}  // namespace

TEST_CASE("the new subsidy instruments are registered with their parameters", "[subsidies]") {
  for (const char* name :
       {"entry_award", "upgrade_award", "listing_award", "electricity_subsidy"}) {
    const auto* info = policy::find_instrument(name);
    REQUIRE(info != nullptr);
    CHECK(info->family == scenario::PolicyFamily::subsidy);
  }
  CHECK(policy::find_instrument("listing_award")->own_payers);
  CHECK_FALSE(policy::find_instrument("entry_award")->own_payers);
  // The listing award's cost is split across the levels in proportion to their amounts.
  const policy::ListingAward award{100, 50, 50};
  const auto shares = award.payer_shares();
  REQUIRE(shares.size() == 3);
  CHECK(shares[0].payer == Payer::kProvince);
  CHECK(shares[0].share == Approx(0.5));
  CHECK(shares[1].payer == Payer::kUpper);
  CHECK(shares[2].payer == Payer::kHostCounty);
  CHECK(shares[1].share + shares[2].share == Approx(0.5));
}

TEST_CASE("an entry award draws entrants to the county and costs exactly the awards paid",
          "[subsidies]") {
  auto sc = test::small_scenario(150);
  const double amount = 50, rate = 0.05, threshold = 150;
  sc.policies = {subsidy("entry_award", {{"amount_wan", amount},
                                         {"rate", rate},
                                         {"cap_wan", 1e12},
                                         {"min_investment_wan", threshold}})};
  Pair pair(sc, 1);
  const auto& w = pair.a.world();
  // Same draws, more expected entrants in the award's county; the other county is unchanged.
  CHECK(entrants_in(w, 0) > entrants_in(pair.b.world(), 0));
  CHECK(entrants_in(w, 1) == entrants_in(pair.b.world(), 1));

  double awarded = 0;
  int eligible = 0;
  for (FirmId i = 0; i < w.firms.size(); ++i) {
    if (w.firms.birth_year[i] != w.year) continue;
    const double capital = w.firms.investment_wan[i];
    const bool in_scope = w.firms.county[i] == 0 && capital >= threshold;
    CHECK(w.firms.policy_received_wan[i] == (in_scope ? amount + rate * capital : 0.0));
    awarded += w.firms.policy_received_wan[i];
    eligible += in_scope;
  }
  CHECK(eligible > 0);
  const auto& paid = w.work.payments;
  CHECK(paid.paid(0, 0) == Approx(awarded).epsilon(1e-12));  // 抚顺县 pays it all
  CHECK(paid.policy_total(0) == Approx(awarded).epsilon(1e-12));
  CHECK(paid.recipients(0) == eligible);
}

TEST_CASE("an entry award above every entrant's investment pays nothing and changes nothing",
          "[subsidies]") {
  auto sc = test::small_scenario(100);
  sc.policies = {subsidy(
      "entry_award",
      {{"amount_wan", 50.0}, {"rate", 0.05}, {"cap_wan", 1e12}, {"min_investment_wan", 1e11}})};
  const auto a = run(sc, {.threads = 1, .seed = {}});
  const auto b = run(without_policies(sc), {.threads = 1, .seed = {}});
  for (const char* var : {"output_value", "firms_active", "firms_entered", "employment"})
    for (std::size_t y = 1; y < a.years.size(); ++y)
      CHECK(series(a.region, var, y, sc.name) == series(b.region, var, y, sc.name));
  for (std::size_t y = 1; y < a.years.size(); ++y)
    CHECK(series(a.region, "policy_spending", y, sc.name) == 0.0);
}

TEST_CASE("an upgrade award makes more firms cross the above-scale threshold, paid once each",
          "[subsidies]") {
  auto sc = test::small_scenario(150);
  // Firms close half of their capital gap a year, so that the award's investment shows in
  // the next year's revenue.
  for (auto& s : sc.sectors) s.investment_adjustment = 0.5;
  const double amount = 300;
  sc.policies = {subsidy("upgrade_award", {{"amount_wan", amount}, {"reach", 0.7}})};
  const auto without = without_policies(sc);
  Simulation a(sc, sc.seed), b(without, without.seed);
  std::vector<int> times_paid;
  int crossed_a = 0, crossed_b = 0;
  while (!a.done()) {
    const auto& fa = a.world().firms;
    const auto& fb = b.world().firms;
    const auto before_a = fa.above_scale_before;
    const auto before_b = fb.above_scale_before;
    a.step();
    b.step();
    const int year_index = a.world().year - sc.first_year;
    // Firms that reached the threshold for the first time this year (rows that existed before).
    int crossed_now_a = 0, eligible_now = 0;
    for (FirmId i = 0; i < before_a.size(); ++i) {
      const bool crossed = fa.above_scale_before[i] && !before_a[i];
      crossed_now_a += crossed;
      eligible_now += crossed && fa.county[i] == 0;
    }
    int crossed_now_b = 0;
    for (FirmId i = 0; i < before_b.size(); ++i)
      crossed_now_b += fb.above_scale_before[i] && !before_b[i];
    // Investment decided in the first year raises revenue from the second year on.
    if (year_index == 2) CHECK(crossed_now_a > crossed_now_b);
    crossed_a += crossed_now_a;
    crossed_b += crossed_now_b;

    const auto& paid = a.world().work.payments;
    CHECK(paid.recipients(0) == eligible_now);
    CHECK(paid.paid(0, 0) == Approx(amount * eligible_now).epsilon(1e-12));
    times_paid.resize(fa.size(), 0);
    for (FirmId i = 0; i < fa.size(); ++i) {
      if (fa.policy_received_wan[i] == 0) continue;
      CHECK(fa.policy_received_wan[i] == amount);
      ++times_paid[i];
    }
  }
  CHECK(crossed_a > crossed_b);
  CHECK(*std::max_element(times_paid.begin(), times_paid.end()) == 1);
}

namespace {
/// Many large, profitable firms that can list (the listing threshold lowered to 3000 万元).
scenario::Scenario listing_scenario(double province, double upper, double county) {
  auto sc = test::small_scenario(150);
  sc.fiscal.listing_min_revenue_wan = 3000;
  scenario::PolicySpec award;
  award.family = scenario::PolicyFamily::subsidy;
  award.instrument = "listing_award";
  award.name = "listing award";
  award.scope.sectors = {"装备制造"};
  award.params = {{"province_wan", province}, {"upper_wan", upper}, {"county_wan", county}};
  award.start_year = 2018;
  award.end_year = 2022;
  sc.policies = {award};
  return sc;
}
}  // namespace

TEST_CASE("a listing award raises listings and is split across province, upper and county",
          "[subsidies]") {
  const double province = 1000, upper = 500, county = 500;
  const auto sc = listing_scenario(province, upper, county);
  const auto a = run(sc, {.threads = 2, .seed = {}});
  const auto b = run(without_policies(sc), {.threads = 2, .seed = {}});
  double listed_a = 0, listed_b = 0;
  for (std::size_t y = 1; y < a.years.size(); ++y) {
    listed_a += series(a.region, "firms_listed", y, sc.name);
    listed_b += series(b.region, "firms_listed", y, sc.name);
    // Eligible listings: the award's sector. Each pays the three amounts.
    const double n = series(a.sector, "firms_listed", y, "装备制造");
    const double yi = 1e-4;
    CHECK(series(a.policy_payer, "spending", y, "listing award / province") ==
          Approx(province * n * yi).epsilon(1e-12));
    CHECK(series(a.policy_payer, "spending", y, "listing award / upper") ==
          Approx(upper * n * yi).epsilon(1e-12));
    const double counties = series(a.policy_payer, "spending", y, "listing award / 抚顺县") +
                            series(a.policy_payer, "spending", y, "listing award / 新抚区");
    CHECK(counties == Approx(county * n * yi).epsilon(1e-12));
    CHECK(series(a.policy, "recipients", y, "listing award") == n);
  }
  CHECK(listed_b > 0);
  CHECK(listed_a > 1.3 * listed_b);
  const std::size_t last = a.years.size() - 1;
  CHECK(series(a.region, "firms_listed_total", last, sc.name) > 0);
  CHECK(series(a.region, "firms_listed_total", 0, sc.name) == 0);
}

TEST_CASE("equity raised at listing repays the listed firms' debt", "[subsidies]") {
  auto with_equity = listing_scenario(0, 0, 0);
  with_equity.policies.clear();
  with_equity.fiscal.listing_hazard = 0.2;
  auto no_equity = with_equity;
  no_equity.fiscal.listing_equity_ratio = 0;
  Simulation a(with_equity, with_equity.seed), b(no_equity, no_equity.seed);
  a.step();
  b.step();
  const auto& fa = a.world().firms;
  const auto& fb = b.world().firms;
  int listed = 0;
  double debt_a = 0, debt_b = 0;
  for (FirmId i = 0; i < fa.size(); ++i) {
    if (fa.listed_year[i] != a.world().year) continue;
    REQUIRE(fb.listed_year[i] == fa.listed_year[i]);  // same draws, same listings
    ++listed;
    const double equity = 0.25 * fa.capital_wan[i];
    CHECK((fa.debt_wan[i] - fa.cash_wan[i]) ==
          Approx(fb.debt_wan[i] - fb.cash_wan[i] - equity).epsilon(1e-9));
    CHECK(fa.debt_wan[i] == Approx(std::max(0.0, fb.debt_wan[i] - fb.cash_wan[i] - equity)));
    debt_a += fa.debt_wan[i];
    debt_b += fb.debt_wan[i];
  }
  CHECK(listed > 0);
  CHECK(debt_a < debt_b);
}

TEST_CASE(
    "an electricity subsidy raises eligible employment and output and costs rate * e * revenue",
    "[subsidies]") {
  auto sc = test::small_scenario(150);
  const double rate = 0.5;
  auto policy = subsidy("electricity_subsidy", {{"rate", rate}, {"cap_wan", 1e12}});
  policy.scope.sectors = {"农产品加工"};
  sc.policies = {policy};
  Pair pair(sc, 1);
  const auto& w = pair.a.world();
  const auto& fa = w.firms;
  const auto& fb = pair.b.world().firms;
  const double e = sc.sectors[1].electricity_cost_share;
  double bill = 0, labour_in_a = 0, labour_in_b = 0, labour_out_a = 0, labour_out_b = 0;
  double output_in_a = 0, output_in_b = 0, output_out_a = 0, output_out_b = 0;
  for (FirmId i = 0; i < fa.size(); ++i) {
    if (fa.birth_year[i] >= w.year || fa.sector[i] != 1) continue;
    const bool eligible = fa.county[i] == 0;
    if (!fa.active(i)) continue;
    // Every eligible firm still active is paid, also one that exited in the run without the
    // subsidy (the exit hazard reads its profit, so the two runs' exits can differ).
    if (eligible) bill += e * fa.revenue_wan[i];
    if (!fb.active(i)) continue;
    (eligible ? labour_in_a : labour_out_a) += fa.labour[i];
    (eligible ? labour_in_b : labour_out_b) += fb.labour[i];
    (eligible ? output_in_a : output_out_a) += fa.revenue_wan[i];
    (eligible ? output_in_b : output_out_b) += fb.revenue_wan[i];
  }
  // Eligible firms hire and produce more; ineligible firms of the sector face a lower price.
  CHECK(labour_in_a / labour_in_b > 1.05);
  CHECK(labour_in_a / labour_in_b > labour_out_a / labour_out_b);
  CHECK(output_in_a / output_in_b > output_out_a / output_out_b);
  CHECK(w.work.payments.paid(0, 0) == Approx(rate * bill).epsilon(1e-12));
  CHECK(w.work.payments.policy_total(0) == Approx(rate * bill).epsilon(1e-12));
}

namespace {
std::string minimal_text() {
  std::ifstream in(std::filesystem::path(REGSIM_TEST_DATA) / "scenarios" / "minimal.toml",
                   std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string parse_error(const std::string& text) {
  try {
    scenario::parse_scenario_text(text, "t.toml", {});
  } catch (const scenario::ScenarioError& e) {
    return e.what();
  }
  return "parsed";
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}
}  // namespace

TEST_CASE("scenario keys of the subsidy instruments are read and checked", "[subsidies]") {
  const std::string award =
      "[[policies.subsidy]]\ninstrument = \"listing_award\"\nname = \"listing award\"\n"
      "params = { province_wan = 100.0, upper_wan = 50.0, county_wan = 50.0 }\n";
  // The listing award says who pays: three levels, in proportion to their amounts.
  const auto sc = scenario::parse_scenario_text(
      replaced(minimal_text(), "vat_rate = 0.13",
               "vat_rate = 0.13\nlisting_hazard = 0.05\nlisting_cost_wan = 2000") +
          award,
      "t.toml", {});
  CHECK(sc.fiscal.listing_hazard == 0.05);
  CHECK(sc.fiscal.listing_cost_wan == 2000);
  CHECK(sc.fiscal.listing_min_revenue_wan == 30000);
  CHECK(sc.sectors[0].electricity_cost_share == 0.03);
  const auto book = resolve_policies(sc);
  const auto& payers = book.policies.back().payers;
  REQUIRE(payers.size() == 3);
  CHECK(payers[0].payer == Payer::kProvince);
  CHECK(payers[0].share == 0.5);
  // ... so a `payer` is an error.
  CHECK_THAT(
      parse_error(minimal_text() + replaced(award, "name = \"listing award\"\n",
                                            "name = \"listing award\"\npayer = \"upper\"\n")),
      Catch::Contains("remove 'payer'"));
  CHECK_THAT(parse_error(replaced(minimal_text(), "vat_rate = 0.13",
                                  "vat_rate = 0.13\nlisting_hazard = 1.5")),
             Catch::Contains("'listing_hazard'") && Catch::Contains("got 1.5"));
  CHECK_THAT(parse_error(replaced(minimal_text(), "name = \"装备制造\"",
                                  "name = \"装备制造\"\nelectricity_cost_share = -0.1")),
             Catch::Contains("'electricity_cost_share'"));
}
