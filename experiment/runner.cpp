#include "experiment/runner.hpp"

#include <malloc.h>

namespace regsim::experiment {

void keep_freed_memory_for_next_runs() {
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TRIM_THRESHOLD, 128 << 20);
}

}  // namespace regsim::experiment
