#include "engine/behaviour/firm.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "engine/core/random.hpp"
#include "engine/market/credit.hpp"
#include "engine/market/land.hpp"
#include "engine/market/standard_factory.hpp"
#include "engine/population/population.hpp"

namespace regsim {

namespace {

/// log A plus the agglomeration gain of the firm's cell (count_cell_firms computes it per cell:
/// agglomeration_log_gain of the cell's sector, platform and same-sector firms).
double effective_log_productivity(const World& w, FirmId i) {
  return w.firms.log_productivity[i] + w.work.cell_log_gain[w.firms.cell[i]];
}

/// List price per mu of the land firm i buys: its platform's, or its county's outside platforms.
double land_price(const World& w, FirmId i) {
  const auto p = w.firms.platform[i];
  if (p != kNoPlatform) return w.platforms.price_wan_per_mu[p];
  // Outside platforms: the county's industrial land; commercial space is rented (no price).
  return holds_located_land(w, i) ? w.counties.outside_land_price_wan_per_mu[w.firms.county[i]]
                                  : 0.0;
}

/// Calls fn(k, instrument) for every policy k the firm is eligible for this year.
template <class Fn>
void for_eligible_policies(const World& w, FirmId i, Fn&& fn) {
  const auto& f = w.firms;
  w.policies.for_eligible(w.year, f.county[i], f.platform[i], f.sector[i], f.size_class[i],
                          std::forward<Fn>(fn));
}

/// The decision terms of every policy a firm is eligible for depend only on its cell (county,
/// platform, sector) and size class this year: plan_investment computes them once per (cell,
/// size class) into Workspace::cell_terms and settle reuses them (eligibility does not change
/// in between). The same shape() calls in the same order, so the same numbers.
void fill_cell_terms(World& w) {
  auto& table = w.work.cell_terms;
  table.assign(w.cells.n_cells() * 4, policy::DecisionTerms{});
  for (std::uint32_t cell = 0; cell < w.cells.n_cells(); ++cell)
    for (unsigned size = 0; size < 4; ++size)
      w.policies.for_eligible(
          w.year, w.cells.county_of(cell), w.cells.platform_of(cell), w.cells.sector_of(cell),
          static_cast<SizeClass>(size),
          [&](std::size_t, const auto& instrument) { instrument.shape(table[cell * 4 + size]); });
}

/// A firm's eligible policies' decision terms: from the (cell, size class) table when there is
/// one and the firm's county is its cell's (always, for scenarios the parser accepts), else
/// computed.
policy::DecisionTerms eligible_terms(const World& w, FirmId i) {
  const auto& f = w.firms;
  if (w.work.cell_terms.size() == w.cells.n_cells() * 4 &&
      f.county[i] == w.cells.county_of(f.cell[i]))
    return w.work.cell_terms[f.cell[i] * 4 + static_cast<unsigned>(f.size_class[i])];
  policy::DecisionTerms terms;
  for_eligible_policies(w, i,
                        [&](std::size_t, const auto& instrument) { instrument.shape(terms); });
  return terms;
}

/// Decision terms of the policies acting at the margin of hiring (cap not reached at last
/// year's employment and revenue and this year's wage): wage and electricity subsidies.
policy::DecisionTerms hiring_terms(const World& w, FirmId i) {
  policy::DecisionTerms terms;
  policy::FirmFlows last_year;
  last_year.wage_bill_wan = w.firms.labour[i] * w.counties.wage_wan[w.firms.county[i]];
  last_year.electricity_bill_wan =
      w.scenario->sectors[w.firms.sector[i]].electricity_cost_share * w.firms.revenue_wan[i];
  // Only policies that can set a hiring term are asked (the others would leave both as they are).
  const auto& f = w.firms;
  w.policies.for_eligible_among(w.policies.hiring_policies(), w.year, f.county[i], f.platform[i],
                                f.sector[i], f.size_class[i],
                                [&](std::size_t, const auto& instrument) {
                                  if (instrument.marginal(last_year)) instrument.shape(terms);
                                });
  return terms;
}

}  // namespace

void classify_sizes(World& w) {
  auto& f = w.firms;
  parallel_rows(f.size(), [&](std::size_t begin, std::size_t end) {
    // Entrants keep the class of their drawn size until they have produced.
    for (std::size_t i = begin; i < end; ++i)
      if (f.revenue_wan[i] > 0) f.size_class[i] = size_class(f.revenue_wan[i]);
  });
}

void productivity_shock(World& w) {
  auto& f = w.firms;
  const auto& sectors = w.scenario->sectors;
  parallel_rows(f.size(), [&](std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end; ++i) {
      if (!f.active(static_cast<FirmId>(i))) continue;
      const auto& s = sectors[f.sector[i]];
      // Size for the volatility scaling: last year's revenue, or capital for new firms.
      const double size = std::max(f.revenue_wan[i] > 0 ? f.revenue_wan[i] : f.capital_wan[i], 1.0);
      const double sigma =
          s.productivity_volatility * std::pow(size / 1e4, -s.volatility_size_exponent);
      RandomStream rng(w.seed, w.replicate, static_cast<std::uint64_t>(w.year), f.stream_key[i],
                       Purpose::productivity_shock);
      f.log_productivity[i] += s.productivity_drift + sigma * rng.laplace();
    }
  });
}

SupplyScale supply_scale(const World& w, FirmId i) {
  const auto& f = w.firms;
  const auto& s = w.scenario->sectors[f.sector[i]];
  const double beta = s.labour_elasticity;
  const double log_a =
      (effective_log_productivity(w, i) + s.capital_elasticity * std::log(f.capital_wan[i])) /
      (1.0 - beta);
  // The firm hires as if the wage were w * phi * (1 - wage subsidy rate) (at most 0.9), and an
  // electricity subsidy raises its margin per unit of revenue from v to v + rate * e: the same
  // as a wage lower by the factor v / (v + rate * e) (MODEL.md, "Subsidy instruments").
  const auto terms = hiring_terms(w, i);
  const double v = s.value_added_share;
  const double electricity = std::min(terms.electricity_rate, 1.0) * s.electricity_cost_share;
  const double wedge =
      f.labour_wedge[i] * (1.0 - std::min(terms.wage_rate, 0.9)) * v / (v + electricity);
  // Hiring at the market wage (wedge exactly 1: no firm wedge, no hiring subsidy, as for most
  // firms): log_wedge is +0, so both scales are exp(log_a) exactly; one exp and no log.
  if (wedge == 1.0) {
    const double scale = std::exp(log_a);
    return {scale, scale};
  }
  const double log_wedge = std::log(wedge);
  return {std::exp(log_a - beta / (1.0 - beta) * log_wedge),
          std::exp(log_a - log_wedge / (1.0 - beta))};
}

void produce(World& w) {
  auto& f = w.firms;
  const auto& sc = *w.scenario;
  // Labour and output per unit of supply scale depend only on (county, sector): computed per
  // pair, not per firm (the same expressions, so the same numbers).
  const std::size_t ns = w.n_sectors();
  auto& factor = w.work.hiring_factor;
  factor.resize(2 * w.n_counties() * ns);
  for (std::size_t c = 0; c < w.n_counties(); ++c) {
    for (std::size_t sector = 0; sector < ns; ++sector) {
      const auto& s = sc.sectors[sector];
      const double beta = s.labour_elasticity;
      const double base = s.labour_elasticity * s.value_added_share * w.sectors.price[sector] /
                          w.counties.wage_wan[c];
      factor[2 * (c * ns + sector)] = std::pow(base, 1.0 / (1.0 - beta));
      factor[2 * (c * ns + sector) + 1] = std::pow(base, beta / (1.0 - beta));
    }
  }
  const auto& fiscal = sc.fiscal;
  parallel_rows(f.size(), [&](std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end; ++i) {
      const auto id = static_cast<FirmId>(i);
      if (!f.active(id)) continue;
      const auto& s = sc.sectors[f.sector[i]];
      const double price = w.sectors.price[f.sector[i]];
      const double wage = w.counties.wage_wan[f.county[i]];
      const double v = s.value_added_share;
      // Labour from w phi L = beta v p Y; with Y = A K^a L^b this is
      // L = a_i (beta v p / (w phi))^(1/(1-b)) and Y = a_i (beta v p / (w phi))^(b/(1-b)):
      // the (beta v p / w) powers from the (county, sector) table, the rest from supply_scale.
      // Market clearing computed the same weights this year unless a hiring policy applies
      // (its terms depend on the wage, which clearing changed).
      const bool kept = w.work.firm_scale_year == w.year && 2 * i < w.work.firm_scale.size() &&
                        !w.policies.may_shape_hiring(w.year, f.county[i], f.platform[i],
                                                     f.sector[i], f.size_class[i]);
      const SupplyScale scale =
          kept ? SupplyScale{w.work.firm_scale[2 * i], w.work.firm_scale[2 * i + 1]}
               : supply_scale(w, id);
      const double* pair = &factor[2 * (f.county[i] * ns + f.sector[i])];
      const double labour = pair[0] * scale.labour;
      const double output = pair[1] * scale.output;
      const double revenue = price * output;
      const double value_added = v * revenue;
      // Profit after wages, interest, depreciation and the fixed overhead (paid out of value
      // added: administration, rent); small and unproductive firms make losses and exit.
      // Rent on leased platform land (land_lease, lease_then_sell) at this year's list price.
      auto* lease = f.leases.find(i);
      const double rent = lease ? lease->rent_rate * land_price(w, static_cast<FirmId>(i)) *
                                      lease->land_m2 / kM2PerMu
                                : 0.0;
      // Rent of standard-factory floor (tenants).
      auto* tenancy = f.tenancies.find(i);
      const double floor_rent =
          tenancy && tenancy->floor_m2 > 0
              ? tenancy->floor_m2 * w.platforms.floor_rent_yuan_per_m2[f.platform[i]] / 1e4
              : 0.0;
      // Interest at the firm's own loan rate, and the fee on its guaranteed debt.
      // Taxes besides VAT and CIT (other_tax_wan): surcharges on VAT, taxes on revenue.
      const double other_tax = fiscal.surcharge_rate * vat_of(w, f.sector[i], value_added) +
                               fiscal.other_tax_rate * revenue;
      const double profit = value_added - wage * labour - loan_rate(w, id) * f.debt_wan[i] -
                            guarantee_fee_wan(w, id) - s.depreciation * f.capital_wan[i] -
                            s.fixed_cost_wan - rent - floor_rent - other_tax;
      if (lease) lease->rent_wan = rent;
      if (tenancy) tenancy->rent_wan = floor_rent;
      f.labour[i] = labour;
      f.revenue_wan[i] = revenue;
      f.profit_wan[i] = profit;  // value added, VAT and CIT follow (value_added_wan, ...)
    }
  });
  // The kept weights are released: held through the rest of the year they would add 16 bytes
  // per row to peak memory (the year's entrants, later, need more than they free).
  ScratchColumn<double>().swap(w.work.firm_scale);
  w.work.firm_scale_year = -1;
}

namespace {

/// Investment a firm plans under a set of decision terms (before finance and land).
double desired_investment(const World& w, FirmId i, const policy::DecisionTerms& terms) {
  const auto& f = w.firms;
  const auto& s = w.scenario->sectors[f.sector[i]];
  // The debt-financed share of capital: the firm's debt / capital, at most its credit limit
  // (the interest subsidy's effect rests on the same base as its payment).
  const double k = f.capital_wan[i];
  const double limit = credit_limit(w, terms);
  const double debt_share = k > 0 ? std::clamp(f.debt_wan[i] / k, 0.0, limit) : limit;
  const double user_cost = user_cost_of_capital(loan_rate(w, i), s.depreciation, debt_share, terms);
  const double desired_capital = w.sectors.capital_wedge[f.sector[i]] * s.capital_elasticity *
                                 value_added_wan(w, i) / user_cost;
  return std::max(0.0, s.investment_adjustment * (desired_capital - k) + s.depreciation * k);
}

/// Investment a firm plans toward the above-scale threshold because of upgrade awards (0 if none
/// applies): a firm below the threshold T with revenue R >= reach * T needs capital
/// K* = K (T / R)^((1 - beta) / alpha) to reach it (revenue ~ K^(alpha / (1 - beta)) under the
/// labour first-order condition); the award acts as an investment subsidy at rate
/// min(award / I*, 1) on investment up to I* = K* - (1 - d) K, and not beyond.
double upgrade_investment(const World& w, FirmId i, const policy::DecisionTerms& terms) {
  const auto& f = w.firms;
  const double threshold = w.scenario->fiscal.above_scale_revenue_wan;
  const double revenue = f.revenue_wan[i];
  if (terms.upgrade_award_wan <= 0 || f.above_scale_before[i] || revenue >= threshold ||
      revenue < terms.upgrade_reach * threshold || revenue <= 0)
    return 0.0;
  const auto& s = w.scenario->sectors[f.sector[i]];
  const double k = f.capital_wan[i];
  const double target_capital =
      k * std::pow(threshold / revenue, (1.0 - s.labour_elasticity) / s.capital_elasticity);
  const double needed = std::max(target_capital - (1.0 - s.depreciation) * k, 1e-9);
  policy::DecisionTerms subsidised = terms;
  subsidised.investment_rate += std::min(terms.upgrade_award_wan / needed, 1.0);
  return std::min(desired_investment(w, i, subsidised), needed);
}

/// Price per mu the firm pays for land after its land discounts: at its platform, or outside
/// platforms at its county's outside price (no servicing cost or legal floor there).
double effective_land_price(const World& w, FirmId i, const policy::DecisionTerms& terms) {
  const auto p = w.firms.platform[i];
  if (p == kNoPlatform) return policy::effective_land_price(land_price(w, i), 0.0, terms);
  auto t = terms;  // the legal floor of discounted prices applies whatever the instruments say
  t.land_price_floor_wan_per_mu =
      std::max(t.land_price_floor_wan_per_mu, legal_land_price_floor(w, p, w.firms.sector[i]));
  return policy::effective_land_price(w.platforms.price_wan_per_mu[p],
                                      w.platforms.servicing_cost_wan_per_mu[p], t);
}

}  // namespace

namespace {

/// Firm `id` exits this year: the year's cash flow is collected. Touches only its row.
void close_firm(World& w, FirmId id) {
  auto& f = w.firms;
  const std::size_t i = id;
  const auto& s = w.scenario->sectors[f.sector[i]];
  f.status[i] = FirmStatus::exited;
  f.exit_year[i] = static_cast<std::int16_t>(w.year);
  f.cash_wan[i] += f.profit_wan[i] - cit_wan(w, id) + s.depreciation * f.capital_wan[i];
}

/// Its capital is liquidated and lenders take the rest: their loss, from the books close_firm
/// left (nothing changes an exited firm's books later in its exit year).
ExitLoss exit_loss(const World& w, FirmId id) {
  const auto& f = w.firms;
  const auto& sc = *w.scenario;
  const std::size_t i = id;
  const auto& s = sc.sectors[f.sector[i]];
  const double proceeds = std::max(0.0, f.cash_wan[i]) +
                          sc.fiscal.collateral_recovery * (1.0 - s.depreciation) * f.capital_wan[i];
  ExitLoss exit;
  exit.firm = id;
  exit.loan_loss_wan = std::max(0.0, f.debt_wan[i] - proceeds);
  return exit;
}

}  // namespace

void exit_firm(World& w, FirmId id) {
  close_firm(w, id);
  w.firms.exits.push_back(exit_loss(w, id));
}

double exit_probability(const scenario::Exit& exit, int loss_years_to_exit,
                        const ExitSignals& firm) {
  if (exit.base_hazard <= 0) return 0.0;
  const double losses = std::min(std::max(firm.loss_years, 0), std::max(loss_years_to_exit, 0));
  const double thin = 1.0 - std::clamp(firm.net_worth_ratio, 0.0, 1.0);
  // Employment and age below one count as one (a firm with no workers is as small as a
  // one-worker firm; entrants face the hazard from their first full year).
  const double log_size = std::log(std::max(firm.workers, 1.0) / exit.reference_workers);
  const double log_age = std::log(std::max(firm.age, 1.0) / exit.reference_age);
  const double z = std::log(exit.base_hazard / (1.0 - exit.base_hazard)) +
                   exit.loss_year_weight * losses + exit.net_worth_weight * thin -
                   exit.size_elasticity * log_size - exit.age_elasticity * log_age;
  return 1.0 / (1.0 + std::exp(-z));
}

void exit_firms(World& w) {
  auto& f = w.firms;
  const auto& sc = *w.scenario;
  const auto year = static_cast<std::int16_t>(w.year);
  // This year's exits in id order (the first of the year): each block closes its exiting firms
  // and counts them, then writes their records into its range.
  gather_rows(
      f.size(), f.exits, w.work.block_offsets,
      [&](std::size_t begin, std::size_t end) {
        std::size_t exits = 0;
        for (std::size_t i = begin; i < end; ++i) {
          const auto id = static_cast<FirmId>(i);
          if (!f.active(id)) continue;
          const auto& s = sc.sectors[f.sector[i]];
          f.loss_years[i] = f.profit_wan[i] < 0
                                ? static_cast<std::uint8_t>(std::min(f.loss_years[i] + 1, 255))
                                : 0;
          const double equity_after_year = f.equity_wan(id) + f.profit_wan[i] - cit_wan(w, id);
          if (equity_after_year >= 0) {  // insolvency is a hard exit; otherwise the hazard draws
            ExitSignals signals;
            signals.loss_years = f.loss_years[i];
            signals.net_worth_ratio =
                f.capital_wan[i] > 0 ? equity_after_year / f.capital_wan[i] : 0.0;
            signals.workers = f.labour[i];
            signals.age = static_cast<double>(w.year - f.birth_year[i]);
            const double p = exit_probability(sc.exit, s.loss_years_to_exit, signals);
            if (p <= 0) continue;
            RandomStream rng(w.seed, w.replicate, static_cast<std::uint64_t>(w.year),
                             f.stream_key[i], Purpose::exit);
            if (rng.uniform() >= p) continue;
          }
          close_firm(w, id);
          ++exits;
        }
        return exits;
      },
      [&](std::size_t begin, std::size_t end, ExitLoss* out) {
        for (std::size_t i = begin; i < end; ++i)
          if (f.exit_year[i] == year && !f.active(static_cast<FirmId>(i)))
            *out++ = exit_loss(w, static_cast<FirmId>(i));
      });
}

void set_capital_wedges(World& w) {
  const auto& f = w.firms;
  const auto& sc = *w.scenario;
  const std::size_t ns = w.n_sectors();
  // [sector]: capital; [ns + sector]: desired capital. Summed in block order (deterministic).
  std::vector<double> sums(2 * ns, 0.0);
  w.work.sums.reduce(
      f.size(), sums.size(), sums, [&](std::size_t begin, std::size_t end, std::span<double> acc) {
        for (std::size_t i = begin; i < end; ++i) {
          const auto id = static_cast<FirmId>(i);
          if (!f.active(id)) continue;
          const auto& s = sc.sectors[f.sector[i]];
          const double user_cost = user_cost_of_capital(loan_rate(w, id), s.depreciation, 0.0, {});
          acc[f.sector[i]] += f.capital_wan[i];
          acc[ns + f.sector[i]] += s.capital_elasticity * value_added_wan(w, id) / user_cost;
        }
      });
  // With base-year capital growth g the capital after the base year's investment is (1 + g) K
  // (realise_base_year_investment) and the desired capital (1 + g)(1 + g / adjustment) K, so that
  // the first year's planned net investment is about g times its capital: the path continues.
  for (std::size_t s = 0; s < ns; ++s) {
    const auto& sector = sc.sectors[s];
    const double momentum = sector.investment_adjustment > 0
                                ? (1.0 + sector.capital_growth) *
                                      (1.0 + sector.capital_growth / sector.investment_adjustment)
                                : 1.0;
    w.sectors.capital_wedge[s] = sums[ns + s] > 0 ? momentum * sums[s] / sums[ns + s] : 1.0;
  }
}

void realise_base_year_investment(World& w) {
  auto& f = w.firms;
  const auto& sc = *w.scenario;
  parallel_rows(f.size(), [&](std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end; ++i) {
      const double g = sc.sectors[f.sector[i]].capital_growth;
      if (g == 0 || !f.active(static_cast<FirmId>(i))) continue;
      f.capital_wan[i] *= 1.0 + g;
      f.debt_wan[i] *= 1.0 + g;  // financed as the rest of its capital was
    }
  });
}

void plan_investment(World& w) {
  auto& f = w.firms;
  const auto& sc = *w.scenario;
  fill_cell_terms(w);  // settle reuses the table
  w.work.credit_bound_lists.collect(
      f.size(), w.funds.credit_bound,
      [&](std::size_t begin, std::size_t end, std::vector<CreditBound>& credit_bound) {
        for (std::size_t i = begin; i < end; ++i) {
          const auto id = static_cast<FirmId>(i);
          f.land_claim_m2[i] = 0;
          f.investment_wan[i] = 0;
          if (!f.active(id)) continue;
          const auto& s = sc.sectors[f.sector[i]];
          const double k = f.capital_wan[i];

          // Policies shape the decision only where they act at the margin: a capped subsidy whose
          // cap binds is a lump sum. Two passes: all eligible, then without those capped out; a
          // capped investment subsidy can leave the firm at its kink (investment = cap / rate).
          const policy::DecisionTerms all = eligible_terms(w, id);
          policy::DecisionTerms marginal;
          double investment = desired_investment(w, id, all);
          double kink = std::numeric_limits<double>::infinity();
          bool capped_out = false;
          for_eligible_policies(w, id, [&](std::size_t, const auto& instrument) {
            policy::FirmFlows planned;
            planned.debt_wan = f.debt_wan[i];
            planned.investment_wan = investment;
            if (instrument.marginal(planned)) {
              instrument.shape(marginal);
            } else {
              capped_out = true;
              kink = std::min(kink, instrument.investment_kink_wan());
            }
          });
          if (capped_out)
            investment = std::max(desired_investment(w, id, marginal), std::min(investment, kink));
          investment = std::max(investment, upgrade_investment(w, id, all));

          // Finance: cash, this year's cash flow, and loans up to debt <= ltv * capital +
          // guaranteed debt after investing; land for the new capital is paid for too.
          //   I (1 + c) <= cash + cash_flow + ltv ((1 - d) K + I) + G - D
          const double cash_flow = f.profit_wan[i] - cit_wan(w, id) + s.depreciation * k;
          // Leased land has no upfront price (its rent is a cost in profit).
          const double c = all.lease_rent_rate > 0
                               ? 0.0
                               : effective_land_price(w, id, all) / f.intensity_wan_per_mu[i];
          const double limit = credit_limit(w, all);
          double financeable = (f.cash_wan[i] + cash_flow + limit * (1.0 - s.depreciation) * k +
                                f.guaranteed_wan(id) - f.debt_wan[i]) /
                               (1.0 - limit + c);
          double slope = 1.0 - limit + c;
          // A plan that needs new loans goes to the bank, which refuses some (MODEL.md 3.6, bank
          // rationing): the firm then invests from its cash and cash flow only.
          const double internal = f.cash_wan[i] + cash_flow;
          bool refused = false;
          if (investment * (1.0 + c) > internal) {
            RandomStream rng(w.seed, w.replicate, static_cast<std::uint64_t>(w.year),
                             f.stream_key[i], Purpose::loan_application);
            refused = rng.uniform() < loan_refusal_probability(w, f.county[i], f.platform[i],
                                                               f.sector[i], f.size_class[i]);
          }
          if (refused) {
            financeable = std::min(financeable, std::max(0.0, internal) / (1.0 + c));
            slope = 1.0 + c;
          }
          // Finance funds serve credit-bound firms (over-indebted ones, financeable < 0, are not).
          if (financeable >= 0 && investment > financeable)
            credit_bound.push_back({id, investment, financeable, slope, refused});
          investment = std::clamp(investment, 0.0, std::max(0.0, financeable));
          f.investment_wan[i] = investment;
          // Land: capital needs land at the sector's investment intensity (万元 per mu).
          const double land_needed =
              ((1.0 - s.depreciation) * k + investment) / f.intensity_wan_per_mu[i] * kM2PerMu;
          // Claimed at its platform or outside (allocate_land); a tenant's floor stands for land.
          // Construction and services outside platforms rent commercial space: no claim.
          f.land_claim_m2[i] =
              holds_located_land(w, id)
                  ? std::max(0.0, land_needed - f.land_m2[i] - tenant_land_m2(w, id))
                  : 0.0;
        }
      });
}

void settle(World& w) {
  auto& f = w.firms;
  const auto& sc = *w.scenario;
  const auto& book = w.policies;
  const auto& credit = sc.credit;
  auto& block_sums = w.work.ledger_block;
  block_sums.resize(w.work.payments.size());
  w.work.sums.reduce(
      f.size(), block_sums.size(), block_sums,
      [&](std::size_t begin, std::size_t end, std::span<double> ledger) {
        for (std::size_t i = begin; i < end; ++i) {
          const auto id = static_cast<FirmId>(i);
          f.policy_received_wan[i] = 0;
          if (!f.active(id)) continue;
          const auto& s = sc.sectors[f.sector[i]];
          const policy::DecisionTerms terms = eligible_terms(w, id);  // plan_investment's table
          const double land_mu = f.land_claim_m2[i] / kM2PerMu;
          const double list_price = land_price(w, id);
          // Leased (platforms only): no price, a rent from next year on.
          const bool leased = terms.lease_rent_rate > 0 && f.platform[i] != kNoPlatform;
          // Discounts come back as payments.
          const double land_cost = leased ? 0.0 : land_mu * list_price;
          const double cash_flow =
              f.profit_wan[i] - cit_wan(w, id) + s.depreciation * f.capital_wan[i];
          f.capital_wan[i] = (1.0 - s.depreciation) * f.capital_wan[i] + f.investment_wan[i];

          policy::FirmFlows flows;
          flows.debt_wan = f.debt_wan[i];
          flows.investment_wan = f.investment_wan[i];
          flows.wage_bill_wan = w.counties.wage_wan[f.county[i]] * f.labour[i];
          flows.taxes_wan = vat_wan(w, id) + cit_wan(w, id);
          flows.land_bought_mu = leased ? 0.0 : land_mu;
          flows.land_discount_wan_per_mu = list_price - effective_land_price(w, id, terms);
          flows.land_discount_rate = terms.land_discount_rate;
          flows.electricity_bill_wan = s.electricity_cost_share * f.revenue_wan[i];
          const bool above_scale = f.revenue_wan[i] >= sc.fiscal.above_scale_revenue_wan;
          flows.became_above_scale = above_scale && !f.above_scale_before[i];
          if (above_scale) f.above_scale_before[i] = 1;
          flows.floor_rent_wan = f.floor_rent_wan(id);
          flows.years_since_entry = w.year - f.birth_year[i];
          const double received = book.pay(w.year, f.county[i], f.platform[i], f.sector[i],
                                           f.size_class[i], flows, ledger);
          f.policy_received_wan[i] = received;
          // Pecking order: cash first; a shortfall is borrowed. A surplus repays debt down to the
          // firm's target (target_debt_share of its credit limit), keeps a cash buffer, and the
          // rest goes to the owners, at most the year's earnings. Payments are taxable income
          // (CIT on them, subsidy_cit_wan).
          auto* guarantee = f.guarantees.find(i);
          const double earnings =
              f.profit_wan[i] - cit_wan(w, id) + received - subsidy_cit_wan(w, id) - land_cost;
          double cash = f.cash_wan[i] + cash_flow + received - subsidy_cit_wan(w, id) - land_cost -
                        f.investment_wan[i];
          f.new_lending_wan[i] = std::max(0.0, -cash);
          f.payout_wan[i] = 0;
          if (cash < 0) {
            f.debt_wan[i] -= cash;
            cash = 0;
          } else {
            const double target =
                credit.target_debt_share * credit_limit(w, terms) * f.capital_wan[i];
            const double repaid = std::clamp(f.debt_wan[i] - target, 0.0, cash);
            // The guaranteed part of the debt falls pro rata as debt is repaid.
            if (repaid > 0 && guarantee) guarantee->wan *= 1.0 - repaid / f.debt_wan[i];
            f.debt_wan[i] -= repaid;
            cash -= repaid;
            f.payout_wan[i] = std::clamp(cash - credit.cash_buffer_share * f.capital_wan[i], 0.0,
                                         std::max(0.0, earnings));
            cash -= f.payout_wan[i];
          }
          if (guarantee) guarantee->wan = std::min(guarantee->wan, f.debt_wan[i]);
          f.cash_wan[i] = cash;
        }
      });
  w.work.payments.add(block_sums);
}

}  // namespace regsim
