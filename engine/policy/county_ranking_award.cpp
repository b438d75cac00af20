#include "engine/policy/county_ranking_award.hpp"

namespace regsim::policy {

InstrumentInfo CountyRankingAward::info() {
  return {"county_ranking_award",
          scenario::PolicyFamily::subsidy,
          "award to the counties with the highest GDP growth (county budget revenue); "
          "recipients are counties",
          {{"top_n", 1.0, 1.0, 1e6, false, "counties awarded per year (highest GDP growth)"},
           {"award_yi", 0.0, 0.0, 1e6, true, "award per county per year, 亿元"}}};
}

}  // namespace regsim::policy
