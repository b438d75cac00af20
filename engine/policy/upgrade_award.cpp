#include "engine/policy/upgrade_award.hpp"

namespace regsim::policy {

InstrumentInfo UpgradeAward::info() {
  return {"upgrade_award",
          scenario::PolicyFamily::subsidy,
          "upgrade award (小升规奖励): a one-off award in the year a firm first reaches the "
          "above-scale revenue threshold",
          {{"amount_wan", 0.0, 0.0, 1e12, true, "award per firm, 万元"},
           {"reach", 0.7, 0.0, 1.0, false,
            "firms with revenue >= reach * threshold invest to cross it"}}};
}

}  // namespace regsim::policy
