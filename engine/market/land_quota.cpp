#include "engine/market/land_quota.hpp"

#include <algorithm>
#include <numeric>

#include "engine/observe/aggregate.hpp"

namespace regsim {

std::vector<double> quota_shares(policy::QuotaRule rule, std::span<const double> need,
                                 std::span<const double> score, double efficiency_bonus) {
  const std::size_t n = need.size();
  std::vector<double> weight(n, 1.0);
  if (rule == policy::QuotaRule::by_performance) {
    std::vector<double> sorted(score.begin(), score.end());
    std::sort(sorted.begin(), sorted.end());
    const double median =
        n == 0 ? 0.0 : (n % 2 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]));
    for (std::size_t c = 0; c < n; ++c)
      weight[c] = need[c] * score[c] * (score[c] > median ? 1.0 + efficiency_bonus : 1.0);
    if (std::accumulate(weight.begin(), weight.end(), 0.0) <= 0)
      return quota_shares(policy::QuotaRule::by_need, need, score, efficiency_bonus);
  } else if (rule == policy::QuotaRule::by_need) {
    weight.assign(need.begin(), need.end());
    if (std::accumulate(weight.begin(), weight.end(), 0.0) <= 0)
      return quota_shares(policy::QuotaRule::equal, need, score, efficiency_bonus);
  }
  const double total = std::accumulate(weight.begin(), weight.end(), 0.0);
  for (auto& x : weight) x = total > 0 ? x / total : 0.0;
  return weight;
}

void grant_land_quota(World& w) {
  auto& q = w.land_quota;
  const auto& p = w.platforms;
  const std::size_t np = w.n_platforms();
  const std::size_t nc = w.n_counties();
  std::fill(q.granted_m2.begin(), q.granted_m2.end(), 0.0);
  std::fill(q.used_m2.begin(), q.used_m2.end(), 0.0);
  std::fill(q.county_granted_m2.begin(), q.county_granted_m2.end(), 0.0);
  std::fill(q.county_used_m2.begin(), q.county_used_m2.end(), 0.0);

  // Which platforms are under a quota this year, and whether their unused quota carries over.
  const auto active = [&](std::size_t k) -> const policy::LandQuota* {
    const auto& rp = w.policies.policies[k];
    if (w.year < rp.start_year || w.year > rp.end_year) return nullptr;
    return std::get_if<policy::LandQuota>(&rp.instrument);
  };
  const auto covers = [&](std::size_t k, std::size_t i) {
    const auto& rp = w.policies.policies[k];
    return rp.county_in[p.county[i]] && rp.platform_in[i];
  };
  std::vector<std::uint8_t> carry(np, 1);
  std::fill(q.bound.begin(), q.bound.end(), 0);
  // A covered county's land outside platforms is under the quota too (MODEL.md 3.7).
  std::fill(q.outside_bound.begin(), q.outside_bound.end(), 0);
  std::fill(q.outside_carry.begin(), q.outside_carry.end(), 1);
  for (std::size_t k = 0; k < w.policies.policies.size(); ++k) {
    const auto* quota = active(k);
    if (!quota) continue;
    for (std::size_t i = 0; i < np; ++i)
      if (covers(k, i)) {
        q.bound[i] = 1;
        q.outside_bound[p.county[i]] = 1;
        if (!quota->carry_over) {
          carry[i] = 0;
          q.outside_carry[p.county[i]] = 0;
        }
      }
  }
  for (std::size_t i = 0; i < np; ++i)
    if (!q.bound[i] || !carry[i]) q.available_m2[i] = 0;
  for (std::size_t c = 0; c < nc; ++c)
    if (!q.outside_bound[c] || !q.outside_carry[c]) q.outside_available_m2[c] = 0;

  // Unmet need of a platform: planned-but-unserviced land up to this year's servicing plan, plus
  // last year's rationed land; of a covered county outside platforms: its yearly addition.
  // Performance: capital per mu of occupied land (last year's end) times the land absorption
  // rate occupied / serviced.
  std::vector<double> capital(np, 0.0);
  for (std::uint32_t cell = 0; cell < w.cells.n_cells(); ++cell)
    if (const auto pi = w.cells.platform_of(cell); pi != kNoPlatform)
      capital[pi] += cell_total(w, cell, kCapital);
  std::vector<double> need, plan;
  std::vector<CountyId> counties;
  for (std::size_t k = 0; k < w.policies.policies.size(); ++k) {
    const auto* quota = active(k);
    if (!quota) continue;
    need.assign(nc, 0.0);
    plan.assign(nc, 0.0);
    std::vector<double> occupied(nc, 0.0), serviced(nc, 0.0), county_capital(nc, 0.0);
    std::vector<std::uint8_t> in(nc, 0);
    for (std::size_t i = 0; i < np; ++i) {
      if (!covers(k, i)) continue;
      const auto c = p.county[i];
      in[c] = 1;
      need[c] += std::max(0.0, std::min(p.servicing_m2_per_year[i],
                                        p.land_planned_m2[i] - p.land_serviced_m2[i])) +
                 p.land_rationed_m2[i];
      plan[c] += p.servicing_m2_per_year[i];
      occupied[c] += p.land_occupied_m2[i];
      serviced[c] += p.land_serviced_m2[i];
      county_capital[c] += capital[i];
    }
    counties.clear();
    std::vector<double> county_need, county_score;
    for (std::size_t c = 0; c < nc; ++c) {
      if (!in[c]) continue;
      counties.push_back(static_cast<CountyId>(c));
      county_need.push_back(need[c] + w.counties.outside_land_growth_m2[c]);
      const double per_mu = occupied[c] > 0 ? county_capital[c] / (occupied[c] / kM2PerMu) : 0.0;
      county_score.push_back(serviced[c] > 0 ? per_mu * occupied[c] / serviced[c] : 0.0);
    }
    if (counties.empty()) continue;
    const auto shares =
        quota_shares(quota->rule, county_need, county_score, quota->efficiency_bonus);
    for (std::size_t j = 0; j < counties.size(); ++j) {
      const auto c = counties[j];
      const double county_granted = quota->quota_m2_per_year * shares[j];
      q.county_granted_m2[c] += county_granted;
      // Platforms and outside share the county's grant in proportion to their needs.
      const double outside_share =
          county_need[j] > 0 ? w.counties.outside_land_growth_m2[c] / county_need[j] : 0.0;
      q.outside_available_m2[c] += county_granted * outside_share;
      const double granted = county_granted * (1.0 - outside_share);
      std::size_t n_in = 0;
      for (std::size_t i = 0; i < np; ++i) n_in += p.county[i] == c && covers(k, i);
      for (std::size_t i = 0; i < np; ++i) {
        if (p.county[i] != c || !covers(k, i)) continue;
        const double share =
            plan[c] > 0 ? p.servicing_m2_per_year[i] / plan[c] : 1.0 / static_cast<double>(n_in);
        q.granted_m2[i] += granted * share;
        q.available_m2[i] += granted * share;
      }
    }
  }
}

}  // namespace regsim
