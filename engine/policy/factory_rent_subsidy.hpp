#pragma once
/// @brief Factory rent subsidy (标准化厂房租金补贴, e.g. 减免前三年租金): the payer pays `rate` of
/// eligible standard-factory tenants' rent in their first `years` years after entry, up to
/// `cap_wan` a year. Channel: entrants weigh the subsidised rent when they choose a location (as
/// land prices enter the logit). Cost: rate * rent of eligible tenants.

#include <algorithm>
#include <limits>

#include "engine/policy/effects.hpp"
#include "engine/policy/registry.hpp"

namespace regsim::policy {

struct FactoryRentSubsidy {
  double rate = 0;
  double years = 3;
  double cap_wan = 1e12;

  static InstrumentInfo info();
  static FactoryRentSubsidy from_params(const std::map<std::string, double>& p) {
    return {p.at("rate"), p.at("years"), p.at("cap_wan")};
  }
  void shape(DecisionTerms& t) const {
    t.floor_rent_rate = std::min(1.0, t.floor_rent_rate + rate);
    t.floor_rent_years = std::max(t.floor_rent_years, years);
  }
  bool marginal(const FirmFlows&) const { return true; }
  double investment_kink_wan() const { return std::numeric_limits<double>::infinity(); }
  double payment_wan(const FirmFlows& f) const {
    if (f.years_since_entry < 1 || f.years_since_entry > years) return 0.0;
    return std::min(rate * f.floor_rent_wan, cap_wan);
  }
};

}  // namespace regsim::policy
