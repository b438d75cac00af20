#pragma once
/// @brief Wage / talent subsidy (人才、社保补贴): the payer pays `rate` of an eligible firm's wage
/// bill, up to `cap_wan` a year. Channel: the firm hires as if the wage were w (1 - rate), so
/// employment and output rise; where the county's labour force binds, the market wage rises
/// instead (incidence on workers). A firm whose last wage bill already reaches the cap gets a lump
/// sum and hires as without it. Cost: rate * wage bill, charged to the payer.

#include <algorithm>
#include <limits>

#include "engine/policy/effects.hpp"
#include "engine/policy/registry.hpp"

namespace regsim::policy {

struct WageSubsidy {
  double rate = 0;        ///< share of the wage bill paid
  double cap_wan = 1e12;  ///< per-firm yearly cap, 万元

  static InstrumentInfo info();
  static WageSubsidy from_params(const std::map<std::string, double>& p) {
    return {p.at("rate"), p.at("cap_wan")};
  }
  void shape(DecisionTerms& t) const { t.wage_rate += rate; }
  bool marginal(const FirmFlows& f) const { return rate * f.wage_bill_wan < cap_wan; }
  double investment_kink_wan() const { return std::numeric_limits<double>::infinity(); }
  double payment_wan(const FirmFlows& f) const { return std::min(rate * f.wage_bill_wan, cap_wan); }
};

}  // namespace regsim::policy
