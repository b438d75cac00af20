#pragma once
/// @brief Construction-land quotas (建设用地指标, policy::LandQuota): the upper level's yearly
/// grant to counties, passed on to their platforms; service_land then caps servicing by it.

#include <span>
#include <vector>

#include "engine/policy/land_quota.hpp"
#include "engine/state/world.hpp"

namespace regsim {

/// Shares (summing to 1) of a quota among counties with unmet `need` and performance `score`:
///   equal:          1 / n
///   by_need:        need_c / sum(need)
///   by_performance: need_c score_c (1 + bonus [score_c > median(score)]) / sum(...)
/// A rule whose weights are all zero falls back to the previous one (by_performance -> by_need
/// -> equal).
std::vector<double> quota_shares(policy::QuotaRule rule, std::span<const double> need,
                                 std::span<const double> score, double efficiency_bonus);

/// Grants this year's quotas of the active land_quota policies: unused quota lapses unless every
/// quota covering the platform carries over; each policy's quota is split among the counties in
/// its scope (quota_shares, need including the county's yearly addition of land outside
/// platforms); a county's share goes to its outside land and its platforms in proportion to
/// their needs, the platforms' part among its platforms in scope in proportion to their
/// servicing plans. Runs before reset_government_flows: `need` includes last year's land
/// rationing.
void grant_land_quota(World& world);

}  // namespace regsim
