// experiment/sweep: a sweep's plan, resume (a rerun redoes only the runs without a matching run
// file and ends with the same sweep.h5), shards and gather (two shards' run files gathered give
// the plain sweep's sweep.h5; a gather with a run missing is refused), on the 12 runs of
// tests/data/sweeps/lhs.toml.

#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <string>
#include <vector>

#include "experiment/sweep.hpp"
#include "output/sweep_reader.hpp"

using namespace regsim;
using namespace regsim::experiment;
namespace fs = std::filesystem;

namespace {

const fs::path kSpec = fs::path(REGSIM_TEST_DATA) / "sweeps" / "lhs.toml";

/// A fresh directory under the temporary directory, removed at the end of the test.
struct TempDir {
  fs::path path;
  explicit TempDir(const std::string& name)
      : path(fs::temp_directory_path() /
             ("regsim-experiment-" + name + "-" + std::to_string(getpid()))) {
    fs::remove_all(path);
  }
  ~TempDir() { fs::remove_all(path); }
};

SweepRequest request(const fs::path& out, int threads = 2) {
  SweepRequest r;
  r.spec = kSpec.string();
  r.output = out.string();
  r.threads = threads;
  return r;
}

/// Every run's region GDP and county output of a sweep.h5, in run order.
std::vector<double> datasets(const fs::path& sweep_h5) {
  std::vector<double> v = output::read_sweep_series(sweep_h5, "region", "gdp").values;
  const auto county = output::read_sweep_series(sweep_h5, "county", "output_value").values;
  v.insert(v.end(), county.begin(), county.end());
  return v;
}

}  // namespace

TEST_CASE("a sweep's plan: point-major runs with the points' seeds and scenario hashes",
          "[experiment][sweep]") {
  const scenario::SweepSpec spec = scenario::load_sweep_spec(kSpec);
  const auto points = scenario::resolve_sweep_points(spec);
  const Plan plan = sweep_plan(spec, points);
  REQUIRE(plan.runs.size() == 12);
  REQUIRE(plan.points.size() == 6);
  for (std::size_t id = 0; id < plan.runs.size(); ++id) {
    CHECK(plan.runs[id].point == id / 2);
    CHECK(plan.runs[id].replicate == id % 2);
    CHECK(plan.runs[id].scenario_sha256 == points[id / 2].scenario_sha256);
  }
  CHECK(plan.points[3] ==
        std::vector<double>{spec.value(3, 0), spec.value(3, 1), spec.value(3, 2)});
}

TEST_CASE("a sweep run again redoes only the runs without a finished run file",
          "[experiment][sweep]") {
  TempDir dir("resume");
  std::size_t started = 0, done = 0;
  SweepRequest first = request(dir.path);
  first.start = [&](std::size_t runs, std::size_t reused) {
    started = runs;
    CHECK(reused == 0);
  };
  first.run_done = [&] { ++done; };
  const SweepOutcome a = run_sweep(first);
  CHECK(started == 12);
  CHECK(done == 12);
  CHECK(a.new_runs == 12);
  REQUIRE(a.sweep_h5);
  const std::vector<double> reference = datasets(*a.sweep_h5);

  // Three run files lost (a crash before they were written), sweep.h5 too.
  for (const std::size_t id : {0, 5, 11}) fs::remove(a.runs_dir / run_file_name(id));
  fs::remove(*a.sweep_h5);
  const SweepOutcome b = run_sweep(request(dir.path, 1));
  CHECK(b.reused == 9);
  CHECK(b.new_runs == 3);
  CHECK(datasets(*b.sweep_h5) == reference);

  // Nothing left to do: every run reused.
  const SweepOutcome c = run_sweep(request(dir.path, 3));
  CHECK(c.reused == 12);
  CHECK(c.new_runs == 0);
  CHECK(datasets(*c.sweep_h5) == reference);
}

TEST_CASE("two shards' run files gathered give the plain sweep's sweep.h5", "[experiment][sweep]") {
  TempDir plain("plain"), sharded("shards");
  const SweepOutcome reference = run_sweep(request(plain.path));

  SweepRequest gather = request(sharded.path);
  gather.gather = true;
  for (std::size_t i = 0; i < 2; ++i) {
    SweepRequest shard = request(sharded.path, 1);
    shard.shard = Shard{i, 2};
    const SweepOutcome s = run_sweep(shard);
    CHECK(s.runs == 6);
    CHECK(s.new_runs == 6);
    CHECK(!s.sweep_h5);
    if (i == 0) CHECK_THROWS_AS(run_sweep(gather), std::invalid_argument);  // shard 2 missing
  }
  for (std::size_t id = 0; id < 12; ++id)
    CHECK(fs::exists(sharded.path / "runs" / run_file_name(id)));
  const SweepOutcome g = run_sweep(gather);
  CHECK(g.reused == 12);
  CHECK(g.new_runs == 0);
  CHECK(datasets(*g.sweep_h5) == datasets(*reference.sweep_h5));
}

TEST_CASE("a shard I/N is read as the (I-1)th of N", "[experiment][sweep]") {
  const auto s = parse_shard("2/3");
  REQUIRE(s);
  CHECK(s->index == 1);
  CHECK(s->count == 3);
  CHECK(!parse_shard("0/3"));
  CHECK(!parse_shard("4/3"));
  CHECK(!parse_shard("1/"));
  CHECK(!parse_shard("a/b"));
}
