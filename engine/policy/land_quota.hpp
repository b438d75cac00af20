#pragma once
/// @brief Construction-land quota (建设用地指标): the upper level grants `quota_ha_per_year` of
/// new construction land to the counties in the policy's scope, split by `rule` (equally, by
/// need, or by need times land-use performance); a county passes its quota on to its platforms in
/// proportion to their servicing plans, and a platform under a quota services no more planned
/// land than the quota available to it. Not a payment to firms: the mechanics are in
/// engine/market/land_quota.cpp (grant_land_quota, and the cap in service_land).

#include <limits>

#include "engine/policy/effects.hpp"
#include "engine/policy/registry.hpp"

namespace regsim::policy {

enum class QuotaRule { equal = 0, by_need = 1, by_performance = 2 };

struct LandQuota {
  double quota_m2_per_year = 0;  ///< new construction land granted per year (m²)
  QuotaRule rule = QuotaRule::by_need;
  double efficiency_bonus = 0.2;  ///< extra weight of counties above the median score
  bool carry_over = false;        ///< unused quota stays available next year

  static InstrumentInfo info();
  static LandQuota from_params(const std::map<std::string, double>& p);
  void shape(DecisionTerms&) const {}
  bool marginal(const FirmFlows&) const { return true; }
  double investment_kink_wan() const { return std::numeric_limits<double>::infinity(); }
  double payment_wan(const FirmFlows&) const { return 0.0; }
};

}  // namespace regsim::policy
