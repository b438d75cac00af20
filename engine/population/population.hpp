#pragma once
/// @brief The base-year firm population: synthesised from the scenario's aggregates, or taken
/// from a firm registry. Either way, the base year is an equilibrium: at price 1 and the base
/// wage, every firm's labour choice reproduces its revenue exactly.

#include <cstddef>
#include <span>
#include <vector>

#include "engine/state/world.hpp"

namespace regsim {

/// Relative firm sizes (any scale) for n firms: a lognormal body with a Pareto tail.
/// Deterministic in (seed, replicate, year, first_id).
std::vector<double> draw_relative_sizes(const scenario::SizeDistribution& size, std::size_t n,
                                        std::uint64_t seed, std::uint32_t replicate, int year,
                                        FirmId first_id);

/// Scales `sizes` so that they sum to `total` with every size >= `floor`.
/// Throws std::invalid_argument when n * floor > total.
void scale_to_total(std::span<double> sizes, double total, double floor);

/// Creates the base-year firms in `world` and sets base-year demand. Throws
/// std::invalid_argument (with the entity named) when the base year is infeasible: a
/// platform's firms need more land than is serviced, or a county's firms more labour than it has.
void populate(World& world);

/// Builds one firm of `revenue_wan` in cell (county, platform, sector) at the current sector
/// price and county wage: labour from the first-order condition, capital from the sector's
/// capital-output ratio, productivity backed out so that the firm produces exactly that revenue.
FirmInit make_firm(const World& world, CountyId county, PlatformId platform, SectorId sector,
                   double revenue_wan, double same_sector_firms_in_platform, int birth_year);

/// Productivity multiplier from same-sector firms in the firm's platform (none outside).
double agglomeration_log_gain(const scenario::Sector& sector, PlatformId platform,
                              double same_sector_firms);

}  // namespace regsim
