#include "engine/policy/admission_standard.hpp"

namespace regsim::policy {

InstrumentInfo AdmissionStandard::info() {
  return {"admission_standard",
          scenario::PolicyFamily::land,
          "investment-intensity admission standard (投资强度准入): platforms in scope admit only "
          "entrants investing at least min_investment_wan_per_mu",
          {{"min_investment_wan_per_mu", 0.0, 0.0, 1e5, true,
            "minimum fixed investment per mu of land of an entrant, 万元 per mu"}}};
}

}  // namespace regsim::policy
