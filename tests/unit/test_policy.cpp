#include <catch2/catch.hpp>

#include "engine/policy/registry.hpp"
#include "engine/simulation.hpp"
#include "fixtures.hpp"

using namespace regsim;

namespace {
double region(const RunResult& r, const char* var, std::size_t y) {
  return r.region.find(var)->at(y, 0, 1);
}
}  // namespace

TEST_CASE("the instrument registry lists every instrument with its family and parameters",
          "[policy]") {
  const auto* interest = policy::find_instrument("interest_subsidy");
  REQUIRE(interest != nullptr);
  CHECK(interest->family == scenario::PolicyFamily::subsidy);
  CHECK(policy::find_instrument("investment_subsidy") != nullptr);
  CHECK(policy::find_instrument("no_such_instrument") == nullptr);
  for (const auto& i : policy::instrument_registry())
    for (const auto& p : i.params) CHECK(p.min_value <= p.max_value);
}

TEST_CASE("size classes follow the industry thresholds", "[policy]") {
  CHECK(size_class(299) == SizeClass::micro);
  CHECK(size_class(300) == SizeClass::small);
  CHECK(size_class(1999) == SizeClass::small);
  CHECK(size_class(2000) == SizeClass::medium);
  CHECK(size_class(40000) == SizeClass::large);
}

TEST_CASE("subsidies raise investment, and payers are charged exactly what firms receive",
          "[policy]") {
  auto with = test::small_scenario(200);
  auto without = with;
  without.policies.clear();
  const auto a = run(with, {.threads = 2, .seed = {}});
  const auto b = run(without, {.threads = 2, .seed = {}});
  // Same seed, same shocks: the first simulated year differs only by the policies.
  CHECK(region(a, "investment", 1) > region(b, "investment", 1));
  CHECK(region(b, "policy_spending", 1) == 0.0);
  for (std::size_t y = 1; y < a.years.size(); ++y) {
    CHECK(region(a, "policy_spending", y) > 0.0);
    CHECK(region(a, "policy_spending", y) ==
          Approx(region(a, "policy_received", y)).epsilon(1e-12));
  }
  // The investment subsidy is scoped to one park in 新抚区 and paid by the host county: only
  // 新抚区 pays; 抚顺县 pays nothing (the interest subsidy is paid by the upper level).
  const auto& c = a.county;
  const auto* spending = c.find("policy_spending");
  CHECK(spending->at(1, c.entity_index("新抚区"), 2) > 0.0);
  CHECK(spending->at(1, c.entity_index("抚顺县"), 2) == 0.0);
}

TEST_CASE("a policy outside its years has no effect", "[policy]") {
  auto late = test::small_scenario(100);
  for (auto& p : late.policies) p.start_year = p.end_year = late.last_year + 1;
  auto none = late;
  none.policies.clear();
  const auto a = run(late, {.threads = 1, .seed = {}});
  const auto b = run(none, {.threads = 1, .seed = {}});
  const auto* x = a.region.find("output_value");
  const auto* y = b.region.find("output_value");
  CHECK(x->values == y->values);
}
