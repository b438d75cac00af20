#include "engine/policy/electricity_subsidy.hpp"

namespace regsim::policy {

InstrumentInfo ElectricitySubsidy::info() {
  return {
      "electricity_subsidy",
      scenario::PolicyFamily::subsidy,
      "electricity price subsidy (电价补贴): the payer pays a share of eligible firms' "
      "electricity bill (sector electricity_cost_share times revenue)",
      {{"rate", 0.0, 0.0, 1.0, true, "share of the electricity bill paid"}, per_firm_cap_param()}};
}

}  // namespace regsim::policy
