#include "engine/market/goods_labour.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "engine/behaviour/firm.hpp"

namespace regsim {

namespace {

// beta v / w, raised to a power: the common factor of supply and labour demand.
double factor(const scenario::Sector& s, double price, double wage, double exponent) {
  return std::pow(s.labour_elasticity * s.value_added_share * price / wage, exponent);
}

double labour_demand(const World& w, const std::vector<double>& scale, CountyId c, double wage) {
  // scale holds the output weights in [0, n_cells) and the labour weights in [n_cells, 2 n_cells).
  const auto& cells = w.cells;
  double total = 0;
  for (std::uint32_t slot = cells.first_slot(c); slot < cells.end_slot(c); ++slot) {
    for (std::size_t s = 0; s < cells.n_sectors; ++s) {
      const double S = scale[cells.n_cells() + slot * cells.n_sectors + s];
      if (S == 0) continue;
      const auto& sec = w.scenario->sectors[s];
      total += S * factor(sec, w.sectors.price[s], wage, 1.0 / (1.0 - sec.labour_elasticity));
    }
  }
  return total;
}

}  // namespace

double clearing_price(const SectorDemand& d, double supply_x, double theta, double price_guess) {
  // ln(supply) - ln(demand) in q = ln p: f(q) = ln X + theta q - ln(T e^(-eps (q - ln P)) +
  // L e^(-eta q)), strictly increasing; Newton from the guess, kept inside a bracket.
  const double tradable = d.tradable_qty;
  const double local = d.local_qty;
  const double log_x = std::log(supply_x);
  const double log_national = std::log(d.national_price);
  // The price at which supply equals one demand part alone, scaled by `times`.
  const auto tradable_root = [&](double times) {
    return (std::log(times * tradable) + d.market_share_elasticity * log_national - log_x) /
           (theta + d.market_share_elasticity);
  };
  const auto local_root = [&](double times) {
    return (std::log(times * local) - log_x) / (theta + d.local_elasticity);
  };
  if (local <= 0) return std::exp(tradable_root(1.0));  // closed forms
  if (tradable <= 0) return std::exp(local_root(1.0));
  const auto excess = [&](double q, double& slope) {
    const double t = tradable * std::exp(-d.market_share_elasticity * (q - log_national));
    const double l = local * std::exp(-d.local_elasticity * q);
    slope = theta + (d.market_share_elasticity * t + d.local_elasticity * l) / (t + l);
    return log_x + theta * q - std::log(t + l);
  };
  // Bracket: demand is above each part alone and below twice the larger part, so the root lies
  // between the larger of the parts' own roots and the larger of their roots at twice the part.
  double lo = std::max(tradable_root(1.0), local_root(1.0));
  double hi = std::max(tradable_root(2.0), local_root(2.0));
  double q = price_guess > 0 ? std::clamp(std::log(price_guess), lo, hi) : 0.5 * (lo + hi);
  for (int k = 0; k < 100; ++k) {
    double slope = 0;
    const double f = excess(q, slope);
    if (f == 0) break;
    (f > 0 ? hi : lo) = q;
    double next = q - f / slope;
    if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
    if (std::fabs(next - q) <= 1e-15 * std::max(1.0, std::fabs(q))) {
      q = next;
      break;
    }
    q = next;
  }
  return std::exp(q);
}

SectorDemand sector_demand(const World& w, SectorId s) {
  const auto& sec = w.scenario->sectors[s];
  const double base = w.sectors.demand_base[s];
  SectorDemand d;
  d.tradable_qty = base * sec.tradable_share * w.sectors.demand_shift[s];
  d.local_qty =
      base * (1.0 - sec.tradable_share) * w.sectors.local_demand_shift[s] * w.local.income_index();
  d.national_price = w.sectors.national_price[s];
  d.market_share_elasticity = sec.market_share_elasticity;
  d.local_elasticity = sec.demand_elasticity;
  return d;
}

ClearingReport clear_markets(World& w, const std::vector<double>& scale) {
  constexpr int kMaxIterations = 500;
  const auto& sc = *w.scenario;
  const auto& cells = w.cells;
  const std::size_t ns = w.n_sectors();
  const std::size_t nc = w.n_counties();
  ClearingReport report;
  for (report.iterations = 1; report.iterations <= kMaxIterations; ++report.iterations) {
    double change = 0;
    // Goods: X p^theta = T (p / P)^-eps + L p^-eta, X = sum_c S_cs (beta v / w_c)^theta.
    for (std::size_t s = 0; s < ns; ++s) {
      const auto& sec = sc.sectors[s];
      const double theta = sec.labour_elasticity / (1.0 - sec.labour_elasticity);
      double x = 0;
      for (std::uint32_t slot = 0; slot < cells.n_slots(); ++slot) {
        const double S = scale[slot * ns + s];
        if (S != 0) x += S * factor(sec, 1.0, w.counties.wage_wan[cells.slot_county[slot]], theta);
      }
      if (x <= 0 || w.sectors.demand_base[s] <= 0) continue;
      const double price =
          clearing_price(sector_demand(w, static_cast<SectorId>(s)), x, theta, w.sectors.price[s]);
      change = std::max(change, std::fabs(price / w.sectors.price[s] - 1.0));
      w.sectors.price[s] = price;
    }
    // Labour: the reservation wage if demand fits the labour force, else the clearing wage
    // (demand is decreasing in the wage: bisection on log w).
    for (std::size_t c = 0; c < nc; ++c) {
      const auto county = static_cast<CountyId>(c);
      double wage = w.counties.reservation_wage_wan[c];
      const double supply = w.counties.labour_force[c];
      if (labour_demand(w, scale, county, wage) > supply) {
        double lo = std::log(wage);
        double hi = lo + 1.0;
        while (labour_demand(w, scale, county, std::exp(hi)) > supply) {
          hi += 1.0;
          if (hi > lo + 50.0)  // demand stays above supply at e^50 times the reservation wage
            throw std::runtime_error(
                "labour market of county '" + sc.counties[c].name +
                "' cannot clear: no wage brings demand down to its labour force");
        }
        for (int k = 0; k < 200 && hi - lo > 1e-14; ++k) {
          const double mid = 0.5 * (lo + hi);
          (labour_demand(w, scale, county, std::exp(mid)) > supply ? lo : hi) = mid;
        }
        wage = std::exp(hi);
      }
      change = std::max(change, std::fabs(wage / w.counties.wage_wan[c] - 1.0));
      w.counties.wage_wan[c] = wage;
    }
    report.max_relative_change = change;
    if (change < 1e-12) break;
  }
  report.iterations = std::min(report.iterations, kMaxIterations);
  return report;
}

ClearingReport clear_goods_and_labour(World& w) {
  const auto& f = w.firms;
  auto& scale = w.work.cell_scale;
  scale.resize(2 * w.cells.n_cells());
  const std::size_t n_cells = w.cells.n_cells();
  // Each firm's weights are kept for produce (which reuses them when no hiring policy can
  // change them with this year's wage).
  auto& kept = w.work.firm_scale;
  kept.resize(2 * f.size());
  w.work.firm_scale_year = w.year;
  w.work.sums.reduce(f.size(), scale.size(), scale,
                     [&](std::size_t begin, std::size_t end, std::span<double> acc) {
                       for (std::size_t i = begin; i < end; ++i) {
                         const auto id = static_cast<FirmId>(i);
                         if (!f.active(id)) continue;
                         const auto weights = supply_scale(w, id);
                         kept[2 * i] = weights.output;
                         kept[2 * i + 1] = weights.labour;
                         acc[f.cell[i]] += weights.output;
                         acc[n_cells + f.cell[i]] += weights.labour;
                       }
                     });
  const auto report = clear_markets(w, scale);
  if (report.max_relative_change >= 1e-12)
    throw std::runtime_error("goods and labour markets did not clear in " + std::to_string(w.year) +
                             " after " + std::to_string(report.iterations) +
                             " iterations (last relative change " +
                             std::to_string(report.max_relative_change) + ")");
  return report;
}

}  // namespace regsim
