#include "engine/policy/land_price_discount.hpp"

namespace regsim::policy {

InstrumentInfo LandPriceDiscount::info() {
  return {"land_price_discount",
          scenario::PolicyFamily::land,
          "land price discount: eligible firms buy platform land below the list price, not below "
          "the legal floor or the servicing cost",
          {{"rate", 0.0, 0.0, 1.0, true, "share of the list price waived"},
           {"floor_wan_per_mu", 0.0, 0.0, 1e6, false,
            "legal floor of the price, 万元 per mu (e.g. 70% of the national minimum for priority "
            "industries); the servicing cost is always a floor too"}}};
}

}  // namespace regsim::policy
