#pragma once
/// @brief Tax rebate / retained-tax refund (税收返还): the payer refunds `rate` of the VAT and
/// corporate income tax an eligible firm paid this year, up to `cap_wan`. Channel: cash flow; a
/// credit-constrained firm invests more in the following years (it does not change the user cost
/// of capital). Cost: rate * taxes, charged to the payer.

#include <algorithm>
#include <limits>

#include "engine/policy/effects.hpp"
#include "engine/policy/registry.hpp"

namespace regsim::policy {

struct TaxRebate {
  double rate = 0;        ///< share of VAT + CIT refunded
  double cap_wan = 1e12;  ///< per-firm yearly cap, 万元

  static InstrumentInfo info();
  static TaxRebate from_params(const std::map<std::string, double>& p) {
    return {p.at("rate"), p.at("cap_wan")};
  }
  void shape(DecisionTerms&) const {}
  bool marginal(const FirmFlows&) const { return true; }
  double investment_kink_wan() const { return std::numeric_limits<double>::infinity(); }
  double payment_wan(const FirmFlows& f) const { return std::min(rate * f.taxes_wan, cap_wan); }
};

}  // namespace regsim::policy
