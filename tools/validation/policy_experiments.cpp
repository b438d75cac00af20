// regsim_policy_experiments: the policy-transmission experiments of VALIDATION.md, measured on the
// engine with common random numbers (replicate r of every variant draws the same streams), and
// printed as Markdown. Exit status 1 when a measured effect leaves its stated range.
//
// Usage:
//   regsim_policy_experiments cost-of-capital SCENARIO [REPLICATES]
//       Incumbents' first-year investment response to an uncapped 2-point interest subsidy for
//       every firm: the elasticity of investment to the user cost, by size.
//   regsim_policy_experiments plan-effects BASELINE... [--replicates R]
//       Each plan baseline against itself without its spending and lending instruments (and
//       without each family of them): output, value added, GDP, tax and firms in the last plan
//       year, GDP and tax per 亿元 spent, and the share of the plan period's growth that the
//       policies account for.
//   regsim_policy_experiments elasticity-range BASELINE [REPLICATES]
//       The whole package's effect with each behavioural elasticity at other plausible values.
//   regsim_policy_experiments growth-decomposition BASELINE... [--replicates R]
//       Each baseline's simulated change from the base year to the last plan year (region GDP
//       and output, each modelled level target) split between its instruments, the exogenous
//       growth paths and the base-year economy without either (Shapley values, CRN).
//   regsim_policy_experiments zone-designation BASELINE REPLICATES [--check]
//       Each industrial park never designated, against the baseline: host-county output, the
//       part of the difference that is entrants' output, host entry, region output (exit 2
//       when the variant's base year differs from the baseline's; with --check, exit 1 when no
//       zone's effect is in the published range: +10 to +30%, interval excluding 0, more than
//       half from entrants).
//   regsim_policy_experiments credit BASELINE... [--replicates R] [--check]
//       Credit that binds (MODEL.md 3.6): each baseline without its guarantee funds (where it
//       has any), with a credit expansion of 0.2 for micro, small and medium firms, and without
//       bank refusals: capital of credit-bound SMEs, region investment, entrants, output,
//       credit-bound firms and unfinanced entrants (with --check, exit 1 unless removing
//       guarantee funds lowers entry and raises the number of credit-bound firms, and credit
//       expansion raises investment, in at least one plan, intervals excluding 0).
//   regsim_policy_experiments land-quota BASELINE REPLICATES [--check]
//       The baseline's construction-land quotas (land_quota) halved, against the baseline, in
//       each county the quotas cover: land rationed (platforms and outside), entrants, output
//       (with --check, exit 1 unless entry and output fall, interval excluding 0, in at least
//       one covered county where land binds).

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <numeric>
#include <set>
#include <string>
#include <vector>

#include "engine/behaviour/firm.hpp"
#include "engine/market/credit.hpp"
#include "engine/observe/result.hpp"
#include "engine/observe/targets.hpp"
#include "engine/policy/registry.hpp"
#include "engine/scenario/parse.hpp"
#include "engine/simulation.hpp"

namespace {

using namespace regsim;

/// Student t quantile at 0.975 for df = 1..30 (a CRN interval of a mean difference).
double t975(std::size_t df) {
  static constexpr double kT[] = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306,
                                  2.262,  2.228, 2.201, 2.179, 2.160, 2.145, 2.131, 2.120,
                                  2.110,  2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064,
                                  2.060,  2.056, 2.052, 2.048, 2.045, 2.042};
  return df == 0 ? NAN : df <= 30 ? kT[df - 1] : 1.96;
}

/// Mean and 95% half-width of per-replicate values.
struct Interval {
  double mean = 0, half = 0;
  bool excludes_zero() const { return std::fabs(mean) > half; }
};
Interval interval(const std::vector<double>& x) {
  const double n = static_cast<double>(x.size());
  const double mean = std::accumulate(x.begin(), x.end(), 0.0) / n;
  double ss = 0;
  for (double v : x) ss += (v - mean) * (v - mean);
  const double sd = x.size() > 1 ? std::sqrt(ss / (n - 1)) : 0.0;
  return {mean, t975(x.size() - 1) * sd / std::sqrt(n)};
}

std::string fmt(double v, int digits) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}
std::string fmt(const Interval& i, int digits) {
  if (std::isnan(i.mean)) return "–";
  return fmt(i.mean, digits) + " ± " + fmt(i.half, digits);
}

// ---------------------------------------------------------------------------------------------
// Cost of capital

struct GroupSums {
  double invest_with = 0, invest_without = 0, weighted_cost_change = 0;
  double elasticity() const {
    return (invest_with / invest_without - 1.0) / (weighted_cost_change / invest_without);
  }
};

int cost_of_capital(const std::string& path, int replicates) {
  const scenario::Scenario base = scenario::load_scenario(path);
  scenario::Scenario without = base;
  without.policies.clear();
  without.last_year = base.first_year + 1;
  scenario::Scenario with = without;
  scenario::PolicySpec subsidy;
  subsidy.family = scenario::PolicyFamily::subsidy;
  subsidy.instrument = "interest_subsidy";
  subsidy.name = "interest subsidy, every firm, uncapped";
  subsidy.payer = "upper";
  constexpr double kPoints = 0.02;
  subsidy.params = {{"points", kPoints}, {"cap_wan", 1e12}};
  with.policies = {subsidy};

  // Groups: micro + small, medium + large (size class of the base year), all.
  std::vector<std::vector<double>> elasticity(3);
  std::vector<double> cost_change_all;
  for (int r = 0; r < replicates; ++r) {
    Simulation a(with, with.seed, static_cast<std::uint32_t>(r));
    Simulation b(without, without.seed, static_cast<std::uint32_t>(r));
    // The debt share and loan rate each incumbent plans with (state before the year; a loan
    // that is not rolled over changes the debt of a few).
    const auto& w0 = b.world();
    const auto& f0 = w0.firms;
    const int year = w0.year + 1;
    const FirmId incumbents = static_cast<FirmId>(f0.size());
    std::vector<double> change(incumbents);
    std::vector<int> group(incumbents);
    for (FirmId i = 0; i < incumbents; ++i) {
      const auto& s = base.sectors[f0.sector[i]];
      const auto size = size_class(f0.revenue_wan[i]);
      const double rate = loan_rate(w0, f0.sector[i], size, year - f0.birth_year[i]);
      const double debt_share =
          std::clamp(f0.debt_wan[i] / f0.capital_wan[i], 0.0, base.fiscal.loan_to_capital);
      change[i] = (rate - kPoints * debt_share + s.depreciation) / (rate + s.depreciation) - 1.0;
      group[i] = size == SizeClass::micro || size == SizeClass::small ? 0 : 1;
    }
    a.step();
    b.step();
    const auto& fa = a.world().firms;
    const auto& fb = b.world().firms;
    GroupSums sums[3];
    for (FirmId i = 0; i < incumbents; ++i) {
      if (!fa.active(i) || !fb.active(i)) continue;
      for (int g : {group[i], 2}) {
        sums[g].invest_with += fa.investment_wan[i];
        sums[g].invest_without += fb.investment_wan[i];
        sums[g].weighted_cost_change += fb.investment_wan[i] * change[i];
      }
    }
    for (int g = 0; g < 3; ++g) elasticity[g].push_back(sums[g].elasticity());
    cost_change_all.push_back(sums[2].weighted_cost_change / sums[2].invest_without);
  }
  const Interval small = interval(elasticity[0]), large = interval(elasticity[1]),
                 all = interval(elasticity[2]), cost = interval(cost_change_all);
  const bool in_range = all.mean <= -0.3 && all.mean >= -1.5;
  const bool small_larger = small.mean < large.mean;
  std::cout << "| firms (base-year size class) | user cost change | investment elasticity to the "
               "user cost | expected | ok |\n|---|---|---|---|---|\n";
  std::cout << "| all incumbents | " << fmt(100 * cost.mean, 2) << "% | " << fmt(all, 2)
            << " | -0.3 to -1.5 (Chirinko, Fazzari & Meyer 1999; Zwick & Mahon 2017) | "
            << (in_range ? "yes" : "NO") << " |\n";
  std::cout << "| micro and small | | " << fmt(small, 2) << " | larger than medium and large | "
            << (small_larger ? "yes" : "NO") << " |\n";
  std::cout << "| medium and large | | " << fmt(large, 2) << " | | |\n";
  std::cout << "\n"
            << replicates
            << " common-random-number replicates; first simulated year; an uncapped interest "
               "subsidy of 2 points for every firm against none.\n";
  // Only the range is a check: the size ordering is reported (VALIDATION.md says why it is weak
  // here: the literature's gap comes from financing constraints, not the user cost).
  return in_range ? 0 : 1;
}

// ---------------------------------------------------------------------------------------------
// Plan effects

struct Variant {
  std::string name;
  scenario::Scenario scenario;
};

double region_at(const RunResult& r, const char* variable, std::size_t year) {
  return r.region.find(variable)->at(year, 0, 1);
}

struct PlanRow {
  std::string plan, variant;
  Interval output, value_added, gdp, tax, firms;  ///< % change, last year
  Interval gdp_per_yi, tax_per_yi;                ///< cumulative, per 亿元 spent
  double spent_yi = 0;
  Interval gdp_growth_share;  ///< share of the period's GDP growth
  double intensity = 0;       ///< spending a year, % of base-year GDP
};

PlanRow compare(const std::string& plan, const scenario::Scenario& with, const Variant& without,
                int replicates) {
  PlanRow row{plan, without.name, {}, {}, {}, {}, {}, {}, {}, 0, {}, 0};
  double base_gdp = 0, years = 0;
  std::vector<double> out, va, gdp, tax, firms, gdp_yi, tax_yi, share, spent;
  for (int r = 0; r < replicates; ++r) {
    const RunOptions options{.threads = 0, .seed = {}, .replicate = static_cast<std::uint32_t>(r)};
    const RunResult a = run(with, options);
    const RunResult b = run(without.scenario, options);
    const std::size_t last = a.years.size() - 1;
    base_gdp = region_at(a, "gdp", 0);
    years = static_cast<double>(last);
    const auto pct = [&](const char* v) {
      return 100 * (region_at(a, v, last) / region_at(b, v, last) - 1);
    };
    out.push_back(pct("output_value"));
    va.push_back(pct("value_added"));
    gdp.push_back(pct("gdp"));
    tax.push_back(pct("tax_total"));
    firms.push_back(pct("firms_active"));
    // Spending that the removed instruments did: the difference in all payers' spending.
    double cost = 0, d_gdp = 0, d_tax = 0;
    for (std::size_t y = 1; y <= last; ++y) {
      cost += region_at(a, "policy_spending", y) + region_at(a, "finance_spending", y) -
              region_at(b, "policy_spending", y) - region_at(b, "finance_spending", y);
      d_gdp += region_at(a, "gdp", y) - region_at(b, "gdp", y);
      d_tax += region_at(a, "tax_total", y) - region_at(b, "tax_total", y);
    }
    spent.push_back(cost);
    // Per 亿元 only where the instruments spent something worth dividing by (0.1 亿元).
    gdp_yi.push_back(cost > 0.1 ? d_gdp / cost : NAN);
    tax_yi.push_back(cost > 0.1 ? d_tax / cost : NAN);
    const double growth = region_at(a, "gdp", last) - region_at(a, "gdp", 0);
    share.push_back(100 * (region_at(a, "gdp", last) - region_at(b, "gdp", last)) / growth);
  }
  row.output = interval(out);
  row.value_added = interval(va);
  row.gdp = interval(gdp);
  row.tax = interval(tax);
  row.firms = interval(firms);
  row.gdp_per_yi = interval(gdp_yi);
  row.tax_per_yi = interval(tax_yi);
  row.spent_yi = interval(spent).mean;
  row.intensity = 100 * row.spent_yi / years / base_gdp;
  row.gdp_growth_share = interval(share);
  return row;
}

/// Spending a year (% of base-year GDP) from which the output effect must be distinguishable
/// from zero.
constexpr double kSignificantIntensity = 0.5;

int plan_effects(const std::vector<std::string>& paths, int replicates) {
  std::vector<PlanRow> rows;
  bool ok = true;
  std::vector<std::string> failures;
  for (const auto& path : paths) {
    const scenario::Scenario with = scenario::load_scenario(path);
    std::vector<Variant> variants;
    const auto drop = [&](const std::string& name, auto&& removed) {
      Variant v{name, with};
      std::erase_if(v.scenario.policies, removed);
      if (v.scenario.policies.size() < with.policies.size()) variants.push_back(std::move(v));
    };
    drop("all spending and lending instruments",
         [](const scenario::PolicySpec& p) { return !policy::is_rule_or_standard(p.instrument); });
    for (const auto family : {scenario::PolicyFamily::subsidy, scenario::PolicyFamily::land,
                              scenario::PolicyFamily::finance})
      drop(std::string(scenario::to_string(family)) + " family",
           [&](const scenario::PolicySpec& p) {
             return p.family == family && !policy::is_rule_or_standard(p.instrument);
           });
    for (const auto& v : variants) {
      rows.push_back(compare(with.name, with, v, replicates));
      const auto& row = rows.back();
      if (&v != &variants.front()) continue;
      // The whole package: output and value added rise, with an interval that excludes zero
      // where the plan spends at least kSignificantIntensity % of its GDP a year (below that,
      // an effect of the size the range allows is within the replicates' noise); and
      // (spending being taxable or raising taxable profit) tax does not fall.
      if (!(row.output.mean > 0 && row.value_added.mean > 0)) {
        ok = false;
        failures.push_back(with.name + ": output or value added does not rise");
      }
      if (row.intensity >= kSignificantIntensity && !row.output.excludes_zero()) {
        ok = false;
        failures.push_back(with.name + ": output effect's interval includes 0");
      }
      if (row.tax.mean < 0) {
        ok = false;
        failures.push_back(with.name + ": tax falls under the plan's instruments");
      }
      if (!(row.gdp_per_yi.mean >= 0.1 && row.gdp_per_yi.mean <= 3.0)) {
        ok = false;
        failures.push_back(with.name + ": GDP per 亿元 spent outside 0.1 - 3");
      }
    }
  }
  std::cout
      << "| plan | instruments removed | spent 亿元 (% of GDP a year) | output % | value added % "
         "| GDP % | tax % "
         "| firms % | GDP per 亿元 spent | tax per 亿元 spent | share of GDP growth % |\n"
         "|---|---|---|---|---|---|---|---|---|---|---|\n";
  for (const auto& r : rows)
    std::cout << "| " << r.plan << " | " << r.variant << " | " << fmt(r.spent_yi, 1) << " ("
              << fmt(r.intensity, 2) << ") | " << fmt(r.output, 2) << " | " << fmt(r.value_added, 2)
              << " | " << fmt(r.gdp, 2) << " | " << fmt(r.tax, 2) << " | " << fmt(r.firms, 2)
              << " | " << fmt(r.gdp_per_yi, 2) << " | " << fmt(r.tax_per_yi, 3) << " | "
              << fmt(r.gdp_growth_share, 1) << " |\n";
  std::cout << "\nEffects of the instruments in the plan's last year (with minus without, % of "
               "without), mean ± 95% interval over "
            << replicates
            << " common-random-number replicates; per 亿元: cumulative over the plan years.\n";
  for (const auto& f : failures) std::cout << "\nOUT OF RANGE: " << f << "\n";
  return ok ? 0 : 1;
}

/// The whole package's effect on one baseline with a behavioural elasticity set to other
/// plausible values (the baseline not refitted): how much the answer depends on it.
int elasticity_range(const std::string& path, int replicates) {
  const scenario::Scenario base = scenario::load_scenario(path);
  struct Setting {
    std::string name;
    std::vector<double> values;
    void (*apply)(scenario::Scenario&, double);
  };
  const std::vector<Setting> settings{
      {"market_share_elasticity (all sectors)",
       {3, 5, 8},
       [](scenario::Scenario& sc, double v) {
         for (auto& s : sc.sectors) s.market_share_elasticity = v;
       }},
      {"investment_adjustment (all sectors)",
       {0.05, 0.1, 0.2},
       [](scenario::Scenario& sc, double v) {
         for (auto& s : sc.sectors) s.investment_adjustment = v;
       }},
      {"exogenous_gdp_local_elasticity (all counties)",
       {0, 0.25, 0.5},
       [](scenario::Scenario& sc, double v) {
         for (auto& c : sc.counties) c.exogenous_gdp_local_elasticity = v;
       }},
  };
  std::cout << "| elasticity | value | output % | GDP % | tax % | GDP per 亿元 spent |\n"
               "|---|---|---|---|---|---|\n";
  for (const auto& setting : settings) {
    for (const double v : setting.values) {
      scenario::Scenario with = base;
      setting.apply(with, v);
      Variant without{"all", with};
      std::erase_if(without.scenario.policies, [](const scenario::PolicySpec& p) {
        return !policy::is_rule_or_standard(p.instrument);
      });
      const PlanRow row = compare(base.name, with, without, replicates);
      std::cout << "| " << setting.name << " | " << fmt(v, 2) << " | " << fmt(row.output, 2)
                << " | " << fmt(row.gdp, 2) << " | " << fmt(row.tax, 2) << " | "
                << fmt(row.gdp_per_yi, 2) << " |\n";
    }
  }
  std::cout << "\n"
            << base.name << ": all spending and lending instruments against none, " << replicates
            << " common-random-number replicates, last plan year; each elasticity "
            << "changed alone, the baseline not refitted.\n";
  return 0;
}

// ---------------------------------------------------------------------------------------------
// Zone designation

/// The scenario as if platform `name` had never been designated: its base-year firms are firms
/// of its host county outside any platform (merged into that county's outside cell of their
/// sector, revenue rescaled by the two revenue_scale multipliers so that the base year's
/// revenue is unchanged), instruments scoped to it lose it (and go when it was all of their
/// scope: the zone's own package), and target rows that name it are out of scope.
scenario::Scenario never_designated(scenario::Scenario sc, const std::string& name) {
  const auto at = std::find_if(sc.platforms.begin(), sc.platforms.end(),
                               [&](const scenario::Platform& p) { return p.name == name; });
  if (at == sc.platforms.end())
    throw std::invalid_argument(sc.name + " has no platform '" + name + "'");
  const std::string county = at->county;
  const auto scale = [&](const std::string& kind) {
    const auto f = sc.initial.revenue_scale.find(kind);
    return f == sc.initial.revenue_scale.end() ? 1.0 : f->second;
  };
  const double rescale = scale(scenario::to_string(at->kind)) / scale("outside");
  sc.platforms.erase(at);
  std::vector<scenario::InitialCell> cells;
  for (auto c : sc.initial.cells) {
    if (c.platform && *c.platform == name) {
      c.platform.reset();
      c.county = county;
      c.revenue_yi *= rescale;
    }
    const auto same = std::find_if(cells.begin(), cells.end(), [&](const scenario::InitialCell& d) {
      return !d.platform && !c.platform && d.county == c.county && d.sector == c.sector;
    });
    if (same != cells.end()) {
      same->firms += c.firms;
      same->revenue_yi += c.revenue_yi;
    } else {
      cells.push_back(c);
    }
  }
  sc.initial.cells = std::move(cells);
  for (auto& f : sc.initial.registry_firms)
    if (f.platform == name) f.platform.clear();
  std::erase_if(sc.policies, [&](scenario::PolicySpec& p) {
    auto& zones = p.scope.platforms;
    const bool named = std::erase(zones, name) > 0;
    return named && zones.empty();
  });
  const std::string selector = "platform:" + name;
  for (auto& t : sc.targets) {
    const auto names_it = [&](const std::vector<std::string>& terms) {
      return std::find(terms.begin(), terms.end(), selector) != terms.end();
    };
    if (!t.out_of_scope && (names_it(t.entity_terms) || names_it(t.denominator_terms))) {
      t.out_of_scope = true;
      t.reason = "names a platform that is not designated in this variant";
    }
  }
  return sc;
}

/// Each industrial park of a plan baseline removed in turn (never designated), against the
/// baseline: its host county's output in the last plan year, and how much of the difference
/// is the output of firms that entered during the run.
int zone_designation(const std::string& path, int replicates, bool check) {
  const scenario::Scenario with = scenario::load_scenario(path);
  std::cout << "| zone (level) | host county | host output % | of which entrants' output % | "
               "host entrants % | region output % |\n|---|---|---|---|---|---|\n";
  bool any = false, in_range = false;
  for (const auto& zone : with.platforms) {
    if (zone.kind != scenario::PlatformKind::industrial_park) continue;
    any = true;
    const scenario::Scenario without = never_designated(with, zone.name);
    const auto host =
        static_cast<std::size_t>(scenario::index_by_name(with.counties, zone.county, "county"));
    std::vector<double> host_out, entrants_share, entered, region_out;
    for (int r = 0; r < replicates; ++r) {
      const RunOptions options{
          .threads = 0, .seed = {}, .replicate = static_cast<std::uint32_t>(r)};
      const RunResult a = run(with, options);
      const RunResult b = run(without, options);
      const std::size_t last = a.years.size() - 1;
      const std::size_t n = a.county.entities.size();
      const auto county_at = [&](const RunResult& x, const char* v, std::size_t y) {
        return x.county.find(v)->at(y, host, n);
      };
      // The same economy in the base year: the zone's firms only moved outside it.
      const double base_a = county_at(a, "output_value", 0);
      const double base_b = county_at(b, "output_value", 0);
      if (std::fabs(base_a / base_b - 1) > 1e-9)
        throw std::logic_error(zone.name +
                               " never designated changes the base year's host output: " +
                               std::to_string(base_a) + " vs " + std::to_string(base_b));
      const double out_a = county_at(a, "output_value", last),
                   out_b = county_at(b, "output_value", last);
      const double d_entrants =
          county_at(a, "output_entrants", last) - county_at(b, "output_entrants", last);
      host_out.push_back(100 * (out_a / out_b - 1));
      entrants_share.push_back(100 * d_entrants / out_b);
      double ea = 0, eb = 0;
      for (std::size_t y = 1; y <= last; ++y) {
        ea += county_at(a, "firms_entered", y);
        eb += county_at(b, "firms_entered", y);
      }
      entered.push_back(100 * (ea / eb - 1));
      region_out.push_back(
          100 * (region_at(a, "output_value", last) / region_at(b, "output_value", last) - 1));
    }
    const Interval h = interval(host_out);
    // In the published range: +10 to +30% with an interval that excludes 0, and more than half
    // of the gain from entrants' output.
    const Interval from_entrants = interval(entrants_share);
    in_range = in_range || (h.mean >= 10 && h.mean <= 30 && h.excludes_zero() &&
                            from_entrants.mean > 0.5 * h.mean);
    std::cout << "| " << zone.name << " (" << scenario::to_string(zone.level) << ") | "
              << zone.county << " | " << fmt(h, 2) << " | " << fmt(from_entrants, 2) << " | "
              << fmt(interval(entered), 1) << " | " << fmt(interval(region_out), 2) << " |\n";
  }
  if (!any) throw std::invalid_argument(path + " has no industrial park");
  std::cout << "\nEach industrial park never designated (its base-year firms outside any "
               "platform in the same county, its own package gone) against the baseline: "
               "baseline minus variant, % of the variant, in the last plan year; mean ± 95% "
               "interval over "
            << replicates
            << " common-random-number replicates. \"of which entrants' output\": the "
               "difference in the output of firms that entered during the run, % of the "
               "variant's host output. Published zone effects on host output: +10 to +30%, "
               "mostly through new firms (Alder, Shao & Zilibotti 2016; Lu, Wang & Zhu 2019).\n";
  // Reported, not checked: the model does not reach the published range yet (issue "Zones,
  // land and credit that can bind"; VALIDATION.md says so).
  std::cout << "\nIn the published range for at least one zone (+10 to +30%, interval excluding "
               "0, more than half from entrants): "
            << (in_range ? "yes" : "no") << ".\n";
  return check && !in_range ? 1 : 0;
}

// ---------------------------------------------------------------------------------------------
// Land quota

/// Every land_quota of a plan baseline halved (quota_ha_per_year), against the baseline, in each
/// county the quotas cover (granted quota in the baseline's first plan year): the change in land
/// rationed (its platforms' and outside platforms), entrants over the plan years and output in
/// the last plan year, under common random numbers.
int land_quota_cut(const std::string& path, int replicates, bool check) {
  const scenario::Scenario with = scenario::load_scenario(path);
  scenario::Scenario cut = with;
  bool any = false;
  for (auto& p : cut.policies)
    if (p.instrument == "land_quota") {
      p.params.at("quota_ha_per_year") *= 0.5;
      any = true;
    }
  if (!any) throw std::invalid_argument(path + " has no land_quota");
  const std::size_t nc = with.counties.size();
  struct CountyRows {
    std::vector<double> rationed, d_rationed, d_added, entrants, output, granted;
  };
  std::vector<CountyRows> rows(nc);
  for (int r = 0; r < replicates; ++r) {
    const RunOptions options{.threads = 0, .seed = {}, .replicate = static_cast<std::uint32_t>(r)};
    const RunResult a = run(with, options);
    const RunResult b = run(cut, options);
    const std::size_t last = a.years.size() - 1;
    const std::size_t np = a.platform.entities.size();
    const auto county_at = [&](const RunResult& x, const char* v, std::size_t y, std::size_t c) {
      return x.county.find(v)->at(y, c, nc);
    };
    // Land rationed in county c over the plan years: its platforms' and outside platforms.
    const auto rationed = [&](const RunResult& x, std::size_t c) {
      double total = 0;
      for (std::size_t y = 1; y <= last; ++y) {
        total += county_at(x, "land_outside_rationed", y, c);
        for (std::size_t j = 0; j < np; ++j)
          if (with.platforms[j].county == with.counties[c].name)
            total += x.platform.find("land_rationed")
                         ->at(y, x.platform.entity_index(with.platforms[j].name), np);
      }
      return total;
    };
    for (std::size_t c = 0; c < nc; ++c) {
      if (!(county_at(a, "land_quota_granted", 1, c) > 0)) continue;
      auto& row = rows[c];
      double ea = 0, eb = 0, added_a = 0, added_b = 0;
      for (std::size_t y = 1; y <= last; ++y) {
        ea += county_at(a, "firms_entered", y, c);
        eb += county_at(b, "firms_entered", y, c);
        added_a += county_at(a, "land_outside_added", y, c);
        added_b += county_at(b, "land_outside_added", y, c);
      }
      const double ra = rationed(a, c);
      row.rationed.push_back(ra);
      row.d_rationed.push_back(rationed(b, c) - ra);
      row.d_added.push_back(added_b - added_a);
      row.entrants.push_back(ea > 0 ? 100 * (eb / ea - 1) : 0.0);
      row.output.push_back(
          100 *
          (county_at(b, "output_value", last, c) / county_at(a, "output_value", last, c) - 1));
      row.granted.push_back(county_at(a, "land_quota_granted", 1, c));
    }
  }
  std::cout << "| county | quota granted ha (first year) | land rationed ha (baseline) | "
               "land rationed ha, change | outside land added ha, change | entrants % | "
               "output % | land binds |\n|---|---|---|---|---|---|---|---|\n";
  bool falls = false;
  for (std::size_t c = 0; c < nc; ++c) {
    const auto& row = rows[c];
    if (row.rationed.empty()) continue;
    const Interval rationed = interval(row.rationed);
    const bool binds = rationed.mean > 0;
    const Interval entrants = interval(row.entrants), output = interval(row.output);
    if (binds && entrants.mean < 0 && entrants.excludes_zero() && output.mean < 0 &&
        output.excludes_zero())
      falls = true;
    std::cout << "| " << with.counties[c].name << " | " << fmt(interval(row.granted).mean, 1)
              << " | " << fmt(rationed, 1) << " | " << fmt(interval(row.d_rationed), 1) << " | "
              << fmt(interval(row.d_added), 1) << " | " << fmt(entrants, 2) << " | "
              << fmt(output, 3) << " | " << (binds ? "yes" : "no") << " |\n";
  }
  std::cout << "\n"
            << with.name
            << ": every land_quota halved against the baseline, in each county a quota covers; "
               "land rationed (platforms and outside platforms) and outside land added summed "
               "over the plan years, entrants over the plan years, output in the last plan year "
               "(halved minus baseline, % of the baseline); mean ± 95% interval over "
            << replicates
            << " common-random-number replicates. Land binds: the baseline rations land in the "
               "county.\n";
  std::cout << "\nEntry and output fall (interval excluding 0) in a covered county where land "
               "binds: "
            << (falls ? "yes" : "no") << ".\n";
  return check && !falls ? 1 : 0;
}

// ---------------------------------------------------------------------------------------------
// Where the targeted growth comes from

/// The scenario with every exogenous growth path at 0: the national market, the national price,
/// local demand and the productivity drift of every sector; the labour force, the reservation
/// wage and exogenous GDP of every county; population and incomes besides wages.
scenario::Scenario without_exogenous_growth(scenario::Scenario sc) {
  for (auto& s : sc.sectors)
    s.demand_growth = s.national_price_growth = s.local_demand_growth = s.productivity_drift = 0;
  for (auto& c : sc.counties)
    c.labour_force_growth = c.wage_growth = c.exogenous_gdp_growth = c.population_growth =
        c.urban_income_growth = c.rural_income_growth = 0;
  return sc;
}

/// The plan's spending and lending instruments removed (rules and standards kept).
scenario::Scenario without_instruments(scenario::Scenario sc) {
  std::erase_if(sc.policies, [](const scenario::PolicySpec& p) {
    return !policy::is_rule_or_standard(p.instrument);
  });
  return sc;
}

/// Each baseline's simulated change from the base year to the plan's last year in region GDP
/// and output and in every modelled level target (its last year), split between the plan's
/// instruments, the exogenous growth paths and what the base-year economy does without either
/// (its initial conditions and endogenous dynamics): Shapley values of the two factors over the
/// four runs (with and without each), under common random numbers, so the three parts add up
/// to the change in every replicate.
int growth_decomposition(const std::vector<std::string>& paths, int replicates) {
  std::cout << "| plan | quantity | change from the base year | instruments % | exogenous growth % "
               "| initial conditions and dynamics % |\n|---|---|---|---|---|---|\n";
  for (const auto& path : paths) {
    const scenario::Scenario full = scenario::load_scenario(path);
    const std::array<scenario::Scenario, 4> variants{
        full, without_instruments(full), without_exogenous_growth(full),
        without_exogenous_growth(without_instruments(full))};
    // The quantities: region GDP and output, and each modelled level target's last year.
    struct Quantity {
      std::string label;
      const char* region_variable = nullptr;  ///< else `target`
      scenario::Target target, base;
    };
    std::vector<Quantity> quantities{{"region GDP (亿元)", "gdp", {}, {}},
                                     {"region output (亿元)", "output_value", {}, {}}};
    for (const auto& t : full.targets) {
      // Levels of quantities that grow (not a platform's administrative level, not a ratio).
      if (t.out_of_scope || t.transform != scenario::TargetTransform::level ||
          !t.denominator_terms.empty() || t.variable == "level")
        continue;
      const bool later = std::none_of(full.targets.begin(), full.targets.end(), [&](const auto& u) {
        return u.id == t.id && !u.out_of_scope && u.year > t.year;
      });
      if (!later) continue;
      Quantity q{t.id + " " + std::to_string(t.year) + " " + t.variable + " (" + t.entity + ")",
                 nullptr, t, t};
      q.base.year = full.first_year;
      quantities.push_back(std::move(q));
    }
    std::vector<std::vector<double>> change(quantities.size()), inst(quantities.size()),
        exo(quantities.size()), init(quantities.size());
    for (int r = 0; r < replicates; ++r) {
      const RunOptions options{
          .threads = 0, .seed = {}, .replicate = static_cast<std::uint32_t>(r)};
      std::array<RunResult, 4> runs;
      for (std::size_t v = 0; v < 4; ++v) runs[v] = run(variants[v], options);
      for (std::size_t k = 0; k < quantities.size(); ++k) {
        const Quantity& q = quantities[k];
        const auto value = [&](const RunResult& res, bool base_year) {
          if (q.region_variable)
            return region_at(res, q.region_variable, base_year ? 0 : res.years.size() - 1);
          return simulated_value(res, base_year ? q.base : q.target);
        };
        const double start = value(runs[0], true);
        const double both = value(runs[0], false), no_inst = value(runs[1], false),
                     no_exo = value(runs[2], false), neither = value(runs[3], false);
        const double d = both - start;
        if (std::isnan(start) || std::isnan(d) || d == 0) continue;
        change[k].push_back(d);
        inst[k].push_back(100 * 0.5 * ((both - no_inst) + (no_exo - neither)) / d);
        exo[k].push_back(100 * 0.5 * ((both - no_exo) + (no_inst - neither)) / d);
        init[k].push_back(100 * (neither - start) / d);
      }
    }
    for (std::size_t k = 0; k < quantities.size(); ++k) {
      if (change[k].size() != static_cast<std::size_t>(replicates)) continue;
      std::cout << "| " << full.name << " | " << quantities[k].label << " | "
                << fmt(interval(change[k]).mean, 2) << " | " << fmt(interval(inst[k]), 1) << " | "
                << fmt(interval(exo[k]), 1) << " | " << fmt(interval(init[k]), 1) << " |\n";
    }
  }
  std::cout << "\nThe simulated change from the base year to the last plan year (mean of "
            << replicates
            << " common-random-number replicates) split between the plan's spending and lending "
               "instruments, the exogenous growth paths (national markets and prices, local "
               "demand, productivity drift, labour force, reservation wages, exogenous GDP, "
               "population and incomes) "
               "and the base-year economy without either; Shapley values of the two factors "
               "over the four runs, mean ± 95% interval of the shares, which add up to 100% in "
               "every replicate.\n";
  return 0;
}

// ---------------------------------------------------------------------------------------------
// Credit that binds: guarantee funds, credit expansion, bank refusals

/// The scenario without its guarantee funds.
scenario::Scenario without_guarantee_funds(scenario::Scenario sc) {
  std::erase_if(sc.policies,
                [](const scenario::PolicySpec& p) { return p.instrument == "guarantee_fund"; });
  return sc;
}

/// The scenario with a bank credit expansion: `points` more loan-to-capital for micro, small and
/// medium firms over all its years (upper level; no budget cost).
scenario::Scenario with_credit_expansion(scenario::Scenario sc, double points) {
  scenario::PolicySpec p;
  p.family = scenario::PolicyFamily::finance;
  p.instrument = "credit_expansion";
  p.name = "experiment: SME credit expansion";
  p.payer = "upper";
  p.scope.size_classes = {"micro", "small", "medium"};
  p.params = {{"points", points}};
  sc.policies.push_back(std::move(p));
  return sc;
}

scenario::Scenario without_bank_refusals(scenario::Scenario sc) {
  auto& c = sc.credit;
  c.loan_refusal_micro = c.loan_refusal_small = c.loan_refusal_medium = c.loan_refusal_large = 0;
  return sc;
}

/// Investment of the micro and small base-year firms that the credit limit binds in `tight`
/// (after its funds) each year, in `loose` over `tight`, summed over the years: the log of the
/// ratio (replicate r of both; NaN without such firms). Base-year firms are the same rows in both
/// runs; entrants are left out, as their rows and histories differ between the runs.
double bound_sme_investment_gain(const scenario::Scenario& loose, const scenario::Scenario& tight,
                                 std::uint32_t r) {
  // The micro and small base-year firms the credit limit binds in some year of the tight run,
  // and their capital at the end of the plan in both runs (those active in both): what the
  // relaxation leaves them with. Summing only the years in which the tight run binds would
  // compare a loose run that invested earlier (and needs less now) with a tight one that waited.
  Simulation a(loose, loose.seed, r);
  Simulation b(tight, tight.seed, r);
  const FirmId base_firms = static_cast<FirmId>(b.world().firms.size());
  std::vector<char> bound(base_firms, 0);
  while (!b.done()) {
    a.step();
    b.step();
    const auto& fb = b.world().firms;
    for (const auto& c : b.world().funds.credit_bound)
      if (c.binds() && c.firm < base_firms && fb.size_class[c.firm] <= SizeClass::small)
        bound[c.firm] = 1;
  }
  const auto& fa = a.world().firms;
  const auto& fb = b.world().firms;
  double with = 0, without = 0;
  for (FirmId i = 0; i < base_firms; ++i) {
    if (!bound[i] || !fa.active(i) || !fb.active(i)) continue;
    with += fa.capital_wan[i];
    without += fb.capital_wan[i];
  }
  return without > 0 && with > 0 ? std::log(with / without) : NAN;
}

/// A ratio's change in %, from the interval of its logs: "mean (low to high)".
std::string fmt_log_ratio(const Interval& i) {
  if (std::isnan(i.mean)) return "–";
  const auto pct = [](double x) { return fmt(100 * std::expm1(x), 1); };
  return pct(i.mean) + " (" + pct(i.mean - i.half) + " to " + pct(i.mean + i.half) + ")";
}

int credit(const std::vector<std::string>& paths, int replicates, bool check) {
  std::cout << "| plan | change | credit-bound SMEs' capital % | investment % | entrants % | "
               "output % | credit-bound firms | unfinanced entrants | guarantees outstanding "
               "亿元 |\n|---|---|---|---|---|---|---|---|---|\n";
  bool guarantees_work = false, expansion_raises_investment = false;
  for (const auto& path : paths) {
    const scenario::Scenario base = scenario::load_scenario(path);
    std::vector<Variant> variants;
    // Effects are "change minus baseline": removing a fund shows its effect with a minus sign.
    if (std::any_of(base.policies.begin(), base.policies.end(),
                    [](const auto& p) { return p.instrument == "guarantee_fund"; }))
      variants.push_back({"without its guarantee funds", without_guarantee_funds(base)});
    variants.push_back(
        {"credit expansion +0.2 (micro to medium)", with_credit_expansion(base, 0.2)});
    variants.push_back({"no bank refusals", without_bank_refusals(base)});
    for (const auto& v : variants) {
      // The relaxed run: the baseline for a removed fund, the variant otherwise.
      const bool removes = v.name == "without its guarantee funds";
      const auto& loose = removes ? base : v.scenario;
      const auto& tight = removes ? v.scenario : base;
      std::vector<double> bound_sme, invest, entered, out, bound, unfinanced, guaranteed;
      for (int r = 0; r < replicates; ++r) {
        const RunOptions options{
            .threads = 0, .seed = {}, .replicate = static_cast<std::uint32_t>(r)};
        const RunResult a = run(v.scenario, options);
        const RunResult b = run(base, options);
        const std::size_t last = a.years.size() - 1;
        const auto pct = [&](const char* var) {
          return 100 * (region_at(a, var, last) / region_at(b, var, last) - 1);
        };
        const auto diff = [&](const char* var) {
          return region_at(a, var, last) - region_at(b, var, last);
        };
        double ea = 0, eb = 0;
        for (std::size_t y = 1; y <= last; ++y) {
          ea += region_at(a, "firms_entered", y);
          eb += region_at(b, "firms_entered", y);
        }
        bound_sme.push_back(bound_sme_investment_gain(loose, tight, static_cast<std::uint32_t>(r)));
        invest.push_back(pct("investment"));
        entered.push_back(100 * (ea / eb - 1));
        out.push_back(pct("output_value"));
        bound.push_back(diff("firms_credit_bound"));
        unfinanced.push_back(diff("entrants_unfinanced"));
        guaranteed.push_back(diff("guarantees_outstanding"));
      }
      const Interval i = interval(invest), e = interval(entered);
      const Interval sme = interval(bound_sme), bound_change = interval(bound);
      // Removing the funds: fewer entrants and more credit-bound firms, both intervals excluding
      // 0. (The capital of the SMEs bound without them is reported, not checked: on Hubei's
      // refitted baseline it falls with the funds, VALIDATION.md says how far and why it is open.)
      if (removes && e.mean < 0 && e.excludes_zero() && bound_change.mean > 0 &&
          bound_change.excludes_zero())
        guarantees_work = true;
      if (v.name.starts_with("credit expansion") && i.mean > 0 && i.excludes_zero())
        expansion_raises_investment = true;
      std::cout << "| " << base.name << " | " << v.name << " | " << fmt_log_ratio(sme) << " | "
                << fmt(i, 2) << " | " << fmt(e, 2) << " | " << fmt(interval(out), 2) << " | "
                << fmt(interval(bound), 0) << " | " << fmt(interval(unfinanced), 0) << " | "
                << fmt(interval(guaranteed), 2) << " |\n";
    }
  }
  std::cout << "\nEach change against the calibrated baseline (change minus baseline, % of the "
               "baseline; counts and 亿元 as differences) in the last plan year, entrants summed "
               "over the plan years; \"credit-bound SMEs' capital\": the capital, at the end of "
               "the plan, of the micro and small base-year firms that the credit limit binds in "
               "some year without the relaxation (the guarantee funds, the expansion, no "
               "refusals), with it against without it, geometric mean of the replicates' ratios "
               "(95% interval); otherwise mean ± 95% interval over "
            << replicates
            << " common-random-number replicates.\n\nGuarantee funds raise entry and lower the "
               "number of credit-bound firms, and credit expansion raises investment, with "
               "intervals excluding 0 in at least one plan: "
            << (guarantees_work && expansion_raises_investment ? "yes" : "no") << ".\n";
  return check && !(guarantees_work && expansion_raises_investment) ? 1 : 0;
}
}  // namespace

int main(int argc, char** argv) {
  try {
    if (argc >= 3 && std::string(argv[1]) == "cost-of-capital")
      return cost_of_capital(argv[2], argc > 3 ? std::stoi(argv[3]) : 8);
    if (argc >= 3 && std::string(argv[1]) == "elasticity-range")
      return elasticity_range(argv[2], argc > 3 ? std::stoi(argv[3]) : 8);
    if (argc >= 4 && std::string(argv[1]) == "zone-designation")
      return zone_designation(argv[2], std::stoi(argv[3]),
                              argc > 4 && std::string(argv[4]) == "--check");
    if (argc >= 4 && std::string(argv[1]) == "land-quota")
      return land_quota_cut(argv[2], std::stoi(argv[3]),
                            argc > 4 && std::string(argv[4]) == "--check");
    if (argc >= 3 &&
        (std::string(argv[1]) == "plan-effects" || std::string(argv[1]) == "growth-decomposition" ||
         std::string(argv[1]) == "credit")) {
      std::vector<std::string> paths;
      int replicates = 8;
      bool check = false;
      for (int k = 2; k < argc; ++k) {
        const std::string a = argv[k];
        if (a == "--replicates" && k + 1 < argc)
          replicates = std::stoi(argv[++k]);
        else if (a == "--check")
          check = true;
        else
          paths.push_back(a);
      }
      const std::string what = argv[1];
      if (what == "credit") return credit(paths, replicates, check);
      return what == "plan-effects" ? plan_effects(paths, replicates)
                                    : growth_decomposition(paths, replicates);
    }
    std::cerr << "usage: regsim_policy_experiments cost-of-capital SCENARIO [REPLICATES]\n"
                 "       regsim_policy_experiments plan-effects BASELINE... [--replicates R]\n"
                 "       regsim_policy_experiments elasticity-range BASELINE [REPLICATES]\n"
                 "       regsim_policy_experiments zone-designation BASELINE REPLICATES "
                 "[--check]\n"
                 "       regsim_policy_experiments land-quota BASELINE REPLICATES [--check]\n"
                 "       regsim_policy_experiments growth-decomposition BASELINE... "
                 "[--replicates R]\n"
                 "       regsim_policy_experiments credit BASELINE... [--replicates R] "
                 "[--check]\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "regsim_policy_experiments: " << e.what() << "\n";
    return 2;
  }
}
