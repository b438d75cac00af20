#pragma once
/// @brief The compact terminal summary `regsim run` ends with: key aggregates per year and the
/// targets with simulated values and attainment.

#include <cstddef>
#include <iosfwd>
#include <span>
#include <string>

#include "engine/observe/result.hpp"

namespace regsim::cli {

/// `replicates`: the runs `result` is the replicate mean of (`run --replicates`); when given, each
/// modelled target row also shows the lowest and highest replicate's simulated value.
void print_summary(std::ostream& out, const RunResult& result,
                   std::span<const RunResult> replicates = {});

/// `s` padded with spaces to `width` terminal columns (CJK characters take two), on the right
/// (`right`: on the left).
std::string pad(const std::string& s, std::size_t width, bool right = false);

}  // namespace regsim::cli
