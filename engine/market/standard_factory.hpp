#pragma once
/// @brief Standard factories (policy::StandardFactory): floor built by platforms, rented by micro
/// and small entrants; the rent subsidy (policy::FactoryRentSubsidy) in their location choice.

#include "engine/policy/effects.hpp"
#include "engine/state/world.hpp"

namespace regsim {

/// Platforms under a standard_factory policy this year add its floor_m2_per_year to their
/// factory floor; the construction cost is charged to the policy's payer. The platform's rent
/// and floor-per-land ratio are those of the (last) policy that built there.
void build_factories(World& world);

/// floor_occupied = floor rented by active tenants, per platform (exited tenants release it).
void recount_floor(World& world);

/// Land (m²) a tenant's rented floor stands for: floor / floor_per_land of its platform.
double tenant_land_m2(const World& world, FirmId i);

/// The land price (万元 per mu) that renting floor at platform p is worth to an entrant of
/// sector s under `terms`, for its location choice: the yearly rent per mu of land need,
/// rent · floor_per_land · 666.67 m² / 1e4, capitalised at the entrant's loan rate i, less the
/// present value of the rent subsidy: rent (1 − rate (1 − (1 + i)^−years)) / i.
double floor_price_equivalent(const World& world, PlatformId p, SectorId s,
                              const policy::DecisionTerms& terms);

}  // namespace regsim
