#include "engine/behaviour/entry.hpp"

#include <algorithm>
#include <cmath>

#include "engine/core/random.hpp"
#include "engine/market/land.hpp"
#include "engine/population/population.hpp"

namespace regsim {

namespace {

double same_sector_firms(const World& w, CountyId c, PlatformId p, SectorId s) {
  return w.work.cell_firms[w.cells.cell(c, p, s)];
}

bool county_leads(const World& w, CountyId c, SectorId s) {
  for (std::size_t p = 0; p < w.n_platforms(); ++p)
    if (w.platforms.county[p] == c && w.platforms.leads_sector[p][s]) return true;
  return false;
}

struct Entrant {
  CountyId county;
  SectorId sector;
  std::uint32_t draw_id;  ///< running number of the entrant this year: its random streams
  std::uint64_t order_key;
};

}  // namespace

double expected_entrants(const World& w, CountyId c, SectorId s) {
  const auto& sec = w.scenario->sectors[s];
  double incumbents = 0;
  for (auto slot = w.cells.first_slot(c); slot < w.cells.end_slot(c); ++slot)
    incumbents += w.work.cell_firms[slot * w.cells.n_sectors + s];
  const double pool = incumbents + (county_leads(w, c, s) ? 1.0 : 0.0);
  if (pool <= 0) return 0.0;
  const double returns = 1.0 - sec.capital_elasticity - sec.labour_elasticity;
  const double profitability = std::pow(w.sectors.price[s], 1.0 / returns) *
                               std::pow(w.counties.wage_wan[c] / w.counties.reservation_wage_wan[c],
                                        -sec.labour_elasticity / returns);
  return sec.entry_rate * w.scenario->counties[c].promotion_effort * pool *
         std::clamp(profitability, 0.0, 5.0);
}

void enter_firms(World& w) {
  const auto& sc = *w.scenario;
  const auto& lc = sc.location_choice;
  // 1. Counts and order keys (deterministic: cells in (county, sector) order).
  std::vector<Entrant> entrants;
  std::uint32_t draw_id = 0;
  for (std::size_t c = 0; c < w.n_counties(); ++c) {
    for (std::size_t s = 0; s < w.n_sectors(); ++s) {
      const auto county = static_cast<CountyId>(c);
      const auto sector = static_cast<SectorId>(s);
      RandomStream rng(w.seed, w.replicate, static_cast<std::uint32_t>(w.year),
                       static_cast<std::uint32_t>(c * w.n_sectors() + s), Purpose::entry_count);
      const auto n = rng.poisson(expected_entrants(w, county, sector));
      for (std::int64_t k = 0; k < n; ++k, ++draw_id)
        entrants.push_back(
            {county, sector, draw_id, draw_order_key(w, draw_id, Purpose::entrant_order)});
    }
  }
  std::sort(entrants.begin(), entrants.end(), [](const Entrant& a, const Entrant& b) {
    return a.order_key != b.order_key ? a.order_key < b.order_key : a.draw_id < b.draw_id;
  });

  // 2. Each entrant in drawn order: size, location under land rationing, creation.
  auto& p = w.platforms;
  std::vector<PlatformId> options;
  std::vector<double> utility;
  for (const auto& e : entrants) {
    const auto& sec = sc.sectors[e.sector];
    RandomStream rng(w.seed, w.replicate, static_cast<std::uint32_t>(w.year), e.draw_id,
                     Purpose::entrant_size);
    const double revenue =
        sec.entrant_revenue_median_wan * std::exp(sec.entrant_revenue_sigma * rng.normal());
    const double capital = sec.capital_output_ratio * revenue;
    const double land_need = capital / sec.investment_intensity_wan_per_mu * kM2PerMu;

    options.assign(1, kNoPlatform);
    utility.assign(
        1, lc.agglomeration * std::log1p(same_sector_firms(w, e.county, kNoPlatform, e.sector)));
    for (std::size_t pi = 0; pi < w.n_platforms(); ++pi) {
      if (p.county[pi] != e.county) continue;
      const auto id = static_cast<PlatformId>(pi);
      options.push_back(id);
      utility.push_back(lc.platform + lc.land_price * std::log(p.price_wan_per_mu[pi] / 20.0) +
                        lc.infrastructure * std::log(p.infrastructure[pi]) +
                        lc.agglomeration *
                            std::log1p(same_sector_firms(w, e.county, id, e.sector)) +
                        (p.leads_sector[pi][e.sector] ? lc.leading_sector : 0.0));
    }
    const double u = RandomStream(w.seed, w.replicate, static_cast<std::uint32_t>(w.year),
                                  e.draw_id, Purpose::entrant_location)
                         .uniform();
    auto choose = [&](bool only_feasible) {
      const double top = *std::max_element(utility.begin(), utility.end());
      double total = 0;
      auto feasible = [&](std::size_t j) {
        return !only_feasible || options[j] == kNoPlatform ||
               p.land_serviced_m2[options[j]] - p.land_occupied_m2[options[j]] >= land_need;
      };
      for (std::size_t j = 0; j < options.size(); ++j)
        if (feasible(j)) total += std::exp(utility[j] - top);
      double cumulative = 0;
      for (std::size_t j = 0; j < options.size(); ++j) {
        if (!feasible(j)) continue;
        cumulative += std::exp(utility[j] - top);
        if (u * total <= cumulative) return options[j];
      }
      return kNoPlatform;
    };
    const PlatformId wanted = choose(false);
    PlatformId platform = wanted;
    if (wanted != kNoPlatform &&
        p.land_serviced_m2[wanted] - p.land_occupied_m2[wanted] < land_need) {
      p.land_rationed_m2[wanted] += land_need;
      platform = choose(true);
    }
    auto f = make_firm(w, e.county, platform, e.sector, revenue,
                       same_sector_firms(w, e.county, platform, e.sector), w.year);
    f.capital_wan = capital;
    f.land_m2 = land_need;
    double land_cost = 0;
    if (platform != kNoPlatform) {
      p.land_occupied_m2[platform] += land_need;
      p.land_sold_m2[platform] += land_need;
      land_cost = land_need / kM2PerMu * p.price_wan_per_mu[platform];
    }
    f.debt_wan = (1.0 - sec.entrant_equity_ratio) * capital;
    f.equity_wan = sec.entrant_equity_ratio * capital - land_cost;
    w.firms.add(f);
  }
}

}  // namespace regsim
