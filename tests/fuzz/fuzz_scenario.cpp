// libFuzzer harness: the scenario parser (TOML, `extends` against an in-memory file set, every
// check). Any input must give a Scenario or a ScenarioError; any other exception, a crash or a
// sanitizer report is a finding.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "engine/scenario/parse.hpp"
#include "tests/fuzz/fuzz_files.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  regsim::fuzz::load_files(text);
  try {
    const auto sc = regsim::scenario::load_scenario("/fuzz/main.toml");
    (void)sc;
  } catch (const regsim::scenario::ScenarioError&) {
  }
  return 0;
}
