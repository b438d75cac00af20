#pragma once
/// @brief The yearly comprehensive assessment (综合考核) of platforms and counties, and the rules
/// that act on it: delisting (摘牌), ranking awards to platforms and to counties.
///
/// Score of platform j: Σ_k weight_k z_jk, z_jk indicator k standardised (mean 0, sd 1) within
/// j's peer group (platforms of the same level, or all), over active platforms; indicators:
/// output growth, tax per mu of occupied land, investment growth, output per mu. Rank 1 = best.

#include "engine/state/world.hpp"

namespace regsim {

/// Scores and ranks every active platform from this year's cell totals (aggregate_cells), then
/// applies the ranking rules (apply_ranking_rules). Before run_budgets: awards are budget
/// revenue of the year.
void assess_platforms(World& world);

/// The rules in force this year, on the platforms' scores and ranks as they stand: delisting
/// rules update each platform's years running in the last places and delist; promotion rules
/// count years in the first places of the peer group and promote one level; ranking awards
/// pay the top platforms (charged in the PolicyLedger, revenue of the platform's budget, spent on
/// extra land servicing) and the top counties by GDP growth (county budget revenue).
void apply_ranking_rules(World& world);

/// Base year: the output and GDP that the first simulated year's growth is measured from.
void init_assessment(World& world);

/// Peer group of a platform: its level, or 0 when all platforms are ranked together.
std::uint32_t peer_group(const World& world, std::size_t platform);

}  // namespace regsim
