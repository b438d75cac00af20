#pragma once
/// @brief The compact terminal summary `regsim run` ends with: key aggregates per year and the
/// targets with simulated values and attainment.

#include <iosfwd>

#include "engine/observe/result.hpp"

namespace regsim::cli {

void print_summary(std::ostream& out, const RunResult& result);

}  // namespace regsim::cli
