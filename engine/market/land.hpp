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
/// more than the quota available to it (grant_land_quota), and uses that much of it. Each county
/// adds its yearly outside addition to its vacant land outside platforms (within its outside
/// quota where a land quota covers it).
void service_land(World& world);

/// Industrial land outside platforms, from the base-year firms: occupied = their land, supplied =
/// (1 + outside_land_vacancy_share) occupied, yearly addition = outside_land_growth occupied.
void init_outside_land(World& world);

/// The price of county ci's vacant industrial land outside platforms, from its scarcity: the
/// base price times (base vacancy share / vacancy share)^outside_land_price_elasticity, within
/// [0.5, 4] times the base (MODEL.md 3.7). Set each year after the county adds land.
void price_outside_land(World& world, std::size_t county);

/// Where a firm's land comes from: its platform, or n_platforms + its county outside platforms.
/// Whether firm i's land is in a land location: a platform's land, or outside platforms the
/// county's industrial land, which only industry uses (construction and services outside
/// platforms rent commercial space: MODEL.md 3.7, land by use).
inline bool holds_located_land(const World& w, FirmId i) {
  return w.firms.platform[i] != kNoPlatform || w.sectors.industrial_land[w.firms.sector[i]] != 0;
}

inline std::uint32_t land_location(const World& w, FirmId i) {
  const auto p = w.firms.platform[i];
  return p == kNoPlatform ? static_cast<std::uint32_t>(w.n_platforms() + w.firms.county[i])
                          : static_cast<std::uint32_t>(p);
}

/// Firms' land claims (from plan_investment) are served location by location (a platform's
/// serviced-but-vacant land, or a county's vacant land outside platforms) in an order drawn
/// from (seed, year, firm, land_order), never in thread order. A firm that gets less land than it
/// asked for cuts its investment to what the granted land can hold. Afterwards each firm's
/// land_claim_m2 holds the land granted to it this year.
void allocate_land(World& world);

/// occupied = land of active firms, per platform and per county outside platforms (after exits
/// have freed land: it is vacant again).
void recount_occupied_land(World& world);

/// The legal floor of a discounted land price at platform p for sector s (全国工业用地出让最低价
/// 标准, 国土资源部 2006): the platform's national minimum, 70% of it for its leading sectors.
double legal_land_price_floor(const World& world, PlatformId p, SectorId s);

/// The order key of a claimant: a 64-bit draw from its own stream.
std::uint64_t draw_order_key(const World& world, std::uint64_t agent, Purpose purpose);

}  // namespace regsim
