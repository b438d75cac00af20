#include "tools/cli/sweep.hpp"

#include <signal.h>
#include <tbb/blocked_range.h>
#include <tbb/global_control.h>
#include <tbb/info.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "engine/observe/attainment.hpp"
#include "engine/scenario/parse.hpp"
#include "engine/scenario/sweep_spec.hpp"
#include "engine/simulation.hpp"
#include "engine/sweep/design.hpp"
#include "experiment/cluster.hpp"
#include "experiment/input_checks.hpp"
#include "experiment/runner.hpp"
#include "output/hdf5_reader.hpp"
#include "output/hdf5_writer.hpp"
#include "output/run_bytes.hpp"
#include "output/sweep_writer.hpp"
#include "tools/cli/compare_stats.hpp"
#include "tools/cli/summary.hpp"

namespace regsim::cli {

namespace cluster = experiment::cluster;

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

/// CPU seconds of the calling thread.
double thread_cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec);
}

/// Whether process `pid` of this host still runs: it exists and is not a zombie (a dead
/// process nobody has reaped yet, as under a container's init that does not reap).
bool process_running(long pid) {
  if (::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH) return false;
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  if (!std::getline(stat, line)) return true;  // no /proc: trust kill()
  const std::size_t paren = line.rfind(')');   // "pid (comm) state ...": comm may hold spaces
  return paren == std::string::npos || paren + 2 >= line.size() || line[paren + 2] != 'Z';
}

/// Removes the temporary files (run files, sweep.h5) that processes which died left in `dir`.
/// A temporary of this host is stale when its process is gone; one of another host (a node of
/// an earlier MPI job, or an earlier try of a job-array task) when `owned` says its file is this
/// process's to write, since no other live process writes it.
void remove_stale_temporaries(const fs::path& dir,
                              const std::function<bool(const std::string&)>& owned) {
  const std::string host = output::host_name();
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind("run-", 0) != 0 && name.rfind("sweep.h5", 0) != 0) continue;
    const auto who = output::temporary_owner(name);
    if (!who) continue;
    const bool here = who->host.empty() || who->host == host;
    const bool stale =
        here ? !process_running(who->pid) : owned(name.substr(0, name.find(".tmp-")));
    if (stale) fs::remove(entry.path(), ec);
  }
}

struct RunPlan {
  std::size_t point = 0;
  std::uint32_t replicate = 0;
  std::uint64_t seed = 0;
  std::string sha256;
};

/// What every rank of a sweep knows: the spec, and each run's point, replicate and seed.
struct SweepPlan {
  scenario::SweepSpec spec;
  std::vector<RunPlan> runs;
  fs::path out_dir, runs_dir;

  fs::path run_path(std::size_t id) const { return runs_dir / run_file_name(id); }
};

/// Reads and checks the spec (every factor tried on the base scenario) and lists its runs.
SweepPlan load_plan(const SweepArgs& a, std::vector<scenario::SweepPoint>& points) {
  SweepPlan plan;
  plan.spec = scenario::load_sweep_spec(a.spec);
  const scenario::SweepSpec& spec = plan.spec;
  scenario::check_sweep_factors(spec);
  points = scenario::resolve_sweep_points(spec);
  plan.runs.resize(spec.runs());
  for (std::size_t id = 0; id < plan.runs.size(); ++id) {
    RunPlan& p = plan.runs[id];
    p.point = id / spec.replicates;
    p.replicate = static_cast<std::uint32_t>(id % spec.replicates);
    p.seed = spec.common_random_numbers ? points[p.point].seed
                                        : sweep::independent_seed(spec.seed, p.point, p.replicate);
    p.sha256 = points[p.point].scenario_sha256;
  }
  plan.out_dir = a.output.empty() ? fs::path("runs") / fs::path(a.spec).stem() : fs::path(a.output);
  plan.runs_dir = plan.out_dir / "runs";
  return plan;
}

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

/// Where a run slot gets its next run: reports the run it `finished` (if any) and, when `want`,
/// returns the next run to do (nullopt: none left).
using NextRun =
    std::function<std::optional<std::size_t>(std::optional<std::size_t> finished, bool want)>;

/// Runs with `threads` TBB threads, `threads` runs at a time: each slot takes runs from `next`
/// and does `run(id)` until none is left. Each run's own parallel loops share the workers. The
/// first error stops the slots from taking new runs (runs under way finish, and are reported)
/// and is rethrown.
void run_in_slots(int threads, const NextRun& next, const std::function<void(std::size_t)>& run) {
  std::atomic<bool> stop{false};
  std::mutex error_mutex;
  std::exception_ptr error;
  tbb::global_control limit(tbb::global_control::max_allowed_parallelism,
                            static_cast<std::size_t>(threads));
  tbb::task_arena arena(threads);
  arena.execute([&] {
    tbb::parallel_for(
        tbb::blocked_range<int>(0, threads, 1),
        [&](const tbb::blocked_range<int>& slots) {
          for (int slot = slots.begin(); slot != slots.end(); ++slot) {
            std::optional<std::size_t> finished;
            for (;;) {
              const bool want = !stop.load();
              std::optional<std::size_t> id;
              try {
                id = next(finished, want);
              } catch (...) {
                const std::lock_guard lock(error_mutex);
                if (!error) error = std::current_exception();
                stop = true;
                break;
              }
              finished.reset();
              if (!want || !id) break;
              try {
                run(*id);
                finished = *id;
              } catch (...) {
                const std::lock_guard lock(error_mutex);
                if (!error) error = std::current_exception();
                stop = true;
              }
            }
          }
        },
        tbb::simple_partitioner());
  });
  if (error) std::rethrow_exception(error);
}

/// The runs still to do, handed out in run order to the slots of rank 0 and to the other ranks.
class RunQueue {
 public:
  explicit RunQueue(std::vector<std::size_t> todo) : todo_(std::move(todo)) {}
  std::optional<std::size_t> pop() {
    const std::lock_guard lock(mutex_);
    if (closed_ || next_ == todo_.size()) return std::nullopt;
    return todo_[next_++];
  }
  /// After an error: no more runs are handed out.
  void close() {
    const std::lock_guard lock(mutex_);
    closed_ = true;
  }

 private:
  std::mutex mutex_;
  std::vector<std::size_t> todo_;
  std::size_t next_ = 0;
  bool closed_ = false;
};

/// A rank other than 0 of `mpirun -n K regsim sweep`: waits for rank 0 to check the spec and
/// the output directory, then asks rank 0 for runs one at a time per slot, simulates each and
/// writes its run file (the checkpoint, on the shared file system), and sends the run to rank 0
/// with its next request (output::to_bytes), until no run is left.
/// Failures go to rank 0, which prints them; returns the exit code.
int sweep_worker(const SweepArgs& a) {
  std::array<std::int64_t, 1> released{};
  cluster::broadcast(released);  // rank 0's checks: 0, or the exit code it fails with
  if (released[0] != 0) return static_cast<int>(released[0]);
  std::size_t runs_done = 0;
  try {
    std::vector<scenario::SweepPoint> points;
    const SweepPlan plan = load_plan(a, points);
    const int threads = a.threads > 0 ? a.threads : tbb::info::default_concurrency();
    experiment::keep_freed_memory_for_next_runs();
    std::mutex mpi_mutex, write_mutex, results_mutex;
    std::map<std::size_t, std::string> results;  // finished runs not yet sent (to_bytes)
    const NextRun next = [&](std::optional<std::size_t> finished,
                             bool want) -> std::optional<std::size_t> {
      if (!finished && !want) return std::nullopt;
      const std::lock_guard lock(mpi_mutex);  // one request and its answer at a time
      const std::array<std::int64_t, 2> request{
          finished ? static_cast<std::int64_t>(*finished) : -1, want ? 1 : 0};
      cluster::send(0, cluster::Tag::request, request);
      if (finished) {
        std::string bytes;
        {
          const std::lock_guard results_lock(results_mutex);
          auto at = results.find(*finished);
          bytes = std::move(at->second);
          results.erase(at);
        }
        cluster::send(0, cluster::Tag::result, bytes);
      }
      if (!want) return std::nullopt;
      const auto answer = cluster::receive_int64(0, cluster::Tag::task);
      if (answer.size() != 1 || answer[0] < 0) return std::nullopt;
      return static_cast<std::size_t>(answer[0]);
    };
    std::atomic<std::size_t> written{0};
    run_in_slots(threads, next, [&](std::size_t id) {
      RunResult result = simulate(plan.spec, plan.runs[id], threads);
      if (a.run_files) {
        const std::lock_guard lock(write_mutex);  // HDF5 calls one at a time
        output::write_hdf5(result, plan.run_path(id), {.force = true});
      }
      std::string bytes = output::to_bytes(result);
      {
        const std::lock_guard lock(results_mutex);
        results[id] = std::move(bytes);
      }
      if (a.stop_after && ++written == *a.stop_after) {
        const std::lock_guard lock(write_mutex);  // no run file is half written
        std::_Exit(kStopped);
      }
    });
    runs_done = written.load();
  } catch (...) {
    const cluster::Failure failure = cluster::describe(std::current_exception());
    const std::array<std::int64_t, 1> code{failure.exit_code};
    cluster::send(0, cluster::Tag::error, code);
    cluster::send(0, cluster::Tag::error_text, failure.line);
    return failure.exit_code;
  }
  const std::array<std::int64_t, 1> done{static_cast<std::int64_t>(runs_done)};
  cluster::send(0, cluster::Tag::bye, done);
  return 0;
}

}  // namespace

std::optional<Shard> parse_shard(const std::string& text) {
  const std::size_t slash = text.find('/');
  if (slash == std::string::npos || slash == 0 || slash + 1 == text.size()) return std::nullopt;
  const std::string i = text.substr(0, slash), n = text.substr(slash + 1);
  if (i.find_first_not_of("0123456789") != std::string::npos ||
      n.find_first_not_of("0123456789") != std::string::npos || i.size() > 9 || n.size() > 9)
    return std::nullopt;
  const std::size_t index = std::stoul(i), count = std::stoul(n);
  if (index < 1 || index > count) return std::nullopt;
  return Shard{index - 1, count};
}

int run_sweep(const SweepArgs& a) {
  const cluster::World& mpi = cluster::world();
  const bool ranks = mpi.size > 1;
  if (ranks && a.shard)
    throw std::invalid_argument(
        "--shard splits a sweep between separate processes (a job array); under mpirun the "
        "ranks share the runs already: drop --shard or run without mpirun");
  if (a.shard && !a.run_files)
    throw std::invalid_argument(
        "--shard writes run files only (sweep.h5 is written by a final sweep without --shard): "
        "--no-run-files leaves nothing");
  if (a.shard && a.gather)
    throw std::invalid_argument(
        "--gather writes sweep.h5 from every shard's run files: drop --shard");
  if (ranks && mpi.rank != 0) return sweep_worker(a);
  // A failure before the runs start is announced to the other ranks, which end with its code.
  const auto release = [&](std::int64_t code) {
    if (!ranks) return;
    std::array<std::int64_t, 1> status{code};
    cluster::broadcast(status);
  };

  // 1. The whole spec is checked before anything runs.
  std::vector<scenario::SweepPoint> points;
  std::optional<SweepPlan> loaded;
  std::optional<scenario::Scenario> base_scenario;
  int threads = 0;
  try {
    loaded.emplace(load_plan(a, points));
    base_scenario.emplace(scenario::load_scenario(loaded->spec.base));
    threads = a.threads > 0 ? a.threads : tbb::info::default_concurrency();
    // Runs are isolated, so at most one world per worker thread is in memory at once.
    experiment::check_memory(
        *base_scenario,
        static_cast<int>(std::min<std::size_t>(loaded->runs.size(), std::size_t(threads))),
        a.max_memory);
  } catch (...) {
    release(cluster::describe(std::current_exception()).exit_code);
    throw;
  }
  const SweepPlan& plan = *loaded;
  const scenario::SweepSpec& spec = plan.spec;
  const scenario::Scenario& base = *base_scenario;
  // The runs of this process: all of them, or those of its shard (id mod N).
  const auto owned_id = [&](std::size_t id) {
    return !a.shard || id % a.shard->count == a.shard->index;
  };
  const auto owned_file = [&](const std::string& name) {
    if (name == "sweep.h5") return !a.shard;
    std::size_t id = 0;
    return std::sscanf(name.c_str(), "run-%zu.h5", &id) == 1 && owned_id(id);
  };
  std::vector<std::size_t> owned;
  for (std::size_t id = 0; id < plan.runs.size(); ++id)
    if (owned_id(id)) owned.push_back(id);

  std::vector<std::size_t> todo, reused;
  std::optional<experiment::CreatedDirectories> created;
  try {
    std::vector<experiment::InputFile> inputs = experiment::scenario_inputs(base);
    inputs.push_back({a.spec, "sweep spec"});
    experiment::refuse_output_dir_onto_inputs(plan.out_dir.string(), "-o", inputs);
    // Missing directories are created now and removed again (when still empty) if the sweep
    // fails; shards share them, so a shard never removes them.
    created.emplace(a.run_files ? plan.runs_dir : plan.out_dir);
    if (a.shard) created->keep();
    remove_stale_temporaries(plan.out_dir, owned_file);
    if (a.run_files) remove_stale_temporaries(plan.runs_dir, owned_file);

    // 2. Resume: a run whose file exists, is readable and matches is not redone (only with run
    //    files: without them every run is done).
    std::size_t mismatched = 0;
    std::string first_mismatch;
    for (const std::size_t id : owned) {
      const fs::path path = plan.run_path(id);
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
      const RunPlan& p = plan.runs[id];
      if (found.scenario_sha256 == p.sha256 && found.seed == p.seed &&
          found.replicate == p.replicate) {
        reused.push_back(id);
        continue;
      }
      if (mismatched++ == 0)
        first_mismatch = path.string() + " is not point " + std::to_string(p.point) +
                         ", replicate " + std::to_string(p.replicate) + " of " + a.spec + " (its " +
                         (found.scenario_sha256 != p.sha256 ? "scenario" : "seed or replicate") +
                         " differs: the spec or the base scenario changed since it was run)";
      todo.push_back(id);
    }
    if (mismatched > 0 && !a.force)
      throw std::invalid_argument(
          first_mismatch +
          (mismatched > 1 ? "; and " + std::to_string(mismatched - 1) + " more" : "") +
          ". Use --force to redo such runs, or another output directory");
    if (a.gather && !todo.empty()) {
      std::string missing;
      for (std::size_t k = 0; k < todo.size() && k < 5; ++k)
        missing += (k ? ", " : "") + run_file_name(todo[k]);
      throw std::invalid_argument("--gather: " + std::to_string(todo.size()) + " of " +
                                  std::to_string(plan.runs.size()) +
                                  " runs have no finished run file in " + plan.runs_dir.string() +
                                  " (" + missing + (todo.size() > 5 ? ", ..." : "") +
                                  "); run their shards again, or drop --gather to run them here");
    }
  } catch (...) {
    release(cluster::describe(std::current_exception()).exit_code);
    throw;
  }

  // 3. sweep.h5 is written as runs finish (a temporary file until every run is in); reused
  //    runs are read from their files first. A shard writes run files only.
  std::optional<output::SweepWriter> sweep_h5;
  const fs::path sweep_file = plan.out_dir / "sweep.h5";
  if (!a.shard) {
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
    for (const RunPlan& p : plan.runs)
      rows.push_back({static_cast<std::int32_t>(p.point), static_cast<std::int32_t>(p.replicate),
                      p.seed, p.sha256});
    std::vector<output::SweepFactorColumn> factors;
    for (std::size_t j = 0; j < spec.factors.size(); ++j) {
      output::SweepFactorColumn c{spec.factors[j].name, spec.factors[j].key, {}};
      for (const RunPlan& p : plan.runs) c.values.push_back(spec.value(p.point, j));
      factors.push_back(std::move(c));
    }
    try {
      sweep_h5.emplace(sweep_file, info, rows, factors);
      for (const std::size_t id : reused) sweep_h5->add(id, output::read_hdf5(plan.run_path(id)));
    } catch (...) {
      release(cluster::describe(std::current_exception()).exit_code);
      throw;
    }
  }
  release(0);

  // 4. The runs: this process's slots and, under mpirun, the other ranks take them from one
  //    queue in run order as they become free.
  experiment::keep_freed_memory_for_next_runs();
  Progress progress(owned.size(), reused.size(), a.quiet);
  std::mutex write_mutex;  // HDF5 calls one at a time
  std::atomic<std::size_t> written{0};
  RunQueue queue(todo);
  const auto run_here = [&](std::size_t id) {
    RunResult result = simulate(spec, plan.runs[id], threads);
    {
      const std::lock_guard lock(write_mutex);
      if (a.run_files) output::write_hdf5(result, plan.run_path(id), {.force = true});
      if (sweep_h5) sweep_h5->add(id, result);
    }
    progress.run_done();
    if (a.stop_after && ++written == *a.stop_after) {
      const std::lock_guard lock(write_mutex);  // no run file is half written
      std::cerr << "\nsweep: stopping after " << *a.stop_after << " runs (--stop-after)\n";
      std::_Exit(kStopped);
    }
  };
  const NextRun next_here = [&](std::optional<std::size_t>, bool want) {
    return want ? queue.pop() : std::nullopt;
  };
  std::size_t remote_runs = 0;
  // CPU seconds this thread of rank 0 spent on the other ranks' runs (not its polled waits):
  // what limits the ranks one rank 0 can serve.
  double coordinator_seconds = 0;
  if (!ranks) {
    run_in_slots(threads, next_here, run_here);
  } else {
    // Rank 0: its own slots in a thread of their own; this thread answers the other ranks.
    std::exception_ptr error;  // the first failure, here or on another rank
    std::mutex error_mutex;
    const auto fail = [&](std::exception_ptr e) {
      const std::lock_guard lock(error_mutex);
      if (!error) error = e;
      queue.close();
    };
    std::thread slots([&] {
      try {
        run_in_slots(threads, next_here, run_here);
      } catch (...) {
        fail(std::current_exception());
      }
    });
    try {
      int working = mpi.size - 1;
      cluster::Backoff backoff;
      while (working > 0) {
        cluster::Incoming in;
        if (!cluster::poll(in)) {
          backoff.wait();
          continue;
        }
        backoff.reset();
        const double t0 = thread_cpu_seconds();
        if (in.tag == cluster::Tag::request) {
          const auto request = cluster::receive_int64(in.from, cluster::Tag::request);
          // The next run first, so that the rank computes while its finished run is read.
          if (request.at(1) != 0) {
            const auto id = queue.pop();
            const std::array<std::int64_t, 1> task{id ? static_cast<std::int64_t>(*id) : -1};
            cluster::send(in.from, cluster::Tag::task, task);
          }
          if (request.at(0) >= 0) {
            const auto id = static_cast<std::size_t>(request[0]);
            const std::string bytes = cluster::receive_text(in.from, cluster::Tag::result);
            try {
              const RunResult result = output::from_bytes(bytes);
              const std::lock_guard lock(write_mutex);
              if (sweep_h5) sweep_h5->add(id, result);
            } catch (...) {
              fail(std::current_exception());
            }
            progress.run_done();
            ++remote_runs;
          }
        } else if (in.tag == cluster::Tag::bye) {
          cluster::receive_int64(in.from, cluster::Tag::bye);
          --working;
        } else if (in.tag == cluster::Tag::error) {
          const auto code = cluster::receive_int64(in.from, cluster::Tag::error);
          const std::string line = cluster::receive_text(in.from, cluster::Tag::error_text);
          fail(std::make_exception_ptr(cluster::RemoteError(static_cast<int>(code.at(0)), line)));
          --working;
        } else {
          throw std::runtime_error("unexpected message (tag " +
                                   std::to_string(static_cast<int>(in.tag)) + ") from rank " +
                                   std::to_string(in.from));
        }
        coordinator_seconds += thread_cpu_seconds() - t0;
      }
    } catch (const std::exception& e) {
      // The messages themselves failed: the other ranks may wait forever; end the job.
      cluster::abort_job(1, std::string("regsim: error: rank 0: ") + e.what());
      std::_Exit(1);
    }
    slots.join();
    if (error) std::rethrow_exception(error);
  }
  progress.finish();
  const double run_seconds = progress.elapsed();
  if (sweep_h5) sweep_h5->commit();
  if (created) created->keep();

  if (!a.quiet) {
    const double t = run_seconds;
    char line[240];
    std::snprintf(line, sizeof line,
                  "sweep: %s%zu runs (%zu run now, %zu reused) in %.1f s, %.2f runs/s",
                  a.shard ? ("shard " + std::to_string(a.shard->index + 1) + "/" +
                             std::to_string(a.shard->count) + ": ")
                                .c_str()
                          : "",
                  owned.size(), progress.new_runs(), reused.size(), t,
                  t > 0 ? static_cast<double>(progress.new_runs()) / t : 0.0);
    std::cout << line;
    if (ranks) {
      std::snprintf(
          line, sizeof line,
          "; %d ranks, %zu runs on ranks 1..%d, rank 0 spent %.2f ms of CPU a run on them",
          mpi.size, remote_runs, mpi.size - 1,
          remote_runs ? 1e3 * coordinator_seconds / static_cast<double>(remote_runs) : 0.0);
      std::cout << line;
    }
    if (sweep_h5) {
      std::snprintf(line, sizeof line, "; sweep.h5 closed in %.2f s", progress.elapsed() - t);
      std::cout << line << "\nwrote " << sweep_file.string();
      if (!a.run_files) std::cout << " (no run files: --no-run-files)";
    } else {
      std::cout << "\nrun files in " << plan.runs_dir.string()
                << "; once every shard is done, `regsim sweep " << a.spec << " -o "
                << plan.out_dir.string() << "` writes sweep.h5 from them without running again";
    }
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
  experiment::refuse_output_dir_onto_inputs(out_dir.string(), "-o",
                                            experiment::scenario_inputs(sc));
  experiment::check_memory(sc, 1, a.max_memory);  // replicates run one after another
  std::error_code ec;
  if (!a.force && (fs::exists(sweep_file, ec) || fs::exists(runs_dir / run_file_name(0), ec)))
    throw std::invalid_argument(out_dir.string() +
                                " already holds results; use --force to overwrite");
  // Missing directories are created now and removed again (when still empty) if the runs fail.
  experiment::CreatedDirectories created(runs_dir);
  const auto run_path = [&](std::size_t id) { return runs_dir / run_file_name(id); };
  // With --force, run files of an earlier, larger replicate count go too.
  for (auto id = static_cast<std::size_t>(a.replicates); fs::remove(run_path(id), ec); ++id) {
  }

  const std::uint64_t seed = a.seed.value_or(sc.seed);
  const int threads = a.threads > 0 ? a.threads : tbb::info::default_concurrency();
  experiment::keep_freed_memory_for_next_runs();
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
    // How often the plan is met replicate by replicate (the mean can attain a row that half of
    // the replicates miss): per row and for the whole plan, with 95% Wilson intervals.
    const auto text = [](const AttainmentProbability& p) {
      char buf[64];
      std::snprintf(buf, sizeof buf, "%.2f [%.2f, %.2f] (%d of %d)", p.p, p.low, p.high, p.attained,
                    p.applicable);
      return std::string(std::isnan(p.p) ? "-" : buf);
    };
    std::vector<int> plan_met;
    for (const RunResult& r : results) plan_met.push_back(plan_attained(r.targets));
    const auto share = [](const std::vector<int>& attained) {
      return attainment_interval(attained, 0.95);
    };
    std::cout << "\nprobability of attainment across the " << a.replicates
              << " replicates, 95% Wilson interval (/targets/attainment_probability in sweep.h5)\n";
    for (std::size_t i = 0; i < mean.targets.size(); ++i) {
      const TargetResult& t = mean.targets[i];
      if (t.status != "modelled") continue;
      std::vector<int> attained;
      for (const RunResult& r : results) attained.push_back(r.targets[i].attained);
      std::cout << "  " << t.id << " " << t.year << " " << t.variable << " (" << t.entity
                << "): " << text(share(attained)) << "\n";
    }
    std::cout << "  whole plan (every modelled row in one replicate): " << text(share(plan_met))
              << "\n";
  }
  std::cout << "\nwrote " << sweep_file.string() << " and " << a.replicates << " run files in "
            << runs_dir.string() << "\n";
  return 0;
}

}  // namespace regsim::cli
