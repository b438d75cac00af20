#pragma once
/// @brief Where a finished run goes. The engine/CLI hands its RunResult to a ResultSink;
/// Hdf5Sink (output/hdf5_writer.hpp) writes a file, MemorySink keeps a copy (for tests).

#include <vector>

#include "engine/observe/result.hpp"

namespace regsim::output {

class ResultSink {
 public:
  virtual ~ResultSink() = default;
  virtual void write(const RunResult& result) = 0;
};

/// Keeps a copy of every result written to it, in order.
class MemorySink : public ResultSink {
 public:
  void write(const RunResult& result) override { results_.push_back(result); }
  const std::vector<RunResult>& results() const { return results_; }
  /// The most recent result; precondition: at least one was written.
  const RunResult& last() const { return results_.back(); }

 private:
  std::vector<RunResult> results_;
};

}  // namespace regsim::output
