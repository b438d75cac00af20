#include "engine/policy/entry_award.hpp"

namespace regsim::policy {

InstrumentInfo EntryAward::info() {
  return {
      "entry_award",
      scenario::PolicyFamily::subsidy,
      "entry award (招商落地奖励): a one-off award to entrants whose initial investment reaches "
      "a threshold, paid in the entry year",
      {{"amount_wan", 0.0, 0.0, 1e12, false, "fixed award per eligible entrant, 万元"},
       {"rate", 0.0, 0.0, 1.0, false, "share of the initial investment added to the award"},
       {"cap_wan", 1e12, 0.0, 1e12, false, "cap on the award per entrant, 万元"},
       {"min_investment_wan", 1000.0, 0.0, 1e12, false,
        "minimum initial investment for the award, 万元 (1000 = 10 million yuan)"}}};
}

}  // namespace regsim::policy
