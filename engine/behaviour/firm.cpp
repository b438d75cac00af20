#include "engine/behaviour/firm.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "engine/core/random.hpp"
#include "engine/population/population.hpp"

namespace regsim {

namespace {

double effective_log_productivity(const World& w, FirmId i) {
  const auto& f = w.firms;
  const auto& s = w.scenario->sectors[f.sector[i]];
  return f.log_productivity[i] +
         agglomeration_log_gain(s, f.platform[i], w.work.cell_firms[f.cell[i]]);
}

double loan_rate(const World& w, const scenario::Sector& s) {
  return w.scenario->fiscal.bank_rate + s.risk_premium;
}

}  // namespace

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
      RandomStream rng(w.seed, w.replicate, static_cast<std::uint32_t>(w.year),
                       static_cast<FirmId>(i), Purpose::productivity_shock);
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
  const double log_wedge = std::log(f.labour_wedge[i]);
  return {std::exp(log_a - beta / (1.0 - beta) * log_wedge),
          std::exp(log_a - log_wedge / (1.0 - beta))};
}

void produce(World& w) {
  auto& f = w.firms;
  const auto& sc = *w.scenario;
  parallel_rows(f.size(), [&](std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end; ++i) {
      const auto id = static_cast<FirmId>(i);
      if (!f.active(id)) continue;
      const auto& s = sc.sectors[f.sector[i]];
      const double price = w.sectors.price[f.sector[i]];
      const double wage = w.counties.wage_wan[f.county[i]];
      const double beta = s.labour_elasticity;
      const double v = s.value_added_share;
      // Labour from w phi L = beta v p Y; with Y = A K^a L^b this is
      // L = a_i (beta v p / (w phi))^(1/(1-b)) and Y = a_i (beta v p / (w phi))^(b/(1-b)).
      const auto scale = supply_scale(w, id);
      const double labour = std::pow(beta * v * price / wage, 1.0 / (1.0 - beta)) * scale.labour;
      const double output = std::pow(beta * v * price / wage, beta / (1.0 - beta)) * scale.output;
      const double revenue = price * output;
      const double value_added = v * revenue;
      const double profit = value_added - wage * labour - loan_rate(w, s) * f.debt_wan[i] -
                            s.depreciation * f.capital_wan[i];
      f.labour[i] = labour;
      f.revenue_wan[i] = revenue;
      f.value_added_wan[i] = value_added;
      f.profit_wan[i] = profit;
      f.vat_wan[i] = sc.fiscal.vat_rate * value_added;
      f.cit_wan[i] = sc.fiscal.cit_rate * std::max(0.0, profit);
    }
  });
}

void plan_investment(World& w) {
  auto& f = w.firms;
  const auto& sc = *w.scenario;
  const double ltv = sc.fiscal.loan_to_capital;
  parallel_rows(f.size(), [&](std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end; ++i) {
      const auto id = static_cast<FirmId>(i);
      f.land_claim_m2[i] = 0;
      f.investment_wan[i] = 0;
      if (!f.active(id)) continue;
      const auto& s = sc.sectors[f.sector[i]];
      policy::DecisionTerms terms;
      const auto size = size_class(f.revenue_wan[i]);
      for (std::size_t k = 0; k < w.policies.policies.size(); ++k)
        if (w.policies.eligible(k, w.year, f.county[i], f.platform[i], f.sector[i], size))
          std::visit([&](const auto& instrument) { instrument.shape(terms); },
                     w.policies.policies[k].instrument);
      // User cost of capital (Hall-Jorgenson): loan rate net of interest subsidy, plus
      // depreciation, times the share of the capital price the firm bears.
      const double rate = std::max(0.0, loan_rate(w, s) - terms.interest_points);
      const double user_cost =
          std::max((rate + s.depreciation) * std::max(0.0, 1.0 - terms.investment_rate), 1e-3);
      const double k = f.capital_wan[i];
      const double desired = s.capital_elasticity * f.value_added_wan[i] / user_cost;
      double investment =
          std::max(0.0, s.investment_adjustment * (desired - k) + s.depreciation * k);
      // Finance: internal cash flow plus new loans up to debt <= ltv * capital after investing.
      const double cash_flow = std::max(0.0, f.profit_wan[i] - f.cit_wan[i] + s.depreciation * k);
      const double financeable = ltv < 1.0 ? (cash_flow + ltv * k - f.debt_wan[i]) / (1.0 - ltv)
                                           : std::numeric_limits<double>::infinity();
      investment = std::clamp(investment, 0.0, std::max(0.0, financeable));
      f.investment_wan[i] = investment;
      // Land: capital needs land at the sector's investment intensity (万元 per mu).
      const double land_needed =
          ((1.0 - s.depreciation) * k + investment) / s.investment_intensity_wan_per_mu * kM2PerMu;
      if (f.platform[i] != kNoPlatform)
        f.land_claim_m2[i] = std::max(0.0, land_needed - f.land_m2[i]);
      else
        f.land_m2[i] =
            std::max(f.land_m2[i], land_needed);  // outside platforms land is not rationed
    }
  });
}

void settle(World& w) {
  auto& f = w.firms;
  const auto& sc = *w.scenario;
  const auto& book = w.policies;
  w.work.payer_totals.resize(book.n_payers());
  w.work.sums.reduce(
      f.size(), book.n_payers(), w.work.payer_totals,
      [&](std::size_t begin, std::size_t end, std::span<double> paid) {
        for (std::size_t i = begin; i < end; ++i) {
          const auto id = static_cast<FirmId>(i);
          f.policy_received_wan[i] = 0;
          if (!f.active(id)) continue;
          const auto& s = sc.sectors[f.sector[i]];
          const double land_cost =
              f.land_claim_m2[i] / kM2PerMu *
              (f.platform[i] == kNoPlatform ? 0.0 : w.platforms.price_wan_per_mu[f.platform[i]]);
          const double cash_flow =
              f.profit_wan[i] - f.cit_wan[i] + s.depreciation * f.capital_wan[i];
          f.capital_wan[i] = (1.0 - s.depreciation) * f.capital_wan[i] + f.investment_wan[i];

          const policy::FirmFlows flows{f.debt_wan[i], f.investment_wan[i]};
          const auto size = size_class(f.revenue_wan[i]);
          double received = 0;
          for (std::size_t k = 0; k < book.policies.size(); ++k) {
            if (!book.eligible(k, w.year, f.county[i], f.platform[i], f.sector[i], size)) continue;
            const double pay =
                std::visit([&](const auto& instrument) { return instrument.payment_wan(flows); },
                           book.policies[k].instrument);
            received += pay;
            paid[book.payer_slot_for(k, f.county[i])] += pay;
          }
          f.policy_received_wan[i] = received;
          f.equity_wan[i] += f.profit_wan[i] - f.cit_wan[i] + received - land_cost;
          // Cash needed beyond internal funds is borrowed; a surplus repays debt.
          const double need = f.investment_wan[i] + land_cost - cash_flow - received;
          f.debt_wan[i] = need > 0 ? f.debt_wan[i] + need : std::max(0.0, f.debt_wan[i] + need);
        }
      });
}

void exit_firms(World& w) {
  auto& f = w.firms;
  const auto& sectors = w.scenario->sectors;
  parallel_rows(f.size(), [&](std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end; ++i) {
      if (!f.active(static_cast<FirmId>(i))) continue;
      f.loss_years[i] =
          f.profit_wan[i] < 0 ? static_cast<std::uint8_t>(std::min(f.loss_years[i] + 1, 255)) : 0;
      if (f.equity_wan[i] < 0 || f.loss_years[i] >= sectors[f.sector[i]].loss_years_to_exit) {
        f.status[i] = FirmStatus::exited;
        f.exit_year[i] = static_cast<std::int16_t>(w.year);
      }
    }
  });
}

}  // namespace regsim
