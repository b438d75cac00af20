#include "engine/policy/credit_expansion.hpp"

namespace regsim::policy {

InstrumentInfo CreditExpansion::info() {
  return {"credit_expansion",
          scenario::PolicyFamily::finance,
          "bank credit expansion: eligible firms' loan-to-capital limit is raised (no budget cost)",
          {{"points", 0.0, 0.0, 0.45, true,
            "added to the loan-to-capital limit (the sum is capped at 0.95)"}}};
}

}  // namespace regsim::policy
