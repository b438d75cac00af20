#pragma once
/// @brief The compact terminal summary `regsim run` ends with: key aggregates per year and the
/// targets with simulated values and attainment.

#include <cstddef>
#include <iosfwd>
#include <span>
#include <string>

#include "engine/observe/result.hpp"
#include "experiment/text.hpp"

namespace regsim::cli {

/// `replicates`: the runs `result` is the replicate mean of (`run --replicates`); when given, each
/// modelled target row also shows the lowest and highest replicate's simulated value.
void print_summary(std::ostream& out, const RunResult& result,
                   std::span<const RunResult> replicates = {});

/// The tables' columns (experiment/text.hpp).
using experiment::pad;

}  // namespace regsim::cli
