#include "engine/policy/risk_compensation_pool.hpp"

namespace regsim::policy {

InstrumentInfo RiskCompensationPool::info() {
  return {"risk_compensation_pool",
          scenario::PolicyFamily::finance,
          "risk compensation pool: reimburses banks a share of their losses on eligible firms' "
          "loans while the pool lasts; banks lend eligible firms more and refuse them less (by the "
          "coverage)",
          {{"size_yi", 0.0, 0.0, 1e6, true, "pool at the start, 亿元"},
           {"coverage", 0.5, 0.0, 1.0, false, "share of banks' losses reimbursed"},
           {"top_up_yi_per_year", 0.0, 0.0, 1e6, false,
            "paid in by the payer in a year that starts with the pool exhausted, 亿元"},
           {"limit_points", 0.1, 0.0, 0.45, false,
            "added to eligible firms' loan-to-capital limit (the sum is capped at 0.95)"}}};
}

}  // namespace regsim::policy
