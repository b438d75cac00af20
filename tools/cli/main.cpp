// regsim: the command-line interface. A thin layer: parse arguments, load the scenario, run the
// engine, hand the result to the HDF5 writer, print the summary.

#include <CLI/CLI.hpp>

#include <cstdint>
#include <filesystem>
#include <iostream>
#include <limits>
#include <optional>
#include <string>

#include "engine/observe/variables.hpp"
#include "engine/policy/registry.hpp"
#include "engine/scenario/parse.hpp"
#include "experiment/cluster.hpp"
#include "experiment/input_checks.hpp"
#include "experiment/scenario_run.hpp"
#include "tools/bench/bench.hpp"
#include "tools/cli/attribute.hpp"
#include "tools/cli/calibrate.hpp"
#include "tools/cli/compare.hpp"
#include "tools/cli/new_plan.hpp"
#include "tools/cli/optimize.hpp"
#include "tools/cli/report.hpp"
#include "tools/cli/sensitivity.hpp"
#include "tools/cli/summary.hpp"
#include "tools/cli/sweep.hpp"

namespace fs = std::filesystem;

namespace {

// Exit codes.
constexpr int kOk = 0;
constexpr int kFailure = 1;   // the run or the writing failed
constexpr int kBadInput = 2;  // bad arguments, scenario or registry

int validate(const std::string& file) {
  const auto s = regsim::experiment::validate_scenario(file);
  std::cout << file << ": ok — scenario '" << s.name << "', " << s.first_year << "–" << s.last_year
            << ", " << s.sectors << " sectors, " << s.counties << " counties, " << s.platforms
            << " platforms, " << s.policies << " policies, " << s.targets << " target rows ("
            << s.modelled_targets << " modelled); base year " << s.base_year_firms << " firms\n";
  return kOk;
}

/// The output variable catalogue as Markdown tables (docs/OUTPUT_SCHEMA.md is made from it).
int list_variables() {
  for (const auto level : regsim::kAllLevels) {
    std::cout << "\n`/" << regsim::to_string(level)
              << "`\n\n| variable | units | meaning |\n|---|---|---|\n";
    for (const auto& v : regsim::output_variables(level))
      std::cout << "| `" << v.name << "` | " << v.units << " | " << v.long_name << " |\n";
  }
  return kOk;
}

/// The registered policy instruments and their parameters as Markdown.
int list_instruments() {
  std::cout << "Each parameter's range is checked when a scenario is read; the ranges are also "
               "plausibility bounds (docs/SCENARIO_FORMAT.md, \"Plausibility bounds\"): money "
               "per firm (`*_wan`) at most 1e12 万元, amounts per platform, county or fund "
               "(`*_yi`) at most 1e6 亿元, shares in [0, 1].\n";
  for (const auto& i : regsim::policy::instrument_registry()) {
    std::cout << "\n- `" << i.name << "` (" << regsim::scenario::to_string(i.family)
              << "): " << i.description << "\n";
    for (const auto& p : i.params) {
      std::cout << "  - `" << p.name << "`" << (p.required ? " (required)" : "") << ", ";
      if (p.choices.empty()) {
        std::cout << p.min_value << " to " << p.max_value;
        if (!p.required) std::cout << ", default " << p.default_value;
      } else {
        for (std::size_t c = 0; c < p.choices.size(); ++c)
          std::cout << (c ? " | " : "") << '"' << p.choices[c] << '"';
        if (!p.required)
          std::cout << ", default \"" << p.choices[static_cast<std::size_t>(p.default_value)]
                    << '"';
      }
      std::cout << ": " << p.description << "\n";
    }
  }
  return kOk;
}

struct RunArgs {
  std::string scenario;
  std::string output;
  int threads = 0;
  std::optional<std::uint64_t> seed;
  bool force = false;
  bool quiet = false;
  std::optional<int> replicates;
  std::optional<std::string> max_memory;
};

int run(const RunArgs& a) {
  const auto out = regsim::experiment::run_scenario({.scenario = a.scenario,
                                                     .output = a.output,
                                                     .threads = a.threads,
                                                     .seed = a.seed,
                                                     .replicates = a.replicates,
                                                     .force = a.force,
                                                     .max_memory = a.max_memory});
  if (out.replicates > 1) return regsim::cli::print_replicates(out, a.quiet);
  if (!a.quiet) regsim::cli::print_summary(std::cout, out.results.front());
  std::cout << "\nwrote " << out.written.string() << "\n";
  return kOk;
}

/// `-t,--threads`, as every command that runs the model takes it.
void add_threads_option(CLI::App* cmd, int& threads) {
  cmd->add_option("-t,--threads", threads,
                  "Worker threads (default: all cores); results do not depend on it")
      ->check(CLI::NonNegativeNumber);
}

/// --max-memory of the commands that run the model: `what` is what it refuses ("a run", "a
/// sweep whose concurrent runs", ...).
void add_max_memory_option(CLI::App* cmd, std::optional<std::string>& max_memory,
                           const std::string& what) {
  cmd->add_option("--max-memory", max_memory,
                  "Refuse " + what +
                      " would need more memory than this (e.g. 8G; default: the memory "
                      "available)");
}

}  // namespace

int main(int argc, char** argv) {
  // Under mpirun/srun: MPI for the sweep and calibrate drivers (experiment/cluster.hpp).
  const regsim::experiment::cluster::Session mpi(argc, argv);
  CLI::App app{
      "regsim — agent-based simulation of county economies, industrial parks and their policies"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("regsim ") + REGSIM_VERSION);

  RunArgs run_args;
  auto* run_cmd =
      app.add_subcommand("run", "Run a scenario and write its yearly trajectories to HDF5");
  run_cmd->add_option("scenario", run_args.scenario, "Scenario file (TOML)")
      ->required()
      ->check(CLI::ExistingFile);
  run_cmd->add_option("-o,--output", run_args.output,
                      "Output HDF5 file (default: runs/<scenario name>.h5)");
  add_threads_option(run_cmd, run_args.threads);
  // Seeds are decimal integers in [0, 2^63), checked as text: CLI11 would wrap "-1" and saturate
  // "9223372036854775808".
  const CLI::Validator seed_range(
      [](std::string& text) {
        return regsim::experiment::parse_seed(text)
                   ? std::string()
                   : "expected an integer in [0, 2^63) = [0, 9223372036854775807], got '" + text +
                         "'";
      },
      "INT in [0, 2^63)");
  run_cmd
      ->add_option("-s,--seed", run_args.seed,
                   "Random seed in [0, 2^63) (overrides the scenario's seed)")
      ->check(seed_range);
  add_max_memory_option(run_cmd, run_args.max_memory, "a run that");
  run_cmd->add_flag("-f,--force", run_args.force, "Overwrite the output file if it exists");
  run_cmd->add_flag("-q,--quiet", run_args.quiet, "Do not print the summary table");
  run_cmd
      ->add_option("-r,--replicates", run_args.replicates,
                   "Replicates (default: the scenario's `replicates`, 1); with N > 1 the output "
                   "is a directory: runs/run-NNNNNN.h5 and sweep.h5")
      ->check(CLI::Range(1, 1000000));

  regsim::cli::SweepArgs sweep_args;
  auto* sweep_cmd = app.add_subcommand(
      "sweep", "Run a parameter sweep (grid, Latin hypercube or Sobol design, replicates)");
  sweep_cmd->add_option("spec", sweep_args.spec, "Sweep spec file (TOML)")
      ->required()
      ->check(CLI::ExistingFile);
  sweep_cmd->add_option("-o,--output", sweep_args.output,
                        "Output directory: runs/run-NNNNNN.h5 and sweep.h5 (default: "
                        "runs/<spec file name without .toml>)");
  add_threads_option(sweep_cmd, sweep_args.threads);
  sweep_cmd->add_flag("-f,--force", sweep_args.force,
                      "Redo runs whose existing files do not match the spec");
  sweep_cmd->add_flag("-q,--quiet", sweep_args.quiet, "Print nothing but errors");
  sweep_cmd->add_flag(
      "!--no-run-files", sweep_args.run_files,
      "Write only sweep.h5, no run file per run (faster for many small runs; an interrupted "
      "sweep cannot be resumed, every run is done again)");
  add_max_memory_option(sweep_cmd, sweep_args.max_memory, "a sweep whose concurrent runs");
  sweep_cmd
      ->add_option_function<std::string>(
          "--shard",
          [&](const std::string& text) {
            sweep_args.shard = regsim::experiment::parse_shard(text);
            if (!sweep_args.shard)
              throw CLI::ValidationError("--shard",
                                         "expected I/N with 1 <= I <= N, got '" + text + "'");
          },
          "Run only share I of N (runs whose id mod N is I-1; a Slurm/PBS job array task), run "
          "files only; a final sweep without --shard writes sweep.h5 from them")
      ->type_name("I/N");
  sweep_cmd->add_flag("--gather", sweep_args.gather,
                      "Write sweep.h5 from the run files only: an error, naming them, when runs "
                      "have no finished file (after a job array, instead of running them here)");
  sweep_cmd->add_option("--stop-after", sweep_args.stop_after)
      ->group("")  // hidden: tests use it to simulate a crash after N runs
      ->check(CLI::PositiveNumber);

  regsim::cli::SensitivityArgs sensitivity_args;
  auto* sensitivity_cmd = app.add_subcommand(
      "sensitivity",
      "Global sensitivity: run a sweep with design \"saltelli\" (Sobol first-order and total "
      "indices, bootstrap intervals) or \"morris\" (elementary effects mu*, mu, sigma) and print "
      "the indices of each --measure");
  sensitivity_cmd->add_option("spec", sensitivity_args.spec, "Sweep spec file (TOML)")
      ->required()
      ->check(CLI::ExistingFile);
  sensitivity_cmd->add_option("-o,--output", sensitivity_args.output,
                              "The sweep's output directory (default: runs/<spec file name>); "
                              "runs already there are reused");
  sensitivity_cmd
      ->add_option(
          "-m,--measure", sensitivity_args.outputs,
          "What to analyse (repeatable): [LEVEL:ENTITY:]VARIABLE@YEAR, YEAR a year or 'sum' (the "
          "simulated years summed), e.g. gdp@2020, county:抚顺县:output_value@sum")
      ->required();
  add_threads_option(sensitivity_cmd, sensitivity_args.threads);
  sensitivity_cmd
      ->add_option("--bootstrap", sensitivity_args.bootstrap,
                   "Bootstrap resamples for the Sobol intervals (default 500; 0: none)")
      ->check(CLI::Range(0, 100000));
  sensitivity_cmd->add_option("--confidence", sensitivity_args.confidence,
                              "Confidence level of the intervals (default 0.95)");
  sensitivity_cmd->add_option("--json", sensitivity_args.json,
                              "Also write the indices as JSON to FILE, or - for stdout");
  sensitivity_cmd->add_flag("-q,--quiet", sensitivity_args.quiet, "No sweep progress");

  regsim::cli::AttributeArgs attribute_args;
  auto* attribute_cmd = app.add_subcommand(
      "attribute",
      "Which lever does the work: Shapley values of the scenario's instruments (or families) "
      "for output, tax, employment, GDP, spending and the probability of meeting the plan, "
      "under common random numbers; they add up to the whole package's effect");
  attribute_cmd->add_option("scenario", attribute_args.scenario, "Scenario file (TOML)")
      ->required()
      ->check(CLI::ExistingFile);
  attribute_cmd
      ->add_option("-r,--replicates", attribute_args.replicates,
                   "Replicates per subset (default: the scenario's `replicates`)")
      ->check(CLI::Range(1, 100000));
  attribute_cmd->add_option("--by", attribute_args.by,
                            "Players: 'instrument' (default) or 'family' (subsidy, land, finance)");
  attribute_cmd->add_flag("--rules", attribute_args.rules,
                          "Count rules and standards (rankings, quotas, admission standards) as "
                          "players too (default: kept in every subset)");
  attribute_cmd
      ->add_option("--exact-max", attribute_args.exact_max,
                   "Exact values over all 2^k subsets up to this many players (default 10)")
      ->check(CLI::Range(1, 20));
  attribute_cmd
      ->add_option("--permutations", attribute_args.permutations,
                   "Sampled orders beyond --exact-max players (default 64)")
      ->check(CLI::Range(2, 100000));
  add_threads_option(attribute_cmd, attribute_args.threads);
  attribute_cmd->add_option("--json", attribute_args.json,
                            "Also write the values as JSON to FILE, or - for stdout");
  add_max_memory_option(attribute_cmd, attribute_args.max_memory, "when the concurrent runs");

  regsim::cli::OptimizeArgs optimize_args;
  auto* optimize_cmd = app.add_subcommand(
      "optimize",
      "The least costly policy mix that attains the plan's targets with a required probability "
      "over common-random-number replicates (NLopt COBYLA; docs/POLICY_DESIGN.md)");
  optimize_cmd->add_option("spec", optimize_args.spec, "Optimisation spec file (TOML)")
      ->required()
      ->check(CLI::ExistingFile);
  optimize_cmd->add_option("-o,--output", optimize_args.output,
                           "Output directory: optimize.h5, best.toml, evaluations.cache "
                           "(default: runs/<spec file name without .toml>)");
  add_threads_option(optimize_cmd, optimize_args.threads);
  optimize_cmd
      ->add_option("--max-evaluations", optimize_args.max_evaluations,
                   "Evaluations of the search (overrides the spec's max_evaluations)")
      ->check(CLI::Range(1, 100000));
  add_max_memory_option(optimize_cmd, optimize_args.max_memory, "when the concurrent runs");
  optimize_cmd->add_flag("-q,--quiet", optimize_args.quiet, "No progress on stderr");

  regsim::cli::CalibrateArgs calibrate_args;
  auto* calibrate_cmd = app.add_subcommand(
      "calibrate",
      "Fit the scenario's [calibration] parameters to its plan targets (replicate mean, NLopt "
      "BOBYQA) and write them as an overlay scenario with a fit report; exit 3 when the standard "
      "is not reached");
  calibrate_cmd->add_option("scenario", calibrate_args.scenario, "Scenario file (TOML)")
      ->required()
      ->check(CLI::ExistingFile);
  calibrate_cmd
      ->add_option("-o,--output", calibrate_args.output,
                   "The overlay scenario to write (it extends SCENARIO)")
      ->required();
  add_threads_option(calibrate_cmd, calibrate_args.threads);
  calibrate_cmd
      ->add_option("--max-evaluations", calibrate_args.max_evaluations,
                   "Objective evaluations at most (default: [calibration] max_evaluations)")
      ->check(CLI::Range(1, 10000000));
  calibrate_cmd
      ->add_option("-r,--replicates", calibrate_args.replicates,
                   "Replicates per evaluation (default: [calibration] replicates)")
      ->check(CLI::Range(1, 1000000));
  add_max_memory_option(calibrate_cmd, calibrate_args.max_memory,
                        "a calibration whose concurrent replicates");
  calibrate_cmd->add_flag("-q,--quiet", calibrate_args.quiet,
                          "No progress and no report on the terminal");

  regsim::cli::CompareArgs compare_args;
  auto* compare_cmd =
      app.add_subcommand("compare",
                         "Compare results: differences of means with confidence intervals, target "
                         "attainment probabilities, fiscal costs and cost-effectiveness");
  compare_cmd
      ->add_option("base", compare_args.base,
                   "Base result: a run file, a sweep.h5 of one point, or PATH/sweep.h5:point=K")
      ->required();
  compare_cmd
      ->add_option("alternatives", compare_args.alternatives, "Alternative results (same forms)")
      ->required();
  compare_cmd->add_option("--csv", compare_args.csv,
                          "Write the long table (one row per alternative, level, entity, "
                          "variable, year) to FILE, or - for stdout");
  compare_cmd->add_option("--json", compare_args.json,
                          "Write the whole comparison as JSON to FILE, or - for stdout");
  compare_cmd->add_option("--level", compare_args.level,
                          "Only this level in --csv/--json (region, county, platform, sector, "
                          "policy, payer, policy_payer)");
  compare_cmd->add_option("--variables", compare_args.variables, "Only these variables (a,b,...)")
      ->delimiter(',');
  compare_cmd->add_option("--years", compare_args.years, "Only these years (y1,y2,...)")
      ->delimiter(',');
  compare_cmd->add_option("--confidence", compare_args.confidence,
                          "Confidence level of the intervals (default 0.95)");
  regsim::cli::ReportArgs report_args;
  auto* report_cmd = app.add_subcommand(
      "report",
      "Write one self-contained HTML report (plan targets, replicate fans, deltas against a "
      "baseline, sweep response, tornado) of run files and sweeps; needs Python 3 + matplotlib");
  report_cmd
      ->add_option("results", report_args.results,
                   "Run files (regsim run), sweep.h5 files or sweep output directories")
      ->required()
      ->check(CLI::ExistingPath);
  report_cmd->add_option("-o,--output", report_args.output, "The HTML file to write")->required();
  report_cmd->add_option("--title", report_args.title, "Report title (default: scenario names)");
  report_cmd
      ->add_option("--attribution", report_args.attribution,
                   "A `regsim attribute --json` file: a waterfall of each instrument's share of "
                   "the package's effect")
      ->check(CLI::ExistingFile);
  report_cmd
      ->add_option("--optimization", report_args.optimization,
                   "A `regsim optimize` result (optimize.h5 or its directory): the trade-off "
                   "between cost and the probability of meeting the plan, and the best mix")
      ->check(CLI::ExistingPath);
  report_cmd
      ->add_option("--baseline", report_args.baseline,
                   "A run file or one-point sweep the other results are compared with")
      ->check(CLI::ExistingPath);

  regsim::bench::BenchArgs bench_args;
  auto* bench_cmd = app.add_subcommand(
      "bench",
      "Run a synthetic province of N firms and print one line of key=value performance figures");
  bench_cmd->add_option("--firms", bench_args.firms, "Base-year firms (default 100000)")
      ->check(CLI::Range(std::int64_t{1}, std::int64_t{1000000000}));
  bench_cmd->add_option("--years", bench_args.years, "Simulated years (default 5)")
      ->check(CLI::Range(1, 100));
  bench_cmd->add_option("-t,--threads", bench_args.threads, "Worker threads (default 1)")
      ->check(CLI::Range(1, 4096));
  bench_cmd->add_option("-s,--seed", bench_args.seed, "Random seed in [0, 2^63) (default 1)")
      ->check(seed_range);
  bench_cmd->add_option("-o,--output", bench_args.output,
                        "Keep the HDF5 result here (default: a temporary file, removed)");

  regsim::cli::NewPlanArgs new_plan_args;
  auto* new_cmd = app.add_subcommand("new", "Start something new from a template: `new plan`");
  new_cmd->require_subcommand(1);
  auto* new_plan_cmd = new_cmd->add_subcommand(
      "plan",
      "Write a small, valid, commented plan scenario (counties, parks, sectors, instruments, one "
      "target of each kind, [calibration]) that validates, runs and calibrates as written");
  new_plan_cmd->add_option("name", new_plan_args.name, "Plan name (the scenario's name)")
      ->required();
  new_plan_cmd
      ->add_option("--counties", new_plan_args.counties,
                   "Counties, comma-separated (default: 东县,西县); each gets an industrial park")
      ->delimiter(',');
  new_plan_cmd
      ->add_option("--sectors", new_plan_args.sectors,
                   "Sectors, comma-separated (default: 装备制造,农产品加工,商贸服务): the first "
                   "leads the parks, the last (of two or more) serves local demand")
      ->delimiter(',');
  new_plan_cmd->add_option("-o,--output", new_plan_args.output,
                           "The scenario file to write (default: NAME.toml)");
  new_plan_cmd->add_flag("-f,--force", new_plan_args.force, "Overwrite the file if it exists");

  std::string validate_file;
  auto* validate_cmd = app.add_subcommand("validate", "Check a scenario file without running it");
  validate_cmd->add_option("scenario", validate_file, "Scenario file (TOML)")
      ->required()
      ->check(CLI::ExistingFile);

  auto* variables_cmd =
      app.add_subcommand("variables", "List the output variables per level (Markdown)");
  auto* instruments_cmd =
      app.add_subcommand("instruments", "List the policy instruments and their parameters");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? kOk : kBadInput;
  }

  try {
    // An option given as "" (-o "") is refused rather than read as "not given".
    for (const auto* cmd : {run_cmd, sweep_cmd, calibrate_cmd, report_cmd, bench_cmd, compare_cmd,
                            new_plan_cmd, optimize_cmd})
      for (const char* name : {"--output", "--csv", "--json"}) {
        if (!*cmd) continue;
        const CLI::Option* opt = cmd->get_option_no_throw(name);
        if (opt && opt->count() > 0 && opt->as<std::string>().empty())
          throw std::invalid_argument(std::string(name) + " \"\": expected a path, got nothing");
      }
    if (regsim::experiment::cluster::world().size > 1 && !*sweep_cmd && !*calibrate_cmd &&
        !*sensitivity_cmd && !*optimize_cmd && !*attribute_cmd)
      throw std::invalid_argument(
          "under mpirun only `regsim sweep`, `calibrate`, `optimize`, `attribute` and "
          "`sensitivity` share their work between ranks; run `regsim " +
          app.get_subcommands().front()->get_name() + "` as a single process");
    if (*run_cmd) {
      return run(run_args);
    }
    if (*sweep_cmd) return regsim::cli::run_sweep(sweep_args);
    if (*calibrate_cmd) return regsim::cli::run_calibrate(calibrate_args);
    if (*sensitivity_cmd) return regsim::cli::run_sensitivity(sensitivity_args);
    if (*attribute_cmd) return regsim::cli::run_attribute(attribute_args);
    if (*optimize_cmd) return regsim::cli::run_optimize(optimize_args);
    if (*compare_cmd) return regsim::cli::run_compare(compare_args);
    if (*report_cmd) return regsim::cli::run_report(report_args);
    if (*bench_cmd) return regsim::bench::run_bench(bench_args);
    if (*new_plan_cmd) return regsim::cli::run_new_plan(new_plan_args);
    if (*validate_cmd) return validate(validate_file);
    if (*variables_cmd) return list_variables();
    if (*instruments_cmd) return list_instruments();
  } catch (...) {
    // Under mpirun the other ranks fail the same way (bad arguments) or hand their failures to
    // rank 0: only rank 0 prints, except failures of a rank's own.
    const auto failure = regsim::experiment::cluster::describe(std::current_exception());
    const auto& world = regsim::experiment::cluster::world();
    if (world.rank == 0)
      std::cerr << failure.line << "\n";
    else if (failure.exit_code != kBadInput)
      std::cerr << "rank " << world.rank << ": " << failure.line << "\n";
    return failure.exit_code;
  }
  return kFailure;
}
