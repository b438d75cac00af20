// experiment/runner and experiment/plan: a plan's runs taken from one queue by run slots, each run
// exactly once, into a memory sink, with the results of a run made alone (bit for bit) on 1 and
// 3 threads and with one slot; a subset of the runs in the order given; a failing run's error,
// labelled, after the runs under way; plans as bytes and back.

#include <catch2/catch.hpp>
#include <filesystem>
#include <string>
#include <vector>

#include "engine/scenario/parse.hpp"
#include "engine/simulation.hpp"
#include "experiment/plan.hpp"
#include "experiment/runner.hpp"

using namespace regsim;
using namespace regsim::experiment;
namespace fs = std::filesystem;

namespace {

const fs::path kMinimal = fs::path(REGSIM_TEST_DATA) / "scenarios" / "minimal.toml";

/// What the tests compare of a run: its region GDP and employment, every year.
std::vector<double> gdp_and_jobs(const RunResult& r) {
  std::vector<double> v = r.region.find("gdp")->values;
  const auto& jobs = r.region.find("employment")->values;
  v.insert(v.end(), jobs.begin(), jobs.end());
  return v;
}

/// Points: the minimal scenario with sector 0's demand growth at each point's value.
Job growth_job(const scenario::Scenario& base, const Plan& plan) {
  Job job;
  job.plan = &plan;
  job.scenario = [&base, &plan](std::size_t point) {
    scenario::Scenario sc = base;
    sc.sectors.at(0).demand_growth = plan.points[point].at(0);
    return sc;
  };
  return job;
}

}  // namespace

TEST_CASE("a plan of replicates is point-major, and its bytes read back equal", "[experiment]") {
  const Plan plan = Plan::replicates({{0.01}, {0.02, 7.0}}, 3, 42, 5);
  REQUIRE(plan.runs.size() == 6);
  CHECK(plan.runs[0] == PlannedRun{0, 5, 42, {}});
  CHECK(plan.runs[2] == PlannedRun{0, 7, 42, {}});
  CHECK(plan.runs[3] == PlannedRun{1, 5, 42, {}});
  Plan with_hash = plan;
  with_hash.runs[4].scenario_sha256 = std::string(64, 'f');
  CHECK(plan_from_bytes(plan_to_bytes(with_hash)) == with_hash);
  std::string cut = plan_to_bytes(plan);
  cut.pop_back();
  CHECK_THROWS(plan_from_bytes(cut));
  CHECK_THROWS(plan_from_bytes(plan_to_bytes(plan) + "x"));
}

TEST_CASE("the runner runs every run once into a memory sink, as a run made alone",
          "[experiment]") {
  const scenario::Scenario base = scenario::load_scenario(kMinimal);
  const Plan plan = Plan::replicates({{0.02}, {0.08}}, 3, base.seed);
  // The reference: each run on its own, one thread.
  std::vector<std::vector<double>> alone;
  for (const PlannedRun& r : plan.runs) {
    scenario::Scenario sc = base;
    sc.sectors.at(0).demand_growth = plan.points[r.point][0];
    alone.push_back(
        gdp_and_jobs(run(sc, {.threads = 1, .seed = r.seed, .replicate = r.replicate})));
  }
  REQUIRE(alone[0] != alone[1]);  // replicates differ
  REQUIRE(alone[0] != alone[3]);  // points differ

  for (const auto& [threads, slots] : {std::pair{1, 0}, std::pair{3, 0}, std::pair{3, 1}}) {
    Runner runner(threads, slots);
    CHECK(runner.slots() == (slots ? slots : threads));
    int calls = 0;
    MemorySink<std::vector<double>> sink(plan.runs.size(), [&](const RunResult& r) {
      ++calls;  // the runner serialises put(): no race
      return gdp_and_jobs(r);
    });
    Job job = growth_job(base, plan);
    job.all = &sink;
    const JobStats stats = runner.run(job);
    CHECK(stats.remote_runs == 0);
    CHECK(calls == 6);
    CHECK(sink.values() == alone);
  }
}

TEST_CASE("the runner does only the runs it is given, and every sink sees each of them",
          "[experiment]") {
  const scenario::Scenario base = scenario::load_scenario(kMinimal);
  const Plan plan = Plan::replicates({{0.02}, {0.08}}, 2, base.seed);
  struct Recorder : Sink {
    std::vector<std::size_t> ids;
    void put(std::size_t id, const PlannedRun& run, const RunResult& result) override {
      CHECK(result.replicate == run.replicate);
      ids.push_back(id);
    }
  } here, all;
  Runner runner(1);
  Job job = growth_job(base, plan);
  job.todo = {3, 0};
  job.here = &here;
  job.all = &all;
  runner.run(job);
  CHECK(here.ids == std::vector<std::size_t>{3, 0});  // one slot: in the order given
  CHECK(all.ids == here.ids);
}

TEST_CASE("a failing run stops the queue and its error is rethrown with the run's label",
          "[experiment]") {
  const scenario::Scenario base = scenario::load_scenario(kMinimal);
  const Plan plan = Plan::replicates({{0.02}, {0.08}, {0.05}}, 2, base.seed);
  Runner runner(1);
  MemorySink<int> sink(plan.runs.size(), [](const RunResult&) { return 1; });
  Job job = growth_job(base, plan);
  job.scenario = [&](std::size_t point) -> scenario::Scenario {
    if (point == 1) throw scenario::ScenarioError({"x.toml", 3, 4}, "no such platform");
    return base;
  };
  job.label = [](const PlannedRun& r) {
    return "point " + std::to_string(r.point) + ", replicate " + std::to_string(r.replicate);
  };
  job.all = &sink;
  try {
    runner.run(job);
    FAIL("no error");
  } catch (const scenario::ScenarioError& e) {
    CHECK(std::string(e.what()) == "x.toml:3:4: error: point 1, replicate 0: no such platform");
  }
  // One slot: the runs before the failure are in, none after it.
  CHECK(sink.values() == std::vector<int>{1, 1, 0, 0, 0, 0});
}
