#pragma once
/// @brief Electricity price subsidy (电价补贴): the payer pays `rate` of an eligible firm's
/// electricity bill (the sector's electricity_cost_share times revenue), up to `cap_wan` a year.
/// Channel: each unit of revenue saves rate * e of electricity cost, so the firm hires as if its
/// margin per unit of revenue were v + rate * e instead of v (produce; MODEL.md, "Subsidy
/// instruments"). A firm whose last bill already reaches the cap gets a lump sum and hires as
/// without it. Cost: rate * e * revenue, charged to the payer.

#include <algorithm>
#include <limits>

#include "engine/policy/effects.hpp"
#include "engine/policy/registry.hpp"

namespace regsim::policy {

struct ElectricitySubsidy {
  double rate = 0;        ///< share of the electricity bill paid
  double cap_wan = 1e12;  ///< per-firm yearly cap, 万元

  static InstrumentInfo info();
  static ElectricitySubsidy from_params(const std::map<std::string, double>& p) {
    return {p.at("rate"), p.at("cap_wan")};
  }
  void shape(DecisionTerms& t) const { t.electricity_rate += rate; }
  bool marginal(const FirmFlows& f) const { return rate * f.electricity_bill_wan < cap_wan; }
  double investment_kink_wan() const { return std::numeric_limits<double>::infinity(); }
  double payment_wan(const FirmFlows& f) const {
    return std::min(rate * f.electricity_bill_wan, cap_wan);
  }
};

}  // namespace regsim::policy
