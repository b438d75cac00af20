#include "experiment/runner.hpp"

#include <malloc.h>
#include <tbb/blocked_range.h>
#include <tbb/global_control.h>
#include <tbb/info.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cstdint>
#include <ctime>
#include <exception>
#include <list>
#include <map>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <thread>
#include <utility>

#include "engine/simulation.hpp"
#include "experiment/cluster.hpp"
#include "output/run_bytes.hpp"

namespace regsim::experiment {

namespace {

/// The messages of a job between rank 0 and the others (cluster::Tag):
///   0 -> all   broadcast [kJob, plan bytes] then the plan (plan_to_bytes), or [kEnd, exit code]
///   k -> 0     Tag::request [finished run id or -1, wants another (1) or not (0)], then the
///              finished run's Tag::result (output::to_bytes)
///   0 -> k     Tag::task [run id, or -1: no more runs in this job]
///   k -> 0     Tag::bye [runs done]: rank k is through with the job; or Tag::error [exit code,
///              kind, line, column] then Tag::error_text, instead of bye
constexpr std::int64_t kEnd = 0, kJob = 1;
/// Tag::error's kind: a ScenarioError (error_text: file, NUL, message), or anything else
/// (error_text: the line regsim prints).
constexpr std::int64_t kOtherError = 0, kScenarioError = 1;

/// CPU seconds of the calling thread.
double thread_cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec);
}

/// Where a run slot gets its next run: reports the run it `finished` (if any) and, when `want`,
/// returns the next run to do (nullopt: none left).
using NextRun =
    std::function<std::optional<std::size_t>(std::optional<std::size_t> finished, bool want)>;

/// `slots` slots in an arena of `threads` workers: each takes runs from `next` and does
/// `run(id)` until none is left. The first error stops the slots from taking new runs (runs
/// under way finish, and are reported) and is rethrown.
void run_in_slots(int threads, int slots_count, const NextRun& next,
                  const std::function<void(std::size_t)>& run) {
  std::atomic<bool> stop{false};
  std::mutex error_mutex;
  std::exception_ptr error;
  tbb::global_control limit(tbb::global_control::max_allowed_parallelism,
                            static_cast<std::size_t>(threads));
  tbb::task_arena arena(threads);
  arena.execute([&] {
    tbb::parallel_for(
        tbb::blocked_range<int>(0, slots_count, 1),
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

/// The runs still to do, handed out in order to the slots of rank 0 and to the other ranks.
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

/// The scenarios of the points under way in this process: each built once while it stays among
/// the most recently used (runs are handed out point by point, so the slots work on a few
/// points at a time).
class Scenarios {
 public:
  Scenarios(const Job& job, std::size_t capacity) : job_(job), capacity_(capacity) {}

  std::shared_ptr<const scenario::Scenario> at(std::size_t point) {
    std::shared_ptr<Entry> entry;
    {
      const std::lock_guard lock(mutex_);
      for (auto it = recent_.begin(); it != recent_.end(); ++it)
        if (it->first == point) {
          recent_.splice(recent_.begin(), recent_, it);
          entry = it->second;
          break;
        }
      if (!entry) {
        entry = std::make_shared<Entry>();
        recent_.emplace_front(point, entry);
        if (recent_.size() > capacity_) recent_.pop_back();
      }
    }
    // Built outside the cache's lock (a parse takes a while), once per entry.
    std::call_once(entry->once, [&] {
      entry->scenario = std::make_shared<const scenario::Scenario>(job_.scenario(point));
    });
    return entry->scenario;
  }

 private:
  struct Entry {
    std::once_flag once;
    std::shared_ptr<const scenario::Scenario> scenario;
  };
  const Job& job_;
  std::size_t capacity_;
  std::mutex mutex_;
  std::list<std::pair<std::size_t, std::shared_ptr<Entry>>> recent_;
};

/// Simulates run `r`; a failure's message starts with the job's label of the run.
RunResult simulate(const Job& job, Scenarios& scenarios, const PlannedRun& r, int threads) {
  RunResult result;
  try {
    // Isolated: a worker waiting inside this run's parallel loops does not pick up another
    // whole run (which would hold two worlds in memory and delay this one).
    tbb::this_task_arena::isolate([&] {
      const auto sc = scenarios.at(r.point);
      Simulation sim(*sc, r.seed, r.replicate);
      while (!sim.done()) sim.step();
      result = sim.finish(threads);
    });
  } catch (const scenario::ScenarioError& e) {
    if (!job.label) throw;
    throw scenario::ScenarioError(e.where(), job.label(r) + ": " + e.message());
  } catch (const std::exception& e) {
    if (!job.label) throw;
    throw std::runtime_error(job.label(r) + ": " + e.what());
  }
  result.replicate = r.replicate;
  return result;
}

/// Run slots of a rank for a job of `runs` runs on `ranks` ranks: all of them, but no more than
/// the rank's share, so that a short job (a calibration's replicates) is spread over the ranks
/// instead of filling rank 0's slots first (rank 0's slots reach the queue first); each run
/// then has more threads for its own loops.
int job_slots(int slots, int ranks, std::size_t runs) {
  if (ranks <= 1) return slots;
  const std::size_t share =
      (runs + static_cast<std::size_t>(ranks) - 1) / static_cast<std::size_t>(ranks);
  return static_cast<int>(std::clamp<std::size_t>(share, 1, static_cast<std::size_t>(slots)));
}

std::vector<std::size_t> all_runs(const Job& job) {
  if (!job.todo.empty()) return job.todo;
  std::vector<std::size_t> ids(job.plan->runs.size());
  for (std::size_t id = 0; id < ids.size(); ++id) ids[id] = id;
  return ids;
}

/// Rank k's failure as Tag::error and Tag::error_text.
void send_failure(std::exception_ptr error) {
  try {
    std::rethrow_exception(error);
  } catch (const scenario::ScenarioError& e) {
    const std::array<std::int64_t, 4> head{2, kScenarioError, e.where().line, e.where().column};
    cluster::send(0, cluster::Tag::error, head);
    cluster::send(0, cluster::Tag::error_text, e.where().file + '\0' + e.message());
  } catch (...) {
    const cluster::Failure f = cluster::describe(std::current_exception());
    const std::array<std::int64_t, 4> head{f.exit_code, kOtherError, 0, 0};
    cluster::send(0, cluster::Tag::error, head);
    cluster::send(0, cluster::Tag::error_text, f.line);
  }
}

/// Rank k's failure, received on rank 0, as the exception rank k threw.
std::exception_ptr received_failure(int from) {
  const auto head = cluster::receive_int64(from, cluster::Tag::error);
  const std::string text = cluster::receive_text(from, cluster::Tag::error_text);
  if (head.size() == 4 && head[1] == kScenarioError) {
    const std::size_t nul = text.find('\0');
    scenario::SourceLocation where{text.substr(0, nul), static_cast<int>(head[2]),
                                   static_cast<int>(head[3])};
    return std::make_exception_ptr(scenario::ScenarioError(
        std::move(where), nul == std::string::npos ? std::string() : text.substr(nul + 1)));
  }
  return std::make_exception_ptr(cluster::RemoteError(static_cast<int>(head.at(0)), text));
}

}  // namespace

void keep_freed_memory_for_next_runs() {
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TRIM_THRESHOLD, 128 << 20);
}

Runner::Runner(int threads, int slots)
    : threads_(threads > 0 ? threads : tbb::info::default_concurrency()),
      slots_(slots > 0 ? std::min(slots, threads_) : threads_) {
  keep_freed_memory_for_next_runs();
}

Runner::~Runner() = default;

int Runner::ranks() const {
  return cluster::world().size;
}

int Runner::rank() const {
  return cluster::world().rank;
}

JobStats Runner::run(const Job& job) {
  if (rank() != 0) throw std::logic_error("Runner::run on a rank other than 0: serve() instead");
  JobStats stats;
  Scenarios scenarios(job, 2 * static_cast<std::size_t>(threads_));
  const std::vector<std::size_t> todo = all_runs(job);
  const int slots = job_slots(slots_, ranks(), todo.size());
  RunQueue queue(todo);
  std::mutex write_mutex;  // sinks one at a time
  const auto run_here = [&](std::size_t id) {
    const PlannedRun& r = job.plan->runs.at(id);
    const RunResult result = simulate(job, scenarios, r, threads_);
    const std::lock_guard lock(write_mutex);
    if (job.here) job.here->put(id, r, result);
    if (job.all) job.all->put(id, r, result);
  };
  const NextRun next_here = [&](std::optional<std::size_t>, bool want) {
    if (want && stop_ && stop_->load()) throw Cancelled();
    return want ? queue.pop() : std::nullopt;
  };
  if (ranks() == 1) {
    run_in_slots(threads_, slots, next_here, run_here);
    return stats;
  }

  // Rank 0 under mpirun: the plan to every rank; its own slots in a thread of their own; this
  // thread answers the other ranks.
  std::string bytes = plan_to_bytes(*job.plan);
  std::array<std::int64_t, 2> head{kJob, static_cast<std::int64_t>(bytes.size())};
  cluster::broadcast(head);
  cluster::broadcast(bytes);
  std::exception_ptr error;  // the first failure, here or on another rank
  std::mutex error_mutex;
  const auto fail = [&](std::exception_ptr e) {
    const std::lock_guard lock(error_mutex);
    if (!error) error = e;
    queue.close();
  };
  std::thread local_slots([&] {
    try {
      run_in_slots(threads_, slots, next_here, run_here);
    } catch (...) {
      fail(std::current_exception());
    }
  });
  try {
    int working = ranks() - 1;
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
          const std::string result_bytes = cluster::receive_text(in.from, cluster::Tag::result);
          try {
            const RunResult result = output::from_bytes(result_bytes);
            const std::lock_guard lock(write_mutex);
            if (job.all) job.all->put(id, job.plan->runs.at(id), result);
          } catch (...) {
            fail(std::current_exception());
          }
          ++stats.remote_runs;
        }
      } else if (in.tag == cluster::Tag::bye) {
        cluster::receive_int64(in.from, cluster::Tag::bye);
        --working;
      } else if (in.tag == cluster::Tag::error) {
        fail(received_failure(in.from));
        --working;
      } else {
        throw std::runtime_error("unexpected message (tag " +
                                 std::to_string(static_cast<int>(in.tag)) + ") from rank " +
                                 std::to_string(in.from));
      }
      stats.coordinator_seconds += thread_cpu_seconds() - t0;
    }
  } catch (const std::exception& e) {
    // The messages themselves failed: the other ranks may wait forever; end the job.
    cluster::abort_job(1, std::string("regsim: error: rank 0: ") + e.what());
    std::_Exit(1);
  }
  local_slots.join();
  if (error) std::rethrow_exception(error);
  return stats;
}

void Runner::finish(int exit_code) {
  if (finished_ || ranks() == 1 || rank() != 0) return;
  finished_ = true;
  std::array<std::int64_t, 2> head{kEnd, exit_code};
  cluster::broadcast(head);
}

int Runner::serve(const std::function<Job(const Plan&)>& job_of) {
  for (;;) {
    std::array<std::int64_t, 2> head{};
    cluster::broadcast(head);
    if (head[0] == kEnd) return static_cast<int>(head[1]);
    std::string bytes(static_cast<std::size_t>(head[1]), '\0');
    cluster::broadcast(bytes);
    std::size_t runs_done = 0;
    try {
      const Plan plan = plan_from_bytes(bytes);
      const Job job = job_of(plan);
      Scenarios scenarios(job, 2 * static_cast<std::size_t>(threads_));
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
          std::string result;
          {
            const std::lock_guard results_lock(results_mutex);
            auto at = results.find(*finished);
            result = std::move(at->second);
            results.erase(at);
          }
          cluster::send(0, cluster::Tag::result, result);
        }
        if (!want) return std::nullopt;
        const auto answer = cluster::receive_int64(0, cluster::Tag::task);
        if (answer.size() != 1 || answer[0] < 0) return std::nullopt;
        return static_cast<std::size_t>(answer[0]);
      };
      std::atomic<std::size_t> done{0};
      run_in_slots(threads_, job_slots(slots_, ranks(), plan.runs.size()), next,
                   [&](std::size_t id) {
                     const PlannedRun& r = plan.runs.at(id);
                     const RunResult result = simulate(job, scenarios, r, threads_);
                     if (job.here) {
                       const std::lock_guard lock(write_mutex);
                       job.here->put(id, r, result);
                     }
                     std::string result_bytes = output::to_bytes(result);
                     {
                       const std::lock_guard lock(results_mutex);
                       results[id] = std::move(result_bytes);
                     }
                     ++done;
                   });
      runs_done = done.load();
    } catch (...) {
      send_failure(std::current_exception());
      continue;
    }
    const std::array<std::int64_t, 1> bye{static_cast<std::int64_t>(runs_done)};
    cluster::send(0, cluster::Tag::bye, bye);
  }
}

}  // namespace regsim::experiment
