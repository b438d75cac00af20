// libFuzzer harness: the sweep spec reader, then its factors against the base scenario and every
// design point (small designs only), with the base scenario from the in-memory file set
// ("#=== base.toml" lines in the input).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "engine/scenario/parse.hpp"
#include "experiment/sweep_spec.hpp"
#include "tests/fuzz/fuzz_files.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  regsim::fuzz::load_files(text);
  try {
    const auto spec = regsim::scenario::load_sweep_spec("/fuzz/main.toml");
    if (spec.runs() > 64) return 0;  // a large design is slow, not wrong
    regsim::scenario::check_sweep_factors(spec);
    (void)regsim::scenario::resolve_sweep_points(spec);
  } catch (const regsim::scenario::ScenarioError&) {
  }
  return 0;
}
