#pragma once
/// @brief Land price discount (工业用地出让价格优惠): eligible firms buy platform land at
/// (1 - rate) of the list price, but never below `floor_wan_per_mu` (the legal floor, e.g. 70% of
/// the national minimum price for priority industries) nor below the land's servicing cost
/// (never below actual cost). Channels: cheaper land loosens the financing of expansions, and
/// entrants weigh the discounted price in their location choice. Cost: the discount on the land
/// sold, charged to the payer (land sales are booked at the list price).

#include <algorithm>
#include <limits>

#include "engine/policy/effects.hpp"
#include "engine/policy/registry.hpp"

namespace regsim::policy {

struct LandPriceDiscount {
  double rate = 0;              ///< share of the list price waived
  double floor_wan_per_mu = 0;  ///< the effective price never goes below this

  static InstrumentInfo info();
  static LandPriceDiscount from_params(const std::map<std::string, double>& p) {
    return {p.at("rate"), p.at("floor_wan_per_mu")};
  }
  void shape(DecisionTerms& t) const {
    t.land_discount_rate += rate;
    t.land_price_floor_wan_per_mu = std::max(t.land_price_floor_wan_per_mu, floor_wan_per_mu);
  }
  bool marginal(const FirmFlows&) const { return true; }
  double investment_kink_wan() const { return std::numeric_limits<double>::infinity(); }
  /// This instrument's share (by rate) of the discount on the land bought this year.
  double payment_wan(const FirmFlows& f) const {
    if (f.land_discount_rate <= 0) return 0.0;
    return f.land_bought_mu * f.land_discount_wan_per_mu * rate / f.land_discount_rate;
  }
};

}  // namespace regsim::policy
