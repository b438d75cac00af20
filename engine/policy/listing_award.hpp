#pragma once
/// @brief Listing award (上市奖励): a one-off award in the year a firm lists on a stock exchange,
/// funded by three levels: `province_wan` from the province, `upper_wan` from the plan's upper
/// level (the city) and `county_wan` from the firm's county (top-up). Channel (list_firms in
/// engine/behaviour/listing.cpp): the award raises the listing hazard of eligible firms in
/// proportion to the listing cost it covers. Cost: the award, split across the three payers in
/// proportion to their amounts.

#include <limits>
#include <vector>

#include "engine/policy/effects.hpp"
#include "engine/policy/ledger.hpp"
#include "engine/policy/registry.hpp"

namespace regsim::policy {

struct ListingAward {
  double province_wan = 100;  ///< paid by the province
  double upper_wan = 50;      ///< paid by the upper level (city)
  double county_wan = 0;      ///< paid by the firm's county

  static InstrumentInfo info();
  static ListingAward from_params(const std::map<std::string, double>& p) {
    return {p.at("province_wan"), p.at("upper_wan"), p.at("county_wan")};
  }
  double total_wan() const { return province_wan + upper_wan + county_wan; }
  /// Each level's share of the award (levels that pay nothing are left out).
  std::vector<PayerShare> payer_shares() const;
  void shape(DecisionTerms&) const {}
  bool marginal(const FirmFlows&) const { return true; }
  double investment_kink_wan() const { return std::numeric_limits<double>::infinity(); }
  double payment_wan(const FirmFlows& f) const { return f.listed ? total_wan() : 0.0; }
};

}  // namespace regsim::policy
