#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <numeric>
#include <sstream>

#include "engine/behaviour/government.hpp"
#include "engine/behaviour/ranking.hpp"
#include "engine/scenario/parse.hpp"
#include "engine/simulation.hpp"
#include "fixtures.hpp"

using namespace regsim;

namespace {

scenario::PolicySpec rule(const char* instrument, scenario::PolicyFamily family,
                          std::map<std::string, double> params, const char* payer = "upper") {
  scenario::PolicySpec p;
  p.family = family;
  p.instrument = instrument;
  p.name = instrument;
  p.payer = payer;
  p.params = std::move(params);
  return p;
}

double value(const EntityGroup& g, const char* var, std::size_t y, const std::string& entity) {
  return g.find(var)->at(y, g.entity_index(entity), g.entities.size());
}

/// Seven county-level platforms in one county, ranked together; no firms are needed to apply
/// the ranking rules to scores set by hand.
scenario::Scenario seven_platforms() {
  auto sc = test::small_scenario(10);
  sc.platforms.clear();
  for (int j = 0; j < 7; ++j) {
    scenario::Platform p;
    p.name = "P";
    p.name += std::to_string(j);
    p.county = "抚顺县";
    p.land = {100, 10, 0, 20, 10};
    sc.platforms.push_back(p);
  }
  sc.assessment.peer_group_by_level = false;
  sc.policies.clear();
  return sc;
}

void set_scores(World& w, std::initializer_list<double> scores) {
  std::size_t j = 0;
  for (double s : scores) w.platforms.score[j++] = s;
}

}  // namespace

TEST_CASE("the delisting rule fires for the platform in the last three two years running",
          "[government]") {
  auto sc = seven_platforms();
  auto delisting = rule("delisting_rule", scenario::PolicyFamily::land,
                        {{"bottom_n", 3}, {"years_running", 2}, {"peer_platforms", 0}});
  delisting.start_year = 2018;
  delisting.end_year = 2022;
  // A policy scoped to platforms: it stops applying to firms of a delisted platform.
  auto scoped = rule("investment_subsidy", scenario::PolicyFamily::subsidy,
                     {{"rate", 0.1}, {"cap_wan", 1e12}}, "county");
  scoped.name = "park subsidy";
  scoped.scope.platforms = {"P5", "P0"};
  scoped.start_year = 2018;
  scoped.end_year = 2022;
  sc.policies = {delisting, scoped};
  World w;
  build_world(w, sc, sc.seed, 0);
  CHECK(w.policies.eligible(1, 2019, 0, 5, 0, SizeClass::small));

  w.year = 2018;
  reset_government_flows(w);
  set_scores(w, {7, 6, 5, 4, 3, 2, 1});  // last three: P4, P5, P6
  apply_ranking_rules(w);
  for (std::size_t j = 0; j < 7; ++j) CHECK_FALSE(w.platforms.delisted(j));

  w.year = 2019;
  reset_government_flows(w);
  set_scores(w, {7, 6, 3, 2, 5, 1, 4});  // last three: P2, P3, P5
  apply_ranking_rules(w);
  for (std::size_t j = 0; j < 7; ++j) {
    INFO("platform P" << j);
    CHECK(w.platforms.delisted(j) == (j == 5));  // P4, P6, P2, P3 were there only once
  }
  CHECK(w.platforms.status[5] == static_cast<std::uint8_t>(PlatformStatus::delisted));
  CHECK_FALSE(w.policies.eligible(1, 2019, 0, 5, 0, SizeClass::small));
  CHECK(w.policies.eligible(1, 2019, 0, 0, 0, SizeClass::small));
}

TEST_CASE("ranking awards go to the top-n platforms and the payer is charged n times the award",
          "[government]") {
  auto sc = seven_platforms();
  auto award = rule("ranking_award", scenario::PolicyFamily::subsidy,
                    {{"top_n", 2}, {"award_yi", 0.3}}, "upper");
  award.start_year = 2018;
  award.end_year = 2022;
  sc.policies = {award};
  World w;
  build_world(w, sc, sc.seed, 0);
  w.year = 2018;
  reset_government_flows(w);
  set_scores(w, {1, 2, 7, 3, 6, 4, 5});  // top two: P2, P4
  const auto serviced = w.platforms.land_serviced_m2;
  apply_ranking_rules(w);
  const auto& paid = w.work.payments;
  CHECK(paid.paid(0, w.policies.upper_slot()) == Approx(2 * 0.3 * kWanPerYi));
  CHECK(paid.recipients(0) == 2.0);
  for (std::size_t j = 0; j < 7; ++j) {
    INFO("platform P" << j);
    const bool top = j == 2 || j == 4;
    CHECK(w.platforms.award_yi[j] == (top ? 0.3 : 0.0));
    // The award services land at 10 万元 per mu: 0.3 亿 = 300 mu more serviced land.
    CHECK(w.platforms.land_serviced_m2[j] - serviced[j] ==
          Approx(top ? 300 * kM2PerMu : 0.0).margin(1e-6));
  }
}

TEST_CASE("a delisted platform receives no more entrants and services no more land",
          "[government]") {
  auto with = test::small_scenario(60);
  with.policies.clear();
  // The park is the only provincial platform: the last place of its ranking, so delisted at
  // the end of the first simulated year.
  auto delisting = rule("delisting_rule", scenario::PolicyFamily::land,
                        {{"bottom_n", 1}, {"years_running", 1}, {"peer_platforms", 0}});
  delisting.scope.platforms = {"抚顺经济开发区"};
  delisting.start_year = with.first_year + 1;
  delisting.end_year = with.first_year + 1;
  with.policies = {delisting};
  auto without = with;
  without.policies.clear();
  const auto a = run(with, {.threads = 1, .seed = {}});
  const auto b = run(without, {.threads = 1, .seed = {}});
  const std::string park = "抚顺经济开发区";
  CHECK(value(a.platform, "status", 0, park) == 0.0);
  CHECK(value(a.platform, "status", 1, park) == 2.0);
  double entered_with = 0, entered_without = 0;
  for (std::size_t y = 2; y < a.years.size(); ++y) {
    entered_with += value(a.platform, "firms_entered", y, park);
    entered_without += value(b.platform, "firms_entered", y, park);
    CHECK(value(a.platform, "land_serviced", y, park) ==
          value(a.platform, "land_serviced", 1, park));
  }
  CHECK(entered_with == 0.0);
  CHECK(entered_without > 0.0);
}

TEST_CASE("county ranking awards go to the county with the highest GDP growth", "[government]") {
  auto sc = test::small_scenario(60);
  sc.policies = {rule("county_ranking_award", scenario::PolicyFamily::subsidy,
                      {{"top_n", 1}, {"award_yi", 0.5}}, "upper")};
  const auto r = run(sc, {.threads = 1, .seed = {}});
  for (std::size_t y = 1; y < r.years.size(); ++y) {
    double best = -1e9, awarded = 0;
    std::string leader;
    for (const auto& county : r.county.entities) {
      const double growth =
          value(r.county, "gdp", y, county) / value(r.county, "gdp", y - 1, county);
      if (growth > best) best = growth, leader = county;
      awarded += value(r.county, "award", y, county);
    }
    CHECK(value(r.county, "award", y, leader) == 0.5);
    CHECK(awarded == Approx(0.5));
    CHECK(value(r.payer, "awards_paid", y, "upper") == Approx(0.5));
  }
}

TEST_CASE("platform budgets: debt moves by spending minus revenue, bonds fund servicing",
          "[government]") {
  auto sc = test::small_scenario(60);
  sc.fiscal.platform_share_of_county = 0.3;
  auto bond = rule("platform_bond", scenario::PolicyFamily::finance,
                   {{"amount_yi_per_year", 0.2}, {"coupon", 0.05}, {"maturity_years", 2}});
  bond.scope.platforms = {"抚顺县农产品加工集聚区"};
  auto award = rule("ranking_award", scenario::PolicyFamily::subsidy,
                    {{"top_n", 1}, {"award_yi", 0.1}}, "upper");
  sc.policies = {bond, award};
  auto without = sc;
  without.policies = {award};
  const auto r = run(sc, {.threads = 1, .seed = {}});
  const auto b = run(without, {.threads = 1, .seed = {}});
  const std::string cluster = "抚顺县农产品加工集聚区";
  for (std::size_t y = 1; y < r.years.size(); ++y) {
    for (const auto& p : r.platform.entities) {
      INFO(p << " year " << r.years[y]);
      CHECK(value(r.platform, "debt", y, p) - value(r.platform, "debt", y - 1, p) ==
            Approx(value(r.platform, "budget_spending", y, p) -
                   value(r.platform, "budget_revenue", y, p))
                .margin(1e-12));
      CHECK(value(r.platform, "budget_revenue", y, p) ==
            Approx(value(r.platform, "tax_retained", y, p) + value(r.platform, "award", y, p)));
    }
    CHECK(value(r.platform, "bond_issued", y, cluster) == 0.2);
  }
  // Interest: 5% on the bonds outstanding at the start of the year (issued in the two years
  // before, maturity 2), plus the bank rate on the rest of the net debt.
  const double bonds_y3 = 0.4;
  const double other = std::max(0.0, value(r.platform, "debt", 2, cluster) - bonds_y3);
  CHECK(value(r.platform, "interest", 3, cluster) ==
        Approx(0.05 * bonds_y3 + sc.fiscal.bank_rate * other));
  // Bond proceeds service more land (the cluster's plan has room for it).
  CHECK(value(r.platform, "land_serviced", 1, cluster) >
        value(b.platform, "land_serviced", 1, cluster));
}

TEST_CASE("every yuan of transfers and awards paid by the upper level is received",
          "[government]") {
  auto sc = test::small_scenario(60);
  sc.counties[0].transfers_yi = 1.5;
  sc.policies = {rule("ranking_award", scenario::PolicyFamily::subsidy,
                      {{"top_n", 2}, {"award_yi", 0.2}}, "upper"),
                 rule("county_ranking_award", scenario::PolicyFamily::subsidy,
                      {{"top_n", 1}, {"award_yi", 0.7}}, "upper")};
  sc.policies[1].name = "county award";
  const auto r = run(sc, {.threads = 1, .seed = {}});
  for (std::size_t y = 1; y < r.years.size(); ++y) {
    double received = 0;
    for (const auto& c : r.county.entities)
      received += value(r.county, "transfers", y, c) + value(r.county, "award", y, c);
    for (const auto& p : r.platform.entities) received += value(r.platform, "award", y, p);
    // County 0 gets its 1.5 and county 1 its 2 (the fixture's), both growing at
    // transfers_growth.
    const double growth = std::pow(1.0 + sc.fiscal.transfers_growth, static_cast<double>(y));
    const auto& counties = r.county.entities;
    CHECK(value(r.county, "transfers", y, counties[0]) == Approx(1.5 * growth));
    CHECK(value(r.county, "transfers", y, counties[1]) == Approx(2.0 * growth));
    CHECK(value(r.payer, "transfers_paid", y, "upper") == Approx(3.5 * growth));
    CHECK(value(r.payer, "spending", y, "upper") ==
          Approx(value(r.payer, "transfers_paid", y, "upper") +
                 value(r.payer, "awards_paid", y, "upper")));
    CHECK(value(r.payer, "awards_paid", y, "upper") == Approx(2 * 0.2 + 0.7));
    CHECK(value(r.payer, "spending", y, "upper") == Approx(received));
    // Policy spending of all payers = what firms received + awards to platforms and counties.
    const double awards = value(r.payer, "awards_paid", y, "upper");
    CHECK(r.region.find("policy_spending")->at(y, 0, 1) ==
          Approx(r.region.find("policy_received")->at(y, 0, 1) + awards));
  }
}

TEST_CASE("household incomes follow their own growth and the wage by the elasticity",
          "[government]") {
  auto sc = test::small_scenario(40);
  sc.policies.clear();
  for (auto& c : sc.counties) {
    c.population = 500000;
    c.urbanisation = 0.5;
    c.urban_income_yuan = 30000;
    c.rural_income_yuan = 13000;
    c.urban_income_growth = 0.02;
    c.rural_income_growth = 0.06;
    c.labour_force = 5e6;  // the wage stays at the reservation wage
  }
  sc.counties[0].wage_growth = 0.0;
  sc.counties[1].wage_growth = 0.05;
  const auto r = run(sc, {.threads = 1, .seed = {}});
  const std::string flat = sc.counties[0].name, rising = sc.counties[1].name;
  for (std::size_t y = 1; y < r.years.size(); ++y) {
    const double t = static_cast<double>(y);
    // No wage growth: incomes grow at their own rates exactly.
    CHECK(value(r.county, "wage", y, flat) == value(r.county, "wage", 0, flat));
    CHECK(value(r.county, "urban_income", y, flat) == Approx(30000 * std::pow(1.02, t)));
    CHECK(value(r.county, "rural_income", y, flat) == Approx(13000 * std::pow(1.06, t)));
    // Wage growth 5%: urban income rises by 0.8 of it (in logs), rural by 0.4 of it.
    CHECK(value(r.county, "urban_income", y, rising) ==
          Approx(30000 * std::pow(1.02, t) * std::pow(1.05, 0.8 * t)));
    CHECK(value(r.county, "rural_income", y, rising) ==
          Approx(13000 * std::pow(1.06 + 0.4 * 0.05, t)));
    // Urbanisation follows employment growth with elasticity 0.3 (population constant).
    for (const auto& c : {flat, rising}) {
      const double jobs =
          value(r.county, "employment", y, c) / value(r.county, "employment", y - 1, c);
      CHECK(value(r.county, "urbanisation", y, c) ==
            Approx(value(r.county, "urbanisation", y - 1, c) * std::pow(jobs, 0.3)));
    }
  }
  // Regional urban income is weighted by urban population.
  const std::size_t last = r.years.size() - 1;
  double urban = 0, weighted = 0;
  for (const auto& c : r.county.entities) {
    const double u =
        value(r.county, "population", last, c) * value(r.county, "urbanisation", last, c);
    urban += u;
    weighted += u * value(r.county, "urban_income", last, c);
  }
  CHECK(r.region.find("urban_income")->at(last, 0, 1) == Approx(weighted / urban));
}

TEST_CASE("peer zones outside the scenario push low scorers into the last places", "[government]") {
  auto sc = seven_platforms();
  // Half of a ranking of 7 + 200 zones: the peers' scores are drawn around the scenario's own.
  auto delisting = rule("delisting_rule", scenario::PolicyFamily::land,
                        {{"bottom_n", 103}, {"years_running", 1}, {"peer_platforms", 200}});
  delisting.start_year = 2018;
  delisting.end_year = 2018;
  sc.policies = {delisting};
  World w, again;
  build_world(w, sc, sc.seed, 0);
  build_world(again, sc, sc.seed, 0);
  for (World* x : {&w, &again}) {
    x->year = 2018;
    reset_government_flows(*x);
    set_scores(*x, {7, 6, 5, 4, 3, 2, 1});  // mean 4, sd 2: P0 at +1.5 sd, P6 at -1.5 sd
    apply_ranking_rules(*x);
  }
  // About 7% of N(4, 2) peers lie above 7 and 93% above 1.
  CHECK_FALSE(w.platforms.delisted(0));
  CHECK_FALSE(w.platforms.delisted(1));
  CHECK(w.platforms.delisted(5));
  CHECK(w.platforms.delisted(6));
  CHECK(w.platforms.status == again.platforms.status);  // the peers' draws are reproducible
}

TEST_CASE("assessment, household keys and government rules are read from a scenario file",
          "[government]") {
  const auto path = std::filesystem::path(REGSIM_TEST_DATA) / "scenarios" / "minimal.toml";
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  std::string base = text.str();
  const std::string wage = "wage_wan = 4.5\n";
  std::string households = wage;
  households += "population = 850000\nurbanisation = 0.55\nurban_income_yuan = 30000\n";
  base.replace(base.find(wage), wage.size(), households);
  const std::string extra = R"(
[assessment]
output_growth = 0.5
peer_group = "all"

[[policies.land]]
instrument = "delisting_rule"
name = "摘牌"
payer = "province"
scope = { platforms = ["抚顺经济开发区"] }
params = { peer_platforms = 20 }
)";
  std::string good = base;
  good += extra;
  const auto sc = scenario::parse_scenario_text(good, "minimal.toml");
  CHECK(sc.assessment.output_growth == 0.5);
  CHECK(sc.assessment.tax_per_mu == 0.3);
  CHECK_FALSE(sc.assessment.peer_group_by_level);
  CHECK(sc.counties[0].population == 850000);
  CHECK(sc.counties[0].urban_income_wage_elasticity == 0.8);
  const auto& rule = sc.policies.back();
  CHECK(rule.instrument == "delisting_rule");
  CHECK(rule.params.at("peer_platforms") == 20);
  CHECK(rule.params.at("bottom_n") == 3);
  CHECK(rule.params.at("years_running") == 2);

  std::string bad = base;
  bad += "\n[assessment]\npeer_group = \"levels\"\n";
  try {
    scenario::parse_scenario_text(bad, "minimal.toml");
    FAIL("expected an error");
  } catch (const scenario::ScenarioError& e) {
    CHECK(e.where().line > 0);
    CHECK(e.message().find("peer_group") != std::string::npos);
    CHECK(e.message().find("level") != std::string::npos);
  }
}

TEST_CASE("the promotion rule promotes the platform first in its peer group two years running",
          "[government]") {
  auto sc = seven_platforms();
  sc.assessment.peer_group_by_level = true;
  auto promotion =
      rule("promotion_rule", scenario::PolicyFamily::land, {{"top_n", 1}, {"years_running", 2}});
  promotion.start_year = 2018;
  promotion.end_year = 2022;
  sc.policies = {promotion};
  World w;
  build_world(w, sc, sc.seed, 0);
  const auto county = static_cast<std::uint8_t>(scenario::PlatformLevel::county);
  const std::vector<std::vector<double>> ranks{
      {1, 2, 3, 4, 5, 6, 7}, {2, 1, 3, 4, 5, 6, 7}, {2, 1, 3, 4, 5, 6, 7}};
  for (std::size_t t = 0; t < ranks.size(); ++t) {
    w.year = 2018 + static_cast<int>(t);
    reset_government_flows(w);
    w.platforms.rank = ranks[t];
    apply_ranking_rules(w);
    for (std::size_t j = 0; j < 7; ++j) {
      INFO("year " << w.year << " platform P" << j);
      const bool promoted = j == 1 && t == 2;  // P0 was first only once, P1 twice from 2019
      CHECK(w.platforms.status[j] == static_cast<std::uint8_t>(promoted ? PlatformStatus::promoted
                                                                        : PlatformStatus::active));
      CHECK(w.platforms.level[j] == (promoted ? county - 1 : county));
    }
  }
  // From now on P1 is assessed among municipal platforms.
  CHECK(peer_group(w, 1) != peer_group(w, 0));
}

TEST_CASE("government rules give bit-identical results on 1 and 3 threads", "[government]") {
  auto sc = test::small_scenario(60);
  sc.fiscal.platform_share_of_county = 0.2;
  sc.policies = {
      rule("delisting_rule", scenario::PolicyFamily::land,
           {{"bottom_n", 3}, {"years_running", 2}, {"peer_platforms", 10}}, "province"),
      rule("ranking_award", scenario::PolicyFamily::subsidy, {{"top_n", 1}, {"award_yi", 0.2}}),
      rule("platform_bond", scenario::PolicyFamily::finance,
           {{"amount_yi_per_year", 0.1}, {"coupon", 0.045}, {"maturity_years", 3}})};
  sc.policies[1].name = "award";
  sc.policies[2].name = "bond";
  const auto a = run(sc, {.threads = 1, .seed = {}});
  const auto b = run(sc, {.threads = 3, .seed = {}});
  for (const char* var : {"status", "score", "debt", "land_serviced", "firms_entered"}) {
    INFO(var);
    const auto& x = a.platform.find(var)->values;
    const auto& y = b.platform.find(var)->values;
    REQUIRE(x.size() == y.size());
    for (std::size_t i = 0; i < x.size(); ++i)
      CHECK((x[i] == y[i] || (std::isnan(x[i]) && std::isnan(y[i]))));
  }
}
