#pragma once
/// @brief Standard factories (标准化厂房): platforms in scope build `floor_m2_per_year` of factory
/// floor a year at `construction_cost_yuan_per_m2` (charged to the payer; the platform is the
/// recipient) and rent it at `rent_yuan_per_m2_year`. Micro and small entrants rent floor instead
/// of buying land where the platform has enough vacant floor (their land need times
/// `floor_per_land_m2`); the rent is a yearly cost in their profit, received by the host county;
/// their land is not taken from serviced land. Mechanics: engine/market/standard_factory.cpp and
/// enter_firms.

#include <limits>

#include "engine/policy/effects.hpp"
#include "engine/policy/registry.hpp"

namespace regsim::policy {

struct StandardFactory {
  double floor_m2_per_year = 0;
  double construction_cost_yuan_per_m2 = 2000;
  double rent_yuan_per_m2_year = 120;
  double floor_per_land_m2 = 1.0;  ///< floor a tenant needs per m² of land it would need

  static InstrumentInfo info();
  static StandardFactory from_params(const std::map<std::string, double>& p) {
    return {p.at("floor_m2_per_year"), p.at("construction_cost_yuan_per_m2"),
            p.at("rent_yuan_per_m2_year"), p.at("floor_per_land_m2")};
  }
  void shape(DecisionTerms&) const {}
  bool marginal(const FirmFlows&) const { return true; }
  double investment_kink_wan() const { return std::numeric_limits<double>::infinity(); }
  double payment_wan(const FirmFlows&) const { return 0.0; }
};

}  // namespace regsim::policy
