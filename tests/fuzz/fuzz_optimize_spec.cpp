// libFuzzer harness: the optimisation spec reader, then its checks against the base scenario
// and the problem it sets up (no runs), with the base scenario from the in-memory file set
// ("#=== base.toml" lines in the input).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "engine/scenario/parse.hpp"
#include "experiment/optimize/problem.hpp"
#include "experiment/optimize_spec.hpp"
#include "tests/fuzz/fuzz_files.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  regsim::fuzz::load_files(text);
  try {
    const auto spec = regsim::scenario::load_optimize_spec("/fuzz/main.toml");
    const auto base = regsim::scenario::load_scenario(spec.base);
    const regsim::optimize::Problem problem(spec, base, 1);
    (void)problem.overlay(problem.plan_mix(), spec.base.string());
  } catch (const regsim::scenario::ScenarioError&) {
  }
  return 0;
}
