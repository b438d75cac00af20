#include "experiment/cluster.hpp"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <string>
#include <thread>

#include "engine/scenario/scenario.hpp"

#ifdef REGSIM_HAVE_MPI
#include <mpi.h>
#endif

namespace regsim::experiment::cluster {

namespace {

World g_world;

/// Whether an MPI launcher (mpirun/mpiexec of Open MPI, a PMIx or PMI-2 launcher such as srun)
/// started this process.
bool launched_by_mpi() {
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_SIZE"}) {
    const char* v = std::getenv(name);
    if (v && *v) return true;
  }
  return false;
}

}  // namespace

const World& world() {
  return g_world;
}

Failure describe(std::exception_ptr error) {
  try {
    std::rethrow_exception(error);
  } catch (const RemoteError& e) {
    return {e.exit_code(), e.what()};
  } catch (const scenario::ScenarioError& e) {
    return {2, e.what()};
  } catch (const std::invalid_argument& e) {
    return {2, std::string("regsim: error: ") + e.what()};
  } catch (const std::exception& e) {
    return {1, std::string("regsim: error: ") + e.what()};
  } catch (...) {
    return {1, "regsim: error: unknown failure"};
  }
}

void Backoff::wait() {
  std::this_thread::sleep_for(std::chrono::microseconds(micros_));
  micros_ = std::min(2000, micros_ * 2);
}

#ifdef REGSIM_HAVE_MPI

namespace {

void check(int code, const char* what) {
  if (code == MPI_SUCCESS) return;
  char text[MPI_MAX_ERROR_STRING];
  int length = 0;
  MPI_Error_string(code, text, &length);
  throw std::runtime_error(std::string("MPI: ") + what + ": " + std::string(text, length));
}

void wait(MPI_Request& request, MPI_Status* status = MPI_STATUS_IGNORE) {
  Backoff backoff;
  for (;;) {
    int done = 0;
    check(MPI_Test(&request, &done, status), "MPI_Test");
    if (done) return;
    backoff.wait();
  }
}

template <class T>
std::vector<T> receive(int from, Tag tag, MPI_Datatype type) {
  // Probe first (polled) for the size, then receive.
  Backoff backoff;
  MPI_Status status;
  for (;;) {
    int found = 0;
    check(MPI_Iprobe(from, static_cast<int>(tag), MPI_COMM_WORLD, &found, &status), "MPI_Iprobe");
    if (found) break;
    backoff.wait();
  }
  int count = 0;
  MPI_Get_count(&status, type, &count);
  std::vector<T> values(static_cast<std::size_t>(count));
  check(MPI_Recv(values.data(), count, type, status.MPI_SOURCE, status.MPI_TAG, MPI_COMM_WORLD,
                 MPI_STATUS_IGNORE),
        "MPI_Recv");
  return values;
}

}  // namespace

bool built_with_mpi() {
  return true;
}

Session::Session(int& argc, char**& argv) {
  if (!launched_by_mpi()) return;
  int provided = 0;
  check(MPI_Init_thread(&argc, &argv, MPI_THREAD_SERIALIZED, &provided), "MPI_Init_thread");
  if (provided < MPI_THREAD_SERIALIZED) {
    std::cerr << "regsim: error: this MPI library does not allow MPI calls from several threads "
                 "(MPI_THREAD_SERIALIZED)\n";
    MPI_Abort(MPI_COMM_WORLD, 1);
  }
  g_world.mpi = true;
  MPI_Comm_rank(MPI_COMM_WORLD, &g_world.rank);
  MPI_Comm_size(MPI_COMM_WORLD, &g_world.size);
}

Session::~Session() {
  if (g_world.mpi) MPI_Finalize();
}

void abort_job(int exit_code, const std::string& line) {
  std::cerr << line << "\n" << std::flush;
  if (g_world.mpi && g_world.size > 1) MPI_Abort(MPI_COMM_WORLD, exit_code);
}

void send(int to, Tag tag, std::span<const std::int64_t> values) {
  check(MPI_Send(values.data(), static_cast<int>(values.size()), MPI_INT64_T, to,
                 static_cast<int>(tag), MPI_COMM_WORLD),
        "MPI_Send");
}

void send(int to, Tag tag, std::span<const double> values) {
  check(MPI_Send(values.data(), static_cast<int>(values.size()), MPI_DOUBLE, to,
                 static_cast<int>(tag), MPI_COMM_WORLD),
        "MPI_Send");
}

void send(int to, Tag tag, const std::string& text) {
  check(MPI_Send(text.data(), static_cast<int>(text.size()), MPI_BYTE, to, static_cast<int>(tag),
                 MPI_COMM_WORLD),
        "MPI_Send");
}

std::vector<std::int64_t> receive_int64(int from, Tag tag) {
  return receive<std::int64_t>(from, tag, MPI_INT64_T);
}

std::vector<double> receive_double(int from, Tag tag) {
  return receive<double>(from, tag, MPI_DOUBLE);
}

std::string receive_text(int from, Tag tag) {
  const auto chars = receive<char>(from, tag, MPI_BYTE);
  return std::string(chars.begin(), chars.end());
}

bool poll(Incoming& next) {
  int found = 0;
  MPI_Status status;
  check(MPI_Iprobe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &found, &status), "MPI_Iprobe");
  if (!found) return false;
  next.from = status.MPI_SOURCE;
  next.tag = static_cast<Tag>(status.MPI_TAG);
  return true;
}

void broadcast(std::span<std::int64_t> values) {
  MPI_Request request;
  check(MPI_Ibcast(values.data(), static_cast<int>(values.size()), MPI_INT64_T, 0, MPI_COMM_WORLD,
                   &request),
        "MPI_Ibcast");
  wait(request);
}

void broadcast(std::span<double> values) {
  MPI_Request request;
  check(MPI_Ibcast(values.data(), static_cast<int>(values.size()), MPI_DOUBLE, 0, MPI_COMM_WORLD,
                   &request),
        "MPI_Ibcast");
  wait(request);
}

void broadcast(std::string& bytes) {
  MPI_Request request;
  check(MPI_Ibcast(bytes.data(), static_cast<int>(bytes.size()), MPI_BYTE, 0, MPI_COMM_WORLD,
                   &request),
        "MPI_Ibcast");
  wait(request);
}

#else  // built without MPI

namespace {
/// The rank count the launcher announces.
int launcher_size() {
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "SLURM_NTASKS"}) {
    const char* v = std::getenv(name);
    if (v && *v) return std::atoi(v);
  }
  return 1;
}

[[noreturn]] void no_mpi() {
  throw std::logic_error("regsim was built without MPI: no message can be sent");
}
}  // namespace

bool built_with_mpi() {
  return false;
}

Session::Session(int& argc, char**& argv) {
  (void)argc;
  (void)argv;
  if (launched_by_mpi() && launcher_size() > 1) {
    // Every rank would run the whole sweep on its own, all writing the same files.
    std::cerr << "regsim: error: started by an MPI launcher with " << launcher_size()
              << " ranks, but this regsim was built without MPI (install libopenmpi-dev, "
                 "configure with -DREGSIM_MPI=ON and rebuild), or run it with one rank\n";
    std::exit(2);
  }
}

Session::~Session() = default;

void abort_job(int exit_code, const std::string& line) {
  (void)exit_code;
  std::cerr << line << "\n" << std::flush;
}

void send(int, Tag, std::span<const std::int64_t>) {
  no_mpi();
}
void send(int, Tag, std::span<const double>) {
  no_mpi();
}
void send(int, Tag, const std::string&) {
  no_mpi();
}
std::vector<std::int64_t> receive_int64(int, Tag) {
  no_mpi();
}
std::vector<double> receive_double(int, Tag) {
  no_mpi();
}
std::string receive_text(int, Tag) {
  no_mpi();
}
bool poll(Incoming&) {
  no_mpi();
}
void broadcast(std::span<std::int64_t>) {
  no_mpi();
}
void broadcast(std::span<double>) {
  no_mpi();
}
void broadcast(std::string&) {
  no_mpi();
}

#endif

}  // namespace regsim::experiment::cluster
