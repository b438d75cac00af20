#pragma once
/// @brief Park requirement (项目入园, e.g. 化工项目入园): new projects of the sectors in scope must
/// locate in a platform. An entrant of such a sector in a county in scope is not admitted outside
/// platforms; it chooses among the county's platforms (and does not enter where none has land).
/// Not a payment: the rule is applied in enter_firms. Incumbents outside platforms keep their land
/// and may still expand on it.

#include <limits>

#include "engine/policy/effects.hpp"
#include "engine/policy/registry.hpp"

namespace regsim::policy {

struct ParkRequirement {
  static InstrumentInfo info();
  static ParkRequirement from_params(const std::map<std::string, double>&) { return {}; }
  void shape(DecisionTerms&) const {}
  bool marginal(const FirmFlows&) const { return true; }
  double investment_kink_wan() const { return std::numeric_limits<double>::infinity(); }
  double payment_wan(const FirmFlows&) const { return 0.0; }
};

}  // namespace regsim::policy
