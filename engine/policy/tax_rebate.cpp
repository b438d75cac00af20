#include "engine/policy/tax_rebate.hpp"

namespace regsim::policy {

InstrumentInfo TaxRebate::info() {
  return {
      "tax_rebate",
      scenario::PolicyFamily::subsidy,
      "tax rebate / retained-tax refund: the payer refunds a share of eligible firms' VAT and CIT",
      {{"rate", 0.0, 0.0, 1.0, true, "share of the firm's VAT + CIT refunded"},
       per_firm_cap_param()}};
}

}  // namespace regsim::policy
