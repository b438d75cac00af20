// output/sweep_writer and sweep_reader: runs streamed into a sweep.h5 in any order read back,
// point by point, as RunResults equal to the run files of the same runs; an unfinished or
// inconsistent sweep leaves no sweep.h5.

#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <string>
#include <vector>

#include "output/hdf5_reader.hpp"
#include "output/hdf5_writer.hpp"
#include "output/sweep_reader.hpp"
#include "output/sweep_writer.hpp"

namespace fs = std::filesystem;
using namespace regsim;

namespace {

/// Run `id` of a 2-point x 2-replicate sweep: values that differ by run, entity and year.
RunResult make_run(int id) {
  RunResult r;
  r.regsim_version = "0.1.0";
  r.scenario_name = "抚顺";
  r.scenario_sha256 = std::string(64, id < 2 ? 'a' : 'b');
  r.resolved_scenario = "name = \"抚顺\"\n";
  r.seed = 100 + static_cast<std::uint64_t>(id % 2);
  r.replicate = static_cast<std::uint32_t>(id % 2);
  r.years = {2017, 2018, 2019};
  const auto group = [&](const std::string& level, std::vector<std::string> entities) {
    EntityGroup g{level, std::move(entities), {}};
    Series s{"output_value", "亿元", "output", {}};
    for (std::size_t y = 0; y < r.years.size(); ++y)
      for (std::size_t e = 0; e < g.entities.size(); ++e)
        s.values.push_back(1000.0 * id + 10.0 * static_cast<double>(y) + static_cast<double>(e));
    g.series.push_back(s);
    return g;
  };
  r.region = group("region", {"抚顺市"});
  r.county = group("county", {"抚顺县", "新宾县"});
  r.platform = group("platform", {"园区"});
  r.sector = group("sector", {"A", "B", "C"});
  r.policy = group("policy", {"subsidy"});
  r.payer = group("payer", {"抚顺县", "新宾县", "upper"});
  r.policy_payer = group("policy_payer", {"subsidy/upper"});
  r.labels = {EntityLabel{"policy", "policy_family", "family", {"subsidy"}}};
  r.targets = {TargetResult{"T1", "modelled", "抚顺市", "output_value", 2019, ">=", 5.0,
                            1000.0 * id, id % 2, ""}};
  return r;
}

}  // namespace

TEST_CASE("a point of a sweep.h5 reads back as its run files", "[compare]") {
  const fs::path dir =
      fs::temp_directory_path() / ("regsim_test_sweep_reader_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const auto run_file = [&](std::size_t id) { return dir / ("run-" + std::to_string(id) + ".h5"); };
  std::vector<output::SweepRunRow> rows;
  for (int id = 0; id < 4; ++id) {
    const RunResult r = make_run(id);
    output::write_hdf5(r, run_file(static_cast<std::size_t>(id)), {.force = true});
    rows.push_back({id / 2, id % 2, r.seed, r.scenario_sha256});
  }
  output::SweepInfo info;
  info.points = 2;
  info.replicates = 2;
  info.scenario_name = "抚顺";
  const fs::path sweep = dir / "sweep.h5";
  {
    output::SweepWriter writer(sweep, info, rows, {});
    for (int id = 3; id >= 0; --id) writer.add(static_cast<std::size_t>(id), make_run(id));
    writer.commit();
  }

  CHECK(output::is_sweep_hdf5(sweep));
  CHECK_FALSE(output::is_sweep_hdf5(run_file(0)));
  const std::vector<RunResult> point1 = output::read_sweep_point(sweep, 1);
  REQUIRE(point1.size() == 2);
  for (std::size_t k = 0; k < 2; ++k) {
    const RunResult expected = output::read_hdf5(run_file(2 + k));
    const RunResult& got = point1[k];
    CHECK(got.replicate == k);
    CHECK(got.seed == expected.seed);
    CHECK(got.scenario_sha256 == expected.scenario_sha256);
    CHECK(got.years == expected.years);
    for (const char* level :
         {"region", "county", "platform", "sector", "policy", "payer", "policy_payer"}) {
      INFO(level);
      CHECK(got.group(level)->entities == expected.group(level)->entities);
      REQUIRE(got.group(level)->series.size() == 1);
      CHECK(got.group(level)->series[0].values == expected.group(level)->series[0].values);
    }
    REQUIRE(got.targets.size() == 1);
    CHECK(got.targets[0].simulated == expected.targets[0].simulated);
    CHECK(got.targets[0].attained == expected.targets[0].attained);
    REQUIRE(got.labels.size() == 1);
    CHECK(got.labels[0].values == std::vector<std::string>{"subsidy"});
  }
  CHECK(point1[1].region.series[0].values.front() == 3000.0);  // run 3 = point 1, replicate 1
  CHECK_THROWS_WITH(output::read_sweep_point(sweep, std::nullopt),
                    Catch::Contains("has 2 design points"));
  CHECK_THROWS_WITH(output::read_sweep_point(sweep, 5), Catch::Contains("no design point 5"));
  CHECK_THROWS_WITH(output::read_sweep_point(run_file(0), 0), Catch::Contains("not a sweep.h5"));
  fs::remove_all(dir);
}

TEST_CASE("an unfinished or inconsistent sweep leaves no sweep.h5", "[compare]") {
  const fs::path dir =
      fs::temp_directory_path() / ("regsim_test_sweep_writer_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const fs::path sweep = dir / "sweep.h5";
  std::vector<output::SweepRunRow> rows;
  for (int id = 0; id < 4; ++id) {
    const RunResult r = make_run(id);
    rows.push_back({id / 2, id % 2, r.seed, r.scenario_sha256});
  }
  output::SweepInfo info;
  info.points = 2;
  info.replicates = 2;
  const auto leftovers = [&] { return std::distance(fs::directory_iterator(dir), {}); };
  {  // a run missing at commit: error, and the temporary file goes with the writer
    output::SweepWriter writer(sweep, info, rows, {});
    for (std::size_t id : {0u, 1u, 3u}) writer.add(id, make_run(static_cast<int>(id)));
    CHECK(leftovers() == 1);  // the temporary file
    CHECK_THROWS_WITH(writer.commit(), Catch::Contains("1 of 4 runs were not written"));
  }
  CHECK(leftovers() == 0);
  {  // a result that is not the run of its slot (another point's scenario)
    output::SweepWriter writer(sweep, info, rows, {});
    CHECK_THROWS_WITH(writer.add(0, make_run(2)),
                      Catch::Contains("run 0 (point 0, replicate 0): is not the run"));
  }
  {  // a run whose entities differ from the first run added
    output::SweepWriter writer(sweep, info, rows, {});
    writer.add(1, make_run(1));
    RunResult other = make_run(0);
    other.county.entities = {"抚顺县", "清原县"};
    CHECK_THROWS_WITH(writer.add(0, other), Catch::Contains("county entities differ"));
  }
  CHECK(leftovers() == 0);
  fs::remove_all(dir);
}
