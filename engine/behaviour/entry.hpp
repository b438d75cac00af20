#pragma once
/// @brief Entry of new firms: how many per (county, sector), how big, and where they locate.
///
/// Expected entrants in (county c, sector s):
///   lambda = entry_rate_s * promotion_effort_c * pool_cs * clamp(Pi_cs, 0, 5)
/// pool_cs = sum over the county's locations l (outside, its platforms) of (N_ls + lead_ls) a_l:
/// N_ls active firms at the start of the year; lead_ls = 1 at a listed platform that leads s (so
/// a leading sector with no firm yet can attract its first); a_l the zone factor
/// (location_entry_weight: 1 outside, exp(theta (V_l - V_outside)) at a listed platform, so a
/// zone's land, infrastructure, package and leading sectors draw entrants, not only move them);
/// Pi_cs the profit of a new
/// Cobb-Douglas firm relative to one facing price 1 and a wage at its floor:
/// p_s^(1/(1-a-b)) (w_c / wbar_c)^(-b/(1-a-b)) (demand pressure raises entry, a tight labour
/// market lowers it).
/// Counts are Poisson. Entrant revenue is lognormal around the sector's median. Entrants choose a
/// location by multinomial logit over "outside any platform" and the county's platforms (land
/// price, infrastructure, same-sector firms, leading-sector fit, platform constant); they are
/// served in a drawn order, and a location whose vacant land (a platform's free serviced land,
/// the county's vacant land outside platforms) is less than the entrant's need drops out of its
/// choice set (the land asked for is recorded as rationed); an entrant that no admissible
/// location has land for does not enter (counted, its row dropped).
/// Entrants of different counties never compete for land or floor, so counties are served in
/// parallel, each county's entrants in the drawn order; new rows (ids), payments to payers and
/// guidance-fund equity follow the drawn order across counties.

#include "engine/state/world.hpp"

namespace regsim {

void enter_firms(World& world);

/// The factor by which policies raise a new firm's expected profit in (county, sector) through
/// its cost of capital, at the county's best option: (u_without / u_with)^(alpha / (1 - alpha -
/// beta)), u the user cost of a median entrant (MODEL.md 3.2, Entry). 1 without instruments.
double entrant_cost_of_capital_gain(const World& world, CountyId county, SectorId sector);

/// The zone factor of location p of county c for entry in sector s (MODEL.md 3.2, Entry): 1
/// outside any platform and at a delisted platform; at a listed platform
/// exp(zone_entry_response * (V_p - V_outside)), V the location-choice utility of the sector's
/// median entrant (land price after its discounts, its entry awards).
double location_entry_weight(const World& world, CountyId county, PlatformId platform,
                             SectorId sector);

/// The pool that drives entry in (county, sector): the sum over the county's locations l of
/// (N_ls + lead_ls) * location_entry_weight, N_ls active firms of the sector at l at the start of
/// the year, lead_ls = 1 at a listed platform that leads s.
double entry_pool(const World& world, CountyId county, SectorId sector);

/// A new firm's expected profit in (county, sector) relative to the base year, in real terms:
/// (p / P)^(1/(1-alpha-beta)) (w / w_res)^(-beta/(1-alpha-beta)), p the sector's regional and P its
/// national price, w the county wage and w_res its reservation wage (MODEL.md 3.2, entry).
double real_entry_profitability(const World& world, CountyId county, SectorId sector);

/// Expected entrants in (county, sector) this year (for tests and documentation).
double expected_entrants(const World& world, CountyId county, SectorId sector);

}  // namespace regsim
