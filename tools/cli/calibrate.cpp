#include "tools/cli/calibrate.hpp"

#include <cstdio>
#include <iostream>

#include "experiment/calibrate/calibrate.hpp"
#include "experiment/cluster.hpp"
#include "tools/cli/progress_line.hpp"

namespace regsim::cli {

int run_calibrate(const CalibrateArgs& a) {
  calibrate::Request request;
  request.scenario = a.scenario;
  request.output = a.output;
  request.threads = a.threads;
  request.max_evaluations = a.max_evaluations;
  request.replicates = a.replicates;
  request.max_memory = a.max_memory;
  if (experiment::cluster::world().rank != 0) return calibrate::serve(request);

  ProgressLine progress(a.quiet);
  request.progress = [&](const calibrate::Progress& p) {
    char line[160];
    std::snprintf(line, sizeof line,
                  "calibrate: evaluation %d/%d  best objective %.4g  rows within standard %d/%d",
                  p.evaluation, p.max_evaluations, p.best, p.within, p.rows);
    progress.update(p.evaluation, line);
  };
  request.notice = [&](const std::string& line) {
    if (!a.quiet) std::cerr << line << "\n";
  };
  const calibrate::Outcome out = calibrate::calibrate(request);
  progress.finish();

  if (!a.quiet) {
    for (const auto& line : out.report) std::cout << line << "\n";
  }
  std::cout << "\nwrote " << out.written << "\n";
  if (out.diagnostics.any_implausible()) {
    std::cerr << "\nregsim calibrate: IMPLAUSIBLE FIT: ";
    std::string names;
    const auto& params = out.parameters;
    const auto format_number = [](double v) {
      char buf[32];
      std::snprintf(buf, sizeof buf, "%.4g", v);
      return std::string(buf);
    };
    for (std::size_t j = 0; j < out.diagnostics.implausible.size(); ++j) {
      if (!out.diagnostics.implausible[j]) continue;
      const auto& range = *out.diagnostics.plausible[j];
      names += (names.empty() ? "" : "; ") + params[j] + " = " + format_number(out.fit.fitted[j]) +
               " (plausible " + format_number(range.lower) + " .. " + format_number(range.upper) +
               ")";
    }
    std::cerr << names << "\n";
  }
  if (out.exit_code == calibrate::kCalibrationShort)
    std::cerr << "\nregsim calibrate: THE STANDARD IS NOT REACHED: " << out.written
              << " holds the best fit found in " << out.fit.evaluations
              << " evaluations, but some in-sample target rows are outside their tolerance or "
                 "unmet (see the table); widen the bounds, add parameters or raise "
                 "max_evaluations\n";
  return out.exit_code;
}

}  // namespace regsim::cli
