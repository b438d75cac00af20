#include "engine/policy/land_lease.hpp"

namespace regsim::policy {

InstrumentInfo LandLease::info() {
  return {"land_lease",
          scenario::PolicyFamily::land,
          "long-term land lease (长期租赁/弹性年期): eligible firms lease platform land for a "
          "yearly rent instead of buying it",
          {{"rent_rate", 0.05, 0.0, 1.0, false,
            "yearly rent as a share of the list price per mu (paid to the host county)"}}};
}

InstrumentInfo LeaseThenSell::info() {
  return {
      "lease_then_sell",
      scenario::PolicyFamily::land,
      "lease then sell (先租后让): eligible firms lease platform land for lease_years, then buy "
      "it at that year's list price",
      {{"rent_rate", 0.05, 0.0, 1.0, false,
        "yearly rent as a share of the list price per mu while leasing"},
       {"lease_years", 5.0, 1.0, 50.0, false, "years of lease before the firm buys the land"}}};
}

}  // namespace regsim::policy
