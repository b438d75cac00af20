#include <catch2/catch.hpp>

#include "engine/scenario/parse.hpp"
#include "engine/simulation.hpp"

using namespace regsim;

TEST_CASE("a firm registry replaces synthesis and reproduces its firms' base year",
          "[population][registry]") {
  const auto sc =
      scenario::load_scenario(std::string(REGSIM_TEST_DATA) + "/scenarios/with_registry.toml");
  REQUIRE(sc.initial.registry_firms.size() == 3);
  Simulation sim(sc, sc.seed);
  const auto& f = sim.world().firms;
  REQUIRE(f.size() == 3);
  for (FirmId i = 0; i < f.size(); ++i) {
    const auto& row = sc.initial.registry_firms[i];
    INFO("firm " << row.id);
    CHECK(f.revenue_wan[i] == Approx(row.revenue_wan).epsilon(1e-12));
    CHECK(f.labour[i] == Approx(row.employment).epsilon(1e-12));
    CHECK(f.capital_wan[i] == Approx(row.capital_wan).epsilon(1e-12));
    if (row.land_m2 > 0) CHECK(f.land_m2[i] == row.land_m2);
    CHECK((f.platform[i] == kNoPlatform) == row.platform.empty());
  }
  while (!sim.done()) sim.step();
  const auto r = sim.finish(1);
  CHECK(r.years.size() == 3);
}
