#include "engine/policy/idle_land_revocation.hpp"

namespace regsim::policy {

InstrumentInfo IdleLandRevocation::info() {
  return {"idle_land_revocation",
          scenario::PolicyFamily::land,
          "idle land revocation (闲置土地收回): land a firm's capital has not used for `years` "
          "years in a row returns to its platform",
          {{"tolerance", 0.2, 0.0, 10.0, false,
            "land up to (1 + tolerance) times what the firm's capital needs is not idle"},
           {"years", 2.0, 1.0, 20.0, false,
            "consecutive idle years before the excess is revoked (闲置土地处置办法: two years)"}}};
}

}  // namespace regsim::policy
