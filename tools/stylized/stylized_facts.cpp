// regsim_stylized_facts: runs a scenario year by year, measures the firm-level stylized facts of
// MODEL.md's validation list on the simulated panel, and prints them as a Markdown table
// (VALIDATION.md is this output). Exit status 1 when a fact is outside its expected range.
//
// Usage: regsim_stylized_facts SCENARIO.toml

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <numeric>
#include <string>
#include <vector>

#include "engine/observe/result.hpp"
#include "engine/scenario/parse.hpp"
#include "engine/simulation.hpp"

namespace {

using regsim::FirmId;

struct Fact {
  std::string name;
  double measured;
  double lo, hi;
  std::string expected;
  std::string source;
  bool ok() const { return measured >= lo && measured <= hi; }
};

/// Hill estimator of the Pareto tail exponent from the k largest values.
double hill_exponent(std::vector<double> x, double top_share) {
  std::sort(x.begin(), x.end(), std::greater<>());
  const std::size_t k = std::max<std::size_t>(20, static_cast<std::size_t>(top_share * x.size()));
  double sum = 0;
  for (std::size_t i = 0; i < k; ++i) sum += std::log(x[i] / x[k]);
  return static_cast<double>(k) / sum;
}

double excess_kurtosis(const std::vector<double>& x) {
  const double n = static_cast<double>(x.size());
  const double mean = std::accumulate(x.begin(), x.end(), 0.0) / n;
  double m2 = 0, m4 = 0;
  for (double v : x) {
    const double d = (v - mean) * (v - mean);
    m2 += d / n;
    m4 += d * d / n;
  }
  return m4 / (m2 * m2) - 3.0;
}

/// Slope of log(sd of growth) on log(size) across size deciles (Amaral et al. 1997: -beta).
double volatility_size_slope(const std::vector<std::pair<double, double>>& size_growth) {
  auto v = size_growth;
  std::sort(v.begin(), v.end());
  const std::size_t bins = 10, per = v.size() / bins;
  std::vector<double> xs, ys;
  for (std::size_t b = 0; b < bins; ++b) {
    double ls = 0, g = 0, g2 = 0;
    for (std::size_t i = b * per; i < (b + 1) * per; ++i) {
      ls += std::log(v[i].first);
      g += v[i].second;
      g2 += v[i].second * v[i].second;
    }
    const double n = static_cast<double>(per);
    xs.push_back(ls / n);
    ys.push_back(0.5 * std::log(g2 / n - (g / n) * (g / n)));
  }
  const double mx = std::accumulate(xs.begin(), xs.end(), 0.0) / bins;
  const double my = std::accumulate(ys.begin(), ys.end(), 0.0) / bins;
  double sxy = 0, sxx = 0;
  for (std::size_t b = 0; b < bins; ++b) {
    sxy += (xs[b] - mx) * (ys[b] - my);
    sxx += (xs[b] - mx) * (xs[b] - mx);
  }
  return sxy / sxx;
}

std::string number(double v, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: regsim_stylized_facts SCENARIO.toml\n";
    return 2;
  }
  regsim::scenario::Scenario sc;
  try {
    sc = regsim::scenario::load_scenario(argv[1]);
  } catch (const std::exception& e) {
    std::cerr << e.what() << "\n";
    return 2;
  }
  regsim::Simulation sim(sc, sc.seed);

  constexpr int kMaxAge = 15;
  std::vector<double> at_risk(kMaxAge + 1, 0.0), exits(kMaxAge + 1, 0.0);
  std::vector<double> growth;
  std::vector<std::pair<double, double>> size_growth;
  double exit_age_sum = 0, exit_count = 0;
  std::vector<double> quintile_risk(5, 0.0), quintile_exits(5, 0.0);
  // The base year's firms carry drawn ages; measure after a burn-in of three years so that
  // loss histories and entrants have formed.
  constexpr int kBurnIn = 3;
  while (!sim.done()) {
    const auto& f = sim.world().firms;
    const int year = sim.world().year + 1;  // the year about to be simulated
    // Every active firm is at risk (this year's entrants, age 1, have not produced yet);
    // size quintiles and growth rates are of firms that produced last year.
    std::vector<FirmId> active;
    std::vector<double> revenue_before;
    std::vector<double> sorted;
    for (FirmId i = 0; i < f.size(); ++i)
      if (f.active(i)) {
        active.push_back(i);
        revenue_before.push_back(f.revenue_wan[i]);
        if (f.revenue_wan[i] > 0) sorted.push_back(f.revenue_wan[i]);
      }
    std::sort(sorted.begin(), sorted.end());
    sim.step();
    if (year - sc.first_year <= kBurnIn) continue;
    const auto& g = sim.world().firms;
    for (std::size_t k = 0; k < active.size(); ++k) {
      const FirmId i = active[k];
      const int age = std::min(kMaxAge, year - g.birth_year[i]);
      const bool exited = g.exit_year[i] == year;
      at_risk[age] += 1;
      exits[age] += exited;
      if (exited) {
        exit_age_sum += year - g.birth_year[i];
        exit_count += 1;
      }
      if (revenue_before[k] <= 0) continue;
      const auto rank = static_cast<std::size_t>(
          std::lower_bound(sorted.begin(), sorted.end(), revenue_before[k]) - sorted.begin());
      const std::size_t q = std::min<std::size_t>(4, 5 * rank / sorted.size());
      quintile_risk[q] += 1;
      quintile_exits[q] += exited;
      if (!exited && g.revenue_wan[i] > 0) {
        const double rate = std::log(g.revenue_wan[i] / revenue_before[k]);
        growth.push_back(rate);
        size_growth.emplace_back(revenue_before[k], rate);
      }
    }
  }

  const auto& w = sim.world();
  std::vector<double> sizes;
  for (FirmId i = 0; i < w.firms.size(); ++i)
    if (w.firms.active(i) && w.firms.revenue_wan[i] > 0) sizes.push_back(w.firms.revenue_wan[i]);

  int peak_age = 1;
  for (int a = 1; a < kMaxAge; ++a)
    if (at_risk[a] > 0 &&
        exits[a] / at_risk[a] > exits[peak_age] / std::max(1.0, at_risk[peak_age]))
      peak_age = a;

  // Entrants gone within five years: one minus the product of the first five ages' survival.
  double survival_5 = 1;
  for (int a = 1; a <= 5; ++a)
    if (at_risk[a] > 0) survival_5 *= 1.0 - exits[a] / at_risk[a];

  const auto result = sim.finish(1);
  double national_output = 0, national_mu = 0;
  const auto& pl = result.platform;
  const std::size_t last = result.years.size() - 1;
  for (std::size_t p = 0; p < sc.platforms.size(); ++p) {
    if (sc.platforms[p].level != regsim::scenario::PlatformLevel::national) continue;
    national_output += pl.find("output_value")->at(last, p, pl.entities.size()) * 1e4;  // 万元
    national_mu += pl.find("land_occupied")->at(last, p, pl.entities.size()) * 15.0;    // ha -> mu
  }

  const std::vector<Fact> facts{
      {"firm size tail exponent (Hill, top 2% of revenue, last year)", hill_exponent(sizes, 0.02),
       0.8, 1.5, "0.8 – 1.5", "Axtell 2001; Heinrich & Dai 2016 (China, 1.0–1.5)"},
      {"excess kurtosis of annual log revenue growth", excess_kurtosis(growth), 0.0, 1e9,
       "> 0 (tent-shaped)", "Stanley et al. 1996; Bottazzi & Secchi 2003"},
      {"slope of log sd(growth) on log size", volatility_size_slope(size_growth), -0.35, -0.05,
       "about -0.15 to -0.2", "Amaral et al. 1997"},
      {"age with the highest exit hazard (years)", static_cast<double>(peak_age), 2, 4, "2 – 4",
       "SAIC 2013 survival report"},
      {"mean age at exit (years)", exit_age_sum / exit_count, 4, 9, "5 – 7 (checked: 4 – 9)",
       "SAIC 2013 survival report"},
      {"share of entrants gone within 5 years (from the hazards at ages 1–5)", 1.0 - survival_5,
       0.2, 0.5, "about 1/3 (checked: 0.2 – 0.5)", "SAIC 2013 survival report"},
      {"exit hazard, smallest / largest size quintile",
       (quintile_exits[0] / quintile_risk[0]) /
           std::max(1e-9, quintile_exits[4] / quintile_risk[4]),
       1.0, 1e9, "> 1 (survival rises with size)", "SAIC 2013 survival report"},
      {"national-level park revenue per mu (万元)", national_output / national_mu, 300, 1500,
       "300 – 1,500", "MLR 2009 evaluation of development zones (about 840)"},
  };

  std::cout << "| fact | measured | expected | source | ok |\n|---|---|---|---|---|\n";
  bool all_ok = true;
  for (const auto& f : facts) {
    const bool big = std::fabs(f.measured) >= 100;
    std::cout << "| " << f.name << " | " << number(f.measured, big ? 0 : 2) << " | " << f.expected
              << " | " << f.source << " | " << (f.ok() ? "yes" : "NO") << " |\n";
    all_ok = all_ok && f.ok();
  }
  std::cout << "\nExit hazard by age (firms active at the start of a year after a " << kBurnIn
            << "-year burn-in, pooled):\n\n| age | at risk | exits | hazard |\n|---|---|---|---|\n";
  for (int a = 1; a <= 10; ++a)
    if (at_risk[a] > 0)
      std::cout << "| " << a << " | " << number(at_risk[a], 0) << " | " << number(exits[a], 0)
                << " | " << number(exits[a] / at_risk[a], 3) << " |\n";
  std::cout << "\nSample: " << growth.size() << " firm-year growth rates, " << sizes.size()
            << " active firms in " << sc.last_year << ", " << number(exit_count, 0) << " exits.\n";
  return all_ok ? 0 : 1;
}
