#pragma once
/// @brief Platform bonds (专项债 / 城投债 funding development-zone investment platforms): every
/// platform in scope issues `amount_yi_per_year` at `coupon`, repaid after `maturity_years`.
/// Proceeds fund extra land servicing that year (within the plan); interest is paid by the
/// platform's development budget, whose shortfalls become platform debt, for which the host
/// county is liable. Finance family; pays firms nothing.

#include "engine/policy/government_rule.hpp"
#include "engine/policy/registry.hpp"

namespace regsim::policy {

struct PlatformBond : NoFirmEffect {
  double amount_yi_per_year = 0;
  double coupon = 0.045;
  double maturity_years = 5;

  static InstrumentInfo info();
  static PlatformBond from_params(const std::map<std::string, double>& p) {
    return {{}, p.at("amount_yi_per_year"), p.at("coupon"), p.at("maturity_years")};
  }
};

}  // namespace regsim::policy
