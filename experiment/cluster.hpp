#pragma once
/// @brief The MPI session of a process and the messages of the runner's one request/assign
/// protocol (experiment/runner.hpp), which every experiment driver uses under `mpirun`/`srun`.
/// MPI lives here only; the model never sees it.
///
/// The same binary runs alone or under an MPI launcher: MPI is initialised only when the
/// environment says a launcher started the process (Open MPI's OMPI_COMM_WORLD_SIZE, PMIx's
/// PMIX_RANK, Slurm's PMI_SIZE), so a plain `regsim` never touches MPI. A build without MPI
/// (REGSIM_MPI=OFF, or no Open MPI found) refuses to run more than one rank instead of silently
/// running K copies of the same sweep.
///
/// Waiting is polled (test, then sleep from 20 µs growing to 2 ms) instead of Open MPI's busy
/// wait, so a rank that waits for work leaves its core to the ranks that compute (runs are
/// 10 ms to minutes long; 2 ms of latency is nothing against them).

#include <cstdint>
#include <exception>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

namespace regsim::experiment::cluster {

/// Message tags of the runner's protocol (experiment/runner.cpp says what each carries).
enum class Tag : int {
  request = 1,  ///< worker -> 0: int64 [finished run id or -1, wants another (1) or not (0)];
                ///< a finished run's Tag::result follows
  task = 2,     ///< 0 -> worker: int64 run id, or -1: no more runs in this job
  bye = 3,      ///< worker -> 0: int64 [runs done]; the worker is through with the job
  error = 4,    ///< worker -> 0: int64 [exit code, kind, line, column], then Tag::error_text
  error_text = 5,
  result = 7,  ///< worker -> 0: a finished run, output::to_bytes, after its request
};

/// A failure on another rank, carried to rank 0: `what()` is the line to print as it is
/// (`file:line:col: ...` or `regsim: error: ...`), `exit_code` the code that rank would return.
class RemoteError : public std::runtime_error {
 public:
  RemoteError(int exit_code, const std::string& line)
      : std::runtime_error(line), exit_code_(exit_code) {}
  int exit_code() const { return exit_code_; }

 private:
  int exit_code_;
};

/// How regsim reports a failure: the line it prints on stderr and its exit code (2 for bad
/// input: ScenarioError, std::invalid_argument; 1 for any other failure; a RemoteError's own).
/// The same on every rank, so rank 0 can print a worker's failure as the worker would have.
struct Failure {
  int exit_code = 1;
  std::string line;
};
Failure describe(std::exception_ptr error);

/// The process's place in the MPI job: rank 0 of 1 when not started by an MPI launcher.
struct World {
  int rank = 0;
  int size = 1;
  bool mpi = false;  ///< MPI was initialised (even with one rank)
};

/// Initialises MPI (thread level "serialized": any thread may call, one at a time) when an MPI
/// launcher started the process; finalises it on destruction. One per process, in main().
class Session {
 public:
  explicit Session(int& argc, char**& argv);
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;
  ~Session();
};

/// The world of the running process (valid after a Session is constructed).
const World& world();

/// Whether this binary was built with MPI.
bool built_with_mpi();

/// Ends every rank of the job at once with `exit_code` (after printing `line` on stderr): for
/// failures on a rank whose peers may be waiting for it. Returns only when not under MPI.
void abort_job(int exit_code, const std::string& line);

/// Point-to-point messages; every call may come from any thread but they must not overlap
/// (the callers hold a mutex). Receives wait by polling.
void send(int to, Tag tag, std::span<const std::int64_t> values);
void send(int to, Tag tag, std::span<const double> values);
/// Text or bytes (MPI_BYTE).
void send(int to, Tag tag, const std::string& text);
std::vector<std::int64_t> receive_int64(int from, Tag tag);
std::vector<double> receive_double(int from, Tag tag);
std::string receive_text(int from, Tag tag);

/// A message waiting for rank 0 from any rank (after poll() returned true).
struct Incoming {
  int from = 0;
  Tag tag = Tag::request;
};
/// Whether a message is waiting (does not wait); fills `next`.
bool poll(Incoming& next);
/// Sleeps a little longer each call (20 µs doubling to 2 ms); reset() after work arrives.
class Backoff {
 public:
  void wait();
  void reset() { micros_ = 20; }

 private:
  int micros_ = 20;
};

/// Rank 0 sends `values` to every rank (all ranks call it with the same size); waits by polling.
void broadcast(std::span<std::int64_t> values);
void broadcast(std::span<double> values);
/// Bytes (MPI_BYTE); every rank passes a string of the same size.
void broadcast(std::string& bytes);

}  // namespace regsim::experiment::cluster
