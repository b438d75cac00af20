#pragma once
/// @brief Land in platforms: servicing (planned -> serviced), allocation of serviced land to
/// expanding firms in a drawn order, and the recount of occupied land.
///
/// Invariant after every phase: 0 <= occupied <= serviced <= planned for every platform.

#include "engine/core/random.hpp"
#include "engine/state/world.hpp"

namespace regsim {

/// Each platform turns up to servicing_ha_per_year of planned land into serviced land; the
/// host county pays servicing_cost_wan_per_mu for it. A platform under a land quota services no
/// more than the quota available to it (grant_land_quota), and uses that much of it.
void service_land(World& world);

/// Firms' land claims (from plan_investment) are served platform by platform in an order drawn
/// from (seed, year, firm, land_order), never in thread order. A firm that gets less land than it
/// asked for cuts its investment to what the granted land can hold. Afterwards each firm's
/// land_claim_m2 holds the land granted to it this year.
void allocate_land(World& world);

/// occupied = land of active firms, per platform (after exits have freed land).
void recount_occupied_land(World& world);

/// The legal floor of a discounted land price at platform p for sector s (全国工业用地出让最低价
/// 标准, 国土资源部 2006): the platform's national minimum, 70% of it for its leading sectors.
double legal_land_price_floor(const World& world, PlatformId p, SectorId s);

/// The order key of a claimant: a 64-bit draw from its own stream.
std::uint64_t draw_order_key(const World& world, std::uint64_t agent, Purpose purpose);

}  // namespace regsim
