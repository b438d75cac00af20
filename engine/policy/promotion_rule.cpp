#include "engine/policy/promotion_rule.hpp"

namespace regsim::policy {

InstrumentInfo PromotionRule::info() {
  return {"promotion_rule",
          scenario::PolicyFamily::land,
          "platforms ranked in the first places of their peer group for some years running are "
          "promoted one level (assessed among their new peers from the next year)",
          {{"top_n", 1.0, 1.0, 1e6, false, "the first places of the ranking that count"},
           {"years_running", 2.0, 1.0, 50.0, false, "consecutive years in them before promotion"}}};
}

}  // namespace regsim::policy
