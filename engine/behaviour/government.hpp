#pragma once
/// @brief Counties' budgets (and platforms' retained tax share) for the year.
///
/// Taxes kept by a county from its firms: county_share_of_local * (vat_local_share * VAT +
/// cit_local_share * CIT); for firms in a platform, platform_share_of_county of that goes to the
/// platform. Budget revenue = retained taxes + land sales (serviced land sold to firms at the
/// platform's price) + transfers + ranking awards. Spending = policy payments it is payer of + land
/// servicing + other spending. Debt(t) = Debt(t-1) - (revenue - spending).

#include "engine/state/world.hpp"

namespace regsim {

/// Needs the year's cell totals (aggregate_cells) and policy payments (settle).
void run_budgets(World& world);

/// Clears the yearly flows of counties and platforms (start of a year).
void reset_government_flows(World& world);

}  // namespace regsim
