#include "experiment/calibrate/calibrate.hpp"

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "engine/scenario/parse.hpp"
#include "experiment/calibrate/report.hpp"
#include "experiment/cluster.hpp"
#include "experiment/input_checks.hpp"
#include "experiment/runner.hpp"

namespace regsim::calibrate {

namespace {

namespace fs = std::filesystem;
namespace cluster = experiment::cluster;

/// The calibration itself: the whole of it in one process, rank 0's part under mpirun.
Outcome calibrate_here(const Request& a, experiment::Runner& runner) {
  const scenario::Scenario sc = scenario::load_scenario(a.scenario);
  if (!sc.calibration.declared)
    throw scenario::ScenarioError(
        scenario::SourceLocation{a.scenario, 0, 0},
        "no [calibration] table: declare the free parameters to fit (docs/SCENARIO_FORMAT.md, "
        "[calibration])");
  experiment::refuse_output_onto_inputs(a.output, "-o", experiment::scenario_inputs(sc));
  check_calibration(sc);
  const int threads = runner.threads();
  const int replicates = a.replicates.value_or(sc.calibration.replicates);
  // Replicates run in parallel, as many at a time as there are slots (under mpirun, on every
  // rank).
  const int ranks = runner.ranks();
  experiment::check_memory(sc, std::min(threads, replicates), a.max_memory);
  const int slots = ranks * runner.slots();
  if (ranks > 1 && slots > replicates && a.notice)
    a.notice("calibrate: " + std::to_string(slots) + " run slots (" + std::to_string(ranks) +
             " ranks x " + std::to_string(runner.slots()) + " threads) for " +
             std::to_string(replicates) + " replicates: " + std::to_string(slots - replicates) +
             " of them idle at each evaluation");
  const int max_evaluations = a.max_evaluations.value_or(sc.calibration.max_evaluations);
  const Problem problem(sc, replicates, runner);

  const auto start = std::chrono::steady_clock::now();
  Options options;
  options.max_evaluations = max_evaluations;
  options.progress = a.progress;
  Outcome out;
  out.fit = fit(problem, options);
  RunInfo info;
  info.scenario_file = a.scenario;
  info.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  info.ranks = ranks;
  info.threads = threads;
  info.max_evaluations = max_evaluations;
  DiagnoseOptions diagnose_options;
  diagnose_options.simulate =
      options.simulate ? options.simulate
                       : [&](std::span<const double> values) { return problem.simulate(values); };
  if (a.notice && !a.quiet_diagnostics)
    a.notice("calibrate: diagnostics (local sensitivity, " + std::to_string(problem.size()) +
             " evaluations; re-check on unseen replicates)");
  out.diagnostics = diagnose(problem, out.fit, diagnose_options);
  for (const auto& p : sc.calibration.parameters) out.parameters.push_back(p.key);
  out.report = report(problem, out.fit, info, &out.diagnostics);

  // The overlay: extends the scenario by its path relative to the overlay's directory.
  const fs::path path = a.output;
  const fs::path dir = fs::absolute(path).parent_path();
  const std::string extends =
      fs::relative(fs::absolute(a.scenario).lexically_normal(), dir).generic_string();
  experiment::write_text_atomically(
      path, overlay_text(problem, out.fit, out.report, extends, replicates, &out.diagnostics));
  out.written = path.string();
  out.exit_code = out.fit.standard_met ? 0 : kCalibrationShort;
  return out;
}

}  // namespace

Outcome calibrate(const Request& request) {
  experiment::Runner runner(request.threads);
  runner.stop_when(request.stop);
  Outcome out;
  try {
    out = calibrate_here(request, runner);
  } catch (...) {
    runner.finish(cluster::describe(std::current_exception()).exit_code);
    throw;
  }
  runner.finish(out.exit_code);
  return out;
}

int serve(const Request& request) {
  experiment::Runner runner(request.threads);
  std::optional<scenario::Scenario> sc;
  std::optional<Problem> problem;
  return runner.serve([&](const experiment::Plan& plan) {
    if (!problem) {
      sc.emplace(scenario::load_scenario(request.scenario));
      problem.emplace(*sc, request.replicates.value_or(sc->calibration.replicates), runner);
    }
    return problem->job(plan);
  });
}

}  // namespace regsim::calibrate
