#pragma once
/// @brief The one runner of the experiment layer (after FLAME GPU 2's CUDAEnsemble and
/// MPIEnsemble): it runs a plan's runs in run slots that take them from one queue, on this
/// process's threads and, under `mpirun`, on the slots of every rank, and hands each finished
/// run to sinks. Every driver (sweep, run --replicates, calibrate, optimize, attribute,
/// sensitivity, Python) runs its runs here.
///
/// Threads: `threads` run slots in one TBB arena of `threads` workers; a slot takes the next
/// run from the queue when it is free; each run builds its own Simulation inside
/// `this_task_arena::isolate`, so its parallel phases share the workers without a waiting
/// worker picking up another whole run. A run's result depends only on its scenario, seed and
/// replicate: never on the slot, the thread count or the rank that ran it.
///
/// Ranks (one request/assign protocol for every driver, experiment/cluster.hpp): rank 0 drives.
/// For each job it sends the plan to every rank, then answers the other ranks' requests for runs
/// from the same queue as its own slots (which run in a thread of their own); a rank's slot
/// sends each finished run back with its next request (output::to_bytes, exact), and rank 0
/// hands it to the job's `all` sink. A rank runs no more runs of a job at a time than its share
/// (runs / ranks, rounded up), so the replicates of a calibration spread over the ranks. The other
/// ranks sit in serve() from the start of the command to rank 0's finish(). A failure on any rank
/// stops the job's queue; runs under way finish; the first failure is rethrown on rank 0 as the
/// failing rank would have thrown it (a ScenarioError as a ScenarioError, located).

#include <atomic>
#include <cstddef>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "engine/observe/result.hpp"
#include "engine/scenario/scenario.hpp"
#include "experiment/plan.hpp"

namespace regsim::experiment {

/// Where finished runs go (run files, sweep.h5, rank 0, memory). The runner calls put() one at
/// a time (a mutex), so a sink needs no locking of its own, and HDF5 calls never overlap.
class Sink {
 public:
  virtual ~Sink() = default;
  /// Run `id` of the plan, finished.
  virtual void put(std::size_t id, const PlannedRun& run, const RunResult& result) = 0;
};

/// Keeps one value per run of what `measure` takes from its result (a few numbers, not the
/// whole result), by run id.
template <class T>
class MemorySink : public Sink {
 public:
  MemorySink(std::size_t runs, std::function<T(const RunResult&)> measure)
      : values_(runs), measure_(std::move(measure)) {}
  void put(std::size_t id, const PlannedRun&, const RunResult& result) override {
    values_.at(id) = measure_(result);
  }
  const std::vector<T>& values() const { return values_; }
  std::vector<T>& values() { return values_; }

 private:
  std::vector<T> values_;
  std::function<T(const RunResult&)> measure_;
};

/// Calls every sink in turn.
class Sinks : public Sink {
 public:
  explicit Sinks(std::vector<Sink*> sinks) : sinks_(std::move(sinks)) {}
  void put(std::size_t id, const PlannedRun& run, const RunResult& result) override {
    for (Sink* s : sinks_)
      if (s) s->put(id, run, result);
  }

 private:
  std::vector<Sink*> sinks_;
};

/// A plan to run and where its runs go.
struct Job {
  const Plan* plan = nullptr;
  /// The run ids to do, in the order they are handed out (empty: every run of the plan, in id
  /// order). Only rank 0's matters.
  std::vector<std::size_t> todo;
  /// The scenario of a point (every rank builds it alike); called once per point and process
  /// while its runs are under way, from any slot. May throw ScenarioError.
  std::function<scenario::Scenario(std::size_t point)> scenario;
  /// "point 3, replicate 1": put before the message of a run's failure (none when unset).
  std::function<std::string(const PlannedRun&)> label;
  /// Every rank: each run this process made, first (its run file).
  Sink* here = nullptr;
  /// Rank 0: every run of the job, wherever it ran (sweep.h5, memory).
  Sink* all = nullptr;
};

/// Thrown by Runner::run when its stop flag was raised (Ctrl-C in Python): the runs under way
/// finished and went to the sinks, no other run was started.
class Cancelled : public std::runtime_error {
 public:
  Cancelled() : std::runtime_error("cancelled: the runs under way finished, no new run started") {}
};

/// What a job cost rank 0, for the sweep's summary line.
struct JobStats {
  std::size_t remote_runs = 0;     ///< runs made by other ranks
  double coordinator_seconds = 0;  ///< CPU seconds rank 0 spent answering them (not waiting)
};

class Runner {
 public:
  /// `threads` workers on this process (0: all cores) and as many run slots (`slots` > 0: that
  /// many runs at a time, each with all the workers); under mpirun every rank has its own.
  explicit Runner(int threads, int slots = 0);
  ~Runner();
  Runner(const Runner&) = delete;
  Runner& operator=(const Runner&) = delete;

  /// Once `*stop` is true, no run is started any more and run() throws Cancelled after the
  /// runs under way (rank 0 or a single process; nullptr: never).
  void stop_when(const std::atomic<bool>* stop) { stop_ = stop; }

  int threads() const { return threads_; }
  int slots() const { return slots_; }
  /// The ranks of the job (1 without mpirun) and this process's.
  int ranks() const;
  int rank() const;

  /// Rank 0 (or a single process): runs the job to its end, on every rank. Throws the first
  /// failure of a run (after the runs under way have finished).
  JobStats run(const Job& job);

  /// Rank 0: ends the other ranks' serve() with `exit_code`. Once, after the last job; a
  /// single process does nothing.
  void finish(int exit_code);

  /// Ranks other than 0: does this rank's share of every job rank 0 runs, `job_of(plan)` making
  /// its side of the job (scenario, label, here; `all` is not used), until rank 0 finishes;
  /// returns rank 0's exit code. A failure of job_of or of a run is sent to rank 0.
  int serve(const std::function<Job(const Plan&)>& job_of);

 private:
  int threads_;
  int slots_;
  bool finished_ = false;
  const std::atomic<bool>* stop_ = nullptr;
};

/// For commands that simulate many runs in one process (every Runner does it):
/// freed run memory stays in the process for the next run instead of going back to the kernel
/// and being faulted in and zeroed again (glibc: allocations up to 32 MB from the heap, up to
/// 128 MB of free heap kept). At city scale this saves about a sixth of the CPU time of a run.
void keep_freed_memory_for_next_runs();

}  // namespace regsim::experiment
