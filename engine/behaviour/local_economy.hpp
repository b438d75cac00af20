#pragma once
/// @brief The region's local economy (MODEL.md 3.2, "Goods markets" and "Local services"):
/// what the local (non-tradable) part of each sector's demand and the counties' non-modelled
/// sectors follow, and the value added of public works.
///
///   public works_c   = land servicing (county- and platform-paid, incl. award- and bond-funded)
///                      + standard-factory construction in county c this year (亿元)
///   GDP_c            = value added of modelled firms + exogenous GDP
///                      + public_works_value_added_share * public works_c
///   local demand     ~ last year's region GDP / base-year region GDP (income index)
///   exogenous GDP_c  = trend_c * (VA_c,t-1 / VA_c,0)^exogenous_gdp_local_elasticity
///
/// Reads / writes: remember_local_incomes reads the year's cell totals (aggregate_cells) and
/// public works and writes World::local; advance_exogenous_drivers reads World::local.

#include "engine/state/world.hpp"

namespace regsim {

/// Books public works (亿元) in county c this year (land servicing, factories built).
void book_public_works(World& world, CountyId c, double amount_yi);

/// Value added of modelled firms per county this year (亿元), from the cell totals.
std::vector<double> county_value_added_yi(const World& world);

/// County GDP (亿元) given its modelled firms' value added this year.
double county_gdp_yi(const World& world, CountyId c, double value_added_yi);

/// The base year's nominal income growth: [initial] income_growth, or where unset the
/// counties' exogenous_gdp_growth weighted by their base-year exogenous GDP.
double base_income_growth(const scenario::Scenario& sc);

/// Base year (after the base year's cell totals): base and last incomes.
void init_local_economy(World& world);

/// End of a year: this year's county value added, county GDP and region GDP become "last year's"
/// for the next year's local demand, local services and county ranking awards (GDP growth).
void remember_local_incomes(World& world);

}  // namespace regsim
