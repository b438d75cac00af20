#pragma once
/// @brief `regsim report RESULT... -o report.html [--title T] [--baseline RESULT]`: one
/// self-contained HTML report (charts inline) of run files and sweeps. The charts are drawn by
/// tools/report/report.py (Python 3 with matplotlib), which this command runs.

#include <optional>
#include <string>
#include <vector>

namespace regsim::cli {

struct ReportArgs {
  std::vector<std::string> results;  ///< run files, sweep.h5 files or sweep output directories
  std::string output;                ///< the HTML file
  std::optional<std::string> title;
  std::optional<std::string> baseline;
  std::optional<std::string> optimization;  ///< `regsim optimize` output: the trade-off curve
  std::optional<std::string> attribution;   ///< `regsim attribute --json` output: a waterfall
};

/// The Python interpreter: $REGSIM_PYTHON if set, else /usr/bin/python3 (Debian's, which has
/// python3-matplotlib and python3-h5py).
std::string report_python();

/// The report script: $REGSIM_REPORT_SCRIPT if set, else the path configured at build time
/// (tools/report/report.py in the source tree).
std::string report_script();

/// Runs `PYTHON SCRIPT RESULT... -o OUTPUT [--title T] [--baseline B]` and returns its exit
/// status (0 ok, 2 bad input, 1 other failures, including missing Python packages, which the
/// script names). Returns 1 with a message on stderr when the interpreter or the script is
/// missing or the script dies of a signal.
int run_report(const ReportArgs& args);

}  // namespace regsim::cli
