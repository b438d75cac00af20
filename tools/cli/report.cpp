#include "tools/cli/report.hpp"

#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>

#include "experiment/input_checks.hpp"

#ifndef REGSIM_REPORT_SCRIPT
#error "REGSIM_REPORT_SCRIPT (the path of tools/report/report.py) must be defined by the build"
#endif

extern char** environ;

namespace regsim::cli {

namespace {

constexpr int kFailure = 1;

std::string from_env(const char* name, const char* fallback) {
  const char* v = std::getenv(name);
  return v && *v ? std::string(v) : std::string(fallback);
}

}  // namespace

std::string report_python() {
  return from_env("REGSIM_PYTHON", "/usr/bin/python3");
}

std::string report_script() {
  return from_env("REGSIM_REPORT_SCRIPT", REGSIM_REPORT_SCRIPT);
}

int run_report(const ReportArgs& a) {
  const std::string python = report_python();
  const std::string script = report_script();
  if (::access(python.c_str(), X_OK) != 0) {
    std::cerr << "regsim report: error: no Python interpreter at " << python
              << " (the report's charts are drawn with Python 3 and matplotlib; install "
                 "python3 and python3-matplotlib, e.g. bash tools/setup.sh, or set "
                 "REGSIM_PYTHON)\n";
    return kFailure;
  }
  std::error_code ec;
  if (!std::filesystem::is_regular_file(script, ec)) {
    std::cerr << "regsim report: error: the report script " << script
              << " is missing (set REGSIM_REPORT_SCRIPT to tools/report/report.py)\n";
    return kFailure;
  }

  // The HTML never replaces a result (a file given, or the sweep.h5 / runs/ of a directory
  // given).
  std::vector<experiment::InputFile> inputs;
  std::vector<std::string> all = a.results;
  if (a.baseline) all.push_back(*a.baseline);
  if (a.attribution) inputs.push_back({*a.attribution, "attribution JSON"});
  if (a.optimization) {
    const std::filesystem::path o(*a.optimization);
    inputs.push_back(
        {std::filesystem::is_directory(o, ec) ? o / "optimize.h5" : o, "optimisation result"});
  }
  for (const std::string& r : all) {
    if (std::filesystem::is_directory(r, ec)) {
      const std::filesystem::path dir(r);
      if (experiment::same_file(a.output, dir / "sweep.h5") ||
          experiment::inside(a.output, dir / "runs"))
        throw std::invalid_argument("-o '" + a.output + "' would overwrite a result in '" + r +
                                    "' (an input of this command); choose another output path");
    } else {
      inputs.push_back({r, "result"});
    }
  }
  experiment::refuse_output_onto_inputs(a.output, "-o", inputs);
  // Missing directories of -o are created here and removed again if the report fails.
  experiment::CreatedDirectories created(std::filesystem::path(a.output).parent_path());

  std::vector<std::string> args{python, script};
  args.insert(args.end(), a.results.begin(), a.results.end());
  args.insert(args.end(), {"-o", a.output});
  if (a.title) args.insert(args.end(), {"--title", *a.title});
  if (a.baseline) args.insert(args.end(), {"--baseline", *a.baseline});
  if (a.attribution) args.insert(args.end(), {"--attribution", *a.attribution});
  if (a.optimization) args.insert(args.end(), {"--optimization", *a.optimization});
  std::vector<char*> argv;
  for (auto& s : args) argv.push_back(s.data());
  argv.push_back(nullptr);

  std::cout.flush();
  pid_t pid = 0;
  const int spawned = ::posix_spawn(&pid, python.c_str(), nullptr, nullptr, argv.data(), environ);
  if (spawned != 0) {
    std::cerr << "regsim report: error: cannot run " << python << ": " << std::strerror(spawned)
              << "\n";
    return kFailure;
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) {
      std::cerr << "regsim report: error: waiting for " << python << ": " << std::strerror(errno)
                << "\n";
      return kFailure;
    }
  }
  if (WIFEXITED(status)) {
    if (WEXITSTATUS(status) == 0) created.keep();
    return WEXITSTATUS(status);
  }
  std::cerr << "regsim report: error: " << script << " was killed by signal "
            << (WIFSIGNALED(status) ? WTERMSIG(status) : 0) << "\n";
  return kFailure;
}

}  // namespace regsim::cli
