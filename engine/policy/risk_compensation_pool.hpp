#pragma once
/// @brief Risk compensation pool (风险补偿资金池): the payer's pool reimburses banks `coverage` of
/// their losses on eligible firms' loans while it has money, and is topped up by
/// `top_up_yi_per_year` in a year that starts with it exhausted. Because losses are shared, banks
/// lend eligible firms `limit_points` more of their capital (like credit_expansion). Mechanics:
/// engine/market/credit.cpp; the firm receives no payment.

#include <limits>

#include "engine/policy/effects.hpp"
#include "engine/policy/registry.hpp"

namespace regsim::policy {

struct RiskCompensationPool {
  double size_yi = 0;             ///< the pool at the start
  double coverage = 0.5;          ///< share of banks' losses reimbursed
  double top_up_yi_per_year = 0;  ///< added by the payer in a year that starts exhausted
  double limit_points = 0.1;      ///< added to eligible firms' loan-to-capital limit

  static InstrumentInfo info();
  static RiskCompensationPool from_params(const std::map<std::string, double>& p) {
    return {p.at("size_yi"), p.at("coverage"), p.at("top_up_yi_per_year"), p.at("limit_points")};
  }
  void shape(DecisionTerms& t) const { t.loan_to_capital_points += limit_points; }
  bool marginal(const FirmFlows&) const { return true; }
  double investment_kink_wan() const { return std::numeric_limits<double>::infinity(); }
  double payment_wan(const FirmFlows&) const { return 0.0; }
};

}  // namespace regsim::policy
