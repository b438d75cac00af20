#pragma once
/// @brief Idle platform land and its revocation (policy::IdleLandRevocation).

#include "engine/state/world.hpp"

namespace regsim {

/// For every active platform firm under an idle_land_revocation policy: its land need is
/// K / investment_intensity; land above (1 + tolerance) times that counts a year of idleness
/// (otherwise the count restarts); after `years` idle years in a row the land above the need
/// returns to the platform (occupied falls, land_revoked_m2 rises; leased land first). Platform
/// land_idle_m2: the land above need of the eligible firms still over tolerance. Runs after
/// recount_occupied_land.
void revoke_idle_land(World& world);

}  // namespace regsim
