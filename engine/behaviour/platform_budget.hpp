#pragma once
/// @brief Platforms' development budgets (their investment platforms, 融资平台).
///
/// Revenue = the platform's retained tax share + ranking awards. Spending = land servicing it
/// pays (its own plan's servicing when it has a budget, i.e. keeps a tax share or issues bonds;
/// always the servicing funded by its awards and bonds) + interest. Bonds are financing:
/// proceeds fund servicing, so they raise net debt through that spending, and repayment at
/// maturity leaves net debt unchanged. Debt(t) = Debt(t-1) + spending - revenue (net debt,
/// bonds included); the host county is liable for it (county output platform_debt).
/// Interest = Σ coupon × bonds outstanding at the start of the year + bank_rate × the rest of
/// the net debt when positive.

#include "engine/state/world.hpp"

namespace regsim {

/// After service_land: interest for the year, repayment of maturing bonds, issue of this year's
/// platform_bond issues; proceeds service extra land at once (within the plan).
void develop_platforms(World& world);

/// Services planned land of platform j worth up to `amount_yi` at its servicing cost, at once
/// (within its plan), paid by its budget; returns the cost.
double service_extra_land(World& world, std::size_t j, double amount_yi);

/// After run_budgets: closes each platform's budget and moves its debt.
void close_platform_budgets(World& world);

}  // namespace regsim
