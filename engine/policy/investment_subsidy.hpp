#pragma once
/// @brief Investment subsidy (投资补助): the payer refunds `rate` of eligible firms' gross
/// investment, up to `cap_wan` per firm per year. Channel: the subsidy lowers the effective
/// price of capital (user cost times 1 - rate), raising desired capital. Cost: rate * investment.

#include <algorithm>
#include <limits>

#include "engine/policy/effects.hpp"
#include "engine/policy/registry.hpp"

namespace regsim::policy {

struct InvestmentSubsidy {
  double rate = 0;        ///< share of gross investment refunded
  double cap_wan = 1e12;  ///< per-firm yearly cap, 万元

  static InstrumentInfo info();
  static InvestmentSubsidy from_params(const std::map<std::string, double>& p) {
    return {p.at("rate"), p.at("cap_wan")};
  }
  void shape(DecisionTerms& t) const { t.investment_rate += rate; }
  bool marginal(const FirmFlows& f) const { return rate * f.investment_wan < cap_wan; }
  double investment_kink_wan() const {
    return rate > 0 ? cap_wan / rate : std::numeric_limits<double>::infinity();
  }
  double payment_wan(const FirmFlows& f) const {
    return std::min(rate * f.investment_wan, cap_wan);
  }
};

}  // namespace regsim::policy
