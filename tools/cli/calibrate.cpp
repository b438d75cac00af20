#include "tools/cli/calibrate.hpp"

#include <tbb/info.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <span>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "engine/calibrate/calibrate.hpp"
#include "engine/scenario/parse.hpp"
#include "output/timestamp.hpp"
#include "tools/cli/cluster.hpp"
#include "tools/cli/input_checks.hpp"
#include "tools/cli/progress_line.hpp"
#include "tools/cli/summary.hpp"
#include "tools/cli/sweep.hpp"

namespace regsim::cli {

namespace {

namespace fs = std::filesystem;

std::string num(double v, int significant = 6) {
  if (std::isnan(v)) return "-";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*g", significant, v);
  return buf;
}

std::string fixed(double v, int decimals) {
  if (std::isnan(v)) return "-";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

/// The fit report (plain text lines, without comment markers).
std::vector<std::string> report(const calibrate::Problem& problem, const calibrate::Fit& fit,
                                const std::string& scenario_file, double seconds, int threads,
                                int max_evaluations) {
  const scenario::Scenario& sc = problem.scenario();
  const auto rows = problem.rows(fit.means);
  std::size_t in_sample = 0, holdout = 0, met = 0, holdout_met = 0;
  for (const auto& r : rows) {
    (r.holdout ? holdout : in_sample) += 1;
    if (r.met == 1) (r.holdout ? holdout_met : met) += 1;
  }
  std::vector<std::string> out;
  out.push_back("regsim calibrate " + scenario_file + " (regsim " + REGSIM_VERSION + ", " +
                output::utc_now_iso8601() + ")");
  out.push_back("standard: " + std::string(fit.standard_met ? "REACHED" : "NOT REACHED") +
                " (replicate mean; every in-sample '=' row within its tolerance, every "
                "inequality met): " +
                std::to_string(met) + " of " + std::to_string(in_sample) + " in-sample rows met" +
                (holdout ? "; holdout " + std::to_string(holdout_met) + " of " +
                               std::to_string(holdout) + " met"
                         : ""));
  out.push_back("evaluations " + std::to_string(fit.evaluations) + " (budget " +
                std::to_string(max_evaluations) + ", " + std::to_string(fit.restarts) +
                " restarts), objective " + num(fit.objective) + ", wall time " + fixed(seconds, 1) +
                " s on " +
                (cluster::world().size > 1 ? std::to_string(cluster::world().size) + " ranks x "
                                           : std::string()) +
                std::to_string(threads) + " threads");
  out.push_back("replicates " + std::to_string(problem.replicates()) + " (0 .. " +
                std::to_string(problem.replicates() - 1) + " of seed " + std::to_string(sc.seed) +
                ", common random numbers); simulated = replicate mean");
  out.push_back(std::to_string(problem.size()) + " parameters fitted against " +
                std::to_string(in_sample) + " target rows" +
                (holdout ? " (" + std::to_string(holdout) + " holdout rows out of sample)" : ""));
  out.push_back("");
  out.push_back(pad("parameter", 44) + pad("lower", 10, true) + pad("upper", 10, true) +
                pad("start", 12, true) + pad("fitted", 12, true) + "  meaning");
  for (std::size_t j = 0; j < problem.size(); ++j) {
    const auto& p = sc.calibration.parameters[j];
    out.push_back(pad(p.key, 44) + pad(num(p.lower), 10, true) + pad(num(p.upper), 10, true) +
                  pad(num(fit.start[j]) + (problem.start_written(j) ? "" : "*"), 12, true) +
                  pad(num(fit.fitted[j]), 12, true) + "  " + p.meaning);
  }
  bool any_default = false;
  for (std::size_t j = 0; j < problem.size(); ++j) any_default |= !problem.start_written(j);
  if (any_default)
    out.push_back("* not written in the scenario: started from the middle of the bounds");
  out.push_back("");
  out.push_back(pad("id", 8) + pad("entity", 40) + pad("variable", 22) + pad("year", 6) +
                pad("cmp", 4) + pad("target", 11, true) + pad("simulated", 12, true) +
                pad("dev %", 9, true) + "  " + pad("sample", 10) + "met");
  for (const auto& r : rows) {
    const scenario::Target& t = sc.targets[r.target];
    const std::string variable =
        t.transform == scenario::TargetTransform::level
            ? t.variable
            : std::string(scenario::to_string(t.transform)) + "(" + t.variable + ")";
    out.push_back(pad(t.id, 8) + pad(t.entity, 40) + pad(variable, 22) +
                  pad(std::to_string(t.year), 6) + pad(scenario::to_string(t.comparator), 4) +
                  pad(num(t.value), 11, true) + pad(num(r.simulated), 12, true) +
                  pad(fixed(100 * r.deviation, 2), 9, true) + "  " +
                  pad(r.holdout ? "holdout" : "in-sample", 10) +
                  (r.met == 1   ? "yes"
                   : r.met == 0 ? "no"
                                : "n/a"));
  }
  return out;
}

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
std::vector<double> evaluate_share(const calibrate::Problem& problem,
                                   std::span<const double> values, std::string& line) {
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
std::vector<double> simulate_on_ranks(const calibrate::Problem& problem,
                                      std::span<const double> values) {
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

/// A rank other than 0 of `mpirun -n K regsim calibrate`: simulates its replicates of every
/// evaluation rank 0 asks for, until rank 0 stops; returns rank 0's exit code.
int calibrate_worker(const CalibrateArgs& a) {
  std::optional<scenario::Scenario> sc;
  std::optional<calibrate::Problem> problem;
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
        keep_freed_memory_for_next_runs();
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

/// The calibration itself: the whole of it in one process, rank 0's part under mpirun.
int calibrate_here(const CalibrateArgs& a) {
  const scenario::Scenario sc = scenario::load_scenario(a.scenario);
  if (!sc.calibration.declared)
    throw scenario::ScenarioError(
        scenario::SourceLocation{a.scenario, 0, 0},
        "no [calibration] table: declare the free parameters to fit (docs/SCENARIO_FORMAT.md, "
        "[calibration])");
  refuse_output_onto_inputs(a.output, "-o", scenario_inputs(sc));
  calibrate::check_calibration(sc);
  const int threads = a.threads > 0 ? a.threads : tbb::info::default_concurrency();
  const int replicates = a.replicates.value_or(sc.calibration.replicates);
  // Replicates run in parallel (under mpirun: this rank's share of them).
  const int ranks = cluster::world().size;
  check_memory(sc, std::min(threads, (replicates + ranks - 1) / ranks), a.max_memory);
  if (ranks > replicates && !a.quiet)
    std::cerr << "calibrate: " << ranks << " ranks for " << replicates << " replicates: ranks "
              << replicates << " .. " << ranks - 1
              << " have nothing to do (one replicate per rank at most)\n";
  const int max_evaluations = a.max_evaluations.value_or(sc.calibration.max_evaluations);
  const calibrate::Problem problem(sc, replicates, threads);
  keep_freed_memory_for_next_runs();

  ProgressLine progress(a.quiet);
  calibrate::Options options;
  options.max_evaluations = max_evaluations;
  options.progress = [&](const calibrate::Progress& p) {
    char line[160];
    std::snprintf(line, sizeof line,
                  "calibrate: evaluation %d/%d  best objective %.4g  rows within standard %d/%d",
                  p.evaluation, p.max_evaluations, p.best, p.within, p.rows);
    progress.update(p.evaluation, line);
  };
  if (ranks > 1)
    options.simulate = [&](std::span<const double> values) {
      return simulate_on_ranks(problem, values);
    };
  const calibrate::Fit fit = calibrate::fit(problem, options);
  progress.finish();
  const double seconds = progress.elapsed();

  // The overlay: extends the scenario by its path relative to the overlay's directory.
  const fs::path out = a.output;
  const fs::path out_dir = fs::absolute(out).parent_path();
  const std::string extends =
      fs::relative(fs::absolute(a.scenario).lexically_normal(), out_dir).generic_string();
  const auto lines = report(problem, fit, a.scenario, seconds, threads, max_evaluations);
  std::ostringstream text;
  for (const auto& line : lines) text << (line.empty() ? "#" : "# " + line) << "\n";
  text << "#\n# Fitted by regsim calibrate; [calibration] is inherited unchanged.\n";
  text << problem.overlay(fit.fitted, extends,
                          "format = 1\nreplicates = " + std::to_string(replicates) + "\n");
  write_text_atomically(out, text.str());

  if (!a.quiet) {
    for (const auto& line : lines) std::cout << line << "\n";
  }
  std::cout << "\nwrote " << out.string() << "\n";
  if (!fit.standard_met) {
    std::cerr << "\nregsim calibrate: THE STANDARD IS NOT REACHED: " << out.string()
              << " holds the best fit found in " << fit.evaluations
              << " evaluations, but some in-sample target rows are outside their tolerance or "
                 "unmet (see the table); widen the bounds, add parameters or raise "
                 "max_evaluations\n";
    return kCalibrationShort;
  }
  return 0;
}

}  // namespace

int run_calibrate(const CalibrateArgs& a) {
  if (cluster::world().rank != 0) return calibrate_worker(a);
  int code = 0;
  try {
    code = calibrate_here(a);
  } catch (...) {
    stop_ranks(cluster::describe(std::current_exception()).exit_code);
    throw;
  }
  stop_ranks(code);
  return code;
}

}  // namespace regsim::cli
