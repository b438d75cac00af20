// The shortcuts taken for speed give exactly what the direct computation gives: the policy
// eligibility index, the per-cell decision terms, the supply-scale weights kept from market
// clearing, the parallel combination of block sums and gather_rows.
#include <tbb/task_arena.h>
#include <catch2/catch.hpp>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "engine/behaviour/firm.hpp"
#include "engine/core/parallel.hpp"
#include "engine/market/goods_labour.hpp"
#include "engine/observe/aggregate.hpp"
#include "engine/policy/registry.hpp"
#include "engine/simulation.hpp"
#include "engine/state/world.hpp"
#include "fixtures.hpp"

using namespace regsim;

namespace {

scenario::PolicySpec spec(scenario::PolicyFamily family, const std::string& instrument,
                          const std::string& name, std::map<std::string, double> params) {
  scenario::PolicySpec p;
  p.family = family;
  p.instrument = instrument;
  p.name = name;
  p.payer = "county";
  for (const auto& info : policy::find_instrument(instrument)->params)
    params.emplace(info.name, info.default_value);
  p.params = std::move(params);
  return p;
}

/// The small test scenario with policies scoped by county, platform, sector, size class and
/// years, two of which (wage and electricity subsidies) act on hiring.
scenario::Scenario scoped_scenario() {
  using scenario::PolicyFamily;
  auto sc = test::small_scenario(30);
  auto interest = spec(PolicyFamily::subsidy, "interest_subsidy", "i", {{"points", 0.02}});
  interest.scope.size_classes = {"micro", "small"};
  auto investment = spec(PolicyFamily::subsidy, "investment_subsidy", "v", {{"rate", 0.1}});
  investment.scope.platforms = {"抚顺经济开发区"};
  investment.start_year = sc.first_year + 2;
  investment.end_year = sc.first_year + 3;
  auto wage = spec(PolicyFamily::subsidy, "wage_subsidy", "w", {{"rate", 0.05}});
  wage.scope.counties = {"抚顺县"};
  wage.scope.sectors = {"农产品加工"};
  auto electricity =
      spec(PolicyFamily::subsidy, "electricity_subsidy", "e", {{"rate", 0.2}, {"cap_wan", 5.0}});
  electricity.scope.sectors = {"装备制造"};
  electricity.scope.size_classes = {"medium", "large"};
  auto land = spec(PolicyFamily::land, "land_price_discount", "l", {{"rate", 0.3}});
  land.scope.platforms = {"抚顺经济开发区", "小镇"};
  sc.policies = {interest, investment, wage, electricity, land};
  return sc;
}

/// Policy indices for_eligible visits, in order.
std::vector<std::size_t> visited(const PolicyBook& book, int year, CountyId c, PlatformId p,
                                 SectorId s, SizeClass z) {
  std::vector<std::size_t> out;
  book.for_eligible(year, c, p, s, z, [&](std::size_t k, const auto&) { out.push_back(k); });
  return out;
}

/// Policy indices eligible() accepts, in order.
std::vector<std::size_t> tested(const PolicyBook& book, int year, CountyId c, PlatformId p,
                                SectorId s, SizeClass z) {
  std::vector<std::size_t> out;
  for (std::size_t k = 0; k < book.policies.size(); ++k)
    if (book.eligible(k, year, c, p, s, z)) out.push_back(k);
  return out;
}

/// Compares the indexed and the per-policy eligibility over every year around the run, county,
/// place and sector and size class; returns how many combinations had an eligible policy.
int compare_everywhere(const World& w) {
  const auto& sc = *w.scenario;
  int nonempty = 0;
  for (int year = sc.first_year - 1; year <= sc.last_year + 1; ++year)
    for (std::size_t c = 0; c < w.n_counties(); ++c)
      for (int p = -1; p < static_cast<int>(w.n_platforms()); ++p)
        for (std::size_t s = 0; s < w.n_sectors(); ++s)
          for (unsigned z = 0; z < 4; ++z) {
            const auto county = static_cast<CountyId>(c);
            const auto platform = p < 0 ? kNoPlatform : static_cast<PlatformId>(p);
            const auto sector = static_cast<SectorId>(s);
            const auto size = static_cast<SizeClass>(z);
            const auto expected = tested(w.policies, year, county, platform, sector, size);
            CHECK(visited(w.policies, year, county, platform, sector, size) == expected);
            nonempty += expected.empty() ? 0 : 1;
          }
  return nonempty;
}

}  // namespace

TEST_CASE("indexed policy eligibility visits exactly the policies eligible() accepts, in order",
          "[bench]") {
  const auto sc = scoped_scenario();
  World w;
  build_world(w, sc, sc.seed, 0);
  CHECK(compare_everywhere(w) > 0);
  // The park's investment subsidy (policy 1) applies to its firms in its years...
  const auto in_park = [&] {
    return visited(w.policies, sc.first_year + 2, w.platforms.county[0], 0, 0, SizeClass::large);
  };
  CHECK(in_park() == std::vector<std::size_t>{1, 3, 4});
  // ...until the park is delisted: platform-scoped policies drop it, and the index follows.
  w.policies.delist(0);
  CHECK(compare_everywhere(w) > 0);
  CHECK(in_park() == std::vector<std::size_t>{3});
}

TEST_CASE("only the wage and electricity subsidies count as hiring policies", "[bench]") {
  const auto sc = scoped_scenario();
  World w;
  build_world(w, sc, sc.seed, 0);
  // Scenario order: interest, investment, wage, electricity, land.
  CHECK(w.policies.hiring_policies() == ((std::uint64_t{1} << 2) | (std::uint64_t{1} << 3)));
  CHECK(w.policies.may_shape_hiring(sc.first_year + 1, 0, kNoPlatform, 1, SizeClass::micro));
  CHECK_FALSE(w.policies.may_shape_hiring(sc.first_year + 1, 1, kNoPlatform, 1, SizeClass::micro));
}

TEST_CASE("kept supply-scale weights and per-cell decision terms equal the direct computation",
          "[bench]") {
  const auto sc = scoped_scenario();
  Simulation sim(sc, sc.seed);
  sim.step();  // a year with entrants, exits and every phase
  // Re-run the steps of the next year up to market clearing on a copy of the world.
  World w = test::next_year_cleared(sim);
  int kept = 0, recomputed = 0;
  for (FirmId i = 0; i < w.firms.size(); ++i) {
    if (!w.firms.active(i)) continue;
    const auto& f = w.firms;
    if (w.policies.may_shape_hiring(w.year, f.county[i], f.platform[i], f.sector[i],
                                    f.size_class[i])) {
      ++recomputed;
      continue;
    }
    // No hiring policy: the weights from clearing are what supply_scale gives now (after the
    // wage changed), bit for bit.
    const auto now = supply_scale(w, i);
    CHECK(w.work.firm_scale[2 * i] == now.output);
    CHECK(w.work.firm_scale[2 * i + 1] == now.labour);
    ++kept;
  }
  CHECK(kept > 0);
  CHECK(recomputed > 0);

  // Per-cell terms: the shape() calls of a firm's eligible policies, in order.
  produce(w);
  exit_firms(w);
  plan_investment(w);
  int compared = 0;
  for (FirmId i = 0; i < w.firms.size(); ++i) {
    if (!w.firms.active(i)) continue;
    const auto& f = w.firms;
    policy::DecisionTerms direct;
    w.policies.for_eligible(w.year, f.county[i], f.platform[i], f.sector[i], f.size_class[i],
                            [&](std::size_t, const auto& instrument) { instrument.shape(direct); });
    const auto& table = w.work.cell_terms[f.cell[i] * 4 + static_cast<unsigned>(f.size_class[i])];
    CHECK(table.interest_points == direct.interest_points);
    CHECK(table.investment_rate == direct.investment_rate);
    CHECK(table.wage_rate == direct.wage_rate);
    CHECK(table.electricity_rate == direct.electricity_rate);
    CHECK(table.land_discount_rate == direct.land_discount_rate);
    ++compared;
  }
  CHECK(compared > 0);
}

TEST_CASE("wide block sums combined in parallel equal the serial block-order sum", "[bench]") {
  // 70 000 variables x 3 blocks: above the threshold where the combination goes parallel.
  const std::size_t n = 3 * BlockPlan::kMinBlock, width = 70000;
  const auto value = [](std::size_t i, std::size_t k) {
    return 1.0 / static_cast<double>(1 + i) + 1e-7 * static_cast<double>(k % 97);
  };
  BlockSums sums;
  std::vector<double> total(width, -1.0);
  tbb::task_arena arena(2);
  arena.execute([&] {
    sums.reduce(n, width, total, [&](std::size_t begin, std::size_t end, std::span<double> acc) {
      for (std::size_t i = begin; i < end; ++i)
        for (std::size_t k = i % 7; k < width; k += 1000) acc[k] += value(i, k);
    });
  });
  // Reference: each block summed serially, blocks added in order from 0.
  const BlockPlan plan(n);
  std::vector<double> expected(width, 0.0);
  for (std::size_t b = 0; b < plan.count; ++b) {
    std::vector<double> block(width, 0.0);
    for (std::size_t i = plan.begin(b); i < plan.end(b); ++i)
      for (std::size_t k = i % 7; k < width; k += 1000) block[k] += value(i, k);
    for (std::size_t k = 0; k < width; ++k) expected[k] += block[k];
  }
  CHECK(total == expected);
}

TEST_CASE("gather_rows writes what a serial filter finds, in row order, on any thread count",
          "[bench]") {
  // 10 blocks of rows; every 3rd row is kept, except in block 4, which keeps none.
  const std::size_t n = 10 * BlockPlan::kMinBlock + 17;
  const BlockPlan plan(n);
  const auto kept = [&](std::size_t i) { return i % 3 == 0 && i / plan.size != 4; };
  std::vector<std::uint64_t> expected;
  for (std::size_t i = 0; i < n; ++i)
    if (kept(i)) expected.push_back(1000 * i + 7);
  for (const int threads : {1, 2, 5}) {
    std::vector<std::uint64_t> out(3, 42);  // stale contents are replaced
    std::vector<std::size_t> offsets;
    tbb::task_arena arena(threads);
    arena.execute([&] {
      gather_rows(
          n, out, offsets,
          [&](std::size_t begin, std::size_t end) {
            std::size_t count = 0;
            for (std::size_t i = begin; i < end; ++i) count += kept(i) ? 1 : 0;
            return count;
          },
          [&](std::size_t begin, std::size_t end, std::uint64_t* first) {
            for (std::size_t i = begin; i < end; ++i)
              if (kept(i)) *first++ = 1000 * i + 7;
          });
    });
    INFO(threads << " threads");
    CHECK(out == expected);
    CHECK(offsets.size() == plan.count + 1);
  }
}
