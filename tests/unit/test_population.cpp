#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>

#include "engine/observe/aggregate.hpp"
#include "engine/population/population.hpp"
#include "engine/simulation.hpp"
#include "fixtures.hpp"

using namespace regsim;

TEST_CASE("scale_to_total hits the total and respects the floor", "[population]") {
  std::vector<double> sizes{1.0, 5.0, 0.01, 300.0, 2.0};
  scale_to_total(sizes, 1000.0, 10.0);
  CHECK(std::accumulate(sizes.begin(), sizes.end(), 0.0) == Approx(1000.0).epsilon(1e-14));
  CHECK(*std::min_element(sizes.begin(), sizes.end()) >= 10.0);
  std::vector<double> too_many(200, 1.0);
  CHECK_THROWS_WITH(scale_to_total(too_many, 1000.0, 10.0), Catch::Contains("cannot share"));
}

TEST_CASE("synthetic sizes have the configured Pareto tail", "[population][stylized]") {
  scenario::SizeDistribution size;
  size.tail_exponent = 1.1;
  size.tail_share = 0.1;
  size.lognormal_sigma = 1.2;
  auto s = draw_relative_sizes(size, 200000, 9, 0, 2017, 0);
  std::sort(s.begin(), s.end(), std::greater<>());
  // Hill estimator on the top 0.5% (well inside the Pareto tail, above the lognormal body).
  const std::size_t k = s.size() / 200;
  double sum = 0;
  for (std::size_t i = 0; i < k; ++i) sum += std::log(s[i] / s[k]);
  const double alpha = static_cast<double>(k) / sum;
  INFO("Hill tail exponent " << alpha);
  CHECK(alpha == Approx(1.1).epsilon(0.1));
}

TEST_CASE("the base-year population matches its aggregates exactly", "[population]") {
  const auto sc = test::small_scenario();
  Simulation sim(sc, sc.seed);
  const World& w = sim.world();
  // Per cell: firm count and revenue.
  std::map<std::uint32_t, std::pair<double, double>> cells;
  for (FirmId i = 0; i < w.firms.size(); ++i) {
    auto& c = cells[w.firms.cell[i]];
    c.first += 1;
    c.second += w.firms.revenue_wan[i];
  }
  for (const auto& cell : sc.initial.cells) {
    CountyId county = cell.county == "抚顺县" ? 0 : 1;
    PlatformId platform = kNoPlatform;
    for (std::size_t p = 0; p < sc.platforms.size(); ++p)
      if (cell.platform && sc.platforms[p].name == *cell.platform)
        platform = static_cast<PlatformId>(p);
    const SectorId sector = cell.sector == "装备制造" ? 0 : 1;
    const auto& got = cells.at(w.cells.cell(county, platform, sector));
    CHECK(got.first == static_cast<double>(cell.firms));
    // Revenue from the production function at price 1 and the base wage equals the aggregate.
    CHECK(got.second == Approx(cell.revenue_yi * 1e4).epsilon(1e-10));
  }
  // Base-year prices clear at 1, and every firm's land fits its platform.
  for (double p : w.sectors.price) CHECK(p == 1.0);
  for (std::size_t p = 0; p < w.n_platforms(); ++p)
    CHECK(w.platforms.land_occupied_m2[p] <= w.platforms.land_serviced_m2[p]);
}

TEST_CASE("an infeasible base year is an error naming the entity", "[population]") {
  auto sc = test::small_scenario();
  sc.platforms[0].land.serviced_ha = 10;
  CHECK_THROWS_WITH(Simulation(sc, 1),
                    Catch::Contains("抚顺经济开发区") && Catch::Contains("serviced"));
  sc = test::small_scenario();
  sc.counties[1].labour_force = 1000;
  CHECK_THROWS_WITH(Simulation(sc, 1),
                    Catch::Contains("新抚区") && Catch::Contains("labour force"));
}
