#pragma once
/// @brief A synthetic province built in code (no TOML), for benchmarks: N firms in cells of about
/// 1000 firms spread over 24 counties, each with an industrial park and an agri-processing
/// cluster, 6 sectors, and a policy mix switched on from the first simulated year (interest
/// subsidy, investment subsidy, land price discount, guarantee fund). Land, labour and the
/// guarantee fund's capital scale with N so that the base year is feasible at any size.

#include <cstdint>

#include "engine/scenario/scenario.hpp"

namespace regsim::bench {

struct ProvinceSize {
  std::int64_t firms = 100000;  ///< base-year firms (N), at least 1
  int years = 5;                ///< simulated years after the base year, at least 1
  std::uint64_t seed = 1;
};

/// The scenario of a synthetic province; deterministic in `size`.
scenario::Scenario synthetic_province(const ProvinceSize& size);

}  // namespace regsim::bench
