#include "engine/behaviour/entry.hpp"

#include <tbb/parallel_for.h>
#include <tbb/parallel_sort.h>

#include <algorithm>
#include <cmath>
#include <span>
#include <type_traits>
#include <utility>
#include <vector>

#include "engine/behaviour/firm.hpp"
#include "engine/core/random.hpp"
#include "engine/market/credit.hpp"
#include "engine/market/land.hpp"
#include "engine/market/land_lease.hpp"
#include "engine/market/standard_factory.hpp"
#include "engine/policy/effects.hpp"
#include "engine/population/population.hpp"

namespace regsim {

namespace {

/// Calls fn(platform) for each location option of county c: outside (kNoPlatform), then each of
/// its platforms that is not delisted.
template <class Fn>
void for_each_location(const World& w, CountyId c, Fn&& fn) {
  for (auto slot = w.cells.first_slot(c); slot < w.cells.end_slot(c); ++slot) {
    const auto p = w.cells.slot_platform[slot];
    if (p != kNoPlatform && w.platforms.delisted(p)) continue;
    fn(p);
  }
}

double same_sector_firms(const World& w, CountyId c, PlatformId p, SectorId s) {
  return w.work.cell_firms[w.cells.cell(c, p, s)];
}

/// Entry awards (policy::EntryAward) an entrant of `capital_wan` would receive at a location,
/// quoted from the policy book without charging anyone.
double entry_award_quote(const World& w, CountyId c, PlatformId p, SectorId s, SizeClass size,
                         double capital_wan) {
  policy::FirmFlows flows;
  flows.entered = true;
  flows.investment_wan = capital_wan;
  return w.policies.quote<policy::EntryAward>(w.year, c, p, s, size, flows);
}

/// Expected entry award per unit of expected entrant capital in (county, sector): entrants of the
/// ten decile midpoints of the sector's entrant size distribution, each at the county location
/// (outside or a platform) where its award is largest.
double expected_entry_award_ratio(const World& w, CountyId c, SectorId s) {
  // Standard normal quantiles at (j + 0.5) / 10, j = 0..9.
  static constexpr double kDecileMidpoints[] = {-1.64485, -1.03643, -0.67449, -0.38532, -0.12566,
                                                0.12566,  0.38532,  0.67449,  1.03643,  1.64485};
  const auto& sec = w.scenario->sectors[s];
  double award = 0, capital = 0;
  for (const double z : kDecileMidpoints) {
    const double revenue = sec.entrant_revenue_median_wan * std::exp(sec.entrant_revenue_sigma * z);
    const double k = sec.capital_output_ratio * revenue;
    double best = 0;
    for (auto slot = w.cells.first_slot(c); slot < w.cells.end_slot(c); ++slot)
      best = std::max(
          best, entry_award_quote(w, c, w.cells.slot_platform[slot], s, size_class(revenue), k));
    award += best;
    capital += k;
  }
  return capital > 0 ? award / capital : 0.0;
}

/// The decision terms of the policies a firm of `size` in sector s is eligible for at option p of
/// county c (a platform, or outside), with the legal floor of discounted land prices: what an
/// entrant weighs there and what it gets.
policy::DecisionTerms eligible_terms_at(const World& w, CountyId c, PlatformId p, SectorId s,
                                        SizeClass size) {
  policy::DecisionTerms terms;
  w.policies.for_eligible(w.year, c, p, s, size,
                          [&](std::size_t, const auto& instrument) { instrument.shape(terms); });
  terms.land_price_floor_wan_per_mu =
      std::max(terms.land_price_floor_wan_per_mu, legal_land_price_floor(w, p, s));
  return terms;
}

/// Plot-ratio standards (容积率下限): at a platform with one, a new project builds up and needs
/// 1/m of the land, at a construction premium (the strictest standard applies).
struct PlotRatio {
  double land_saving = 1;  ///< m
  double premium = 0;      ///< extra outlay per unit of m - 1, share of capital
};

PlotRatio entrant_plot_ratio(const World& w, const EntrantDraw& e, PlatformId id, SizeClass size) {
  PlotRatio r;
  if (id == kNoPlatform) return r;
  w.policies.for_eligible_of<policy::PlotRatioStandard>(
      w.year, e.county, id, e.sector, size,
      [&](std::size_t, const policy::PlotRatioStandard& standard) {
        if (standard.land_saving_factor() > r.land_saving)
          r = {standard.land_saving_factor(), standard.cost_premium};
      });
  return r;
}

/// Admission standards (投资强度准入): platforms whose minimum intensity the entrant misses are
/// not among its options. Park requirements (项目入园): outside platforms is not among the options
/// of an entrant of a sector in their scope.
bool entrant_admitted(const World& w, const EntrantDraw& e, PlatformId id, SizeClass size,
                      double intensity) {
  if (id != kNoPlatform && !w.platforms.admits_sector[id][e.sector]) return false;
  if (id == kNoPlatform) {
    bool barred = false;
    w.policies.for_eligible_of<policy::ParkRequirement>(
        w.year, e.county, kNoPlatform, e.sector, size,
        [&](std::size_t, const policy::ParkRequirement&) { barred = true; });
    return !barred;
  }
  double minimum = 0;
  w.policies.for_eligible_of<policy::AdmissionStandard>(
      w.year, e.county, id, e.sector, size,
      [&](std::size_t, const policy::AdmissionStandard& standard) {
        minimum = std::max(minimum, standard.min_investment_wan_per_mu);
      });
  return intensity >= minimum;
}

/// The entrant's own draws: size (revenue), investment intensity (lognormal around its
/// sector's median) and the uniform of its location choice, each from its own stream.
EntrantPlan draw_plan(const World& w, const EntrantDraw& e) {
  const auto& sec = w.scenario->sectors[e.sector];
  const auto year = static_cast<std::uint64_t>(w.year);
  EntrantPlan plan;
  RandomStream rng(w.seed, w.replicate, year, e.stream_key, Purpose::entrant_size);
  plan.revenue_wan =
      sec.entrant_revenue_median_wan * std::exp(sec.entrant_revenue_sigma * rng.normal());
  plan.intensity =
      sec.investment_intensity_wan_per_mu *
      std::exp(sec.investment_intensity_sigma *
               RandomStream(w.seed, w.replicate, year, e.stream_key, Purpose::entrant_intensity)
                   .normal());
  plan.location_u =
      RandomStream(w.seed, w.replicate, year, e.stream_key, Purpose::entrant_location).uniform();
  return plan;
}

/// Price per mu of land outside platforms in county c after the land discounts in `terms` (no
/// servicing cost or legal floor outside platforms).
double outside_land_price(const World& w, CountyId c, const policy::DecisionTerms& terms) {
  return policy::effective_land_price(w.counties.outside_land_price_wan_per_mu[c], 0.0, terms);
}

/// What an entrant of sector s pays per mu outside platforms (0: construction and services rent
/// commercial space) and the price its location logit weighs there (for commercial space, the
/// reference price 20 万元 per mu: ln(price / 20) = 0).
double outside_cost(const World& w, CountyId c, SectorId s, const policy::DecisionTerms& terms) {
  return w.sectors.industrial_land[s] ? outside_land_price(w, c, terms) : 0.0;
}
double outside_logit_price(const World& w, CountyId c, SectorId s,
                           const policy::DecisionTerms& terms) {
  return w.sectors.industrial_land[s] ? outside_land_price(w, c, terms) : 20.0;
}

/// Logit utility of entry award `award_wan` to an entrant of capital `capital_wan`.
double award_utility(const World& w, double award_wan, double capital_wan) {
  return w.scenario->location_choice.entry_award * award_wan / capital_wan;
}

/// The logit utility of option `id` of county c (kNoPlatform: outside any platform) for an
/// entrant of sector s (MODEL.md 3.2, Entry): `award` its entry-award term (award_utility),
/// `price` the land price it would pay there after its discounts (outside: the county's outside
/// price; or the floor price equivalent of a would-be tenant). The one place location utilities are
/// written: entrants' choice (describe_options) and the zone factor of expected entry
/// (location_entry_weight) both call it.
double location_utility(const World& w, CountyId c, PlatformId id, SectorId s, double award,
                        double price) {
  const auto& lc = w.scenario->location_choice;
  const double agglomeration = lc.agglomeration * std::log1p(same_sector_firms(w, c, id, s));
  const double land = lc.land_price * std::log(price / 20.0);
  if (id == kNoPlatform) return land + agglomeration + award;
  const auto& p = w.platforms;
  return lc.platform + land + lc.infrastructure * std::log(p.infrastructure[id]) + agglomeration +
         (p.leads_sector[id][s] ? lc.leading_sector : 0.0) + award;
}

/// The entrant's location alternatives, outside any platform first, then the county's listed
/// platforms in slot order, written to out[0..]: what does not change while entrants are
/// served. Land price discounts the entrant would be eligible for at a platform lower its price
/// there; entry awards it would receive count per unit of its capital.
void describe_options(const World& w, const EntrantDraw& e, const EntrantPlan& plan,
                      EntryOption* out) {
  const auto& sc = *w.scenario;
  const auto& p = w.platforms;
  const double capital = sc.sectors[e.sector].capital_output_ratio * plan.revenue_wan;
  const double land_need = capital / plan.intensity * kM2PerMu;
  const auto size = size_class(plan.revenue_wan);
  const bool may_rent = size == SizeClass::micro || size == SizeClass::small;
  const auto award = [&](PlatformId id) {
    return award_utility(w, entry_award_quote(w, e.county, id, e.sector, size, capital), capital);
  };
  const auto outside_terms = eligible_terms_at(w, e.county, kNoPlatform, e.sector, size);
  const double outside_price = outside_cost(w, e.county, e.sector, outside_terms);
  const double outside =
      location_utility(w, e.county, kNoPlatform, e.sector, award(kNoPlatform),
                       outside_logit_price(w, e.county, e.sector, outside_terms));
  *out++ = {.id = kNoPlatform,
            .utility_land = outside,
            .utility_floor = outside,
            .land_need_m2 = land_need,
            .admitted = entrant_admitted(w, e, kNoPlatform, size, plan.intensity),
            .leases = false,
            .land_saving = 1.0,
            .premium = 0.0,
            .land_price_wan_per_mu = outside_price,
            .land_discount_rate = outside_terms.land_discount_rate};
  for (auto slot = w.cells.first_slot(e.county) + 1; slot < w.cells.end_slot(e.county); ++slot) {
    const auto id = w.cells.slot_platform[slot];
    if (p.delisted(id)) continue;  // a delisted zone admits no more projects
    const auto terms = eligible_terms_at(w, e.county, id, e.sector, size);
    const double award_here = award(id);
    const auto utility_at = [&](double price) {
      return location_utility(w, e.county, id, e.sector, award_here, price);
    };
    const double land_price = policy::effective_land_price(p.price_wan_per_mu[id],
                                                           p.servicing_cost_wan_per_mu[id], terms);
    const double at_land = utility_at(land_price);
    // Standard factories: a would-be tenant weighs the rent (net of rent subsidies) as a price.
    // Only where enough floor is vacant now: vacant floor only shrinks while entrants are served.
    const bool may_rent_here = may_rent && p.floor_built_m2[id] - p.floor_occupied_m2[id] >=
                                               land_need * p.floor_per_land[id];
    const double at_floor =
        may_rent_here ? utility_at(floor_price_equivalent(w, id, e.sector, terms)) : at_land;
    const PlotRatio ratio = entrant_plot_ratio(w, e, id, size);
    *out++ = {.id = id,
              .utility_land = at_land,
              .utility_floor = at_floor,
              .land_need_m2 = land_need / ratio.land_saving,
              .admitted = entrant_admitted(w, e, id, size, plan.intensity),
              .leases = terms.lease_rent_rate > 0,
              .land_saving = ratio.land_saving,
              .premium = ratio.premium,
              .land_price_wan_per_mu = land_price,
              .land_discount_rate = terms.land_discount_rate};
  }
}

/// Serves one entrant that will be row `id`: its logit location choice among `table` under the
/// land and floor vacant now, the land or floor it takes there, its policy payments and its
/// finance; its row's values go to `row`. It reads and writes only its own county's platforms,
/// `row` and its county's payer slots, so counties are served in parallel, each county's
/// entrants in the drawn order. What others share is kept in `county` to be booked afterwards:
/// charges to shared payers (`index`: the entrant's index in the batch), recipient counts, its
/// lease and its factory floor.
void serve_entrant(World& w, const EntrantDraw& e, const EntrantPlan& plan,
                   std::span<const EntryOption> table, std::uint32_t index, FirmId id,
                   EntryCounty& county, EntrantRow& row) {
  const auto& sc = *w.scenario;
  const auto& sec = sc.sectors[e.sector];
  auto& p = w.platforms;
  auto& utility = county.utility;
  const double revenue = plan.revenue_wan;
  const double capital = sec.capital_output_ratio * revenue;
  const double intensity = plan.intensity;
  const double land_need = capital / intensity * kM2PerMu;
  const auto size = size_class(revenue);
  // Standard factories: a micro or small entrant rents floor where enough is vacant, and then
  // weighs the rent (net of rent subsidies) as a land price.
  const bool may_rent = size == SizeClass::micro || size == SizeClass::small;
  const auto rents_floor = [&](PlatformId id) {
    return may_rent && id != kNoPlatform &&
           p.floor_built_m2[id] - p.floor_occupied_m2[id] >= land_need * p.floor_per_land[id];
  };
  utility.clear();
  for (const auto& option : table)
    utility.push_back(rents_floor(option.id) ? option.utility_floor : option.utility_land);
  const double u = plan.location_u;
  auto& outside_land = w.counties;
  // A location's vacant land: serviced but unoccupied in a platform, the county's vacant land
  // outside platforms.
  const auto fits = [&](std::size_t j) {
    const auto id = table[j].id;
    if (id == kNoPlatform)
      return !w.sectors.industrial_land[e.sector] ||  // commercial space: not rationed here
             outside_land.outside_land_vacant_m2(e.county) >= table[j].land_need_m2;
    return rents_floor(id) ||
           p.land_serviced_m2[id] - p.land_occupied_m2[id] >= table[j].land_need_m2;
  };
  // Inverse-CDF draw of the logit choice among the options j that pass `allowed`; table.size()
  // if none does (the last allowed one if rounding leaves none).
  const auto choose = [&](auto allowed) -> std::size_t {
    const double top = *std::max_element(utility.begin(), utility.end());
    double total = 0;
    std::size_t last = table.size();
    for (std::size_t j = 0; j < table.size(); ++j)
      if (allowed(j)) {
        total += std::exp(utility[j] - top);
        last = j;
      }
    double cumulative = 0;
    for (std::size_t j = 0; j < table.size(); ++j) {
      if (!allowed(j)) continue;
      cumulative += std::exp(utility[j] - top);
      if (u * total <= cumulative) return j;
    }
    return last;
  };
  const auto admitted = [&](std::size_t j) { return table[j].admitted; };
  const std::size_t wanted = choose(admitted);  // none: a park requirement and no platform
  std::size_t chosen = wanted;
  if (wanted < table.size() && !fits(wanted)) {
    const auto id = table[wanted].id;
    (id == kNoPlatform ? outside_land.outside_land_rationed_m2[e.county]
                       : p.land_rationed_m2[id]) += table[wanted].land_need_m2;
    chosen = choose([&](std::size_t j) { return admitted(j) && fits(j); });
  }
  if (chosen == table.size()) {  // no admissible option of its county has land: no entry
    outside_land.entrants_without_land[e.county] += 1.0;
    row.entered = false;
    return;
  }
  const EntryOption& at = table[chosen];
  const PlatformId platform = at.id;

  auto f = make_firm(w, e.county, platform, e.sector, revenue,
                     same_sector_firms(w, e.county, platform, e.sector), w.year);
  f.stream_key = e.stream_key;
  f.size_class = size;
  f.above_scale_before = revenue >= sc.fiscal.above_scale_revenue_wan ? 1 : 0;
  const bool tenant = rents_floor(platform);
  const PlotRatio built = tenant ? PlotRatio{} : PlotRatio{at.land_saving, at.premium};
  const double land_bought = land_need / built.land_saving;  // m² (tenants: floor below)
  f.intensity_wan_per_mu = intensity * built.land_saving;
  f.land_m2 = tenant ? 0.0 : land_bought;
  double land_cost = 0;
  // Policies pay the entrant for its entry and initial investment, and land discounts come
  // back as payments from their payers (land sales are at list price). Instruments tied to
  // production (taxes, wages, loans) pay from the first year of production on.
  policy::FirmFlows flows;
  flows.entered = true;
  flows.investment_wan = capital;
  // land_lease, lease_then_sell: the entrant leases its land
  const bool leases = platform != kNoPlatform && !tenant && at.leases;
  if (tenant) {
    const double floor = land_need * p.floor_per_land[platform];
    p.floor_occupied_m2[platform] += floor;
    county.floors.emplace_back(id, floor);
  } else if (leases) {
    p.land_occupied_m2[platform] += land_bought;  // booked as leased below; no upfront price
  } else {
    // Bought at the list price, from the platform or, outside platforms, from the county.
    const bool commercial = platform == kNoPlatform && !w.sectors.industrial_land[e.sector];
    const double list_price = commercial ? 0.0
                              : platform == kNoPlatform
                                  ? outside_land.outside_land_price_wan_per_mu[e.county]
                                  : p.price_wan_per_mu[platform];
    if (commercial) {
      // Commercial space outside platforms: rented, not the county's industrial land.
    } else if (platform == kNoPlatform) {
      outside_land.outside_land_occupied_m2[e.county] += land_bought;
      outside_land.outside_land_sold_m2[e.county] += land_bought;
    } else {
      p.land_occupied_m2[platform] += land_bought;
      p.land_sold_m2[platform] += land_bought;
    }
    land_cost = land_bought / kM2PerMu * list_price;
    flows.land_bought_mu = commercial ? 0.0 : land_bought / kM2PerMu;
    flows.land_discount_wan_per_mu = list_price - at.land_price_wan_per_mu;
    flows.land_discount_rate = at.land_discount_rate;
  }
  // PolicyBook::pay, except that shares other counties' entrants may also charge are kept to be
  // booked in the drawn order, and recipients are counted per county (whole numbers: their sum
  // does not depend on the order).
  const auto& book = w.policies;
  auto& ledger = w.work.payments.values;
  double received = 0;
  book.for_eligible(
      w.year, e.county, platform, e.sector, size, [&](std::size_t k, const auto& instrument) {
        const double amount = instrument.payment_wan(flows);
        received += amount;
        if (amount == 0) return;
        book.for_each_share(k, e.county, amount, [&](std::size_t at, double share_wan, bool own) {
          if (own)
            ledger[at] += share_wan;
          else
            county.charges.push_back({index, static_cast<std::uint32_t>(at), share_wan});
        });
        if (amount > 0) county.recipients[k] += 1.0;
      });
  // Finance: owners put in at least entrant_equity_ratio of the outlay (capital, land net of
  // land discounts, and any plot-ratio construction premium); bank loans cover the rest, within
  // the credit limit there, unless the bank refused the entrant (screen_entrant_finance); a
  // guarantee adds the guaranteed loan.
  // Entry awards are taxable income (the entrant has no profit yet: CIT on the taxable share).
  const auto& fiscal = w.scenario->fiscal;
  const double tax_on_awards = fiscal.cit_rate * fiscal.subsidy_taxable_share * received;
  const double outlay = capital * (1.0 + built.premium * (built.land_saving - 1.0)) + land_cost -
                        received + tax_on_awards;
  const double limit = credit_limit(w, eligible_terms_at(w, e.county, platform, e.sector, size));
  const double bank_loan =
      e.bank_refused ? 0.0 : std::min(limit * capital, (1.0 - sec.entrant_equity_ratio) * outlay);
  f.debt_wan = bank_loan + e.guaranteed_wan;
  f.cash_wan = 0;
  row = {f, received, true};
  if (leases)
    county.leases.push_back(
        {id, land_bought, eligible_terms_at(w, e.county, platform, e.sector, size)});
}

}  // namespace

namespace {

/// User cost of a new firm's capital (per 万元 a year) at an option of county c: its loan rate
/// net of the interest subsidy on the debt-financed share, depreciation, the investment subsidy,
/// and the yearly cost of the land it buys, price / intensity at the loan rate (land does not
/// depreciate). With `policies` false: the same option without any instrument.
double entrant_user_cost(const World& w, CountyId c, PlatformId p, SectorId s, SizeClass size,
                         bool policies) {
  const auto& sec = w.scenario->sectors[s];
  const policy::DecisionTerms terms =
      policies ? eligible_terms_at(w, c, p, s, size) : policy::DecisionTerms{};
  const double rate = loan_rate(w, s, size, 0);
  const double debt_share = std::min(credit_limit(w, terms), 1.0 - sec.entrant_equity_ratio);
  const double capital_cost = user_cost_of_capital(rate, sec.depreciation, debt_share, terms);
  double land_price = 0;
  if (p == kNoPlatform)
    land_price = outside_cost(w, c, s, terms);  // terms are empty without policies
  else
    land_price = policies
                     ? policy::effective_land_price(w.platforms.price_wan_per_mu[p],
                                                    w.platforms.servicing_cost_wan_per_mu[p], terms)
                     : w.platforms.price_wan_per_mu[p];
  return std::max(capital_cost + rate * land_price / sec.investment_intensity_wan_per_mu, 1e-3);
}

}  // namespace

double entrant_cost_of_capital_gain(const World& w, CountyId c, SectorId s) {
  const auto& sec = w.scenario->sectors[s];
  const double returns = 1.0 - sec.capital_elasticity - sec.labour_elasticity;
  const auto size = size_class(sec.entrant_revenue_median_wan);
  double best = 1.0;
  for_each_location(w, c, [&](PlatformId p) {
    const double ratio =
        entrant_user_cost(w, c, p, s, size, false) / entrant_user_cost(w, c, p, s, size, true);
    best = std::max(best, std::pow(ratio, sec.capital_elasticity / returns));
  });
  return best;
}

namespace {

/// The location utility (location_utility) of option `id` of county c for the sector's median
/// entrant: revenue entrant_revenue_median_wan, capital capital_output_ratio times that, buying
/// its land at the price after the discounts it is eligible for, with the entry awards it would
/// receive there.
double median_entrant_utility(const World& w, CountyId c, PlatformId id, SectorId s) {
  const auto& sec = w.scenario->sectors[s];
  const double revenue = sec.entrant_revenue_median_wan;
  const double capital = sec.capital_output_ratio * revenue;
  const auto size = size_class(revenue);
  const double award = award_utility(w, entry_award_quote(w, c, id, s, size, capital), capital);
  const auto terms = eligible_terms_at(w, c, id, s, size);
  const double price = id == kNoPlatform ? outside_logit_price(w, c, s, terms)
                                         : policy::effective_land_price(
                                               w.platforms.price_wan_per_mu[id],
                                               w.platforms.servicing_cost_wan_per_mu[id], terms);
  return location_utility(w, c, id, s, award, price);
}

/// a_l (location_entry_weight) given the median entrant's utility outside, `outside`.
double entry_weight(const World& w, CountyId c, PlatformId id, SectorId s, double outside) {
  if (id == kNoPlatform || w.platforms.delisted(id)) return 1.0;
  return std::exp(w.scenario->location_choice.zone_entry_response *
                  (median_entrant_utility(w, c, id, s) - outside));
}

}  // namespace

double location_entry_weight(const World& w, CountyId c, PlatformId p, SectorId s) {
  return entry_weight(w, c, p, s, median_entrant_utility(w, c, kNoPlatform, s));
}

double entry_pool(const World& w, CountyId c, SectorId s) {
  // The outside utility is computed once, and a location's weight only where it counts.
  double outside = 0;
  bool have_outside = false;
  double pool = 0;
  for (auto slot = w.cells.first_slot(c); slot < w.cells.end_slot(c); ++slot) {
    const auto id = w.cells.slot_platform[slot];
    const bool listed = id != kNoPlatform && !w.platforms.delisted(id);
    const double lead = listed && w.platforms.leads_sector[id][s] ? 1.0 : 0.0;
    const double base = w.work.cell_firms[slot * w.cells.n_sectors + s] + lead;
    if (base <= 0) continue;
    if (!listed) {
      pool += base;
      continue;
    }
    if (!have_outside) {
      outside = median_entrant_utility(w, c, kNoPlatform, s);
      have_outside = true;
    }
    pool += base * entry_weight(w, c, id, s, outside);
  }
  return pool;
}

double real_entry_profitability(const World& w, CountyId c, SectorId s) {
  const auto& sec = w.scenario->sectors[s];
  const double returns = 1.0 - sec.capital_elasticity - sec.labour_elasticity;
  // Real terms: the regional price against the national price of the sector (its market's
  // tightness, not inflation) and the county wage against its reservation wage (the labour
  // market's tightness, not wage growth). Both are 1 in the base year and stay there when the
  // region grows with its markets, so an unchanged environment gives a stable entry rate.
  const double price = w.sectors.price[s] / w.sectors.national_price[s];
  const double wage = w.counties.wage_wan[c] / w.counties.reservation_wage_wan[c];
  return std::pow(price, 1.0 / returns) * std::pow(wage, -sec.labour_elasticity / returns);
}

double expected_entrants(const World& w, CountyId c, SectorId s) {
  const auto& sec = w.scenario->sectors[s];
  const double pool = entry_pool(w, c, s);
  if (pool <= 0 || w.counties.labour_force[c] <= 0) return 0.0;
  // Entry awards raise expected entry by entry_award_elasticity per unit of award / capital.
  const double award = 1.0 + sec.entry_award_elasticity * expected_entry_award_ratio(w, c, s);
  // Policies that lower new firms' cost of capital raise their expected profit.
  const double cost_of_capital = entrant_cost_of_capital_gain(w, c, s);
  const double profit = real_entry_profitability(w, c, s) * cost_of_capital;
  return sec.entry_rate * w.scenario->counties[c].promotion_effort * pool *
         std::min(std::pow(profit, sec.entry_profit_elasticity), 5.0) * award;
}

namespace {

/// Would-be entrants' finance (MODEL.md 3.6, entrants), before they choose a location, in the
/// drawn order (guarantee funds' capacity is shared): the owners' liquid funds are
/// `owner_funds_median exp(owner_funds_sigma z)` times the project's capital; the bank lends
/// `min(limit, 1 - entrant_equity_ratio)` of it (limit: the loan-to-capital limit with the best
/// credit expansion among the county's options) unless it refuses (loan_refusal_probability, the
/// best among the options). When the two fall short of the capital, a guarantee fund the entrant
/// is eligible for covers the gap if it can (guarantee_entrant); otherwise the project is dropped
/// and counted per county and sector. Keeps the entrants that enter, in their order.
void screen_entrant_finance(World& w) {
  auto& entrants = w.work.entrants;
  const auto& credit = w.scenario->credit;
  const auto year = static_cast<std::uint64_t>(w.year);
  // Each entrant's own draws and terms, in parallel (its own element only).
  parallel_rows(entrants.size(), [&](std::size_t begin, std::size_t end) {
    for (std::size_t j = begin; j < end; ++j) {
      auto& e = entrants[j];
      const auto& sec = w.scenario->sectors[e.sector];
      const double revenue = draw_plan(w, e).revenue_wan;
      e.capital_wan = sec.capital_output_ratio * revenue;
      e.size = size_class(revenue);
      double limit = 0;
      double refusal = 1;
      for_each_location(w, e.county, [&](PlatformId p) {
        limit =
            std::max(limit, credit_limit(w, eligible_terms_at(w, e.county, p, e.sector, e.size)));
        refusal = std::min(refusal, loan_refusal_probability(w, e.county, p, e.sector, e.size));
      });
      RandomStream rng(w.seed, w.replicate, year, e.stream_key, Purpose::entrant_finance);
      const double owners =
          credit.owner_funds_median * std::exp(credit.owner_funds_sigma * rng.normal());
      e.bank_refused = rng.uniform() < refusal;
      const double loan_share =
          e.bank_refused ? 0.0 : std::min(limit, 1.0 - sec.entrant_equity_ratio);
      e.gap_wan = (1.0 - owners - loan_share) * e.capital_wan;
      e.room_wan = (1.0 - sec.entrant_equity_ratio - loan_share) * e.capital_wan;
    }
  });
  // Guarantee funds' capacity is shared (a fund may serve several counties): the short entrants
  // ask in the drawn order, serially; the unfinanced are dropped and counted.
  auto& unfinanced = w.work.cell_entrants_unfinanced;
  unfinanced.assign(w.cells.n_cells(), 0.0);
  const bool guarantees = guarantee_funds_running(w);
  std::size_t kept = 0;
  for (auto e : entrants) {
    if (e.gap_wan > 0 && guarantees) {
      for_each_location(w, e.county, [&](PlatformId p) {
        if (e.guarantee_fund == kNoFund)
          e.guarantee_fund = guarantee_entrant(w, e.county, p, e.sector, e.size, e.capital_wan,
                                               e.gap_wan, e.room_wan);
      });
      if (e.guarantee_fund != kNoFund) e.guaranteed_wan = e.gap_wan;
    }
    if (e.gap_wan > 0 && e.guarantee_fund == kNoFund) {
      unfinanced[w.cells.cell(e.county, kNoPlatform, e.sector)] += 1.0;
      continue;
    }
    entrants[kept++] = e;
  }
  entrants.resize(kept);
}

}  // namespace

void enter_firms(World& w) {
  const auto year = static_cast<std::uint64_t>(w.year);
  // 1. Counts per entry cell (county, sector), each from its own stream; every entrant's
  //    streams are keyed by (entry cell, rank), so what happens in one cell never changes the
  //    draws of another.
  //    Cells in parallel: their counts, then their entrants at their cell's offset (cell order).
  auto& entrants = w.work.entrants;
  const std::size_t n_sectors = w.n_sectors();
  const std::size_t n_cells = w.n_counties() * n_sectors;
  std::vector<std::size_t> cell_first(n_cells + 1, 0);
  tbb::parallel_for(std::size_t{0}, n_cells, [&](std::size_t cell) {
    RandomStream rng(w.seed, w.replicate, year, cell, Purpose::entry_count);
    const auto n = rng.poisson(expected_entrants(w, static_cast<CountyId>(cell / n_sectors),
                                                 static_cast<SectorId>(cell % n_sectors)));
    cell_first[cell + 1] = static_cast<std::size_t>(std::max<std::int64_t>(n, 0));
  });
  for (std::size_t cell = 0; cell < n_cells; ++cell) cell_first[cell + 1] += cell_first[cell];
  entrants.resize(cell_first.back());
  tbb::parallel_for(std::size_t{0}, n_cells, [&](std::size_t cell) {
    const auto county = static_cast<CountyId>(cell / n_sectors);
    const auto sector = static_cast<SectorId>(cell % n_sectors);
    for (std::size_t k = 0; k < cell_first[cell + 1] - cell_first[cell]; ++k)
      entrants[cell_first[cell] + k] = {county, sector, entrant_stream_key(cell, k), 0};
  });
  // 2. Entrants are served in a drawn order (ties by key): who gets scarce land is not
  //    decided by cell order or thread order. Keys depend on the stream key only (drawn in
  //    parallel); stream keys are unique, so the order is a strict total order and any sort,
  //    serial or parallel, gives the same sequence.
  parallel_rows(entrants.size(), [&](std::size_t begin, std::size_t end) {
    for (std::size_t j = begin; j < end; ++j)
      entrants[j].order_key = draw_order_key(w, entrants[j].stream_key, Purpose::entrant_order);
  });
  tbb::parallel_sort(
      entrants.begin(), entrants.end(), [](const EntrantDraw& a, const EntrantDraw& b) {
        return a.order_key != b.order_key ? a.order_key < b.order_key : a.stream_key < b.stream_key;
      });

  screen_entrant_finance(w);
  if (entrants.empty()) return;

  // 3. Entrants served in the drawn order (land and floor are taken as they go), a batch at a
  //    time. Each entrant's own draws (keyed by its stream key only) and what its options look
  //    like apart from vacant land and floor (utilities at the land price and, for a would-be
  //    tenant, at the floor price; admission; land needed) do not change while entrants are
  //    served: they are computed in parallel over the batch. An entrant's options are its own
  //    county's platforms (and outside), so entrants of different counties never compete:
  //    counties are served in parallel, each county's entrants in the drawn order. Rows are
  //    appended first (ids in the drawn order); payments to payers that several counties share
  //    are charged in the drawn order after each batch.
  auto& p = w.platforms;
  auto& table = w.work.entry_table;
  auto& plans = w.work.entrant_plans;
  auto& rows = w.work.entrant_rows;
  auto& by_county = w.work.entry_by_county;
  auto& county_begin = w.work.entry_county_begin;
  auto& counties = w.work.entry_counties;
  auto& ledger = w.work.payments.values;
  const std::size_t n_counties = w.n_counties();
  const std::size_t n_policies = w.policies.policies.size();
  std::vector<std::uint32_t> county_options(n_counties, 1);  // outside + listed platforms
  for (std::size_t c = 0; c < n_counties; ++c)
    for (auto slot = w.cells.first_slot(static_cast<CountyId>(c)) + 1;
         slot < w.cells.end_slot(static_cast<CountyId>(c)); ++slot)
      county_options[c] += p.delisted(w.cells.slot_platform[slot]) ? 0u : 1u;
  counties.resize(n_counties);
  for (auto& county : counties) {
    county.recipients.assign(n_policies, 0.0);
    county.leases.clear();
    county.floors.clear();
  }
  const FirmId first = w.firms.append_rows(entrants.size());
  auto& kept = w.work.entrant_kept;  // 0: found no land, its row is dropped
  kept.assign(entrants.size(), 1);
  // Each entrant's options at a fixed stride in the table (the most any county has).
  const std::size_t stride = *std::max_element(county_options.begin(), county_options.end());
  // Entrants a batch: its option table and row buffer (about 300 bytes an entrant) are alive
  // at the year's memory peak, so batches are kept small (4096: 1.2 MB; 16384 cost 5 bytes per
  // firm of peak memory at N = 1e6 and was no faster).
  constexpr std::size_t kBatch = 4096;
  constexpr std::size_t kGroupBlock = 1024;
  std::vector<std::uint32_t> group_at;  // [block * n_counties + county]
  for (std::size_t batch = 0; batch < entrants.size(); batch += kBatch) {
    const std::size_t batch_end = std::min(entrants.size(), batch + kBatch);
    const std::size_t n = batch_end - batch;
    // The batch's entrants grouped by county, each county's in the drawn order: counts per
    // block of entrants and county, their offsets in (county, block) order, then each block
    // writes its entrants in order.
    const std::size_t n_blocks = (n + kGroupBlock - 1) / kGroupBlock;
    group_at.assign(n_blocks * n_counties, 0);
    tbb::parallel_for(std::size_t{0}, n_blocks, [&](std::size_t b) {
      for (std::size_t j = b * kGroupBlock; j < std::min(n, (b + 1) * kGroupBlock); ++j)
        ++group_at[b * n_counties + entrants[batch + j].county];
    });
    county_begin.resize(n_counties + 1);
    std::uint32_t at = 0;
    for (std::size_t c = 0; c < n_counties; ++c) {
      county_begin[c] = at;
      for (std::size_t b = 0; b < n_blocks; ++b)
        at += std::exchange(group_at[b * n_counties + c], at);
    }
    county_begin[n_counties] = at;
    by_county.resize(n);
    tbb::parallel_for(std::size_t{0}, n_blocks, [&](std::size_t b) {
      for (std::size_t j = b * kGroupBlock; j < std::min(n, (b + 1) * kGroupBlock); ++j)
        by_county[group_at[b * n_counties + entrants[batch + j].county]++] =
            static_cast<std::uint32_t>(j);
    });
    table.resize(n * stride);
    plans.resize(n);
    rows.resize(n);
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, n, 256),
                      [&](const tbb::blocked_range<std::size_t>& r) {
                        for (std::size_t j = r.begin(); j < r.end(); ++j) {
                          plans[j] = draw_plan(w, entrants[batch + j]);
                          describe_options(w, entrants[batch + j], plans[j], &table[j * stride]);
                        }
                      });
    tbb::parallel_for(std::size_t{0}, n_counties, [&](std::size_t c) {
      auto& county = counties[c];
      county.charges.clear();
      county.next_charge = 0;
      for (auto k = county_begin[c]; k < county_begin[c + 1]; ++k) {
        const std::uint32_t j = by_county[k];
        const std::span<const EntryOption> options(&table[j * stride], county_options[c]);
        serve_entrant(w, entrants[batch + j], plans[j], options, j,
                      static_cast<FirmId>(first + batch + j), county, rows[j]);
      }
    });
    // The rows, in row order.
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, n, 512),
                      [&](const tbb::blocked_range<std::size_t>& r) {
                        for (std::size_t j = r.begin(); j < r.end(); ++j) {
                          const auto id = static_cast<FirmId>(first + batch + j);
                          const auto& row = rows[j];
                          kept[batch + j] = row.entered ? 1 : 0;
                          if (!row.entered) continue;
                          w.firms.set_row(id, row.firm);
                          w.firms.investment_wan[id] = row.firm.capital_wan;  // initial investment
                          w.firms.new_lending_wan[id] = row.firm.debt_wan;    // this year's lending
                          w.firms.policy_received_wan[id] = row.received_wan;
                        }
                      });
    // Charges to shared payers, in the drawn order.
    const bool shared = std::any_of(counties.begin(), counties.end(),
                                    [](const EntryCounty& c) { return !c.charges.empty(); });
    for (std::uint32_t j = 0; shared && j < n; ++j) {
      auto& county = counties[entrants[batch + j].county];
      for (; county.next_charge < county.charges.size() &&
             county.charges[county.next_charge].entrant == j;
           ++county.next_charge) {
        const auto& charge = county.charges[county.next_charge];
        ledger[charge.at] += charge.amount_wan;
      }
    }
  }
  // Recipient counts; then guidance funds, which may serve several counties and have limited
  // cash, take equity in entrants in the drawn order; leases and floor are booked per county (a
  // row and its own county's platforms), each county's in the drawn order.
  for (const auto& county : counties)
    for (std::size_t k = 0; k < n_policies; ++k)
      if (county.recipients[k] != 0) ledger[w.policies.recipients_index(k)] += county.recipients[k];
  // Entrants that found no land leave no row: the others' rows move down in order (before any
  // sparse record is booked for them), and their leases, floor and guarantees follow; a
  // guarantee granted to an entrant that found no land goes back to its fund.
  FirmId end = static_cast<FirmId>(first + entrants.size());
  std::vector<FirmId> moved_to;  // [entrant]: its row (only when some rows are dropped)
  const auto row_of = [&](std::size_t j) {
    return moved_to.empty() ? static_cast<FirmId>(first + j) : moved_to[j];
  };
  if (std::find(kept.begin(), kept.end(), 0) != kept.end()) {
    moved_to.resize(entrants.size());
    FirmId to = first;
    for (std::size_t k = 0; k < kept.size(); ++k) moved_to[k] = kept[k] ? to++ : to;
    for (auto& county : counties) {
      for (auto& lease : county.leases) lease.firm = moved_to[lease.firm - first];
      for (auto& floor : county.floors) floor.first = moved_to[floor.first - first];
    }
    end = static_cast<FirmId>(w.firms.drop_rows(first, kept));
  }
  // Guaranteed entrants' guarantees (their fund granted them in screen_entrant_finance).
  for (std::size_t j = 0; j < entrants.size(); ++j) {
    const auto& e = entrants[j];
    if (e.guarantee_fund == kNoFund) continue;
    if (!kept[j]) {
      cancel_entrant_guarantee(w, e.county, e.guarantee_fund, e.guaranteed_wan);
      continue;
    }
    auto& guarantee = w.firms.guarantees.get(row_of(j));
    guarantee.wan = e.guaranteed_wan;
    guarantee.fund = e.guarantee_fund;
  }
  fund_entrants(w, first, end);
  for (const auto& county : counties) {
    for (const auto& lease : county.leases) book_lease(w, lease.firm, lease.m2, lease.terms);
    for (const auto& [firm, floor] : county.floors) w.firms.tenancies.get(firm).floor_m2 = floor;
  }
}

}  // namespace regsim
