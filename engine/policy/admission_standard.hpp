#pragma once
/// @brief Investment-intensity admission standard (投资强度准入): platforms in scope admit only
/// entrants whose own investment intensity (capital per mu) is at least
/// `min_investment_wan_per_mu`; others choose among the remaining locations. Not a payment: the
/// rule is applied in enter_firms.

#include <limits>

#include "engine/policy/effects.hpp"
#include "engine/policy/registry.hpp"

namespace regsim::policy {

struct AdmissionStandard {
  double min_investment_wan_per_mu = 0;

  static InstrumentInfo info();
  static AdmissionStandard from_params(const std::map<std::string, double>& p) {
    return {p.at("min_investment_wan_per_mu")};
  }
  void shape(DecisionTerms&) const {}
  bool marginal(const FirmFlows&) const { return true; }
  double investment_kink_wan() const { return std::numeric_limits<double>::infinity(); }
  double payment_wan(const FirmFlows&) const { return 0.0; }
};

}  // namespace regsim::policy
