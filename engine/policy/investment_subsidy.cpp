#include "engine/policy/investment_subsidy.hpp"

namespace regsim::policy {

InstrumentInfo InvestmentSubsidy::info() {
  return {"investment_subsidy",
          scenario::PolicyFamily::subsidy,
          "investment subsidy: the payer refunds a share of eligible firms' gross investment",
          {{"rate", 0.0, 0.0, 1.0, true, "share of gross investment refunded"},
           {"cap_wan", 1e12, 0.0, 1e12, false, "per-firm yearly cap, 万元"}}};
}

}  // namespace regsim::policy
