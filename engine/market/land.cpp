#include "engine/market/land.hpp"

#include <tbb/parallel_for.h>
#include <tbb/parallel_sort.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "engine/behaviour/local_economy.hpp"
#include "engine/market/land_lease.hpp"
#include "engine/market/standard_factory.hpp"

namespace regsim {

std::uint64_t draw_order_key(const World& w, std::uint64_t agent, Purpose purpose) {
  return RandomStream(w.seed, w.replicate, static_cast<std::uint64_t>(w.year), agent, purpose)
      .next_u64();
}

double legal_land_price_floor(const World& w, PlatformId p, SectorId s) {
  if (p == kNoPlatform) return 0.0;
  const double minimum = w.scenario->platforms[p].national_min_price_wan_per_mu;
  return w.platforms.leads_sector[p][s] ? 0.7 * minimum : minimum;
}

void service_land(World& w) {
  auto& p = w.platforms;
  for (std::size_t i = 0; i < w.n_platforms(); ++i) {
    if (p.delisted(i)) continue;  // a delisted zone services no new land
    double added =
        std::min(p.servicing_m2_per_year[i], p.land_planned_m2[i] - p.land_serviced_m2[i]);
    auto& quota = w.land_quota;
    if (quota.bound[i]) added = std::min(added, quota.available_m2[i]);  // land_quota policies
    if (added <= 0) continue;
    if (quota.bound[i]) {
      quota.available_m2[i] -= added;
      quota.used_m2[i] += added;
      quota.county_used_m2[p.county[i]] += added;
    }
    p.land_serviced_m2[i] += added;
    // Paid by the platform's development budget when it has one, else by the host county.
    const double cost_yi = added / kM2PerMu * p.servicing_cost_wan_per_mu[i] / kWanPerYi;
    (p.pays_servicing[i] ? p.land_servicing_cost_yi[i]
                         : w.counties.land_servicing_cost_yi[p.county[i]]) += cost_yi;
    book_public_works(w, p.county[i], cost_yi);
  }
  // Outside platforms: each county converts its yearly addition to vacant industrial land, within
  // its outside quota where a land_quota covers it (grant_land_quota).
  auto& c = w.counties;
  auto& quota = w.land_quota;
  for (std::size_t ci = 0; ci < w.n_counties(); ++ci) {
    double added = c.outside_land_growth_m2[ci];
    if (quota.outside_bound[ci]) {
      added = std::min(added, quota.outside_available_m2[ci]);
      quota.outside_available_m2[ci] -= added;
      quota.county_used_m2[ci] += added;
    }
    if (added > 0) {
      c.outside_land_supplied_m2[ci] += added;
      c.outside_land_added_m2[ci] += added;
    }
    price_outside_land(w, ci);
  }
}

void price_outside_land(World& w, std::size_t ci) {
  auto& c = w.counties;
  const double base_share = c.outside_land_vacancy_base[ci];
  const double supplied = c.outside_land_supplied_m2[ci];
  if (!(base_share > 0) || !(supplied > 0)) return;
  const double share = std::max(c.outside_land_vacant_m2(ci) / supplied, 1e-3);
  const double factor =
      std::pow(base_share / share, w.scenario->land.outside_land_price_elasticity);
  c.outside_land_price_wan_per_mu[ci] =
      c.outside_land_price_base_wan_per_mu[ci] * std::clamp(factor, 0.5, 4.0);
}

void init_outside_land(World& w) {
  auto& c = w.counties;
  std::fill(c.outside_land_occupied_m2.begin(), c.outside_land_occupied_m2.end(), 0.0);
  for (FirmId i = 0; i < w.firms.size(); ++i)
    if (w.firms.active(i) && w.firms.platform[i] == kNoPlatform && holds_located_land(w, i))
      c.outside_land_occupied_m2[w.firms.county[i]] += w.firms.land_m2[i];
  for (std::size_t ci = 0; ci < w.n_counties(); ++ci) {
    const auto& county = w.scenario->counties[ci];
    const double occupied = c.outside_land_occupied_m2[ci];
    c.outside_land_supplied_m2[ci] = (1.0 + county.outside_land_vacancy_share) * occupied;
    c.outside_land_growth_m2[ci] = county.outside_land_growth * occupied;
    c.outside_land_vacancy_base[ci] =
        c.outside_land_supplied_m2[ci] > 0
            ? c.outside_land_vacant_m2(ci) / c.outside_land_supplied_m2[ci]
            : 0.0;
  }
}

void allocate_land(World& w) {
  auto& f = w.firms;
  auto& p = w.platforms;
  // The claimants in id order, each with its key (which depends only on its stream key), found
  // in parallel. The list is allocated for this call only (released at the end).
  auto& order = w.work.land_claims;
  gather_rows(
      f.size(), order, w.work.block_offsets,
      [&](std::size_t begin, std::size_t end) {
        std::size_t claimants = 0;
        for (std::size_t i = begin; i < end; ++i) claimants += f.land_claim_m2[i] > 0 ? 1 : 0;
        return claimants;
      },
      [&](std::size_t begin, std::size_t end, LandClaim* out) {
        for (std::size_t i = begin; i < end; ++i)
          if (f.land_claim_m2[i] > 0)
            *out++ = {draw_order_key(w, f.stream_key[i], Purpose::land_order),
                      static_cast<FirmId>(i), land_location(w, static_cast<FirmId>(i))};
      });
  // A strict total order (ties by id): any sort, serial or parallel, gives the same sequence.
  tbb::parallel_sort(order.begin(), order.end(), [](const LandClaim& a, const LandClaim& b) {
    if (a.location != b.location) return a.location < b.location;
    if (a.key != b.key) return a.key < b.key;
    return a.firm < b.firm;
  });
  // Claimants of one location (a platform, or a county outside platforms) touch only that
  // location's land and their own rows, and are served in their drawn order: locations
  // (contiguous runs of `order`) are served in parallel.
  auto& runs = w.work.platform_runs;
  runs.clear();
  for (std::size_t j = 0; j < order.size(); ++j)
    if (j == 0 || order[j].location != order[j - 1].location) runs.push_back(j);
  runs.push_back(order.size());
  const auto& sectors = w.scenario->sectors;
  auto& c = w.counties;
  const std::size_t np = w.n_platforms();
  auto& leases = w.work.pending_leases;
  if (leases.size() < np + w.n_counties()) leases.resize(np + w.n_counties());  // runs <= locations
  tbb::parallel_for(std::size_t{0}, runs.size() - 1, [&](std::size_t r) {
    leases[r].clear();
    for (std::size_t j = runs[r]; j < runs[r + 1]; ++j) {
      const auto i = order[j].firm;
      const auto loc = order[j].location;
      const bool outside = loc >= np;
      const auto pi = static_cast<PlatformId>(loc);
      const std::size_t ci = loc - np;
      const double free = outside ? c.outside_land_vacant_m2(ci)
                                  : std::max(0.0, p.land_serviced_m2[pi] - p.land_occupied_m2[pi]);
      const double claim = f.land_claim_m2[i];
      const double granted = std::min(claim, free);
      if (granted < claim) {
        const auto& s = sectors[f.sector[i]];
        const double max_capital =
            (f.land_m2[i] + tenant_land_m2(w, i) + granted) / kM2PerMu * f.intensity_wan_per_mu[i];
        f.investment_wan[i] = std::clamp(max_capital - (1.0 - s.depreciation) * f.capital_wan[i],
                                         0.0, f.investment_wan[i]);
        (outside ? c.outside_land_rationed_m2[ci] : p.land_rationed_m2[pi]) += claim - granted;
      }
      f.land_claim_m2[i] = granted;
      f.land_m2[i] += granted;
      if (outside) {  // outside land is sold by the county (no supply-mode instruments there)
        c.outside_land_occupied_m2[ci] += granted;
        c.outside_land_sold_m2[ci] += granted;
        continue;
      }
      p.land_occupied_m2[pi] += granted;
      // Sold, or leased where a supply-mode instrument (land_lease, lease_then_sell) applies.
      policy::DecisionTerms terms;
      w.policies.for_eligible(
          w.year, f.county[i], pi, f.sector[i], f.size_class[i],
          [&](std::size_t, const auto& instrument) { instrument.shape(terms); });
      if (terms.lease_rent_rate > 0)
        leases[r].push_back({i, granted, terms.lease_rent_rate, terms.lease_years});
      else
        p.land_sold_m2[pi] += granted;
    }
  });
  // Leases are booked serially (a firm's first lease adds its sparse record), each platform's
  // in service order, so its leased total is summed in the same order.
  for (std::size_t r = 0; r + 1 < runs.size(); ++r)
    for (const auto& lease : leases[r]) {
      policy::DecisionTerms terms;
      terms.lease_rent_rate = lease.rent_rate;
      terms.lease_years = lease.lease_years;
      book_lease(w, lease.firm, lease.m2, terms);
    }
  // Released: kept through the rest of the year, the claimants' list (16 bytes each, about a
  // fifth of the firms) would add to the year's peak memory, which comes after entry.
  Column<LandClaim>().swap(order);
}

void recount_occupied_land(World& w) {
  const auto& f = w.firms;
  const std::size_t np = w.n_platforms();
  // Platforms' occupied land, then each county's outside platforms, in one pass.
  auto& occupied = w.work.land_occupied_block;
  occupied.resize(np + w.n_counties());
  w.work.sums.reduce(
      f.size(), occupied.size(), occupied,
      [&](std::size_t begin, std::size_t end, std::span<double> acc) {
        for (std::size_t i = begin; i < end; ++i)
          if (f.active(static_cast<FirmId>(i)) && holds_located_land(w, static_cast<FirmId>(i)))
            acc[land_location(w, static_cast<FirmId>(i))] += f.land_m2[i];
      });
  std::copy(occupied.begin(), occupied.begin() + static_cast<std::ptrdiff_t>(np),
            w.platforms.land_occupied_m2.begin());
  std::copy(occupied.begin() + static_cast<std::ptrdiff_t>(np), occupied.end(),
            w.counties.outside_land_occupied_m2.begin());
}

}  // namespace regsim
