// libFuzzer harness: the firm registry CSV reader. Any input gives firms or a ScenarioError.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "engine/scenario/firm_registry_csv.hpp"
#include "engine/scenario/parse.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    const auto firms = regsim::scenario::parse_firm_registry_csv(text, "fuzz.csv");
    for (const auto& f : firms)
      if (!(f.revenue_wan > 0) || f.id.empty() || f.sector.empty() || f.county.empty())
        __builtin_trap();  // the reader promised to check these
  } catch (const regsim::scenario::ScenarioError&) {
  }
  return 0;
}
