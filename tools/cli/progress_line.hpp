#pragma once
/// @brief Progress of a long command (calibrate, optimize) on stderr: one line redrawn in place
/// on a terminal; a plain line every 10 steps or 10 s otherwise (no terminal, or CI set);
/// nothing when quiet. Each line ends with the elapsed time.

#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>

namespace regsim::cli {

/// "m:ss"
inline std::string clock_text(double seconds) {
  const auto s = static_cast<long>(std::lround(seconds));
  char buf[32];
  std::snprintf(buf, sizeof buf, "%ld:%02ld", s / 60, s % 60);
  return buf;
}

class ProgressLine {
 public:
  using Clock = std::chrono::steady_clock;

  explicit ProgressLine(bool quiet) : start_(Clock::now()), last_(start_) {
    const char* ci = std::getenv("CI");
    const bool in_ci = ci && *ci && std::string(ci) != "false" && std::string(ci) != "0";
    mode_ = quiet ? Mode::none : (isatty(STDERR_FILENO) && !in_ci) ? Mode::bar : Mode::lines;
  }

  /// Step `step` (1, 2, ...) with its `text`; shown when due (and always for step 1).
  void update(int step, const std::string& text) {
    const auto now = Clock::now();
    const bool due = mode_ == Mode::bar ? now - last_ >= std::chrono::milliseconds(200)
                                        : step % 10 == 0 || now - last_ >= std::chrono::seconds(10);
    if (mode_ == Mode::none || (!due && step != 1)) return;
    last_ = now;
    const std::string line = text + "  elapsed " + clock_text(elapsed());
    if (mode_ == Mode::bar) {
      std::cerr << "\r" << line << "\x1b[K" << std::flush;
      drawn_ = true;
    } else {
      std::cerr << line << "\n" << std::flush;
    }
  }

  void finish() {
    if (drawn_) std::cerr << "\n";
  }

  double elapsed() const { return std::chrono::duration<double>(Clock::now() - start_).count(); }

 private:
  enum class Mode { none, bar, lines };
  Mode mode_;
  Clock::time_point start_, last_;
  bool drawn_ = false;
};

}  // namespace regsim::cli
