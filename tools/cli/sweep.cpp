#include "tools/cli/sweep.hpp"

#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "engine/observe/attainment.hpp"
#include "experiment/cluster.hpp"
#include "experiment/compare_stats.hpp"
#include "experiment/scenario_run.hpp"
#include "tools/cli/summary.hpp"

namespace regsim::cli {

namespace {

using Clock = std::chrono::steady_clock;

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

}  // namespace

void attach_sweep_progress(experiment::SweepRequest& request, const SweepArgs& a) {
  auto progress = std::make_shared<std::unique_ptr<Progress>>();
  const bool quiet = a.quiet;
  request.start = [progress, quiet](std::size_t runs, std::size_t reused) {
    *progress = std::make_unique<Progress>(runs, reused, quiet);
  };
  request.run_done = [progress] { (*progress)->run_done(); };
  request.finish = [progress] {
    if (*progress) (*progress)->finish();
  };
  request.notice = [quiet](const std::string& line) {
    if (!quiet) std::cerr << line << "\n";
  };
}

void print_sweep_summary(const SweepArgs& a, const experiment::SweepOutcome& out) {
  if (!a.quiet) {
    const double t = out.run_seconds;
    char line[240];
    std::snprintf(
        line, sizeof line, "sweep: %s%zu runs (%zu run now, %zu reused) in %.1f s, %.2f runs/s",
        a.shard ? ("shard " + std::to_string(a.shard->index + 1) + "/" +
                   std::to_string(a.shard->count) + ": ")
                      .c_str()
                : "",
        out.runs, out.new_runs, out.reused, t, t > 0 ? static_cast<double>(out.new_runs) / t : 0.0);
    std::cout << line;
    if (out.ranks > 1) {
      std::snprintf(
          line, sizeof line,
          "; %d ranks, %zu runs on ranks 1..%d, rank 0 spent %.2f ms of CPU a run on them",
          out.ranks, out.stats.remote_runs, out.ranks - 1,
          out.stats.remote_runs
              ? 1e3 * out.stats.coordinator_seconds / static_cast<double>(out.stats.remote_runs)
              : 0.0);
      std::cout << line;
    }
    if (out.sweep_h5) {
      std::snprintf(line, sizeof line, "; sweep.h5 closed in %.2f s", out.commit_seconds);
      std::cout << line << "\nwrote " << out.sweep_h5->string();
      if (!a.run_files) std::cout << " (no run files: --no-run-files)";
    } else {
      std::cout << "\nrun files in " << out.runs_dir.string()
                << "; once every shard is done, `regsim sweep " << a.spec << " -o "
                << out.out_dir.string() << "` writes sweep.h5 from them without running again";
    }
    std::cout << "\n";
  }
}

int run_sweep(const SweepArgs& a) {
  experiment::SweepRequest request;
  request.spec = a.spec;
  request.output = a.output;
  request.threads = a.threads;
  request.force = a.force;
  request.run_files = a.run_files;
  request.shard = a.shard;
  request.gather = a.gather;
  request.stop_after = a.stop_after;
  request.max_memory = a.max_memory;
  if (experiment::cluster::world().rank != 0) return experiment::serve_sweep(request);
  attach_sweep_progress(request, a);
  print_sweep_summary(a, experiment::run_sweep(request));
  return 0;
}

int print_replicates(const experiment::RunOutcome& out, bool quiet) {
  const int replicates = out.replicates;
  const std::vector<RunResult>& results = out.results;
  const RunResult& mean = out.mean;
  if (!quiet) {
    std::cout << "mean of " << replicates << " replicates (0 .. " << replicates - 1
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
      return experiment::attainment_interval(attained, 0.95);
    };
    std::cout << "\nprobability of attainment across the " << replicates
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
  std::cout << "\nwrote " << out.written.string() << " and " << replicates << " run files in "
            << out.runs_dir.string() << "\n";
  return 0;
}

}  // namespace regsim::cli
