#pragma once
/// @brief Upgrade award (小升规奖励): a one-off `amount_wan` in the year a firm first reaches the
/// above-scale revenue threshold (fiscal.above_scale_revenue_wan) after having been below it.
/// Channel (plan_investment in engine/behaviour/firm.cpp): a firm below the threshold but within
/// reach (revenue >= `reach` * threshold) treats the award as an investment subsidy on the
/// investment it needs to reach the threshold (MODEL.md, "Subsidy instruments"). Cost: the
/// awards paid, charged to the payer; a firm is paid at most once.

#include <algorithm>
#include <limits>

#include "engine/policy/effects.hpp"
#include "engine/policy/registry.hpp"

namespace regsim::policy {

struct UpgradeAward {
  double amount_wan = 0;  ///< one-off award
  double reach = 0.7;     ///< firms with revenue >= reach * threshold invest toward it

  static InstrumentInfo info();
  static UpgradeAward from_params(const std::map<std::string, double>& p) {
    return {p.at("amount_wan"), p.at("reach")};
  }
  void shape(DecisionTerms& t) const {
    t.upgrade_award_wan += amount_wan;
    t.upgrade_reach = std::min(t.upgrade_reach, reach);
  }
  bool marginal(const FirmFlows&) const { return true; }
  double investment_kink_wan() const { return std::numeric_limits<double>::infinity(); }
  double payment_wan(const FirmFlows& f) const { return f.became_above_scale ? amount_wan : 0.0; }
};

}  // namespace regsim::policy
