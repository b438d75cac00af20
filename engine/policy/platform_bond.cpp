#include "engine/policy/platform_bond.hpp"

namespace regsim::policy {

InstrumentInfo PlatformBond::info() {
  return {"platform_bond",
          scenario::PolicyFamily::finance,
          "bonds issued by platforms' investment platforms; proceeds fund land servicing, "
          "interest is paid by the platform's budget",
          {{"amount_yi_per_year", 0.0, 0.0, 1e6, true, "issued per platform per year, 亿元"},
           {"coupon", 0.045, 0.0, 0.5, false, "yearly interest rate"},
           {"maturity_years", 5.0, 1.0, 50.0, false, "years to repayment of the principal"}}};
}

}  // namespace regsim::policy
