// libFuzzer harness: scenario key paths (sweep factors, calibration parameters): parse_key_path,
// then key_value on a resolved scenario text and the overlay that sets the key.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "engine/scenario/key_path.hpp"

namespace {
const std::string kResolved =
    "format = 1\nname = \"n\"\nseed = 1\n[fiscal]\nvat_rate = 0.13\n"
    "[[sectors]]\nname = \"装备制造\"\ndemand_growth = 0.05\n"
    "[[policies.subsidy]]\nname = \"p\"\nparams = { points = 0.02 }\n"
    "[[targets]]\nid = \"T-1\"\nvalue = 3\n";
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string key(reinterpret_cast<const char*>(data), size);
  std::string error;
  const auto path = regsim::scenario::parse_key_path(key, error);
  if (path.empty()) {
    if (error.empty()) __builtin_trap();  // a refusal always says why
    return 0;
  }
  (void)regsim::scenario::key_value(kResolved, path);
  const regsim::scenario::KeySetting setting{&path, 0.5, false};
  (void)regsim::scenario::overlay_scenario("base.toml", std::span(&setting, 1));
  return 0;
}
