#pragma once
/// @brief `regsim bench --firms N --years Y --threads T`: runs a synthetic province (see
/// tools/bench/synthetic_province.hpp) and prints one line of key=value figures: throughput,
/// the phases measurable from outside the engine (set-up, each simulated year, recording,
/// HDF5 writing), peak memory per firm and a STREAM-triad-like memory bandwidth.

#include <cstdint>
#include <string>

namespace regsim::bench {

struct BenchArgs {
  std::int64_t firms = 100000;
  int years = 5;
  int threads = 1;
  std::uint64_t seed = 1;
  std::string output;  ///< keep the HDF5 file here; empty: a temporary file, removed
};

/// Returns the process exit code.
int run_bench(const BenchArgs& args);

}  // namespace regsim::bench
