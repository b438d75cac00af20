#include "experiment/scenario_run.hpp"

#include <stdexcept>

#include "engine/scenario/parse.hpp"
#include "engine/simulation.hpp"
#include "experiment/calibrate/problem.hpp"
#include "experiment/input_checks.hpp"
#include "experiment/sweep.hpp"
#include "output/hdf5_writer.hpp"

namespace regsim::experiment {

namespace fs = std::filesystem;

RunOutcome run_scenario(const RunRequest& a) {
  const auto sc = scenario::load_scenario(a.scenario);
  RunOutcome out;
  out.replicates = a.replicates.value_or(sc.replicates);
  if (out.replicates > 1) {
    ReplicatesOutcome r = run_replicates({.scenario = a.scenario,
                                          .output = a.output,
                                          .threads = a.threads,
                                          .seed = a.seed,
                                          .replicates = out.replicates,
                                          .force = a.force,
                                          .max_memory = a.max_memory});
    out.results = std::move(r.results);
    out.mean = std::move(r.mean);
    out.written = r.sweep_h5;
    out.runs_dir = r.runs_dir;
    return out;
  }
  out.replicates = 1;
  out.written = a.output.empty() ? fs::path("runs") / (sc.name + ".h5") : fs::path(a.output);
  refuse_output_onto_inputs(out.written.string(), "-o", scenario_inputs(sc));
  check_memory(sc, 1, a.max_memory);
  if (fs::exists(out.written) && !a.force)
    throw std::invalid_argument(out.written.string() + " exists; use --force to overwrite");
  RunOptions options;
  options.threads = a.threads;
  options.seed = a.seed;
  out.results.push_back(run(sc, options));
  // Missing directories of the output are created now, and removed again if writing fails.
  CreatedDirectories dirs(out.written.parent_path());
  output::write_hdf5(out.results.front(), out.written, {.force = a.force});
  dirs.keep();
  return out;
}

ScenarioSummary validate_scenario(const std::string& file) {
  const auto sc = scenario::load_scenario(file);
  check_memory(sc, 1, std::nullopt);  // before the base year is built
  calibrate::check_calibration(sc);   // each [calibration] bound is tried on the scenario
  // The base year is built too: land and labour feasibility are only known then.
  const Simulation base_year(sc, sc.seed);
  ScenarioSummary s;
  s.name = sc.name;
  s.first_year = sc.first_year;
  s.last_year = sc.last_year;
  s.sectors = sc.sectors.size();
  s.counties = sc.counties.size();
  s.platforms = sc.platforms.size();
  s.policies = sc.policies.size();
  s.targets = sc.targets.size();
  for (const auto& t : sc.targets) s.modelled_targets += !t.out_of_scope;
  s.base_year_firms = base_year.world().firms.size();
  return s;
}

}  // namespace regsim::experiment
