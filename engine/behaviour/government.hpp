#pragma once
/// @brief Counties' budgets (and platforms' retained tax share) for the year.
///
/// Taxes kept by a county from its firms: county_share_of_local * (vat_local_share * VAT +
/// cit_local_share * CIT + other taxes); for firms in a platform, platform_share_of_county of that
/// goes to the platform. Budget revenue = retained taxes + own revenue of the non-modelled economy
/// + land sales (serviced land sold to firms at the platform's price) and rent + transfers +
/// ranking awards. Spending = policy payments it is payer of + finance spending + land servicing +
/// general spending (following the year's own revenue and transfers) + interest on last year's
/// debt + other spending. Debt(t) = Debt(t-1) - (revenue - spending). MODEL.md 3.2, budgets.

#include "engine/state/world.hpp"

namespace regsim {

/// Base-year levels of the county budgets (other revenue, transfers, general spending) from the
/// base year's cell totals: needs aggregate_cells of the base year.
void init_county_budgets(World& world);

/// Needs the year's cell totals (aggregate_cells) and policy payments (settle).
void run_budgets(World& world);

/// Clears the yearly flows of counties and platforms (start of a year).
void reset_government_flows(World& world);

}  // namespace regsim
