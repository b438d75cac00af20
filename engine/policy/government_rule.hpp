#pragma once
/// @brief What government rules share: they are registered instruments (so they have a scope,
/// years, parameters and a payer) but pay firms nothing; their mechanics live in
/// engine/behaviour/ranking.cpp and platform_budget.cpp, which look them up in the PolicyBook.

#include <limits>

#include "engine/policy/effects.hpp"

namespace regsim::policy {

/// The firm-facing part of a rule: no effect on decisions, no payment to firms.
struct NoFirmEffect {
  void shape(DecisionTerms&) const {}
  bool marginal(const FirmFlows&) const { return true; }
  double investment_kink_wan() const { return std::numeric_limits<double>::infinity(); }
  double payment_wan(const FirmFlows&) const { return 0.0; }
};

}  // namespace regsim::policy
