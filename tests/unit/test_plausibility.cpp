// Plausibility bounds (docs/SCENARIO_FORMAT.md): a value at a bound is accepted, one beyond it is
// refused where it is written, naming the key, the bound and why; the input files a scenario was
// read from are recorded (commands never write over them).

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "engine/scenario/parse.hpp"

using namespace regsim::scenario;
namespace fs = std::filesystem;

namespace {

const fs::path kScenarios = fs::path(REGSIM_TEST_DATA) / "scenarios";

std::string minimal() {
  std::ifstream f(kScenarios / "minimal.toml", std::ios::binary);
  std::ostringstream s;
  s << f.rdbuf();
  return s.str();
}

/// The minimal scenario with `old_text` replaced by `new_text` (which must occur once).
std::string edited(const std::string& old_text, const std::string& new_text) {
  std::string s = minimal();
  const auto at = s.find(old_text);
  REQUIRE(at != std::string::npos);
  REQUIRE(s.find(old_text, at + 1) == std::string::npos);
  return s.replace(at, old_text.size(), new_text);
}

std::string error_of(const std::string& text) {
  try {
    parse_scenario_text(text, "t.toml");
  } catch (const ScenarioError& e) {
    return e.what();
  }
  return "accepted";
}

}  // namespace

TEST_CASE("plausibility bounds: at the bound accepted, beyond refused and located",
          "[scenario][parse][plausibility]") {
  struct Case {
    std::string old_text, at_bound, beyond, message;
  };
  const Case cases[] = {
      {"revenue_yi = 35.5", "revenue_yi = 1e7", "revenue_yi = 1.5e7",
       "t.toml:59:14: error: 'revenue_yi' in [[initial.cells]] #1 must be <= 1e+07 (亿元, an "
       "aggregate; a plausibility bound), got 1.5e+07"},
      {"firms = 40", "firms = 1000000000", "firms = 1000000001",
       "t.toml:58:9: error: 'firms' in [[initial.cells]] #1 must be <= 1e+09 (firms in one cell; "
       "a plausibility bound), got 1000000001"},
      {"wage_wan = 4.5", "wage_wan = 1e4", "wage_wan = 45000",
       "'wage_wan' in [[counties]] '抚顺县' must be <= 10000 (万元 per worker-year"},
      {"labour_force = 120000", "labour_force = 2e9", "labour_force = 1e10",
       "'labour_force' in [[counties]] '抚顺县' must be <= 2e+09 (persons"},
      {"planned_ha = 500", "planned_ha = 1e7", "planned_ha = 1e9",
       "'planned_ha' in 'land' of [[platforms]] '抚顺经济开发区' must be <= 1e+07"},
      {"cit_local_share = 0.4", "above_scale_revenue_wan = 1e12", "above_scale_revenue_wan = 1e15",
       "t.toml:12:27: error: 'above_scale_revenue_wan' in [fiscal] must be <= 1e+12 (万元 of one "
       "firm; a plausibility bound), got 1e+15"},
      {"demand_growth = 0.06", "demand_growth = 10", "demand_growth = 10.5",
       "'demand_growth' in [[sectors]] '农产品加工' must be in (-1, 10], got 10.5"},
      {"tail_exponent = 1.2", "tail_exponent = 1000", "tail_exponent = 1001",
       "'tail_exponent' in [initial.size_distribution] must be <= 1000 (a multiplier"},
  };
  for (const Case& c : cases) {
    INFO(c.beyond);
    CHECK(error_of(edited(c.old_text, c.at_bound)) == "accepted");
    CHECK_THAT(error_of(edited(c.old_text, c.beyond)), Catch::Contains(c.message));
  }
  // Keys without a bound (logit coefficients, target values) take any finite number.
  CHECK(error_of(edited("values = [40, 45, 50]", "values = [40, 45, 1e30]")) == "accepted");
}

TEST_CASE("a scenario records the files it was read from", "[scenario][parse][plausibility]") {
  const Scenario child = load_scenario(kScenarios / "child.toml");
  REQUIRE(child.input_files.size() == 2);
  CHECK(fs::equivalent(child.input_files[0], kScenarios / "child.toml") !=
        fs::equivalent(child.input_files[1], kScenarios / "child.toml"));
  bool parent = false;
  for (const auto& f : child.input_files)
    parent = parent || fs::equivalent(f, kScenarios / "minimal.toml");
  CHECK(parent);
  const Scenario with_registry = load_scenario(kScenarios / "with_registry.toml");
  REQUIRE(with_registry.input_files.size() == 2);
  CHECK(fs::equivalent(with_registry.input_files[1],
                       fs::path(REGSIM_TEST_DATA) / "registry" / "firms.csv"));
}
