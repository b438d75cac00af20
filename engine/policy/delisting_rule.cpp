#include "engine/policy/delisting_rule.hpp"

namespace regsim::policy {

InstrumentInfo DelistingRule::info() {
  return {"delisting_rule",
          scenario::PolicyFamily::land,
          "platforms ranked in the last places of their ranking for some years running are "
          "delisted (no more land servicing, entrants or platform-scoped policies)",
          {{"bottom_n", 3.0, 1.0, 1e6, false, "the last places of the ranking that count"},
           {"years_running", 2.0, 1.0, 50.0, false, "consecutive years in them before delisting"},
           {"peer_platforms", 0.0, 0.0, 1e4, false,
            "zones in the ranking that are not in the scenario (scores drawn each year)"}}};
}

}  // namespace regsim::policy
