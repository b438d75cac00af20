#include "experiment/sweep.hpp"

#include <signal.h>
#include <tbb/info.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <mutex>
#include <stdexcept>

#include "engine/observe/attainment.hpp"
#include "engine/observe/variables.hpp"
#include "engine/scenario/parse.hpp"
#include "engine/simulation.hpp"
#include "experiment/cluster.hpp"
#include "experiment/design.hpp"
#include "experiment/input_checks.hpp"
#include "output/hdf5_reader.hpp"
#include "output/hdf5_writer.hpp"
#include "output/sweep_writer.hpp"
#include "output/timestamp.hpp"

namespace regsim::experiment {

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

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

fs::path out_dir_of(const SweepRequest& a) {
  return a.output.empty() ? fs::path("runs") / fs::path(a.spec).stem() : fs::path(a.output);
}

/// Writes each run to its run file (atomically); with `stop_after`, ends the process abruptly
/// after that many (a simulated crash: the runner calls put() under its lock, so no run file is
/// half written).
class RunFileSink : public Sink {
 public:
  RunFileSink(fs::path dir, std::optional<std::size_t> stop_after, bool say)
      : dir_(std::move(dir)), stop_after_(stop_after), say_(say) {}
  void put(std::size_t id, const PlannedRun&, const RunResult& result) override {
    output::write_hdf5(result, dir_ / run_file_name(id), {.force = true});
    if (stop_after_ && ++written_ == *stop_after_) {
      if (say_) std::cerr << "\nsweep: stopping after " << *stop_after_ << " runs (--stop-after)\n";
      std::_Exit(kSweepStopped);
    }
  }

 private:
  fs::path dir_;
  std::optional<std::size_t> stop_after_;
  bool say_;
  std::size_t written_ = 0;
};

/// Counts runs without writing them (--no-run-files: --stop-after still applies).
class StopAfterSink : public Sink {
 public:
  StopAfterSink(std::size_t stop_after, bool say) : stop_after_(stop_after), say_(say) {}
  void put(std::size_t, const PlannedRun&, const RunResult&) override {
    if (++written_ == stop_after_) {
      if (say_) std::cerr << "\nsweep: stopping after " << stop_after_ << " runs (--stop-after)\n";
      std::_Exit(kSweepStopped);
    }
  }

 private:
  std::size_t stop_after_;
  bool say_;
  std::size_t written_ = 0;
};

/// Writes each run into sweep.h5 (when there is one) and reports it.
class SweepFileSink : public Sink {
 public:
  SweepFileSink(output::SweepWriter* writer, const std::function<void()>& run_done)
      : writer_(writer), run_done_(run_done) {}
  void put(std::size_t id, const PlannedRun&, const RunResult& result) override {
    if (writer_) writer_->add(id, result);
    ++new_runs_;
    if (run_done_) run_done_();
  }
  std::size_t new_runs() const { return new_runs_; }

 private:
  output::SweepWriter* writer_;
  const std::function<void()>& run_done_;
  std::size_t new_runs_ = 0;
};

/// The sweep's side of the job on every rank: its points' scenarios, labels, run files.
Job sweep_job(const scenario::SweepSpec& spec, const Plan& plan) {
  Job job;
  job.plan = &plan;
  job.scenario = [&spec](std::size_t point) { return scenario::parse_sweep_point(spec, point); };
  job.label = [](const PlannedRun& r) {
    return "point " + std::to_string(r.point) + ", replicate " + std::to_string(r.replicate);
  };
  return job;
}

/// The request's options that exclude each other; every rank checks them.
void check_options(const SweepRequest& a) {
  if (cluster::world().size > 1 && a.shard)
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
}

}  // namespace

std::string run_file_name(std::size_t id) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "run-%06zu.h5", id);
  return buf;
}

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

Plan sweep_plan(const scenario::SweepSpec& spec, const std::vector<scenario::SweepPoint>& points) {
  Plan plan;
  for (std::size_t p = 0; p < spec.points; ++p) {
    std::vector<double> values;
    for (std::size_t j = 0; j < spec.factors.size(); ++j) values.push_back(spec.value(p, j));
    plan.points.push_back(std::move(values));
  }
  plan.runs.resize(spec.runs());
  for (std::size_t id = 0; id < plan.runs.size(); ++id) {
    PlannedRun& r = plan.runs[id];
    r.point = id / spec.replicates;
    r.replicate = static_cast<std::uint32_t>(id % spec.replicates);
    r.seed = spec.common_random_numbers ? points[r.point].seed
                                        : sweep::independent_seed(spec.seed, r.point, r.replicate);
    r.scenario_sha256 = points[r.point].scenario_sha256;
  }
  return plan;
}

SweepOutcome run_sweep(const SweepRequest& a) {
  const cluster::World& mpi = cluster::world();
  const bool ranks = mpi.size > 1;
  check_options(a);
  Runner runner(a.threads);
  runner.stop_when(a.stop);
  // A failure before the runs start ends the other ranks with its code.
  const auto release = [&](std::exception_ptr e) { runner.finish(cluster::describe(e).exit_code); };

  // 1. The whole spec is checked before anything runs.
  scenario::SweepSpec spec;
  std::vector<scenario::SweepPoint> points;
  Plan plan;
  std::optional<scenario::Scenario> base_scenario;
  SweepOutcome out;
  out.out_dir = out_dir_of(a);
  out.runs_dir = out.out_dir / "runs";
  out.ranks = mpi.size;
  try {
    spec = scenario::load_sweep_spec(a.spec);
    scenario::check_sweep_factors(spec);
    points = scenario::resolve_sweep_points(spec);
    plan = sweep_plan(spec, points);
    base_scenario.emplace(scenario::load_scenario(spec.base));
    // Runs are isolated, so at most one world per worker thread is in memory at once.
    check_memory(
        *base_scenario,
        static_cast<int>(std::min<std::size_t>(plan.runs.size(), std::size_t(runner.threads()))),
        a.max_memory);
  } catch (...) {
    release(std::current_exception());
    throw;
  }
  const scenario::Scenario& base = *base_scenario;
  const auto run_path = [&](std::size_t id) { return out.runs_dir / run_file_name(id); };
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
  std::optional<CreatedDirectories> created;
  try {
    std::vector<InputFile> inputs = scenario_inputs(base);
    inputs.push_back({a.spec, "sweep spec"});
    refuse_output_dir_onto_inputs(out.out_dir.string(), "-o", inputs);
    // Missing directories are created now and removed again (when still empty) if the sweep
    // fails; shards share them, so a shard never removes them.
    created.emplace(a.run_files ? out.runs_dir : out.out_dir);
    if (a.shard) created->keep();
    remove_stale_temporaries(out.out_dir, owned_file);
    if (a.run_files) remove_stale_temporaries(out.runs_dir, owned_file);

    // 2. Resume: a run whose file exists, is readable and matches is not redone (only with run
    //    files: without them every run is done).
    std::size_t mismatched = 0;
    std::string first_mismatch;
    for (const std::size_t id : owned) {
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
        if (a.notice) a.notice(std::string("sweep: redoing an unreadable run file: ") + e.what());
        todo.push_back(id);
        continue;
      }
      const PlannedRun& p = plan.runs[id];
      if (found.scenario_sha256 == p.scenario_sha256 && found.seed == p.seed &&
          found.replicate == p.replicate) {
        reused.push_back(id);
        continue;
      }
      if (mismatched++ == 0)
        first_mismatch =
            path.string() + " is not point " + std::to_string(p.point) + ", replicate " +
            std::to_string(p.replicate) + " of " + a.spec + " (its " +
            (found.scenario_sha256 != p.scenario_sha256 ? "scenario" : "seed or replicate") +
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
                                  " runs have no finished run file in " + out.runs_dir.string() +
                                  " (" + missing + (todo.size() > 5 ? ", ..." : "") +
                                  "); run their shards again, or drop --gather to run them here");
    }
  } catch (...) {
    release(std::current_exception());
    throw;
  }

  // 3. sweep.h5 is written as runs finish (a temporary file until every run is in); reused
  //    runs are read from their files first. A shard writes run files only.
  std::optional<output::SweepWriter> sweep_h5;
  const fs::path sweep_file = out.out_dir / "sweep.h5";
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
    info.threads = runner.threads();
    std::vector<output::SweepRunRow> rows;
    for (const PlannedRun& p : plan.runs)
      rows.push_back({static_cast<std::int32_t>(p.point), static_cast<std::int32_t>(p.replicate),
                      p.seed, p.scenario_sha256});
    std::vector<output::SweepFactorColumn> factors;
    for (std::size_t j = 0; j < spec.factors.size(); ++j) {
      output::SweepFactorColumn c{spec.factors[j].name, spec.factors[j].key, {}};
      for (const PlannedRun& p : plan.runs) c.values.push_back(plan.points[p.point][j]);
      factors.push_back(std::move(c));
    }
    try {
      sweep_h5.emplace(sweep_file, info, rows, factors);
      for (const std::size_t id : reused) sweep_h5->add(id, output::read_hdf5(run_path(id)));
    } catch (...) {
      release(std::current_exception());
      throw;
    }
  }

  // 4. The runs: this process's slots and, under mpirun, the other ranks take them from one
  //    queue in run order as they become free.
  out.runs = owned.size();
  out.reused = reused.size();
  if (a.start) a.start(owned.size(), reused.size());
  const auto start = Clock::now();
  std::optional<RunFileSink> run_files;
  std::optional<StopAfterSink> stop_after;
  if (a.run_files)
    run_files.emplace(out.runs_dir, a.stop_after, true);
  else if (a.stop_after)
    stop_after.emplace(*a.stop_after, true);
  SweepFileSink all(sweep_h5 ? &*sweep_h5 : nullptr, a.run_done);
  Job job = sweep_job(spec, plan);
  job.todo = todo;
  job.here = run_files    ? static_cast<Sink*>(&*run_files)
             : stop_after ? static_cast<Sink*>(&*stop_after)
                          : nullptr;
  job.all = &all;
  if (!todo.empty() || ranks) {
    try {
      out.stats = runner.run(job);
    } catch (...) {
      release(std::current_exception());
      throw;
    }
  }
  runner.finish(0);
  if (a.finish) a.finish();
  out.new_runs = all.new_runs();
  out.run_seconds = std::chrono::duration<double>(Clock::now() - start).count();
  if (sweep_h5) {
    sweep_h5->commit();
    out.sweep_h5 = sweep_file;
  }
  out.commit_seconds =
      std::chrono::duration<double>(Clock::now() - start).count() - out.run_seconds;
  if (created) created->keep();
  return out;
}

int serve_sweep(const SweepRequest& a) {
  check_options(a);
  Runner runner(a.threads);
  std::optional<scenario::SweepSpec> spec;
  std::optional<RunFileSink> run_files;
  std::optional<StopAfterSink> stop_after;
  if (a.run_files)
    run_files.emplace(out_dir_of(a) / "runs", a.stop_after, false);
  else if (a.stop_after)
    stop_after.emplace(*a.stop_after, false);
  return runner.serve([&](const Plan& plan) {
    if (!spec) spec.emplace(scenario::load_sweep_spec(a.spec));
    Job job = sweep_job(*spec, plan);
    job.here = run_files    ? static_cast<Sink*>(&*run_files)
               : stop_after ? static_cast<Sink*>(&*stop_after)
                            : nullptr;
    return job;
  });
}

RunResult replicate_mean(const std::vector<RunResult>& runs, const scenario::Scenario& sc) {
  RunResult m = runs.front();
  const double n = static_cast<double>(runs.size());
  for (const Level level_id : kAllLevels) {
    const char* level = to_string(level_id);
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

ReplicatesOutcome run_replicates(const ReplicatesRequest& a) {
  const scenario::Scenario sc = scenario::load_scenario(a.scenario);
  const fs::path out_dir = a.output.empty() ? fs::path("runs") / sc.name : fs::path(a.output);
  if (out_dir.extension() == ".h5")
    throw std::invalid_argument("with " + std::to_string(a.replicates) +
                                " replicates the output is a directory (runs/ and sweep.h5); "
                                "give -o a directory, not " +
                                out_dir.string());
  ReplicatesOutcome out;
  out.runs_dir = out_dir / "runs";
  out.sweep_h5 = out_dir / "sweep.h5";
  refuse_output_dir_onto_inputs(out_dir.string(), "-o", scenario_inputs(sc));
  check_memory(sc, 1, a.max_memory);  // replicates run one after another
  std::error_code ec;
  if (!a.force && (fs::exists(out.sweep_h5, ec) || fs::exists(out.runs_dir / run_file_name(0), ec)))
    throw std::invalid_argument(out_dir.string() +
                                " already holds results; use --force to overwrite");
  // Missing directories are created now and removed again (when still empty) if the runs fail.
  CreatedDirectories created(out.runs_dir);
  // With --force, run files of an earlier, larger replicate count go too.
  for (auto id = static_cast<std::size_t>(a.replicates);
       fs::remove(out.runs_dir / run_file_name(id), ec); ++id) {
  }

  // One run at a time on every thread, each written to its run file as it finishes.
  const std::uint64_t seed = a.seed.value_or(sc.seed);
  Runner runner(a.threads, 1);
  const Plan plan = Plan::replicates({{}}, a.replicates, seed);
  RunFileSink run_files(out.runs_dir, std::nullopt, false);
  MemorySink<RunResult> results(plan.runs.size(), [](const RunResult& r) { return r; });
  Job job;
  job.plan = &plan;
  job.scenario = [&](std::size_t) { return sc; };
  job.here = &run_files;
  job.all = &results;
  runner.run(job);
  out.results = std::move(results.values());

  output::SweepInfo info;
  info.regsim_version = REGSIM_VERSION;
  info.design = "replicates";
  info.points = 1;
  info.replicates = a.replicates;
  info.common_random_numbers = true;
  info.scenario_name = sc.name;
  info.scenario_sha256 = sc.resolved_sha256;
  info.seed = seed;
  info.threads = runner.threads();
  out.mean = replicate_mean(out.results, sc);
  for (const TargetResult& t : out.mean.targets) {
    info.target_mean.push_back(t.simulated);
    info.target_mean_attained.push_back(static_cast<std::int8_t>(t.attained));
  }
  std::vector<output::SweepRunRow> rows;
  for (int r = 0; r < a.replicates; ++r)
    rows.push_back({0, r, seed, out.results[static_cast<std::size_t>(r)].scenario_sha256});
  output::SweepWriter sweep_h5(out.sweep_h5, info, rows, {});
  for (std::size_t r = 0; r < out.results.size(); ++r) sweep_h5.add(r, out.results[r]);
  sweep_h5.commit();
  created.keep();
  return out;
}

}  // namespace regsim::experiment
