#pragma once
/// @brief Industry guidance fund (产业引导基金): takes equity in eligible credit-bound firms,
/// `equity_share` of the investee's planned investment, served in a drawn order while the fund
/// has money; the host county co-invests `county_matching_ratio` of the fund's amount (county
/// spending). The equity comes in as cash, so the investee can invest more. After `exit_years`
/// the fund sells its stake at the investee's book equity; a stake in a firm that exited is
/// written off. Mechanics: engine/market/credit.cpp; the firm receives no payment.

#include <limits>

#include "engine/policy/effects.hpp"
#include "engine/policy/registry.hpp"

namespace regsim::policy {

struct GuidanceFund {
  double size_yi = 0;                ///< money the fund can invest at the start
  double equity_share = 0.3;         ///< fund's equity per investee, share of its investment
  double county_matching_ratio = 0;  ///< county co-investment per yuan of the fund's
  double exit_years = 5;             ///< the fund sells its stake after this many years
  double cap_wan = 1e12;             ///< max fund equity per firm

  static InstrumentInfo info();
  static GuidanceFund from_params(const std::map<std::string, double>& p) {
    return {p.at("size_yi"), p.at("equity_share"), p.at("county_matching_ratio"),
            p.at("exit_years"), p.at("cap_wan")};
  }
  void shape(DecisionTerms&) const {}
  bool marginal(const FirmFlows&) const { return true; }
  double investment_kink_wan() const { return std::numeric_limits<double>::infinity(); }
  double payment_wan(const FirmFlows&) const { return 0.0; }
};

}  // namespace regsim::policy
