#include "tools/cli/sensitivity.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include "experiment/cluster.hpp"
#include "experiment/input_checks.hpp"
#include "experiment/sensitivity.hpp"
#include "tools/cli/sweep.hpp"

namespace regsim::cli {

namespace {

std::string fmt(double v, const char* f = "%.3f") {
  if (!std::isfinite(v)) return "-";
  char buf[64];
  std::snprintf(buf, sizeof buf, f, v);
  return buf;
}

/// "[low, high]" (GCC 12 warns falsely about chains of string + on temporaries).
std::string interval_text(double low, double high) {
  if (!std::isfinite(low) || !std::isfinite(high)) return "-";
  char buf[64];
  std::snprintf(buf, sizeof buf, "[%.3f, %.3f]", low, high);
  return buf;
}

}  // namespace

int run_sensitivity(const SensitivityArgs& a) {
  experiment::SensitivityRequest request;
  request.sweep.spec = a.spec;
  request.sweep.output = a.output;
  request.sweep.threads = a.threads;
  request.outputs = a.outputs;
  request.bootstrap = a.bootstrap;
  request.confidence = a.confidence;
  if (a.json) request.files.push_back({*a.json, "--json"});
  if (experiment::cluster::world().rank != 0) return experiment::serve_sensitivity(request);
  SweepArgs sweep_args;
  sweep_args.quiet = a.quiet;
  // The sweep's progress and summary, as `regsim sweep` shows them.
  attach_sweep_progress(request.sweep, sweep_args);
  const experiment::Sensitivity s = experiment::sensitivity(request);
  print_sweep_summary(sweep_args, s.sweep);

  int width = 30;  // the factor column: the longest key
  for (const auto& key : s.factors) width = std::max(width, static_cast<int>(key.size()));
  for (const auto& out : s.outputs) {
    std::cout << "\n"
              << out.text << " (" << s.points << " points x " << s.replicates
              << " replicates; replicate means per point)\n";
    std::cout << "replicate noise: "
              << (std::isnan(out.replicate_noise_share)
                      ? std::string("n/a (1 replicate)")
                      : fmt(100 * out.replicate_noise_share, "%.1f") +
                            "% of the variance of the point means")
              << "\n";
    if (s.design == "saltelli") {
      const int pct = static_cast<int>(std::lround(100 * s.confidence));
      std::printf("%-*s %8s %17s %8s %17s\n", width, "factor", "S1",
                  (std::to_string(pct) + "% CI").c_str(), "ST",
                  (std::to_string(pct) + "% CI").c_str());
      for (std::size_t i = 0; i < s.factors.size(); ++i) {
        const auto& f = out.sobol.factors[i];
        std::printf("%-*s %8s %17s %8s %17s\n", width, s.factors[i].c_str(), fmt(f.first).c_str(),
                    interval_text(f.first_low, f.first_high).c_str(), fmt(f.total).c_str(),
                    interval_text(f.total_low, f.total_high).c_str());
      }
      std::cout << "variance of the point means: " << fmt(out.sobol.variance, "%.6g") << "\n";
    } else {
      std::printf("%-*s %12s %12s %12s\n", width, "factor (effect per full range)", "mu*", "mu",
                  "sigma");
      for (std::size_t i = 0; i < s.factors.size(); ++i) {
        const auto& m = out.morris[i];
        std::printf("%-*s %12s %12s %12s\n", width, s.factors[i].c_str(),
                    fmt(m.mu_star, "%.6g").c_str(), fmt(m.mu, "%.6g").c_str(),
                    fmt(m.sigma, "%.6g").c_str());
      }
    }
  }
  if (a.json) {
    const std::string text = experiment::sensitivity_json(s);
    if (*a.json == "-")
      std::cout << text;
    else
      experiment::write_text_atomically(*a.json, text);
  }
  return 0;
}

}  // namespace regsim::cli
