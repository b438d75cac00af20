#pragma once
/// @brief Loan interest subsidy (贷款贴息): the payer covers `points` of the interest on eligible
/// firms' loans. Channel: lowers the user cost of capital, so desired capital and investment rise.
/// Cost: points * debt of each eligible firm, capped per firm, charged to the payer's budget.

#include <algorithm>
#include <limits>

#include "engine/policy/effects.hpp"
#include "engine/policy/registry.hpp"

namespace regsim::policy {

struct InterestSubsidy {
  double points = 0;      ///< interest rate points paid (0.02 = 2 percentage points)
  double cap_wan = 1e12;  ///< per-firm yearly cap, 万元

  static InstrumentInfo info();
  static InterestSubsidy from_params(const std::map<std::string, double>& p) {
    return {p.at("points"), p.at("cap_wan")};
  }
  void shape(DecisionTerms& t) const { t.interest_points += points; }
  bool marginal(const FirmFlows& f) const { return points * f.debt_wan < cap_wan; }
  double investment_kink_wan() const { return std::numeric_limits<double>::infinity(); }
  double payment_wan(const FirmFlows& f) const { return std::min(points * f.debt_wan, cap_wan); }
};

}  // namespace regsim::policy
