#pragma once
/// @brief Running many runs in one process.

namespace regsim::experiment {

/// For commands that simulate many runs in one process (sweep, run --replicates, calibrate):
/// freed run memory stays in the process for the next run instead of going back to the kernel
/// and being faulted in and zeroed again (glibc: allocations up to 32 MB from the heap, up to
/// 128 MB of free heap kept). At city scale this saves about a sixth of the CPU time of a run.
void keep_freed_memory_for_next_runs();

}  // namespace regsim::experiment
