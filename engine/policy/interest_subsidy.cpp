#include "engine/policy/interest_subsidy.hpp"

namespace regsim::policy {

InstrumentInfo InterestSubsidy::info() {
  return {
      "interest_subsidy",
      scenario::PolicyFamily::subsidy,
      "loan interest subsidy: the payer covers rate points of eligible firms' loan interest",
      {{"points", 0.0, 0.0, 0.2, true, "interest points paid, fraction per year (0.02 = 2 points)"},
       per_firm_cap_param()}};
}

}  // namespace regsim::policy
