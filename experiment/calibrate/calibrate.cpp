#include "experiment/calibrate/calibrate.hpp"

#include <tbb/info.h>

#include <array>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
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

/// Under mpirun: replicate r of every evaluation runs on rank r mod K. Rank 0 runs the optimiser;
/// for each evaluation it broadcasts {kEvaluate, 0} and the parameter values, every rank
/// simulates its replicates and sends them to rank 0 (Tag::replicates: a status, then the
/// values of its replicates in order; a failure's line follows as Tag::error_text), and rank 0
/// averages them in replicate order (Problem::mean), so the search path and the fitted overlay
/// are those of a single process. {kStop, exit code} ends the workers.
constexpr std::int64_t kStop = 0, kEvaluate = 1;
/// Status of a rank's share of an evaluation.
constexpr double kShareOk = 0, kShareInvalidPoint = 2, kShareFailed = 1;

std::vector<int> replicates_of_rank(int rank, int ranks, int replicates) {
  std::vector<int> mine;
  for (int r = rank; r < replicates; r += ranks) mine.push_back(r);
  return mine;
}

/// This rank's share of an evaluation: the status, then its replicates' target values in
/// order; `line` is the failure's message.
std::vector<double> evaluate_share(const Problem& problem, std::span<const double> values,
                                   std::string& line) {
  const auto& world = cluster::world();
  std::vector<double> out{kShareOk};
  try {
    const auto mine = replicates_of_rank(world.rank, world.size, problem.replicates());
    if (mine.empty()) return out;
    const scenario::Scenario sc = problem.scenario_at(values);
    for (const auto& replicate : problem.simulate_replicates(sc, mine))
      out.insert(out.end(), replicate.begin(), replicate.end());
  } catch (const scenario::ScenarioError& e) {
    line = e.what();
    return {kShareInvalidPoint};
  } catch (...) {
    line = cluster::describe(std::current_exception()).line;
    return {kShareFailed};
  }
  return out;
}

/// Rank 0's Options::simulate under mpirun (see kEvaluate).
std::vector<double> simulate_on_ranks(const Problem& problem, std::span<const double> values) {
  const auto& world = cluster::world();
  std::array<std::int64_t, 2> command{kEvaluate, static_cast<std::int64_t>(values.size())};
  cluster::broadcast(command);
  std::vector<double> point(values.begin(), values.end());
  cluster::broadcast(point);
  std::vector<std::vector<double>> shares(static_cast<std::size_t>(world.size));
  std::vector<std::string> lines(static_cast<std::size_t>(world.size));
  shares[0] = evaluate_share(problem, values, lines[0]);
  for (int rank = 1; rank < world.size; ++rank) {
    const auto k = static_cast<std::size_t>(rank);
    shares[k] = cluster::receive_double(rank, cluster::Tag::replicates);
    if (shares[k].at(0) != kShareOk)
      lines[k] = cluster::receive_text(rank, cluster::Tag::error_text);
  }
  // A failure ends the calibration; a point that makes the scenario invalid is infeasible.
  for (std::size_t k = 0; k < shares.size(); ++k)
    if (shares[k].at(0) == kShareFailed) throw cluster::RemoteError(1, lines[k]);
  for (std::size_t k = 0; k < shares.size(); ++k)
    if (shares[k].at(0) == kShareInvalidPoint)
      throw scenario::ScenarioError({}, "rank " + std::to_string(k) + ": " + lines[k]);
  const std::size_t targets = problem.scenario().targets.size();
  std::vector<std::vector<double>> per(static_cast<std::size_t>(problem.replicates()));
  for (int rank = 0; rank < world.size; ++rank) {
    const auto& share = shares[static_cast<std::size_t>(rank)];
    const auto mine = replicates_of_rank(rank, world.size, problem.replicates());
    if (share.size() != 1 + mine.size() * targets)
      throw std::runtime_error("rank " + std::to_string(rank) + " sent " +
                               std::to_string(share.size() - 1) + " values, expected " +
                               std::to_string(mine.size() * targets));
    for (std::size_t j = 0; j < mine.size(); ++j)
      per[static_cast<std::size_t>(mine[j])].assign(share.begin() + 1 + j * targets,
                                                    share.begin() + 1 + (j + 1) * targets);
  }
  return problem.mean(per);
}

/// Rank 0 ends the workers' loop with the calibration's exit code.
void stop_ranks(std::int64_t exit_code) {
  if (cluster::world().size <= 1) return;
  std::array<std::int64_t, 2> command{kStop, exit_code};
  cluster::broadcast(command);
}

/// The calibration itself: the whole of it in one process, rank 0's part under mpirun.
Outcome calibrate_here(const Request& a) {
  const scenario::Scenario sc = scenario::load_scenario(a.scenario);
  if (!sc.calibration.declared)
    throw scenario::ScenarioError(
        scenario::SourceLocation{a.scenario, 0, 0},
        "no [calibration] table: declare the free parameters to fit (docs/SCENARIO_FORMAT.md, "
        "[calibration])");
  experiment::refuse_output_onto_inputs(a.output, "-o", experiment::scenario_inputs(sc));
  check_calibration(sc);
  const int threads = a.threads > 0 ? a.threads : tbb::info::default_concurrency();
  const int replicates = a.replicates.value_or(sc.calibration.replicates);
  // Replicates run in parallel (under mpirun: this rank's share of them).
  const int ranks = cluster::world().size;
  experiment::check_memory(sc, std::min(threads, (replicates + ranks - 1) / ranks), a.max_memory);
  if (ranks > replicates && a.notice)
    a.notice("calibrate: " + std::to_string(ranks) + " ranks for " + std::to_string(replicates) +
             " replicates: ranks " + std::to_string(replicates) + " .. " +
             std::to_string(ranks - 1) + " have nothing to do (one replicate per rank at most)");
  const int max_evaluations = a.max_evaluations.value_or(sc.calibration.max_evaluations);
  const Problem problem(sc, replicates, threads);
  experiment::keep_freed_memory_for_next_runs();

  const auto start = std::chrono::steady_clock::now();
  Options options;
  options.max_evaluations = max_evaluations;
  options.progress = a.progress;
  if (ranks > 1)
    options.simulate = [&](std::span<const double> values) {
      return simulate_on_ranks(problem, values);
    };
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
  Outcome out;
  try {
    out = calibrate_here(request);
  } catch (...) {
    stop_ranks(cluster::describe(std::current_exception()).exit_code);
    throw;
  }
  stop_ranks(out.exit_code);
  return out;
}

int serve(const Request& a) {
  std::optional<scenario::Scenario> sc;
  std::optional<Problem> problem;
  for (;;) {
    std::array<std::int64_t, 2> command{};
    cluster::broadcast(command);
    if (command[0] == kStop) return static_cast<int>(command[1]);
    std::string line;
    std::vector<double> share;
    try {
      if (!problem) {
        sc.emplace(scenario::load_scenario(a.scenario));
        const int threads = a.threads > 0 ? a.threads : tbb::info::default_concurrency();
        problem.emplace(*sc, a.replicates.value_or(sc->calibration.replicates), threads);
        experiment::keep_freed_memory_for_next_runs();
      }
    } catch (...) {
      line = cluster::describe(std::current_exception()).line;
      share = {kShareFailed};
    }
    // The values arrive even when this rank failed (a broadcast every rank joins).
    std::vector<double> values(static_cast<std::size_t>(command[1]));
    cluster::broadcast(values);
    if (problem) share = evaluate_share(*problem, values, line);
    cluster::send(0, cluster::Tag::replicates, std::span<const double>(share));
    if (share.at(0) != kShareOk) cluster::send(0, cluster::Tag::error_text, line);
  }
}

}  // namespace regsim::calibrate
