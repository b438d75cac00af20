#include "tools/bench/bench.hpp"

#include <sys/resource.h>
#include <tbb/global_control.h>
#include <tbb/parallel_for.h>
#include <tbb/partitioner.h>
#include <tbb/task_arena.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <limits>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "engine/simulation.hpp"
#include "experiment/input_checks.hpp"
#include "output/hdf5_writer.hpp"
#include "tools/bench/synthetic_province.hpp"

namespace fs = std::filesystem;

namespace regsim::bench {

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

/// Peak resident set size of this process so far, in bytes (Linux reports ru_maxrss in KiB).
double peak_rss_bytes() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) * 1024.0;
}

/// A STREAM-triad-like bandwidth, GB/s: a[i] = b[i] + s * c[i] over three arrays of 64 MB each
/// (larger than the last-level cache), 24 bytes moved per element, in fixed blocks on the
/// current arena's threads; the best of `repetitions`. The arrays are first touched by the same
/// blocks, so pages sit near the threads that use them.
double stream_triad_gb_s(int repetitions = 5) {
  constexpr std::size_t n = (64u << 20) / sizeof(double);
  constexpr std::size_t grain = 1u << 16;
  const std::unique_ptr<double[]> a(new double[n]), b(new double[n]), c(new double[n]);
  const tbb::blocked_range<std::size_t> range(0, n, grain);
  tbb::static_partitioner partitioner;
  tbb::parallel_for(
      range,
      [&](const tbb::blocked_range<std::size_t>& r) {
        for (std::size_t i = r.begin(); i < r.end(); ++i) {
          a[i] = 0.0;
          b[i] = 1.0;
          c[i] = 2.0;
        }
      },
      partitioner);
  double best = std::numeric_limits<double>::infinity();
  const double scalar = 3.0;
  for (int rep = 0; rep < repetitions; ++rep) {
    const auto start = Clock::now();
    tbb::parallel_for(
        range,
        [&](const tbb::blocked_range<std::size_t>& r) {
          for (std::size_t i = r.begin(); i < r.end(); ++i) a[i] = b[i] + scalar * c[i];
        },
        partitioner);
    best = std::min(best, seconds_since(start));
  }
  // Keep the result observable so the loops are not optimised away.
  volatile double sink = a[n / 2];
  (void)sink;
  return 3.0 * sizeof(double) * static_cast<double>(n) / best / 1e9;
}

/// Streaming phases (a loop over every firm row) and the bytes of firm columns their loop reads
/// and writes for an active firm: each column read counts its element size, each column
/// written too (a read-modify-write column counts twice), as STREAM counts 24 bytes for
/// a[i] = b[i] + s * c[i]. Value added, VAT and CIT are computed from revenue and profit, not
/// read. Per-cell and per-sector tables, write-allocate traffic and the
/// rarely taken branches (exits, leases, guarantees) are not counted; nor are the sparse records
/// (FirmTable::guarantees, leases, tenancies, stakes) behind a row's 4-byte slot, read for the few
/// firms that have one. Column sizes: double 8, stream_key 8, cell 4, platform 4, sparse-record
/// slot 4, sector/county/birth_year/exit_year/listed_year 2, status/size_class/loss_years/
/// above_scale_before 1. See BENCHMARKS.md.
struct StreamingPhase {
  const char* name;
  double bytes_per_firm;
};
constexpr StreamingPhase kStreamingPhases[] = {
    // revenue_wan (r), size_class (w)
    {"classify_sizes", 9},
    // status, sector, revenue, capital, stream_key (r); log_productivity (r+w)
    {"productivity_shock", 43},
    // status, cell (r)
    {"count_cell_firms", 5},
    // supply_scale: status, sector, county, platform, cell, size_class, log_productivity,
    // capital, labour_wedge, labour, revenue (r, 54 B); the weights kept for produce (w, 16 B)
    {"clear_goods_and_labour", 70},
    // status, sector, county, platform, size_class, the weights kept from clearing (2 doubles),
    // birth_year, debt, guarantee, lease and tenancy slots (r, 48 B); labour, revenue, profit
    // (w, 24 B). A firm under a hiring policy reads supply_scale's columns instead of the kept
    // weights.
    {"produce", 72},
    // status, loss_years (r+w); sector, profit, capital, cash, debt, labour, birth_year,
    // stream_key (r: the exit hazard and its draw)
    {"exit_firms", 56},
    // status, sector, county, platform, size_class, capital, debt, birth_year, revenue,
    // above_scale_before, profit, cash, guarantee slot, intensity, land (r, 73 B); land_claim,
    // investment (w, 16 B)
    {"plan_investment", 89},
    // status, sector, county, platform, size_class, land_claim, profit, investment, labour,
    // revenue, birth_year, guarantee and tenancy slots (r, 60 B); capital, debt, cash,
    // above_scale_before (r+w, 50 B); policy_received, new_lending (w, 16 B)
    {"settle", 126},
    // status, exit_year, cell, sector, birth_year, listed_year, revenue, labour, investment,
    // profit, policy_received, capital, debt, new_lending, guarantee slot (r)
    {"aggregate_cells", 81},
};

/// Resident set size of this process now, in bytes (/proc/self/statm), 0 if unknown.
double current_rss_bytes() {
  std::ifstream statm("/proc/self/statm");
  double pages = 0, resident = 0;
  if (!(statm >> pages >> resident)) return 0;
  return resident * static_cast<double>(sysconf(_SC_PAGESIZE));
}

/// Minor page faults of this process so far.
double minor_faults() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_minflt);
}

double process_cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec);
}

}  // namespace

int run_bench(const BenchArgs& args) {
  const auto start = Clock::now();
  const int threads = args.threads;
  tbb::global_control limit(tbb::global_control::max_allowed_parallelism,
                            static_cast<std::size_t>(threads));
  tbb::task_arena arena(threads);

  const fs::path out =
      args.output.empty()
          ? fs::temp_directory_path() / ("regsim-bench-" + std::to_string(::getpid()) + ".h5")
          : fs::path(args.output);

  // Set-up: the synthetic scenario, the world and the base-year firms, the base year recorded.
  const auto sc =
      bench::synthetic_province({.firms = args.firms, .years = args.years, .seed = args.seed});
  experiment::check_memory(sc, 1, std::nullopt);  // before anything is allocated
  if (!out.parent_path().empty()) fs::create_directories(out.parent_path());
  std::unique_ptr<Simulation> sim;
  arena.execute([&] { sim = std::make_unique<Simulation>(sc, sc.seed); });
  const double seconds_setup = seconds_since(start);
  const double rss_setup = current_rss_bytes();

  // Simulation: each year's step() (the whole yearly schedule, recording included), each phase
  // timed (wall and process CPU seconds, summed over the years).
  PhaseTimes phases;
  sim->time_phases(&phases);
  const double cpu_before_simulate = process_cpu_seconds();
  const double faults_before_simulate = minor_faults();
  std::vector<double> seconds_year;
  double firm_row_years = 0;  // firm rows summed over the simulated years (end of each year)
  while (!sim->done()) {
    const auto t = Clock::now();
    arena.execute([&] { sim->step(); });
    seconds_year.push_back(seconds_since(t));
    firm_row_years += static_cast<double>(sim->world().firms.size());
  }
  const double cpu_seconds_simulate = process_cpu_seconds() - cpu_before_simulate;
  const double page_faults_simulate = minor_faults() - faults_before_simulate;
  double seconds_simulate = 0;
  for (const double s : seconds_year) seconds_simulate += s;
  const auto& status = sim->world().firms.status;
  const auto firms_active_final = std::count(status.begin(), status.end(), FirmStatus::active);
  const auto firm_rows_final = status.size();
  const double rss_simulated = current_rss_bytes();

  // Finish: targets evaluated, trajectories handed over.
  auto t = Clock::now();
  const auto result = arena.execute([&] { return sim->finish(threads); });
  const double seconds_finish = seconds_since(t);
  sim.reset();

  t = Clock::now();
  output::write_hdf5(result, out, {.force = true});
  const double seconds_write = seconds_since(t);
  const double seconds_total = seconds_since(start);
  if (args.output.empty()) fs::remove(out);

  // Peak memory before the bandwidth test allocates its arrays.
  const double rss = peak_rss_bytes();
  const double bandwidth = arena.execute([] { return stream_triad_gb_s(); });

  const double firms = static_cast<double>(args.firms);
  const double firm_years_per_s = firms * static_cast<double>(args.years) / seconds_simulate;
  std::ostringstream line;
  line.precision(6);
  line << "firms=" << args.firms << " years=" << args.years << " threads=" << threads
       << " firm_years_per_s=" << firm_years_per_s
       << " firm_years_per_s_per_core=" << firm_years_per_s / threads
       << " seconds_setup=" << seconds_setup << " seconds_simulate=" << seconds_simulate;
  for (std::size_t y = 0; y < seconds_year.size(); ++y)
    line << " seconds_year_" << y + 1 << "=" << seconds_year[y];
  line << " cpu_seconds_simulate=" << cpu_seconds_simulate
       << " page_faults_simulate=" << page_faults_simulate << " firm_years_per_cpu_s="
       << firms * static_cast<double>(args.years) / cpu_seconds_simulate;
  const auto names = Simulation::phase_names();
  for (std::size_t k = 0; k < names.size(); ++k)
    line << " phase_" << names[k] << "_s=" << phases.wall_s[k] << " phase_" << names[k]
         << "_cpu_s=" << phases.cpu_s[k];
  // Streaming phases: bytes they must touch over the run / their seconds, over the bandwidth.
  for (const auto& phase : kStreamingPhases) {
    const auto k =
        static_cast<std::size_t>(std::find(names.begin(), names.end(), phase.name) - names.begin());
    if (k == names.size()) continue;  // not a phase of the schedule (renamed)
    const double gb_s = phase.bytes_per_firm * firm_row_years / phases.wall_s[k] / 1e9;
    line << " phase_" << phase.name << "_bytes_per_firm=" << phase.bytes_per_firm << " phase_"
         << phase.name << "_gb_s=" << gb_s << " phase_" << phase.name
         << "_bandwidth_ratio=" << gb_s / bandwidth;
  }
  line << " seconds_finish=" << seconds_finish << " seconds_write=" << seconds_write
       << " seconds_total=" << seconds_total << " output_share=" << seconds_write / seconds_total
       << " firms_active_final=" << firms_active_final << " firm_rows_final=" << firm_rows_final
       << " rss_after_setup_bytes=" << rss_setup << " rss_after_simulate_bytes=" << rss_simulated
       << " peak_rss_bytes=" << rss << " bytes_per_firm=" << rss / firms
       << " stream_bandwidth_gb_s=" << bandwidth;
  std::cout << line.str() << std::endl;
  return 0;
}

}  // namespace regsim::bench
