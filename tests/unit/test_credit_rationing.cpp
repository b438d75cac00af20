// Credit that can bind (MODEL.md 3.6): banks refuse some loan applications, entrants need their
// owners' funds and a loan (or a guarantee) to cover their capital, and a cash surplus goes to
// the debt target, a cash buffer and the owners.

#include <catch2/catch.hpp>

#include <cmath>
#include <map>
#include <string>

#include "engine/behaviour/firm.hpp"
#include "engine/market/credit.hpp"
#include "engine/simulation.hpp"
#include "fixtures.hpp"

using namespace regsim;

namespace {

scenario::PolicySpec finance(const std::string& instrument, std::map<std::string, double> params) {
  return test::finance_policy(instrument, instrument, std::move(params), "upper");
}

/// The test scenario without policies, with every would-be entrant's owners holding exactly
/// `owners` of its capital, and banks refusing every applicant with probability `refusal`.
scenario::Scenario entrants_case(double owners, double refusal) {
  auto sc = test::small_scenario(60);
  sc.policies.clear();
  sc.credit.owner_funds_median = owners;
  sc.credit.owner_funds_sigma = 0;
  sc.credit.loan_refusal_micro = sc.credit.loan_refusal_small = refusal;
  sc.credit.loan_refusal_medium = sc.credit.loan_refusal_large = refusal;
  for (auto& s : sc.sectors) s.entry_rate = 0.3;  // enough would-be entrants to count
  return sc;
}

double region_sum(const RunResult& r, const char* var) {
  double total = 0;
  for (std::size_t y = 1; y < r.years.size(); ++y)
    total += r.region.find(var)->at(y, 0, r.region.entities.size());
  return total;
}

}  // namespace

TEST_CASE("banks refuse entrants' loans with the stated probability", "[finance][rationing]") {
  // Owners hold 0.6 of the capital: every entrant needs its loan (0.5 of the capital), so the
  // share that does not enter is the refusal probability, a binomial proportion.
  const auto r = run(entrants_case(0.6, 0.3), {.threads = 2, .seed = {}});
  const double entered = region_sum(r, "firms_entered");
  const double unfinanced = region_sum(r, "entrants_unfinanced");
  const double n = entered + unfinanced;
  REQUIRE(n > 1000);
  const double share = unfinanced / n;
  CHECK(std::abs(share - 0.3) < 4 * std::sqrt(0.3 * 0.7 / n));
  // Owners who can pay for the whole capital never need the bank.
  const auto rich = run(entrants_case(1.0, 0.3), {.threads = 2, .seed = {}});
  CHECK(region_sum(rich, "entrants_unfinanced") == 0);
  CHECK(region_sum(rich, "firms_entered") > 0);
}

TEST_CASE("owners' funds decide entry as their lognormal distribution implies",
          "[finance][rationing]") {
  // No refusals; the loan covers half the capital (loan_to_capital 0.5, entrant equity 0.5), so
  // an entrant enters iff its owners hold at least half: P = Phi(ln(median / 0.5) / sigma).
  auto sc = entrants_case(0.4, 0.0);
  sc.credit.owner_funds_sigma = 0.8;
  const auto r = run(sc, {.threads = 2, .seed = {}});
  const double entered = region_sum(r, "firms_entered");
  const double n = entered + region_sum(r, "entrants_unfinanced");
  REQUIRE(n > 1000);
  const double expected = 0.5 * std::erfc(-std::log(0.4 / 0.5) / 0.8 / std::sqrt(2.0));
  CHECK(std::abs(entered / n - expected) < 4 * std::sqrt(expected * (1 - expected) / n));
}

TEST_CASE("a guarantee fund finances refused entrants whose gap is within its headroom",
          "[finance][rationing]") {
  // Every bank refuses; owners hold 0.9 of the capital: the gap of 0.1 is within the guarantee
  // per firm (0.2 of capital) and the equity rule (loans at most 0.5): every entrant enters with
  // a guaranteed loan of exactly 0.1 of its capital, while none enters without the fund.
  auto sc = entrants_case(0.9, 1.0);
  sc.policies = {finance("guarantee_fund", {{"capital_yi", 100.0}})};
  for (auto& p : sc.policies) {
    p.start_year = sc.first_year + 1;
    p.end_year = sc.last_year;
  }
  Simulation with(sc, sc.seed);
  const auto first = static_cast<FirmId>(with.world().firms.size());
  with.step();
  const auto& f = with.world().firms;
  REQUIRE(f.size() > first + 20);
  for (FirmId i = first; i < f.size(); ++i) {
    INFO("entrant " << i);
    CHECK(f.guaranteed_wan(i) == Approx(0.1 * f.capital_wan[i]).epsilon(1e-12));
    CHECK(f.debt_wan[i] == Approx(0.1 * f.capital_wan[i]).epsilon(1e-12));
  }
  auto without = sc;
  without.policies.clear();
  const auto none = run(without, {.threads = 2, .seed = {}});
  CHECK(region_sum(none, "firms_entered") == 0);
  CHECK(region_sum(none, "entrants_unfinanced") > 0);
  // A gap beyond the headroom (owners hold 0.7: gap 0.3 > 0.2) is not guaranteed.
  auto poorer = sc;
  poorer.credit.owner_funds_median = 0.7;
  CHECK(region_sum(run(poorer, {.threads = 2, .seed = {}}), "firms_entered") == 0);
}

TEST_CASE("a risk compensation pool with money lowers refusals by its coverage",
          "[finance][rationing]") {
  auto sc = entrants_case(0.3, 0.4);
  auto pool = finance("risk_compensation_pool", {{"size_yi", 1.0}, {"coverage", 0.5}});
  pool.scope.counties = {"抚顺县"};
  sc.policies = {pool};
  sc.policies[0].start_year = sc.first_year + 1;
  sc.policies[0].end_year = sc.last_year;
  World w;
  build_world(w, sc, sc.seed, 0);
  w.year = sc.first_year + 1;
  open_fund_year(w);
  CHECK(loan_refusal_probability(w, 0, kNoPlatform, 0, SizeClass::micro) == Approx(0.2));
  CHECK(loan_refusal_probability(w, 1, kNoPlatform, 0, SizeClass::micro) == Approx(0.4));
  // An exhausted pool no longer shares losses.
  for (auto& v : w.funds.values) v = 0;
  CHECK(loan_refusal_probability(w, 0, kNoPlatform, 0, SizeClass::micro) == Approx(0.4));
}

TEST_CASE("a cash surplus repays debt to the target, keeps a buffer and pays out earnings",
          "[finance][rationing]") {
  auto sc = test::small_scenario(60);
  sc.policies.clear();
  Simulation sim(sc, sc.seed);
  const auto& credit = sc.credit;
  double payout = 0;
  while (!sim.done()) {
    const auto& before = sim.world().firms;
    std::vector<double> debt_before(before.debt_wan.begin(), before.debt_wan.end());
    sim.step();
    const auto& w = sim.world();
    const auto& f = w.firms;
    for (FirmId i = 0; i < debt_before.size(); ++i) {
      if (!f.active(i) || f.payout_wan[i] <= 0) continue;
      INFO("firm " << i << " in " << w.year);
      payout += f.payout_wan[i];
      // A firm pays out only after repaying down to its target and keeping its buffer...
      const double target =
          credit.target_debt_share * w.scenario->fiscal.loan_to_capital * f.capital_wan[i];
      CHECK(f.debt_wan[i] <= std::max(target, 0.0) * (1 + 1e-12) + 1e-9);
      CHECK(f.cash_wan[i] >= credit.cash_buffer_share * f.capital_wan[i] * (1 - 1e-12) - 1e-9);
      // ...and never more than the year's earnings (net worth does not fall by a payout).
      CHECK(f.payout_wan[i] <= f.profit_wan[i] - cit_wan(w, i) + f.policy_received_wan[i] + 1e-9);
    }
  }
  CHECK(payout > 0);
}
