#pragma once
/// @brief Loan turnover (bridge) fund (转贷/过桥资金): when a bank refuses to roll over an eligible
/// firm's maturing loans and the firm cannot repay them from cash, the fund lends it the
/// maturing amount for the few days until the bank renews the loan, for a fee of `fee_rate` of
/// the amount. The fund can turn over `turnover_per_year` times its size a year; firms are served
/// in a drawn order. Mechanics: engine/market/credit.cpp (roll_over_loans); the firm receives no
/// payment.

#include <limits>

#include "engine/policy/effects.hpp"
#include "engine/policy/registry.hpp"

namespace regsim::policy {

struct BridgeFund {
  double size_yi = 0;             ///< the fund's money
  double turnover_per_year = 10;  ///< times the fund can be lent out in a year
  double fee_rate = 0.002;        ///< fee, share of the amount bridged
  double cap_wan = 1e12;          ///< max amount bridged per firm and year

  static InstrumentInfo info();
  static BridgeFund from_params(const std::map<std::string, double>& p) {
    return {p.at("size_yi"), p.at("turnover_per_year"), p.at("fee_rate"), p.at("cap_wan")};
  }
  void shape(DecisionTerms&) const {}
  bool marginal(const FirmFlows&) const { return true; }
  double investment_kink_wan() const { return std::numeric_limits<double>::infinity(); }
  double payment_wan(const FirmFlows&) const { return 0.0; }
};

}  // namespace regsim::policy
