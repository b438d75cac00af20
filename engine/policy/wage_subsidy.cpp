#include "engine/policy/wage_subsidy.hpp"

namespace regsim::policy {

InstrumentInfo WageSubsidy::info() {
  return {"wage_subsidy",
          scenario::PolicyFamily::subsidy,
          "wage / talent subsidy: the payer pays a share of eligible firms' wage bill",
          {{"rate", 0.0, 0.0, 0.9, true, "share of the wage bill paid"}, per_firm_cap_param()}};
}

}  // namespace regsim::policy
