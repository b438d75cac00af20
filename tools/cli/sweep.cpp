#include "tools/cli/sweep.hpp"

#include <malloc.h>
#include <signal.h>
#include <tbb/blocked_range.h>
#include <tbb/global_control.h>
#include <tbb/info.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

#include "engine/observe/attainment.hpp"
#include "engine/scenario/parse.hpp"
#include "engine/scenario/sweep_spec.hpp"
#include "engine/simulation.hpp"
#include "engine/sweep/design.hpp"
#include "output/hdf5_reader.hpp"
#include "output/hdf5_writer.hpp"
#include "output/sweep_writer.hpp"
#include "tools/cli/input_checks.hpp"
#include "tools/cli/summary.hpp"

namespace regsim::cli {

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

/// Exit code of a run stopped by --stop-after (a simulated crash).
constexpr int kStopped = 3;

std::string run_file_name(std::size_t id) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "run-%06zu.h5", id);
  return buf;
}

std::string clock_text(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0) return "--:--";
  const auto s = static_cast<long>(std::lround(seconds));
  char buf[32];
  if (s >= 3600)
    std::snprintf(buf, sizeof buf, "%ld:%02ld:%02ld", s / 3600, (s / 60) % 60, s % 60);
  else
    std::snprintf(buf, sizeof buf, "%ld:%02ld", s / 60, s % 60);
  return buf;
}

/// Progress on stderr: a bar redrawn in place on a terminal; a plain line every 10% or 10 s
/// otherwise (no terminal, or CI set); nothing when quiet. Thread-safe.
class Progress {
 public:
  Progress(std::size_t total, std::size_t already_done, bool quiet)
      : total_(total), done_(already_done), start_(Clock::now()), last_(start_) {
    const char* ci = std::getenv("CI");
    const bool in_ci = ci && *ci && std::string(ci) != "false" && std::string(ci) != "0";
    mode_ = quiet ? Mode::none : (isatty(STDERR_FILENO) && !in_ci) ? Mode::bar : Mode::lines;
    next_fraction_ = 0.1 * (std::floor(fraction() * 10) + 1);
    if (mode_ != Mode::none && already_done > 0)
      std::cerr << "sweep: " << already_done << " of " << total
                << " runs already done (their files match); running the rest\n";
  }

  void run_done() {
    const std::lock_guard lock(mutex_);
    ++done_;
    ++new_runs_;
    const auto now = Clock::now();
    if (mode_ == Mode::bar) {
      if (done_ == total_ || now - last_ >= std::chrono::milliseconds(100)) draw(now);
    } else if (mode_ == Mode::lines) {
      if (fraction() >= next_fraction_ - 1e-12 || now - last_ >= std::chrono::seconds(10)) {
        while (next_fraction_ <= fraction() + 1e-12) next_fraction_ += 0.1;
        draw(now);
      }
    }
  }

  void finish() {
    const std::lock_guard lock(mutex_);
    if (mode_ == Mode::bar && drawn_) std::cerr << "\n";
  }

  double elapsed() const { return std::chrono::duration<double>(Clock::now() - start_).count(); }
  std::size_t new_runs() const { return new_runs_; }

 private:
  enum class Mode { none, bar, lines };

  double fraction() const {
    return total_ ? static_cast<double>(done_) / static_cast<double>(total_) : 1.0;
  }

  void draw(Clock::time_point now) {
    last_ = now;
    const double t = std::chrono::duration<double>(now - start_).count();
    const double rate = t > 0 ? static_cast<double>(new_runs_) / t : 0;
    const double eta = rate > 0 ? static_cast<double>(total_ - done_) / rate : NAN;
    char stats[160];
    std::snprintf(stats, sizeof stats, "%zu/%zu runs %3.0f%%  elapsed %s  ETA %s  %.2f runs/s",
                  done_, total_, 100 * fraction(), clock_text(t).c_str(), clock_text(eta).c_str(),
                  rate);
    if (mode_ == Mode::bar) {
      constexpr int width = 24;
      const int filled = static_cast<int>(fraction() * width);
      std::string bar(static_cast<std::size_t>(filled), '#');
      bar.append(static_cast<std::size_t>(width - filled), '.');
      std::cerr << "\rsweep [" << bar << "] " << stats << "\x1b[K" << std::flush;
      drawn_ = true;
    } else {
      std::cerr << "sweep: " << stats << "\n" << std::flush;
    }
  }

  std::mutex mutex_;
  Mode mode_;
  std::size_t total_, done_, new_runs_ = 0;
  Clock::time_point start_, last_;
  double next_fraction_ = 0.1;
  bool drawn_ = false;
};

/// Removes the temporary files that an earlier sweep which died left in `dir`: run files
/// (run-NNNNNN.h5.tmp-PID) and sweep.h5 (sweep.h5.tmp-PID) of processes that no longer exist.
void remove_stale_temporaries(const fs::path& dir) {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    const std::size_t at = name.find(".h5.tmp-");
    if ((name.rfind("run-", 0) != 0 && name.rfind("sweep.h5", 0) != 0) || at == std::string::npos)
      continue;
    const long pid = std::strtol(name.c_str() + at + 8, nullptr, 10);
    if (pid > 0 && ::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH)
      fs::remove(entry.path(), ec);
  }
}

struct RunPlan {
  std::size_t point = 0;
  std::uint32_t replicate = 0;
  std::uint64_t seed = 0;
  std::string sha256;
};

/// Simulates run `p` of the sweep; errors name the point and replicate.
RunResult simulate(const scenario::SweepSpec& spec, const RunPlan& p, int threads) {
  const std::string which =
      "point " + std::to_string(p.point) + ", replicate " + std::to_string(p.replicate);
  RunResult result;
  try {
    // Isolated: a worker waiting inside this run's parallel loops does not pick up another
    // whole run (which would hold two worlds in memory and delay this one).
    tbb::this_task_arena::isolate([&] {
      const scenario::Scenario sc = scenario::parse_sweep_point(spec, p.point);
      Simulation sim(sc, p.seed, p.replicate);
      while (!sim.done()) sim.step();
      result = sim.finish(threads);
    });
  } catch (const scenario::ScenarioError& e) {
    throw scenario::ScenarioError(e.where(), which + ": " + e.message());
  } catch (const std::exception& e) {
    throw std::runtime_error(which + ": " + e.what());
  }
  result.replicate = p.replicate;
  return result;
}

}  // namespace

void keep_freed_memory_for_next_runs() {
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TRIM_THRESHOLD, 128 << 20);
}

int run_sweep(const SweepArgs& a) {
  // 1. The whole spec is checked before anything runs.
  const scenario::SweepSpec spec = scenario::load_sweep_spec(a.spec);
  scenario::check_sweep_factors(spec);
  const std::vector<scenario::SweepPoint> points = scenario::resolve_sweep_points(spec);
  const scenario::Scenario base = scenario::load_scenario(spec.base);
  const int threads = a.threads > 0 ? a.threads : tbb::info::default_concurrency();
  // Runs are isolated, so at most one world per worker thread is in memory at once.
  check_memory(base, static_cast<int>(std::min<std::size_t>(spec.runs(), std::size_t(threads))),
               a.max_memory);

  std::vector<RunPlan> plan(spec.runs());
  for (std::size_t id = 0; id < plan.size(); ++id) {
    RunPlan& p = plan[id];
    p.point = id / spec.replicates;
    p.replicate = static_cast<std::uint32_t>(id % spec.replicates);
    p.seed = spec.common_random_numbers ? points[p.point].seed
                                        : sweep::independent_seed(spec.seed, p.point, p.replicate);
    p.sha256 = points[p.point].scenario_sha256;
  }

  const fs::path out_dir =
      a.output.empty() ? fs::path("runs") / fs::path(a.spec).stem() : fs::path(a.output);
  const fs::path runs_dir = out_dir / "runs";
  std::vector<InputFile> inputs = scenario_inputs(base);
  inputs.push_back({a.spec, "sweep spec"});
  refuse_output_dir_onto_inputs(out_dir.string(), "-o", inputs);
  // Missing directories are created now and removed again (when still empty) if the sweep fails.
  CreatedDirectories created(a.run_files ? runs_dir : out_dir);
  const auto run_path = [&](std::size_t id) { return runs_dir / run_file_name(id); };
  remove_stale_temporaries(out_dir);
  if (a.run_files) remove_stale_temporaries(runs_dir);

  // 2. Resume: a run whose file exists, is readable and matches is not redone (only with run
  //    files: without them every run is done).
  std::vector<std::size_t> todo, reused;
  std::size_t mismatched = 0;
  std::string first_mismatch;
  for (std::size_t id = 0; id < plan.size(); ++id) {
    const fs::path path = run_path(id);
    std::error_code ec;
    if (!a.run_files || !fs::exists(path, ec)) {
      todo.push_back(id);
      continue;
    }
    output::RunIdentity found;
    try {
      found = output::read_hdf5_identity(path);
    } catch (const output::OutputError& e) {
      if (!a.quiet) std::cerr << "sweep: redoing an unreadable run file: " << e.what() << "\n";
      todo.push_back(id);
      continue;
    }
    const RunPlan& p = plan[id];
    if (found.scenario_sha256 == p.sha256 && found.seed == p.seed &&
        found.replicate == p.replicate) {
      reused.push_back(id);
      continue;
    }
    if (mismatched++ == 0)
      first_mismatch = path.string() + " is not point " + std::to_string(p.point) + ", replicate " +
                       std::to_string(p.replicate) + " of " + a.spec + " (its " +
                       (found.scenario_sha256 != p.sha256 ? "scenario" : "seed or replicate") +
                       " differs: the spec or the base scenario changed since it was run)";
    todo.push_back(id);
  }
  if (mismatched > 0 && !a.force)
    throw std::invalid_argument(
        first_mismatch +
        (mismatched > 1 ? "; and " + std::to_string(mismatched - 1) + " more" : "") +
        ". Use --force to redo such runs, or another output directory");

  // 3. sweep.h5 is written as runs finish (a temporary file until every run is in); reused
  //    runs are read from their files first.
  output::SweepInfo info;
  info.regsim_version = REGSIM_VERSION;
  info.spec_text = spec.text;
  info.spec_sha256 = spec.sha256;
  info.design = scenario::to_string(spec.design);
  info.points = static_cast<std::int32_t>(spec.points);
  info.replicates = static_cast<std::int32_t>(spec.replicates);
  info.common_random_numbers = spec.common_random_numbers;
  info.scenario_name = base.name;
  info.scenario_sha256 = base.resolved_sha256;
  info.seed = spec.seed;
  info.threads = threads;
  std::vector<output::SweepRunRow> rows;
  for (const RunPlan& p : plan)
    rows.push_back({static_cast<std::int32_t>(p.point), static_cast<std::int32_t>(p.replicate),
                    p.seed, p.sha256});
  std::vector<output::SweepFactorColumn> factors;
  for (std::size_t j = 0; j < spec.factors.size(); ++j) {
    output::SweepFactorColumn c{spec.factors[j].name, spec.factors[j].key, {}};
    for (const RunPlan& p : plan) c.values.push_back(spec.value(p.point, j));
    factors.push_back(std::move(c));
  }
  const fs::path sweep_file = out_dir / "sweep.h5";
  output::SweepWriter sweep_h5(sweep_file, info, rows, factors);
  for (const std::size_t id : reused) sweep_h5.add(id, output::read_hdf5(run_path(id)));

  // 4. The runs, in parallel; each run's own parallel loops share the same workers.
  keep_freed_memory_for_next_runs();
  Progress progress(plan.size(), reused.size(), a.quiet);
  std::mutex write_mutex;
  std::atomic<std::size_t> written{0};
  {
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism,
                              static_cast<std::size_t>(threads));
    tbb::task_arena arena(threads);
    // One run: parse its point, simulate, write its file and its slabs of sweep.h5 at once.
    const auto run_one = [&](std::size_t id) {
      const RunPlan& p = plan[id];
      RunResult result = simulate(spec, p, threads);
      {
        const std::lock_guard lock(write_mutex);  // HDF5 calls one at a time
        if (a.run_files) output::write_hdf5(result, run_path(id), {.force = true});
        sweep_h5.add(id, result);
      }
      progress.run_done();
      if (a.stop_after && ++written == *a.stop_after) {
        const std::lock_guard lock(write_mutex);  // no run file is half written
        std::cerr << "\nsweep: stopping after " << *a.stop_after << " runs (--stop-after)\n";
        std::_Exit(kStopped);
      }
    };
    arena.execute([&] {
      tbb::parallel_for(tbb::blocked_range<std::size_t>(0, todo.size(), 1),
                        [&](const tbb::blocked_range<std::size_t>& range) {
                          for (std::size_t k = range.begin(); k != range.end(); ++k)
                            run_one(todo[k]);
                        });
    });
  }
  progress.finish();
  const double run_seconds = progress.elapsed();
  sweep_h5.commit();
  created.keep();

  if (!a.quiet) {
    const double t = run_seconds;
    char line[200];
    std::snprintf(line, sizeof line,
                  "sweep: %zu runs (%zu run now, %zu reused) in %.1f s, %.2f runs/s; sweep.h5 "
                  "closed in %.2f s",
                  plan.size(), progress.new_runs(), reused.size(), t,
                  t > 0 ? static_cast<double>(progress.new_runs()) / t : 0.0,
                  progress.elapsed() - t);
    std::cout << line << "\nwrote " << sweep_file.string();
    if (!a.run_files) std::cout << " (no run files: --no-run-files)";
    std::cout << "\n";
  }
  return 0;
}

namespace {

/// The replicate mean of `runs` (same years, entities and targets, those of `sc`): every series
/// value and target's simulated value averaged in replicate order; a target is attained when
/// that mean attains it (the numbers `regsim calibrate` reports).
RunResult replicate_mean(const std::vector<RunResult>& runs, const scenario::Scenario& sc) {
  RunResult m = runs.front();
  const double n = static_cast<double>(runs.size());
  for (const char* level :
       {"region", "county", "platform", "sector", "policy", "payer", "policy_payer"}) {
    auto* g = const_cast<EntityGroup*>(m.group(level));
    for (Series& s : g->series) {
      for (std::size_t i = 0; i < s.values.size(); ++i) {
        double sum = 0;
        for (const RunResult& r : runs) sum += r.group(level)->find(s.name)->values[i];
        s.values[i] = sum / n;
      }
    }
  }
  for (std::size_t t = 0; t < m.targets.size(); ++t) {
    if (m.targets[t].status != "modelled") continue;
    double sum = 0;
    for (const RunResult& r : runs) sum += r.targets[t].simulated;
    m.targets[t].simulated = sum / n;
    m.targets[t].attained = attainment(sc.targets[t], m.targets[t].simulated);
  }
  return m;
}

}  // namespace

int run_replicates(const ReplicateArgs& a) {
  const scenario::Scenario sc = scenario::load_scenario(a.scenario);
  const fs::path out_dir = a.output.empty() ? fs::path("runs") / sc.name : fs::path(a.output);
  if (out_dir.extension() == ".h5")
    throw std::invalid_argument("with " + std::to_string(a.replicates) +
                                " replicates the output is a directory (runs/ and sweep.h5); "
                                "give -o a directory, not " +
                                out_dir.string());
  const fs::path runs_dir = out_dir / "runs";
  const fs::path sweep_file = out_dir / "sweep.h5";
  refuse_output_dir_onto_inputs(out_dir.string(), "-o", scenario_inputs(sc));
  check_memory(sc, 1, a.max_memory);  // replicates run one after another
  std::error_code ec;
  if (!a.force && (fs::exists(sweep_file, ec) || fs::exists(runs_dir / run_file_name(0), ec)))
    throw std::invalid_argument(out_dir.string() +
                                " already holds results; use --force to overwrite");
  // Missing directories are created now and removed again (when still empty) if the runs fail.
  CreatedDirectories created(runs_dir);
  const auto run_path = [&](std::size_t id) { return runs_dir / run_file_name(id); };
  // With --force, run files of an earlier, larger replicate count go too.
  for (auto id = static_cast<std::size_t>(a.replicates); fs::remove(run_path(id), ec); ++id) {
  }

  const std::uint64_t seed = a.seed.value_or(sc.seed);
  const int threads = a.threads > 0 ? a.threads : tbb::info::default_concurrency();
  keep_freed_memory_for_next_runs();
  std::vector<RunResult> results;
  std::vector<output::SweepRunRow> rows;
  for (int r = 0; r < a.replicates; ++r) {
    RunOptions options;
    options.threads = threads;
    options.seed = seed;
    options.replicate = static_cast<std::uint32_t>(r);
    RunResult result = regsim::run(sc, options);
    result.replicate = options.replicate;
    output::write_hdf5(result, run_path(static_cast<std::size_t>(r)), {.force = true});
    rows.push_back({0, r, seed, result.scenario_sha256});
    results.push_back(std::move(result));
  }

  output::SweepInfo info;
  info.regsim_version = REGSIM_VERSION;
  info.design = "replicates";
  info.points = 1;
  info.replicates = a.replicates;
  info.common_random_numbers = true;
  info.scenario_name = sc.name;
  info.scenario_sha256 = sc.resolved_sha256;
  info.seed = seed;
  info.threads = threads;
  const RunResult mean = replicate_mean(results, sc);
  for (const TargetResult& t : mean.targets) {
    info.target_mean.push_back(t.simulated);
    info.target_mean_attained.push_back(static_cast<std::int8_t>(t.attained));
  }
  output::SweepWriter sweep_h5(sweep_file, info, rows, {});
  for (std::size_t r = 0; r < results.size(); ++r) sweep_h5.add(r, results[r]);
  sweep_h5.commit();
  created.keep();

  if (!a.quiet) {
    std::cout << "mean of " << a.replicates << " replicates (0 .. " << a.replicates - 1
              << "); targets: the replicate mean and whether it attains the target (as regsim "
                 "calibrate reports; /targets/simulated_mean in sweep.h5)\n";
    print_summary(std::cout, mean, results);
  }
  std::cout << "\nwrote " << sweep_file.string() << " and " << a.replicates << " run files in "
            << runs_dir.string() << "\n";
  return 0;
}

}  // namespace regsim::cli
