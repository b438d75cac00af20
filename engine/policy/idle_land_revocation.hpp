#pragma once
/// @brief Idle-land revocation (闲置土地收回, 国土资源部令第53号《闲置土地处置办法》 2012: land
/// idle for two years may be taken back without compensation): an eligible firm whose land
/// exceeds what its capital needs, land > (1 + tolerance) K / intensity, for `years` years in a
/// row loses the excess over K / intensity to its platform (serviced but unoccupied again).
/// Not a payment: mechanics in engine/market/idle_land.cpp (revoke_idle_land).

#include <limits>

#include "engine/policy/effects.hpp"
#include "engine/policy/registry.hpp"

namespace regsim::policy {

struct IdleLandRevocation {
  double tolerance = 0.2;  ///< land up to (1 + tolerance) times the need is not idle
  int years = 2;           ///< consecutive idle years before the excess is revoked

  static InstrumentInfo info();
  static IdleLandRevocation from_params(const std::map<std::string, double>& p) {
    return {p.at("tolerance"), static_cast<int>(p.at("years"))};
  }
  void shape(DecisionTerms&) const {}
  bool marginal(const FirmFlows&) const { return true; }
  double investment_kink_wan() const { return std::numeric_limits<double>::infinity(); }
  double payment_wan(const FirmFlows&) const { return 0.0; }
};

}  // namespace regsim::policy
