#pragma once
/// @brief A RunResult as one flat byte string and back, exactly (every double's bits, NaN
/// payloads included): how a rank of `mpirun regsim sweep` hands a finished run to rank 0
/// without rank 0 reading its run file back. Not a file format: both ends are the same regsim
/// binary; the bytes start with a tag and a format number that both check.

#include <string>
#include <string_view>

#include "engine/observe/result.hpp"

namespace regsim::output {

std::string to_bytes(const RunResult& result);

/// Throws OutputError when `bytes` is not what to_bytes wrote (wrong tag, truncated, extra).
RunResult from_bytes(std::string_view bytes);

}  // namespace regsim::output
