#pragma once
/// @brief Land supply modes (工业用地供应方式): leasing instead of selling.
///
/// `land_lease` (长期租赁 / 弹性年期): eligible firms lease the platform land they take instead of
/// buying it: no upfront price; a yearly rent of `rent_rate` times the list price per mu, paid to
/// the host county. `lease_then_sell` (先租后让): the same lease for `lease_years`, after which
/// the firm buys the land at that year's list price. Channel: the upfront land cost leaves the
/// financing constraint (c = 0 in plan_investment; entrants' outlay excludes land) and becomes a
/// yearly cost in profit. No payer: the rent and the deferred sale are the county's revenue.
/// Mechanics: allocate_land and enter_firms book leases, engine/market/land_lease.cpp converts
/// and accounts them.

#include <algorithm>
#include <limits>

#include "engine/policy/effects.hpp"
#include "engine/policy/registry.hpp"

namespace regsim::policy {

struct LandLease {
  double rent_rate = 0.05;  ///< yearly rent / list price

  static InstrumentInfo info();
  static LandLease from_params(const std::map<std::string, double>& p) {
    return {p.at("rent_rate")};
  }
  void shape(DecisionTerms& t) const {
    t.lease_rent_rate = std::max(t.lease_rent_rate, rent_rate);
    t.lease_years = std::numeric_limits<double>::infinity();
  }
  bool marginal(const FirmFlows&) const { return true; }
  double investment_kink_wan() const { return std::numeric_limits<double>::infinity(); }
  double payment_wan(const FirmFlows&) const { return 0.0; }
};

struct LeaseThenSell {
  double rent_rate = 0.05;  ///< yearly rent / list price while leasing
  double lease_years = 5;   ///< years of lease before the firm buys

  static InstrumentInfo info();
  static LeaseThenSell from_params(const std::map<std::string, double>& p) {
    return {p.at("rent_rate"), p.at("lease_years")};
  }
  void shape(DecisionTerms& t) const {
    t.lease_rent_rate = std::max(t.lease_rent_rate, rent_rate);
    t.lease_years = std::max(t.lease_years, lease_years);
  }
  bool marginal(const FirmFlows&) const { return true; }
  double investment_kink_wan() const { return std::numeric_limits<double>::infinity(); }
  double payment_wan(const FirmFlows&) const { return 0.0; }
};

}  // namespace regsim::policy
