#include "engine/policy/park_requirement.hpp"

namespace regsim::policy {

InstrumentInfo ParkRequirement::info() {
  return {
      "park_requirement",
      scenario::PolicyFamily::land,
      "park requirement (项目入园, e.g. 化工项目入园): entrants of the sectors in scope are not "
      "admitted outside platforms in the counties in scope (scope it without platforms)",
      {}};
}

}  // namespace regsim::policy
