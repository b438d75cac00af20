#pragma once
/// @brief Entry award (招商落地奖励 / 新引进项目奖励): a one-off award to an entrant whose initial
/// investment is at least `min_investment_wan`: `amount_wan` plus `rate` of the initial
/// investment, up to `cap_wan`, paid in the entry year. Channels (engine/behaviour/entry.cpp):
/// entrants weigh the award they would get at each location in their location choice, and the
/// expected number of entrants in an eligible (county, sector) rises with the expected award per
/// unit of entrant capital. Cost: the awards paid, charged to the payer.

#include <algorithm>
#include <limits>

#include "engine/policy/effects.hpp"
#include "engine/policy/registry.hpp"

namespace regsim::policy {

struct EntryAward {
  double amount_wan = 0;             ///< fixed award per eligible entrant
  double rate = 0;                   ///< share of the initial investment added to the award
  double cap_wan = 1e12;             ///< per-entrant cap
  double min_investment_wan = 1000;  ///< eligibility threshold on the initial investment

  static InstrumentInfo info();
  static EntryAward from_params(const std::map<std::string, double>& p) {
    return {p.at("amount_wan"), p.at("rate"), p.at("cap_wan"), p.at("min_investment_wan")};
  }
  void shape(DecisionTerms&) const {}
  bool marginal(const FirmFlows&) const { return true; }
  double investment_kink_wan() const { return std::numeric_limits<double>::infinity(); }
  double payment_wan(const FirmFlows& f) const {
    if (!f.entered || f.investment_wan < min_investment_wan) return 0.0;
    return std::min(amount_wan + rate * f.investment_wan, cap_wan);
  }
};

}  // namespace regsim::policy
