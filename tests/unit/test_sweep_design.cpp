#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <set>
#include <vector>

#include "experiment/design.hpp"

using regsim::sweep::Design;

TEST_CASE("a full grid is the cartesian product with the last factor fastest", "[sweep]") {
  const Design d = regsim::sweep::full_grid({{1, 2}, {10, 20, 30}, {100, 200}});
  REQUIRE(d.points == 12);
  REQUIRE(d.factors == 3);
  REQUIRE(d.values.size() == 36);
  // Point 0, 1 (last factor moves), 2 (middle moves), 6 (first moves), 11 (last of all).
  CHECK(std::vector<double>(d.values.begin(), d.values.begin() + 3) ==
        std::vector<double>{1, 10, 100});
  CHECK(std::vector<double>{d.at(1, 0), d.at(1, 1), d.at(1, 2)} == std::vector<double>{1, 10, 200});
  CHECK(std::vector<double>{d.at(2, 0), d.at(2, 1), d.at(2, 2)} == std::vector<double>{1, 20, 100});
  CHECK(std::vector<double>{d.at(6, 0), d.at(6, 1), d.at(6, 2)} == std::vector<double>{2, 10, 100});
  CHECK(std::vector<double>{d.at(11, 0), d.at(11, 1), d.at(11, 2)} ==
        std::vector<double>{2, 30, 200});
  // Every combination appears exactly once.
  std::set<std::vector<double>> seen;
  for (std::size_t p = 0; p < d.points; ++p) seen.insert({d.at(p, 0), d.at(p, 1), d.at(p, 2)});
  CHECK(seen.size() == 12);
  CHECK_THROWS(regsim::sweep::full_grid({{1, 2}, {}}));
}

TEST_CASE("a Latin hypercube hits every stratum of every factor exactly once", "[sweep]") {
  for (const std::size_t n : {1u, 2u, 7u, 50u}) {
    const Design d = regsim::sweep::latin_hypercube(n, 4, 7);
    REQUIRE(d.points == n);
    REQUIRE(d.factors == 4);
    for (std::size_t j = 0; j < 4; ++j) {
      std::vector<int> hits(n, 0);
      for (std::size_t p = 0; p < n; ++p) {
        const double x = d.at(p, j);
        REQUIRE(x >= 0.0);
        REQUIRE(x < 1.0);
        ++hits[static_cast<std::size_t>(std::floor(x * static_cast<double>(n)))];
      }
      CHECK(std::all_of(hits.begin(), hits.end(), [](int h) { return h == 1; }));
    }
  }
  // Deterministic in the seed; another seed gives another design; factors are not matched
  // stratum by stratum (the permutations differ between factors).
  const Design a = regsim::sweep::latin_hypercube(20, 3, 7);
  CHECK(regsim::sweep::latin_hypercube(20, 3, 7).values == a.values);
  CHECK(regsim::sweep::latin_hypercube(20, 3, 8).values != a.values);
  std::size_t same_stratum = 0;
  for (std::size_t p = 0; p < 20; ++p)
    same_stratum += std::floor(a.at(p, 0) * 20) == std::floor(a.at(p, 1) * 20);
  CHECK(same_stratum < 20);
}

TEST_CASE("the Sobol design is the Sobol sequence without its origin", "[sweep]") {
  const Design d = regsim::sweep::sobol(8, 3);
  REQUIRE(d.points == 8);
  REQUIRE(d.factors == 3);
  // Joe-Kuo direction numbers in Gray-code order (points 1..7 of the sequence): the first two
  // dimensions are the classic ones.
  const std::vector<double> dim0 = {0.5, 0.75, 0.25, 0.375, 0.875, 0.625, 0.125};
  const std::vector<double> dim1 = {0.5, 0.25, 0.75, 0.375, 0.875, 0.125, 0.625};
  for (std::size_t p = 0; p < dim0.size(); ++p) {
    CHECK(d.at(p, 0) == dim0[p]);
    CHECK(d.at(p, 1) == dim1[p]);
  }
  for (const double x : d.values) {
    CHECK(x > 0.0);
    CHECK(x < 1.0);
  }
  // Deterministic across calls, and a longer design starts with the shorter one.
  CHECK(regsim::sweep::sobol(8, 3).values == d.values);
  const Design longer = regsim::sweep::sobol(16, 3);
  CHECK(std::equal(d.values.begin(), d.values.end(), longer.values.begin()));
}
