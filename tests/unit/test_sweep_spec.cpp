// Sweep specs: designs in the factors' units, overlays that set exactly the factor keys, and
// errors located at the factor in the spec file.

#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "experiment/sweep_spec.hpp"

using namespace regsim::scenario;
namespace fs = std::filesystem;

namespace {
const fs::path kSweeps = fs::path(REGSIM_TEST_DATA) / "sweeps";
}

TEST_CASE("a Latin hypercube spec gives factor values in range, one per stratum", "[sweep]") {
  const SweepSpec spec = load_sweep_spec(kSweeps / "lhs.toml");
  REQUIRE(spec.design == SweepDesignKind::lhs);
  REQUIRE(spec.points == 6);
  REQUIRE(spec.runs() == 12);
  REQUIRE(spec.factors.size() == 3);
  CHECK(spec.factors[0].name == "policies_subsidy_SME_loan_interest_subsidy_params_points");
  CHECK(spec.base == (kSweeps / "../scenarios/minimal.toml").lexically_normal());
  std::set<int> strata;
  for (std::size_t p = 0; p < spec.points; ++p) {
    const double points = spec.value(p, 0);
    CHECK(points >= 0.0);
    CHECK(points < 0.06);
    strata.insert(static_cast<int>(std::floor(points / 0.06 * 6)));
    const double year = spec.value(p, 1);
    CHECK(year == std::floor(year));  // integer factor
    CHECK(year >= 2018);
    CHECK(year <= 2020);
  }
  CHECK(strata.size() == 6);
  // Deterministic: loading again gives the same design.
  CHECK(load_sweep_spec(kSweeps / "lhs.toml").values == spec.values);
}

TEST_CASE("a sweep point's scenario has the factor values and nothing else changed", "[sweep]") {
  const SweepSpec spec = load_sweep_spec(kSweeps / "lhs.toml");
  REQUIRE_NOTHROW(check_sweep_factors(spec));
  const auto points = resolve_sweep_points(spec);
  REQUIRE(points.size() == spec.points);
  std::set<std::string> hashes;
  for (std::size_t p = 0; p < spec.points; ++p) {
    const Scenario sc = parse_sweep_point(spec, p);
    REQUIRE(sc.policies.size() == 1);
    CHECK(sc.policies[0].params.at("points") == spec.value(p, 0));  // written round-trip
    CHECK(sc.policies[0].start_year == static_cast<int>(spec.value(p, 1)));
    CHECK(sc.platforms[0].land.serviced_ha == spec.value(p, 2));
    CHECK(sc.platforms[1].land.serviced_ha == 50);  // the other platform is untouched
    CHECK(sc.name == "minimal");
    CHECK(sc.seed == 42);
    CHECK(points[p].scenario_sha256 == sc.resolved_sha256);
    CHECK(points[p].seed == 42);
    hashes.insert(sc.resolved_sha256);
  }
  CHECK(hashes.size() == spec.points);  // every point is a different scenario
}

TEST_CASE("a factor naming an element the base scenario lacks is located at the factor",
          "[sweep]") {
  const SweepSpec spec = load_sweep_spec(kSweeps / "bad_element.toml");
  REQUIRE(spec.design == SweepDesignKind::grid);
  REQUIRE(spec.points == 4);
  // Grid order: the last factor varies fastest.
  CHECK(spec.value(0, 0) == 0.1);
  CHECK(spec.value(1, 0) == 0.1);
  CHECK(spec.value(1, 1) == 350);
  CHECK(spec.value(2, 0) == 0.13);
  try {
    check_sweep_factors(spec);
    FAIL("no error");
  } catch (const ScenarioError& e) {
    CHECK(e.where().file == (kSweeps / "bad_element.toml").string());
    CHECK(e.where().line == 9);
    CHECK(e.where().column == 7);
    CHECK_THAT(e.message(), Catch::Contains("did you mean '抚顺经济开发区'"));
  }
}
