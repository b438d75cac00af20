// Target transforms (engine/observe/targets.cpp) against the run's own series: sums over several
// selectors, shares, counts above a threshold and changes since a year.

#include <catch2/catch.hpp>
#include <cmath>

#include "engine/observe/attainment.hpp"
#include "engine/observe/targets.hpp"
#include "engine/simulation.hpp"
#include "fixtures.hpp"

using namespace regsim;
using scenario::Target;
using scenario::TargetTransform;

namespace {

const RunResult& small_run() {
  static const RunResult result = run(test::small_scenario(40));
  return result;
}

double at(const EntityGroup& g, const std::string& variable, std::size_t y, std::size_t e) {
  return g.find(variable)->at(y, e, g.entities.size());
}

Target target(std::vector<std::string> terms, std::string variable, int year) {
  Target t;
  t.id = "T";
  t.entity_terms = std::move(terms);
  t.variable = std::move(variable);
  t.year = year;
  return t;
}

}  // namespace

TEST_CASE("a target over several selectors sums them", "[targets]") {
  const auto& r = small_run();
  const std::size_t y = 3;
  const int year = r.years[y];
  const auto t = target({"county:*"}, "output_value", year);
  const double counties = at(r.county, "output_value", y, 0) + at(r.county, "output_value", y, 1);
  CHECK(simulated_value(r, t) == Approx(counties).epsilon(1e-12));
  // Counties partition the region: their sum is the region's output.
  CHECK(simulated_value(r, t) == Approx(at(r.region, "output_value", y, 0)).epsilon(1e-9));

  const auto pair = target({"platform:抚顺经济开发区", "platform:小镇"}, "output_value", year);
  const auto park = r.platform.entity_index("抚顺经济开发区");
  const auto town = r.platform.entity_index("小镇");
  CHECK(simulated_value(r, pair) ==
        Approx(at(r.platform, "output_value", y, park) + at(r.platform, "output_value", y, town))
            .epsilon(1e-12));
}

TEST_CASE("a share target divides two sums of the same year", "[targets]") {
  const auto& r = small_run();
  const std::size_t y = 2;
  auto t = target({"sector:装备制造"}, "value_added", r.years[y]);
  t.denominator_terms = {"region"};
  t.denominator_variable = "gdp";
  const auto machinery = r.sector.entity_index("装备制造");
  const double share = at(r.sector, "value_added", y, machinery) / at(r.region, "gdp", y, 0);
  CHECK(simulated_value(r, t) == Approx(share).epsilon(1e-12));
  CHECK(simulated_value(r, t) > 0);
  CHECK(simulated_value(r, t) < 1);
  // Both sectors' value added over the region's is the modelled share of GDP: exogenous sectors
  // and public works' construction value added excluded.
  auto both = target({"sector:*"}, "value_added", r.years[y]);
  both.denominator_terms = {"region"};
  both.denominator_variable = "gdp";
  const double works_share = scenario::FiscalRules{}.public_works_value_added_share;
  const auto modelled_share = [&](std::size_t year) {
    return 1.0 - (at(r.region, "exogenous_gdp", year, 0) +
                  works_share * at(r.region, "public_works", year, 0)) /
                     at(r.region, "gdp", year, 0);
  };
  CHECK(simulated_value(r, both) == Approx(modelled_share(y)).epsilon(1e-9));
  // Growth of a share is the share's own growth.
  both.transform = TargetTransform::growth;
  CHECK(simulated_value(r, both) ==
        Approx(modelled_share(y) / modelled_share(y - 1) - 1.0).epsilon(1e-9));
}

TEST_CASE("count_above counts the entities whose value exceeds the threshold", "[targets]") {
  const auto& r = small_run();
  const std::size_t y = 4;
  auto t = target({"platform:*"}, "output_value", r.years[y]);
  t.transform = TargetTransform::count_above;
  std::vector<double> values;
  for (std::size_t e = 0; e < r.platform.entities.size(); ++e)
    values.push_back(at(r.platform, "output_value", y, e));
  std::sort(values.begin(), values.end());
  REQUIRE(values.size() == 3);
  t.threshold = values[0] - 1e-9;  // all three exceed it
  CHECK(simulated_value(r, t) == 3);
  t.threshold = values[1];  // strictly above: only the largest
  CHECK(simulated_value(r, t) == 1);
  t.threshold = values[2];
  CHECK(simulated_value(r, t) == 0);
  auto kind = target({"platform_kind:industrial_park"}, "output_value", r.years[y]);
  kind.transform = TargetTransform::count_above;
  kind.threshold = 0;
  CHECK(simulated_value(r, kind) == 1);
}

TEST_CASE("a change target is the level's difference since a year", "[targets]") {
  const auto& r = small_run();
  auto t = target({"region"}, "employment", r.years[4]);
  t.transform = TargetTransform::change;
  t.since = r.years[0];
  CHECK(simulated_value(r, t) ==
        Approx(at(r.region, "employment", 4, 0) - at(r.region, "employment", 0, 0)).epsilon(1e-12));
  std::string label = "change(employment since ";
  label.append(std::to_string(r.years[0])).append(")");
  CHECK(variable_label(t) == label);
}

TEST_CASE("Attainment probabilities carry Wilson score intervals (Newcombe 1998's examples)",
          "[targets]") {
  // Newcombe (1998), Statistics in Medicine 17, 857-872, Table II, method 3 (score, no
  // continuity correction): 81/263, 15/148, 0/20, 1/29 at 95%.
  struct Case {
    int k, n;
    double low, high;
  };
  for (const Case c : {Case{81, 263, 0.2553, 0.3662}, Case{15, 148, 0.0624, 0.1605},
                       Case{0, 20, 0.0, 0.1611}, Case{1, 29, 0.0061, 0.1718}}) {
    const auto a = regsim::attainment_probability(c.k, c.n);
    INFO(c.k << "/" << c.n);
    REQUIRE(a.p == Approx(static_cast<double>(c.k) / c.n));
    REQUIRE(a.low == Approx(c.low).margin(5e-5));
    REQUIRE(a.high == Approx(c.high).margin(5e-5));
  }
  // All replicates attain: the interval still has width, and stays inside [0, 1].
  const auto all = regsim::attainment_probability(4, 4);
  REQUIRE(all.p == 1.0);
  REQUIRE(all.high == 1.0);
  REQUIRE(all.low == Approx(0.5101).margin(5e-5));
  // A wider confidence gives a wider interval; nothing applicable gives NaN.
  const auto narrow = regsim::attainment_probability(3, 8, 0.8);
  const auto wide = regsim::attainment_probability(3, 8, 0.99);
  REQUIRE(wide.low < narrow.low);
  REQUIRE(wide.high > narrow.high);
  REQUIRE(std::isnan(regsim::attainment_probability(0, 0).p));

  // The plan is met in a replicate when every row with a value is attained.
  REQUIRE(regsim::plan_attained({1, 1, -1, 1}) == 1);
  REQUIRE(regsim::plan_attained({1, 0, 1}) == 0);
  REQUIRE(regsim::plan_attained({-1, -1}) == -1);
  REQUIRE(regsim::plan_attained(std::vector<int>{}) == -1);
  // A run's rows: out-of-scope rows do not count, a missed modelled row does.
  std::vector<regsim::TargetResult> rows(3);
  rows[0].status = rows[1].status = "modelled";
  rows[2].status = "out_of_scope";
  rows[0].attained = 1;
  rows[1].attained = -1;
  rows[2].attained = 0;
  REQUIRE(regsim::plan_attained(rows) == 1);
  rows[1].attained = 0;
  REQUIRE(regsim::plan_attained(rows) == 0);
}
