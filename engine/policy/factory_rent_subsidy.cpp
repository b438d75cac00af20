#include "engine/policy/factory_rent_subsidy.hpp"

namespace regsim::policy {

InstrumentInfo FactoryRentSubsidy::info() {
  return {"factory_rent_subsidy",
          scenario::PolicyFamily::subsidy,
          "factory rent subsidy (标准化厂房租金减免): pays a share of eligible standard-factory "
          "tenants' rent in their first years after entry",
          {{"rate", 0.0, 0.0, 1.0, true, "share of the rent paid"},
           {"years", 3.0, 1.0, 50.0, false, "years after entry in which the rent is subsidised"},
           per_firm_cap_param()}};
}

}  // namespace regsim::policy
