#pragma once
/// @brief Stock-exchange listings (上市): firms that are large and profitable enough list with a
/// yearly hazard that listing awards (policy::ListingAward) raise; a listing raises equity that
/// repays debt first, and the award is paid in the listing year.
///
/// Reads / writes (besides the firm's own row):
///   list_firms   reads fiscal listing rules, policies; writes listing awards into
///                world.work.payments

#include "engine/state/world.hpp"

namespace regsim {

/// A firm not yet listed, with revenue >= fiscal.listing_min_revenue_wan and positive profit,
/// lists with probability listing_hazard * (1 + award / listing_cost_wan) (one draw per firm and
/// year, Purpose::listing). On listing it raises listing_equity_ratio * capital as cash, which
/// repays debt first, and receives its listing awards (charged to their payers).
void list_firms(World& world);

}  // namespace regsim
