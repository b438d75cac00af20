#include "engine/policy/interest_subsidy.hpp"

namespace regsim::policy {

InstrumentInfo InterestSubsidy::info() {
  return {
      "interest_subsidy",
      scenario::PolicyFamily::subsidy,
      "loan interest subsidy: the payer covers rate points of eligible firms' loan interest",
      {{"points", 0.0, 0.0, 0.2, true, "interest points paid, fraction per year (0.02 = 2 points)"},
       {"cap_wan", 1e12, 0.0, 1e12, false, "per-firm yearly cap, 万元"}}};
}

}  // namespace regsim::policy
