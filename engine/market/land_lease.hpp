#pragma once
/// @brief Land leases (policy::LandLease, policy::LeaseThenSell): booking a lease, the sale that
/// ends a lease-then-sell lease, and the yearly rent and leased stock per county and platform.

#include "engine/policy/effects.hpp"
#include "engine/state/world.hpp"

namespace regsim {

/// Firm i leases `m2` more platform land under `terms` (terms.lease_rent_rate > 0): its leased
/// area and rent rate; a new lease starts this year and, for lease-then-sell, is bought after
/// terms.lease_years. Adds m2 to the platform's land_leased_m2 (this year's leases).
void book_lease(World& world, FirmId i, double m2, const policy::DecisionTerms& terms);

/// Lease-then-sell leases that reach their term are bought at this year's list price: the firm
/// pays (cash, borrowing if short), the host county receives it as a land sale
/// (platform land_converted_m2). Runs before plan_investment, so finance sees the payment.
void convert_leases(World& world);

/// County rent revenue (rent paid this year by firms that produced) and each platform's stock of
/// leased land (active firms, end of year).
void account_land_leases(World& world);

}  // namespace regsim
