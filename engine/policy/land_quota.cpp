#include "engine/policy/land_quota.hpp"

#include "engine/state/ids.hpp"

namespace regsim::policy {

InstrumentInfo LandQuota::info() {
  return {"land_quota",
          scenario::PolicyFamily::land,
          "construction-land quota: the upper level grants new construction land to counties, "
          "which caps how much planned land their platforms can service",
          {{"quota_ha_per_year", 0.0, 0.0, 1e6, true,
            "new construction land granted per year to the counties in scope, ha"},
           choice_param("rule", {"equal", "by_need", "by_performance"}, 1,
                        "how the quota is split among counties: equally, in proportion to "
                        "unmet need, or to need times land-use performance"),
           {"efficiency_bonus", 0.2, 0.0, 10.0, false,
            "by_performance: extra weight of counties whose score is above the median"},
           choice_param("carry_over", {"lapse", "carry"}, 0,
                        "whether quota unused at the end of a year stays available")}};
}

LandQuota LandQuota::from_params(const std::map<std::string, double>& p) {
  LandQuota q;
  q.quota_m2_per_year = p.at("quota_ha_per_year") * kM2PerHa;
  q.rule = static_cast<QuotaRule>(static_cast<int>(p.at("rule")));
  q.efficiency_bonus = p.at("efficiency_bonus");
  q.carry_over = p.at("carry_over") > 0.5;
  return q;
}

}  // namespace regsim::policy
