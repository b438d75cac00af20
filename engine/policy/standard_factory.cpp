#include "engine/policy/standard_factory.hpp"

namespace regsim::policy {

InstrumentInfo StandardFactory::info() {
  return {
      "standard_factory",
      scenario::PolicyFamily::land,
      "standard factories (标准化厂房): platforms build factory floor, which micro and small "
      "entrants rent instead of buying land",
      {{"floor_m2_per_year", 0.0, 0.0, 1e8, true, "factory floor built per platform a year, m²"},
       {"construction_cost_yuan_per_m2", 2000.0, 0.0, 1e5, false,
        "construction cost, 元 per m² of floor (paid by the payer)"},
       {"rent_yuan_per_m2_year", 120.0, 0.0, 1e4, false,
        "rent, 元 per m² of floor a year (received by the host county)"},
       {"floor_per_land_m2", 1.0, 0.01, 10.0, false,
        "floor a tenant needs per m² of land it would otherwise buy"}}};
}

}  // namespace regsim::policy
