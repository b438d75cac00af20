#include "engine/policy/investment_subsidy.hpp"

namespace regsim::policy {

InstrumentInfo InvestmentSubsidy::info() {
  return {
      "investment_subsidy",
      scenario::PolicyFamily::subsidy,
      "investment subsidy: the payer refunds a share of eligible firms' gross investment",
      {{"rate", 0.0, 0.0, 1.0, true, "share of gross investment refunded"}, per_firm_cap_param()}};
}

}  // namespace regsim::policy
