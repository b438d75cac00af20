#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>
#include <vector>

#include "engine/behaviour/firm.hpp"
#include "engine/core/random.hpp"
#include "engine/market/goods_labour.hpp"
#include "engine/observe/aggregate.hpp"
#include "engine/observe/variables.hpp"
#include "engine/simulation.hpp"
#include "fixtures.hpp"

using namespace regsim;

namespace {

const RunResult& reference_run() {
  static const RunResult r = run(test::small_scenario(400), {.threads = 2, .seed = {}});
  return r;
}

double value(const EntityGroup& g, const char* var, std::size_t y, std::size_t e) {
  const Series* s = g.find(var);
  REQUIRE(s != nullptr);
  return s->at(y, e, g.entities.size());
}

double sum(const EntityGroup& g, const char* var, std::size_t y) {
  double total = 0;
  for (std::size_t e = 0; e < g.entities.size(); ++e) total += value(g, var, y, e);
  return total;
}

bool bitwise_equal(const RunResult& a, const RunResult& b) {
  for (const char* level : {"region", "county", "platform", "sector"}) {
    const auto& ga = *a.group(level);
    const auto& gb = *b.group(level);
    if (ga.series.size() != gb.series.size()) return false;
    for (std::size_t k = 0; k < ga.series.size(); ++k) {
      const auto& x = ga.series[k].values;
      const auto& y = gb.series[k].values;
      if (x.size() != y.size() || std::memcmp(x.data(), y.data(), x.size() * sizeof(double)) != 0)
        return false;
    }
  }
  return true;
}

}  // namespace

TEST_CASE("firm totals add up across levels every year", "[simulation][identity]") {
  const auto& r = reference_run();
  for (std::size_t y = 0; y < r.years.size(); ++y) {
    for (const auto& v : output_variables(Level::sector)) {
      if (!v.additive) continue;
      const std::string name(v.name);
      const double region = value(r.region, name.c_str(), y, 0);
      if (std::isnan(region)) continue;  // flows not defined in the base year
      INFO(name << " in " << r.years[y]);
      CHECK(sum(r.sector, name.c_str(), y) == Approx(region).epsilon(1e-12).margin(1e-9));
      CHECK(sum(r.county, name.c_str(), y) == Approx(region).epsilon(1e-12).margin(1e-9));
      // Platforms hold a part of the firms (the rest are outside any platform).
      CHECK(sum(r.platform, name.c_str(), y) <= region * (1 + 1e-12) + 1e-9);
    }
    // Something happens every simulated year.
    if (y > 0) {
      CHECK(value(r.region, "firms_entered", y, 0) > 0);
      CHECK(value(r.region, "investment", y, 0) > 0);
    }
  }
}

TEST_CASE("entrants' output: none before they produce, then a growing part of output",
          "[simulation][identity]") {
  const auto& r = reference_run();
  REQUIRE(value(r.region, "output_entrants", 0, 0) == 0.0);  // every base-year firm is older
  // Entrants produce from the year after they enter (MODEL.md 3.2): none in the first year.
  REQUIRE(value(r.region, "output_entrants", 1, 0) == 0.0);
  REQUIRE(r.years.size() > 3);
  for (std::size_t y = 2; y < r.years.size(); ++y) {
    INFO(r.years[y]);
    const double entrants = value(r.region, "output_entrants", y, 0);
    CHECK(entrants > 0);
    CHECK(entrants < value(r.region, "output_value", y, 0));
    // Entrants of earlier years keep counting (less those that exited): more each year here.
    if (y > 2) CHECK(entrants > value(r.region, "output_entrants", y - 1, 0));
  }
}

TEST_CASE("land: occupied <= serviced <= planned, and the ledger balances",
          "[simulation][identity]") {
  const auto& r = reference_run();
  const auto& p = r.platform;
  for (std::size_t e = 0; e < p.entities.size(); ++e) {
    for (std::size_t y = 0; y < r.years.size(); ++y) {
      INFO(p.entities[e] << " " << r.years[y]);
      CHECK(value(p, "land_occupied", y, e) <= value(p, "land_serviced", y, e) * (1 + 1e-12));
      CHECK(value(p, "land_serviced", y, e) <= value(p, "land_planned", y, e) * (1 + 1e-12));
      if (y == 0) continue;
      // occupied(t) = occupied(t-1) + sold(t) - released by exits(t)
      CHECK(value(p, "land_occupied", y, e) ==
            Approx(value(p, "land_occupied", y - 1, e) + value(p, "land_sold", y, e) -
                   value(p, "land_released", y, e))
                .epsilon(1e-10)
                .margin(1e-9));
    }
  }
}

TEST_CASE("county budgets balance and policy money paid equals money received",
          "[simulation][identity]") {
  const auto& r = reference_run();
  const auto sc = test::small_scenario(400);
  const auto& c = r.county;
  double paid_by_counties = 0;
  for (std::size_t y = 1; y < r.years.size(); ++y) {
    for (std::size_t e = 0; e < c.entities.size(); ++e) {
      INFO(c.entities[e] << " " << r.years[y]);
      const double revenue = value(c, "budget_revenue", y, e);
      CHECK(revenue == Approx(value(c, "tax_retained", y, e) + value(c, "other_revenue", y, e) +
                              value(c, "land_sales", y, e) + value(c, "land_rent", y, e) +
                              value(c, "transfers", y, e) + value(c, "award", y, e)));
      CHECK(value(c, "budget_spending", y, e) ==
            Approx(value(c, "policy_spending", y, e) + value(c, "finance_spending", y, e) +
                   value(c, "land_servicing_cost", y, e) + value(c, "general_spending", y, e) +
                   value(c, "interest", y, e) + value(c, "urban_construction", y, e) +
                   (e == 1 ? 1.0 : 0.0)));  // other_spending_yi of 新抚区
      // The fund budget spends its land sales net of the county's servicing (以收定支).
      CHECK(value(c, "urban_construction", y, e) ==
            Approx(
                std::max(0.0, value(c, "land_sales", y, e) - value(c, "land_servicing_cost", y, e)))
                .margin(1e-12));
      // Interest on last year's debt at the government bond rate.
      CHECK(value(c, "interest", y, e) ==
            Approx(sc.fiscal.government_bond_rate *
                   std::max(0.0, value(c, "government_debt", y - 1, e)))
                .margin(1e-12));
      CHECK(value(c, "budget_balance", y, e) ==
            Approx(revenue - value(c, "budget_spending", y, e)));
      CHECK(value(c, "government_debt", y, e) ==
            Approx(value(c, "government_debt", y - 1, e) - value(c, "budget_balance", y, e))
                .margin(1e-9));
      paid_by_counties += value(c, "policy_spending", y, e);
    }
    // All payers together (counties and the upper level) pay exactly what firms receive.
    CHECK(value(r.region, "policy_spending", y, 0) ==
          Approx(value(r.region, "policy_received", y, 0)).epsilon(1e-12));
  }
  CHECK(paid_by_counties > 0);  // the county-paid investment subsidy was used
}

TEST_CASE("results are bit-identical across thread counts and repeated runs",
          "[simulation][determinism]") {
  const auto sc = test::small_scenario(400);
  const auto one = run(sc, {.threads = 1, .seed = {}});
  const auto two = run(sc, {.threads = 2, .seed = {}});
  const auto eight = run(sc, {.threads = 8, .seed = {}});
  const auto again = run(sc, {.threads = 2, .seed = {}});
  CHECK(bitwise_equal(one, two));
  CHECK(bitwise_equal(one, eight));
  CHECK(bitwise_equal(two, again));
}

TEST_CASE("different seeds give different runs", "[simulation][determinism]") {
  const auto sc = test::small_scenario(100);
  const auto a = run(sc, {.threads = 2, .seed = 1});
  const auto b = run(sc, {.threads = 2, .seed = 2});
  CHECK_FALSE(bitwise_equal(a, b));
  CHECK(a.seed == 1);
  CHECK(b.seed == 2);
}

TEST_CASE("net worth moves by after-tax profit, payments, land and payout; debt within the limit",
          "[simulation][identity]") {
  const auto sc = test::small_scenario(200);
  Simulation sim(sc, sc.seed);
  const double ltv = sc.fiscal.loan_to_capital;
  while (!sim.done()) {
    const auto& f = sim.world().firms;
    std::vector<double> equity_before(f.size());
    for (FirmId i = 0; i < f.size(); ++i) equity_before[i] = f.equity_wan(i);
    const std::size_t incumbents = f.size();
    sim.step();
    const auto& w = sim.world();
    for (FirmId i = 0; i < incumbents; ++i) {
      if (!w.firms.active(i)) continue;
      // Land bought this year, at its platform's price or the county's outside price.
      const double price = w.firms.platform[i] == kNoPlatform
                               ? w.counties.outside_land_price_wan_per_mu[w.firms.county[i]]
                               : w.platforms.price_wan_per_mu[w.firms.platform[i]];
      const double land_cost = w.firms.land_claim_m2[i] / kM2PerMu * price;
      // A firm that listed this year also raised equity from outside shareholders.
      const double equity_raised = w.firms.listed_year[i] == w.year
                                       ? sc.fiscal.listing_equity_ratio * w.firms.capital_wan[i]
                                       : 0.0;
      const double expected = equity_before[i] + w.firms.profit_wan[i] - cit_wan(w, i) +
                              w.firms.policy_received_wan[i] - subsidy_cit_wan(w, i) - land_cost +
                              equity_raised - w.firms.payout_wan[i];
      INFO("firm " << i << " in " << w.year);
      REQUIRE(w.firms.equity_wan(i) == Approx(expected).epsilon(1e-9).margin(1e-6));
      REQUIRE(w.firms.cash_wan[i] >= 0);
      // Investment is financed within the credit limit (losses may still force borrowing).
      if (w.firms.investment_wan[i] > 0)
        REQUIRE(w.firms.debt_wan[i] <= ltv * w.firms.capital_wan[i] * (1 + 1e-9) + 1e-6);
    }
    for (FirmId i = static_cast<FirmId>(incumbents); i < w.firms.size(); ++i)
      REQUIRE(w.firms.debt_wan[i] <= ltv * w.firms.capital_wan[i] * (1 + 1e-12));  // entrants
  }
}

TEST_CASE("loan defaults and losses are booked when firms exit", "[simulation][identity]") {
  const auto& r = reference_run();
  double exits = 0;
  for (std::size_t y = 1; y < r.years.size(); ++y) {
    exits += value(r.region, "firms_exited", y, 0);
    CHECK(value(r.region, "loan_losses", y, 0) <= value(r.region, "loan_defaults", y, 0) + 1e-12);
    CHECK(value(r.region, "loan_losses", y, 0) >= 0);
  }
  CHECK(exits > 0);
}

TEST_CASE("the exit hazard rises with distress and falls with size and age", "[simulation][exit]") {
  const scenario::Exit ex;  // the defaults
  const int cap = 3;        // loss_years_to_exit
  const ExitSignals firm{.loss_years = 1, .net_worth_ratio = 0.5, .workers = 20, .age = 3};
  const auto p = [&](ExitSignals s) { return exit_probability(ex, cap, s); };
  // More consecutive loss years: higher, up to the cap, then flat.
  for (int k = 0; k < 6; ++k) {
    auto a = firm, b = firm;
    a.loss_years = k;
    b.loss_years = k + 1;
    if (k < cap)
      CHECK(p(b) > p(a));
    else
      CHECK(p(b) == p(a));
  }
  // Thinner net worth: higher; at or above capital, and at or below zero, flat.
  for (double r = 1.2; r > -0.2; r -= 0.1) {
    auto a = firm, b = firm;
    a.net_worth_ratio = r;
    b.net_worth_ratio = r - 0.1;
    if (r <= 1.0 + 1e-9 && r - 0.1 >= -1e-9)
      CHECK(p(b) > p(a));
    else
      CHECK(p(b) >= p(a));
  }
  // Larger: lower. Older: lower.
  for (double l = 1; l < 5000; l *= 1.7) {
    auto a = firm, b = firm;
    a.workers = l;
    b.workers = l * 1.7;
    CHECK(p(b) < p(a));
  }
  for (int age = 1; age < 40; ++age) {
    auto a = firm, b = firm;
    a.age = age;
    b.age = age + 1;
    CHECK(p(b) < p(a));
  }
  // A probability; none without a base hazard; the reference firm has the base hazard.
  auto worst = firm, best = firm;
  worst.loss_years = 10;
  worst.net_worth_ratio = 0;
  worst.workers = 0;
  best.loss_years = 0;
  best.net_worth_ratio = 2;
  best.workers = 1e6;
  best.age = 100;
  CHECK(p(worst) < 1);
  CHECK(p(best) > 0);
  scenario::Exit off;
  off.base_hazard = 0;
  CHECK(exit_probability(off, cap, worst) == 0);
  const ExitSignals reference{.loss_years = 0, .net_worth_ratio = 1, .workers = 10, .age = 5};
  CHECK(p(reference) == Approx(ex.base_hazard).epsilon(1e-12));
}

TEST_CASE("a constructed firm's exit probability is the logistic formula's", "[simulation][exit]") {
  // logit p = ln(0.005 / 0.995) + 1.2 * 2 + 1.5 * (1 - 0.4) - 0.6 ln(40 / 10) - 0.3 ln(2 / 5),
  // computed by hand (Python): p = 0.0724134384494319.
  const scenario::Exit ex;
  REQUIRE(ex.base_hazard == 0.005);
  REQUIRE(ex.loss_year_weight == 1.2);
  REQUIRE(ex.net_worth_weight == 1.5);
  REQUIRE(ex.size_elasticity == 0.6);
  REQUIRE(ex.age_elasticity == 0.3);
  const ExitSignals firm{.loss_years = 2, .net_worth_ratio = 0.4, .workers = 40, .age = 2};
  CHECK(exit_probability(ex, 3, firm) == Approx(0.0724134384494319).epsilon(1e-12));
  // Loss years beyond the cap count as the cap; so does a cap of 2 for 2 years.
  auto more = firm;
  more.loss_years = 9;
  CHECK(exit_probability(ex, 2, more) == exit_probability(ex, 2, firm));
}

namespace {

/// The next year of `sim` up to production on a copy of its world, then exit_firms: checks that
/// exactly the insolvent firms and the solvent firms whose Purpose::exit draw falls below their
/// exit_probability exit. Returns {firms at risk, exits, sum of the solvent firms' hazards}.
std::vector<double> check_exit_draws(const Simulation& sim) {
  World w = test::next_year_cleared(sim);
  produce(w);
  const auto& f = w.firms;
  const auto& sc = *w.scenario;
  std::vector<char> expected(f.size(), 0);
  std::vector<char> at_risk(f.size(), 0);
  double hazard_sum = 0, at_risk_count = 0;
  for (FirmId i = 0; i < f.size(); ++i) {
    if (!f.active(i)) continue;
    at_risk[i] = 1;
    at_risk_count += 1;
    const auto& s = sc.sectors[f.sector[i]];
    const double equity_after = f.equity_wan(i) + f.profit_wan[i] - cit_wan(w, i);
    if (equity_after < 0) {
      expected[i] = 1;
      continue;
    }
    ExitSignals signals;
    signals.loss_years = f.profit_wan[i] < 0 ? f.loss_years[i] + 1 : 0;
    signals.net_worth_ratio = equity_after / f.capital_wan[i];
    signals.workers = f.labour[i];
    signals.age = w.year - f.birth_year[i];
    const double p = exit_probability(sc.exit, s.loss_years_to_exit, signals);
    hazard_sum += p;
    RandomStream rng(w.seed, w.replicate, static_cast<std::uint64_t>(w.year), f.stream_key[i],
                     Purpose::exit);
    expected[i] = rng.uniform() < p ? 1 : 0;
  }
  exit_firms(w);
  double exits = 0;
  for (FirmId i = 0; i < f.size(); ++i) {
    if (!at_risk[i]) continue;
    INFO("firm " << i << " in " << w.year);
    CHECK((f.active(i) ? 0 : 1) == expected[i]);
    exits += f.active(i) ? 0 : 1;
  }
  CHECK(f.exits.size() == static_cast<std::size_t>(exits));
  return {at_risk_count, exits, hazard_sum};
}

}  // namespace

TEST_CASE("exit_firms exits the insolvent and the solvent whose own draw falls below the hazard",
          "[simulation][exit]") {
  const auto sc = test::small_scenario(200);
  Simulation sim(sc, sc.seed);
  check_exit_draws(sim);  // from the base year
  sim.step();
  sim.step();
  check_exit_draws(sim);  // from a year with entrants and loss histories of the run
}

TEST_CASE("base-year loss histories keep the first simulated year's exits at the steady rate",
          "[simulation][exit]") {
  auto sc = test::small_scenario(400);
  sc.last_year = sc.first_year + 6;
  Simulation sim(sc, sc.seed);
  // Loss-makers have a drawn 0 .. loss_years_to_exit-1 earlier loss years, others none.
  {
    const auto& f = sim.world().firms;
    std::vector<int> drawn(3, 0);
    for (FirmId i = 0; i < f.size(); ++i) {
      const int cap = sc.sectors[f.sector[i]].loss_years_to_exit;
      if (f.profit_wan[i] >= 0) {
        CHECK(f.loss_years[i] == 0);
      } else {
        REQUIRE(f.loss_years[i] < cap);
        if (cap == 3) ++drawn[f.loss_years[i]];
      }
    }
    for (int k = 0; k < 3; ++k) CHECK(drawn[k] > 0);  // every stage of distress occurs
  }
  // The first year's exits are what the hazards imply (no spike from the base year), and the
  // exit rate of the first simulated year is within the range of the following years'.
  const auto first = check_exit_draws(sim);
  const double implied = first[2] / first[0];
  CHECK(first[1] / first[0] == Approx(implied).margin(0.02));
  std::vector<double> rates;
  while (!sim.done()) {
    const auto& f = sim.world().firms;
    double active = 0;
    for (FirmId i = 0; i < f.size(); ++i) active += f.active(i) ? 1 : 0;
    sim.step();
    rates.push_back(static_cast<double>(sim.world().firms.exits.size()) / active);
  }
  const double later = (rates[1] + rates[2] + rates[3] + rates[4]) / 4;
  CHECK(rates[0] < 1.5 * later);
  CHECK(rates[0] > 0.5 * later);
}

TEST_CASE("a change in one county leaves another county's draws alone",
          "[simulation][determinism]") {
  // Promotion effort in 抚顺县 changes how many firms enter there. Entrants' random streams are
  // keyed by their own entry cell, so 新抚区 is bit-identical in the first simulated year
  // (later years interact through sector prices, as they should).
  auto base = test::small_scenario(100);
  auto more = base;
  more.counties[0].promotion_effort = 3.0;
  const auto a = run(base, {.threads = 2, .seed = {}});
  const auto b = run(more, {.threads = 2, .seed = {}});
  const auto& ca = a.county;
  const auto& cb = b.county;
  const auto other = ca.entity_index("新抚区");
  const auto changed = ca.entity_index("抚顺县");
  CHECK(value(cb, "firms_entered", 1, changed) > value(ca, "firms_entered", 1, changed));
  for (const auto& s : ca.series) {
    INFO(s.name);
    const double x = s.at(1, other, ca.entities.size());
    const double y = cb.find(s.name)->at(1, other, cb.entities.size());
    CHECK((std::isnan(x) ? std::isnan(y) : x == y));
  }
}

TEST_CASE("a new leading sector needs base demand, and then attracts entrants at a clearing price",
          "[simulation]") {
  auto sc = test::small_scenario(100);
  scenario::Sector batteries;
  batteries.name = "新能源电池";
  batteries.entry_rate = 3.0;  // entrants per year into a sector with no firms yet: entry_rate * 1
  sc.sectors.push_back(batteries);
  sc.platforms[0].leading_sectors.push_back("新能源电池");
  CHECK_THROWS_WITH(Simulation(sc, 1),
                    Catch::Contains("新能源电池") && Catch::Contains("base_demand_yi"));
  sc.sectors.back().base_demand_yi = 5.0;
  const auto r = run(sc, {.threads = 1, .seed = {}});
  const auto e = r.sector.entity_index("新能源电池");
  double entered = 0;
  for (std::size_t y = 1; y < r.years.size(); ++y)
    entered += value(r.sector, "firms_entered", y, e);
  CHECK(entered > 0);
  CHECK(value(r.sector, "price", r.years.size() - 1, e) != 1.0);
  CHECK(value(r.sector, "output_value", r.years.size() - 1, e) > 0);
}
