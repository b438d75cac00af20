#pragma once
/// @brief Bank credit expansion (信贷投放 / 普惠小微贷款计划): banks raise eligible firms' credit
/// limit by `points` of their capital (loan_to_capital + points, at most 0.95). Channel: credit-
/// constrained firms borrow and invest more. No budget pays for it: its cost shows up as more
/// debt and, when firms exit, as larger loan defaults and losses.

#include <algorithm>
#include <limits>

#include "engine/policy/effects.hpp"
#include "engine/policy/registry.hpp"

namespace regsim::policy {

struct CreditExpansion {
  double points = 0;  ///< added to the loan-to-capital limit

  static InstrumentInfo info();
  static CreditExpansion from_params(const std::map<std::string, double>& p) {
    return {p.at("points")};
  }
  void shape(DecisionTerms& t) const { t.loan_to_capital_points += points; }
  bool marginal(const FirmFlows&) const { return true; }
  double investment_kink_wan() const { return std::numeric_limits<double>::infinity(); }
  double payment_wan(const FirmFlows&) const { return 0.0; }
};

}  // namespace regsim::policy
