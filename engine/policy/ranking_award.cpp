#include "engine/policy/ranking_award.hpp"

namespace regsim::policy {

InstrumentInfo RankingAward::info() {
  return {"ranking_award",
          scenario::PolicyFamily::subsidy,
          "award to the top-ranked platforms of the yearly assessment (budget revenue of the "
          "platform, spent on land servicing); recipients are platforms",
          {{"top_n", 5.0, 1.0, 1e6, false, "platforms awarded per year (the best-ranked in scope)"},
           {"award_yi", 0.0, 0.0, 1e6, true, "award per platform per year, 亿元"}}};
}

}  // namespace regsim::policy
