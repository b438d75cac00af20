// Ledger identities of policy payments: every yuan paid by a payer is received by a firm, and
// the per-policy, per-payer and per-(policy, payer) views of the payments agree every year.

#include <catch2/catch.hpp>

#include <numeric>

#include "engine/simulation.hpp"
#include "fixtures.hpp"

using namespace regsim;

namespace {

/// Sum over entities of `variable` in `group` for year index y.
double entity_sum(const EntityGroup& g, const char* variable, std::size_t y) {
  const auto* s = g.find(variable);
  REQUIRE(s != nullptr);
  double sum = 0;
  for (std::size_t e = 0; e < g.entities.size(); ++e) sum += s->at(y, e, g.entities.size());
  return sum;
}

double value(const EntityGroup& g, const char* variable, std::size_t y, const std::string& e) {
  const auto i = g.entity_index(e);
  REQUIRE(i < g.entities.size());
  return g.find(variable)->at(y, i, g.entities.size());
}

}  // namespace

TEST_CASE("policy payments: paid by payers == received by firms, in every view, every year",
          "[ledger]") {
  auto sc = test::small_scenario(120);
  // Payers of every kind: the upper level, the host county, a named county, the province.
  scenario::PolicySpec rebate;
  rebate.family = scenario::PolicyFamily::subsidy;
  rebate.instrument = "tax_rebate";
  rebate.name = "provincial tax rebate";
  rebate.payer = "province";
  rebate.scope.sectors = {"农产品加工"};
  rebate.params = {{"rate", 0.1}, {"cap_wan", 1e12}};
  scenario::PolicySpec wage = rebate;
  wage.instrument = "wage_subsidy";
  wage.name = "talent subsidy paid by 新抚区";
  wage.payer = "新抚区";
  wage.scope.sectors = {};
  wage.scope.counties = {"抚顺县", "新抚区"};
  wage.params = {{"rate", 0.05}, {"cap_wan", 20.0}};
  for (auto* p : {&rebate, &wage}) {
    p->start_year = sc.first_year + 1;
    p->end_year = sc.last_year;
    sc.policies.push_back(*p);
  }
  const auto r = run(sc, {.threads = 2, .seed = {}});
  const std::size_t n_counties = sc.counties.size();
  REQUIRE(r.payer.entities.size() == n_counties + 2);
  CHECK(r.payer.entities[n_counties] == "upper");
  CHECK(r.payer.entities[n_counties + 1] == "province");

  for (std::size_t y = 1; y < r.years.size(); ++y) {
    INFO("year " << r.years[y]);
    const double received = value(r.region, "policy_received", y, sc.name);
    CHECK(received > 0);
    CHECK(value(r.region, "policy_spending", y, sc.name) == Approx(received).epsilon(1e-12));
    CHECK(entity_sum(r.policy, "spending", y) == Approx(received).epsilon(1e-12));
    CHECK(entity_sum(r.payer, "policy_spending", y) == Approx(received).epsilon(1e-12));
    CHECK(entity_sum(r.policy_payer, "spending", y) == Approx(received).epsilon(1e-12));
    // A county's budget line is its payer row.
    for (const auto& c : sc.counties)
      CHECK(value(r.county, "policy_spending", y, c.name) ==
            Approx(value(r.payer, "policy_spending", y, c.name)).margin(1e-15));
    // Each payer's total is the sum of its (policy, payer) pairs.
    for (const auto& payer : r.payer.entities) {
      double pairs = 0;
      const auto* s = r.policy_payer.find("spending");
      for (std::size_t e = 0; e < r.policy_payer.entities.size(); ++e)
        if (r.policy_payer.entities[e].ends_with(" / " + payer))
          pairs += s->at(y, e, r.policy_payer.entities.size());
      CHECK(value(r.payer, "policy_spending", y, payer) == Approx(pairs).margin(1e-12));
    }
    // Payers only pay for what they fund: the province pays just the rebate, 新抚区 pays the
    // talent subsidy also for firms of 抚顺县, and 抚顺县 pays nothing.
    CHECK(value(r.payer, "policy_spending", y, "province") ==
          Approx(value(r.policy, "spending", y, "provincial tax rebate")).epsilon(1e-12));
    CHECK(value(r.payer, "policy_spending", y, "抚顺县") == 0.0);
    CHECK(value(r.policy_payer, "spending", y, "talent subsidy paid by 新抚区 / 新抚区") > 0.0);
  }
}
