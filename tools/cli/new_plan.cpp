#include "tools/cli/new_plan.hpp"

#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "engine/scenario/parse.hpp"
#include "experiment/input_checks.hpp"

namespace regsim::cli {
namespace {

namespace fs = std::filesystem;

// The skeleton's years: a base year and three simulated years (a plan's period).
constexpr int kFirstYear = 2023;
constexpr int kLastYear = 2026;

// Base-year cells per county (firms, revenue 亿元): the park's leading sector, each other
// manufacturing sector, local services outside any platform.
constexpr int kLeadingFirms = 60;
constexpr double kLeadingRevenueYi = 80;
constexpr int kOtherFirms = 30;
constexpr double kOtherRevenueYi = 20;
constexpr int kServiceFirms = 80;
constexpr double kServiceRevenueYi = 30;

// Leading sector: fixed investment per mu and capital per unit of output, so that a park's
// base-year output per mu is their ratio (375 万元 per mu).
constexpr double kInvestmentIntensityWanPerMu = 300;
constexpr double kCapitalOutputRatio = 0.8;

std::string number(double v, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

std::string quoted(const std::string& s) {
  return "\"" + s + "\"";
}

/// A name that can stand in a TOML string, a key path (`sectors[NAME]`) and an entity selector
/// (`sector:NAME`) unchanged: no quotes, backslashes, brackets, colons, asterisks or control
/// characters, no surrounding spaces, at most 100 bytes.
void check_entity_name(const std::string& name, const std::string& option) {
  const auto fail = [&](const std::string& why) {
    throw std::invalid_argument(option + ": '" + name + "' " + why);
  };
  if (name.empty()) fail("is empty (two commas in a row, or a comma at an end?)");
  if (name.size() > 100) fail("is longer than 100 bytes");
  if (name.front() == ' ' || name.back() == ' ') fail("starts or ends with a space");
  for (const char c : name) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) fail("holds a control character");
    if (std::string_view("\"\\[]:*").find(c) != std::string_view::npos)
      fail("holds '" + std::string(1, c) + "': names may not contain \" \\ [ ] : *");
  }
}

/// The plan name: it names the scenario and, by default, the file NAME.toml.
void check_plan_name(const std::string& name) {
  const auto fail = [&](const std::string& why) {
    throw std::invalid_argument("new plan: NAME '" + name + "' " + why);
  };
  if (name.empty()) fail("is empty");
  if (name.size() > 100) fail("is longer than 100 bytes");
  if (name.front() == '-' || name.front() == '.') fail("starts with '-' or '.'");
  for (const char c : name) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u == 0x7f) fail("holds a space or a control character");
    if (std::string_view("\"\\/'").find(c) != std::string_view::npos)
      fail("holds '" + std::string(1, c) + "': a plan name may not contain \" \\ / '");
  }
}

void check_list(const std::vector<std::string>& names, const std::string& option,
                std::size_t max_size) {
  if (names.size() > max_size)
    throw std::invalid_argument(option + ": at most " + std::to_string(max_size) + " names, got " +
                                std::to_string(names.size()));
  std::set<std::string> seen;
  for (const auto& n : names) {
    check_entity_name(n, option);
    if (!seen.insert(n).second) throw std::invalid_argument(option + ": '" + n + "' appears twice");
  }
}

std::string park_name(const std::string& county) {
  return county + "经济开发区";
}

std::string toml_list(const std::vector<std::string>& names) {
  std::string s = "[";
  for (std::size_t i = 0; i < names.size(); ++i) s += (i ? ", " : "") + quoted(names[i]);
  return s + "]";
}

/// Writes the scenario. Sector roles: sectors[0] is the parks' leading (tradable) sector; the
/// last, when there are two or more, serves local demand; those between are other tradable
/// manufacturing (the first of them clustered in an agri-processing cluster in the first
/// county when there are three or more sectors).
std::string skeleton(const NewPlanArgs& a) {
  const auto& counties = a.counties;
  const auto& sectors = a.sectors;
  const std::size_t n_c = counties.size(), n_s = sectors.size();
  const bool has_services = n_s >= 2;
  const bool has_cluster = n_s >= 3;
  const std::string& leading = sectors.front();
  const std::string cluster = has_cluster ? counties.front() + sectors[1] + "集聚区" : "";
  const auto is_other = [&](std::size_t s) { return s > 0 && !(has_services && s == n_s - 1); };

  // Base-year totals, for target values that scale with the entities.
  double revenue = 0, firms = 0;
  for (std::size_t s = 0; s < n_s; ++s) {
    const bool services = has_services && s == n_s - 1;
    revenue += static_cast<double>(n_c) * (s == 0     ? kLeadingRevenueYi
                                           : services ? kServiceRevenueYi
                                                      : kOtherRevenueYi);
    firms += static_cast<double>(n_c) * (s == 0     ? kLeadingFirms
                                         : services ? kServiceFirms
                                                    : kOtherFirms);
  }

  std::ostringstream o;
  o << "# " << a.name << ": a plan scenario skeleton written by `regsim new plan` (regsim "
    << REGSIM_VERSION << ").\n"
    << "# It validates, runs and calibrates as written; every number below is a placeholder to\n"
    << "# replace with the plan's own figures. docs/NEW_PLAN.md walks through it; the full format\n"
    << "# is docs/SCENARIO_FORMAT.md, the instruments docs/INSTRUMENTS.md.\n"
    << "#   regsim validate FILE            parse, check, build the base year\n"
    << "#   regsim run FILE -o runs/NAME    simulate (replicates below), print the target table\n"
    << "#   regsim calibrate FILE -o BASELINE.toml   fit [calibration] to the modelled targets\n"
    << "# Units are in key names: _wan 万元, _yi 亿元, _ha hectares, _mu mu; rates are fractions "
       "per year.\n\n"
    << "format = 1\n"
    << "name = " << quoted(a.name) << "\n"
    << "plan = " << quoted(a.name) << "    # the plan document's title\n"
    << "first_year = " << kFirstYear
    << "    # base year: the year before the plan's first target year\n"
    << "last_year = " << kLastYear << "     # the plan's last target year\n"
    << "seed = 20230101\n"
    << "replicates = 2        # `regsim run` runs replicates 0 .. 1 and reports their mean\n\n";

  o << "[fiscal]\n"
    << "vat_rate = 0.13                  # defaults shown; see docs/SCENARIO_FORMAT.md, [fiscal]\n"
    << "cit_rate = 0.25\n"
    << "county_share_of_local = 0.5\n\n";

  o << "# ---------------------------------------------------------------------------------\n"
    << "# Sectors: the plan's leading industries (6-10 in a real plan). Parameters not written "
       "take\n"
    << "# their defaults (MODEL.md gives each meaning and source).\n\n";
  for (std::size_t s = 0; s < n_s; ++s) {
    o << "[[sectors]]\nname = " << quoted(sectors[s]) << "\n";
    if (s == 0) {
      o << "tradable_share = 0.8          # share of base-year output sold outside the region\n"
        << "demand_growth = 0.06          # growth of its national market (calibrated below)\n"
        << "capital_output_ratio = " << number(kCapitalOutputRatio, 1) << "\n"
        << "investment_intensity_wan_per_mu = " << number(kInvestmentIntensityWanPerMu, 0)
        << "   # fixed investment per mu of land\n";
    } else if (has_services && s == n_s - 1) {
      o << "tradable_share = 0.2          # mostly sold to local buyers (trade, services)\n"
        << "local_demand_growth = 0.02    # growth of local demand beyond incomes (calibrated)\n";
    } else {
      o << "tradable_share = 0.6\n"
        << "demand_growth = 0.05\n";
    }
    o << "\n";
  }

  o << "# ---------------------------------------------------------------------------------\n"
    << "# Counties, districts and county-level cities the plan covers.\n\n";
  for (std::size_t c = 0; c < n_c; ++c)
    o << "[[counties]]\nname = " << quoted(counties[c]) << "\n"
      << "kind = \"county\"                # county, district or county_city\n"
      << "labour_force = 120000          # persons available to modelled firms, base year\n"
      << "wage_wan = 6.0                 # annual wage, 万元 per worker\n"
      << "exogenous_gdp_yi = 120         # agriculture and services not modelled, 亿元\n\n";

  o << "# ---------------------------------------------------------------------------------\n"
    << "# Platforms: the parks, clusters, towns and scenic areas the plan names.\n\n";
  for (std::size_t c = 0; c < n_c; ++c)
    o << "[[platforms]]\nname = " << quoted(park_name(counties[c])) << "\n"
      << "kind = \"industrial_park\"\n"
      << "level = " << (c == 0 ? "\"provincial\"" : "\"county\"")
      << "     # national, provincial, municipal or county\n"
      << "county = " << quoted(counties[c]) << "\n"
      << "leading_sectors = " << toml_list({leading}) << "\n"
      << "land = { planned_ha = 800, serviced_ha = 500, servicing_ha_per_year = 40, "
         "price_wan_per_mu = 25, servicing_cost_wan_per_mu = 12 }\n\n";
  if (has_cluster)
    o << "[[platforms]]\nname = " << quoted(cluster) << "\n"
      << "kind = \"agri_processing_cluster\"\n"
      << "county = " << quoted(counties.front()) << "\n"
      << "leading_sectors = " << toml_list({sectors[1]}) << "\n"
      << "land = { planned_ha = 200, serviced_ha = 120, servicing_ha_per_year = 10, "
         "price_wan_per_mu = 15, servicing_cost_wan_per_mu = 8 }\n\n";

  o << "# ---------------------------------------------------------------------------------\n"
    << "# Base year: firms and revenue per (county, platform or none, sector) cell; the firms "
       "are\n"
    << "# synthesised from them (size distribution: [initial.size_distribution]). With a firm\n"
    << "# registry instead, delete the cells and write\n"
    << "#   [initial]\n"
    << "#   firm_registry = \"firms.csv\"   # relative to this file\n"
    << "# with the header id,sector,county,platform,revenue_wan,employment,capital_wan,land_m2\n"
    << "# (platform empty for a firm outside any platform).\n\n";
  for (std::size_t c = 0; c < n_c; ++c) {
    for (std::size_t s = 0; s < n_s; ++s) {
      o << "[[initial.cells]]\n";
      if (s == 0) {
        o << "platform = " << quoted(park_name(counties[c])) << "\n"
          << "sector = " << quoted(sectors[s]) << "\n"
          << "firms = " << kLeadingFirms << "\nrevenue_yi = " << number(kLeadingRevenueYi, 0)
          << "\n\n";
      } else if (is_other(s)) {
        if (has_cluster && c == 0 && s == 1)
          o << "platform = " << quoted(cluster) << "\n";
        else
          o << "county = " << quoted(counties[c]) << "             # outside any platform\n";
        o << "sector = " << quoted(sectors[s]) << "\n"
          << "firms = " << kOtherFirms << "\nrevenue_yi = " << number(kOtherRevenueYi, 0) << "\n\n";
      } else {
        o << "county = " << quoted(counties[c]) << "\n"
          << "sector = " << quoted(sectors[s]) << "\n"
          << "firms = " << kServiceFirms << "\nrevenue_yi = " << number(kServiceRevenueYi, 0)
          << "\n\n";
      }
    }
  }

  std::vector<std::string> parks;
  for (const auto& c : counties) parks.push_back(park_name(c));
  o << "# ---------------------------------------------------------------------------------\n"
    << "# Instruments: one entry per measure of the plan, quoting its words in a comment. The\n"
    << "# registered instruments and their parameters: `regsim instruments`, "
       "docs/INSTRUMENTS.md.\n\n"
    << "[[policies.subsidy]]             # \"对中小微企业贷款给予贴息\"\n"
    << "instrument = \"interest_subsidy\"\n"
    << "name = \"SME loan interest subsidy\"\n"
    << "payer = \"county\"                 # the firm's host county pays\n"
    << "scope = { size_classes = [\"micro\", \"small\"] }\n"
    << "params = { points = 0.02 }       # 2 interest points\n\n"
    << "[[policies.subsidy]]             # \"园区企业设备投资给予补助\"\n"
    << "instrument = \"investment_subsidy\"\n"
    << "name = \"park investment subsidy\"\n"
    << "payer = \"upper\"                  # the city (upper level) pays\n"
    << "scope = { platforms = " << toml_list(parks) << " }\n"
    << "params = { rate = 0.05, cap_wan = 500 }\n\n"
    << "[[policies.land]]                # \"主导产业项目用地价格优惠\"\n"
    << "instrument = \"land_price_discount\"\n"
    << "name = \"land price discount for the leading sector\"\n"
    << "payer = \"county\"\n"
    << "scope = { sectors = " << toml_list({leading}) << " }\n"
    << "params = { rate = 0.3 }\n\n"
    << "[[policies.finance]]             # \"设立县级融资担保基金\"\n"
    << "instrument = \"guarantee_fund\"\n"
    << "name = \"county guarantee fund\"\n"
    << "payer = \"county\"                 # one fund in every county\n"
    << "scope = { size_classes = [\"micro\", \"small\"] }\n"
    << "params = { capital_yi = 0.5 }\n\n";

  // Targets: values a plan could state, which the calibrated skeleton reaches.
  const int y1 = kFirstYear + 1, y2 = kFirstYear + 2, y3 = kFirstYear + 3;
  std::ostringstream year_list;
  year_list << "[" << y1 << ", " << y2 << ", " << y3 << "]";
  const std::string years = year_list.str();
  const double exogenous = 120.0 * static_cast<double>(n_c);
  const double leading_va = 0.3 * kLeadingRevenueYi * static_cast<double>(n_c);
  const double leading_share = leading_va / (0.3 * revenue + exogenous);
  o << "# ---------------------------------------------------------------------------------\n"
    << "# Targets: every row of the plan's target table, with its id; `=` rows are met within\n"
    << "# `tolerance` (default 3%). One row of each kind:\n\n"
    << "[[targets]]                      # a level: \"规上工业总产值年均增长6%\"\n"
    << "id = \"T-01\"\n"
    << "description = \"gross output value of modelled firms, 亿元\"\n"
    << "entity = \"region\"\n"
    << "variable = \"output_value\"\n"
    << "years = " << years << "\n"
    << "values = [" << number(revenue * 1.06, 1) << ", " << number(revenue * 1.06 * 1.06, 1) << ", "
    << number(revenue * 1.06 * 1.06 * 1.06, 1) << "]\n"
    << "comparator = \"=\"\n\n"
    << "[[targets]]                      # a growth rate: \"地区生产总值年均增长3%以上\"\n"
    << "id = \"T-02\"\n"
    << "entity = \"region\"\n"
    << "variable = \"gdp\"\n"
    << "transform = \"growth\"             # year-on-year rate\n"
    << "years = " << years << "\n"
    << "values = [0.03, 0.03, 0.03]\n"
    << "comparator = \">=\"\n\n"
    << "[[targets]]                      # a share: the leading sector's value added in GDP\n"
    << "id = \"T-03\"\n"
    << "entity = " << quoted("sector:" + leading) << "\n"
    << "variable = \"value_added\"\n"
    << "denominator_entity = \"region\"\n"
    << "denominator_variable = \"gdp\"\n"
    << "year = " << y3 << "\n"
    << "value = " << number(leading_share * 1.08, 3) << "\n"
    << "comparator = \"=\"\n\n"
    << "[[targets]]                      # a count: parks with output over a threshold, 亿元\n"
    << "id = \"T-04\"\n"
    << "entity = \"platform_kind:industrial_park\"\n"
    << "variable = \"output_value\"\n"
    << "transform = \"count_above\"\n"
    << "threshold = " << number(kLeadingRevenueYi * 1.1, 0) << "\n"
    << "year = " << y3 << "\n"
    << "value = " << (n_c + 1) / 2 << "                        # at least half of them\n"
    << "comparator = \">=\"\n\n"
    << "[[targets]]                      # a change since the base year: net new firms\n"
    << "id = \"T-05\"\n"
    << "entity = \"region\"\n"
    << "variable = \"firms_active\"\n"
    << "transform = \"change\"\n"
    << "year = " << y3 << "\n"
    << "value = " << number(std::round(firms * 0.25), 0) << "\n"
    << "comparator = \">=\"\n\n"
    << "[[targets]]                      # per mu: \"亩均产值\" of the first park, 万元 per mu\n"
    << "id = \"T-06\"\n"
    << "entity = " << quoted("platform:" + park_name(counties.front())) << "\n"
    << "variable = \"output_per_mu\"\n"
    << "year = " << y3 << "\n"
    << "value = "
    << number(std::round(1.04 * kInvestmentIntensityWanPerMu / kCapitalOutputRatio), 0) << "\n"
    << "comparator = \">=\"\n\n"
    << "[[targets]]                      # what the model does not represent, with the reason\n"
    << "id = \"T-07\"\n"
    << "description = \"vocational training, persons per year\"\n"
    << "out_of_scope = \"training is a public programme, not an agent decision in the model\"\n\n";

  o << "# ---------------------------------------------------------------------------------\n"
    << "# Free parameters for `regsim calibrate`: structural parameters the plan does not "
       "publish,\n"
    << "# fewer than the modelled target rows (here 10). Any key a sweep factor can name.\n\n"
    << "[calibration]\n"
    << "replicates = 2                   # replicates averaged per evaluation\n"
    << "max_evaluations = 100\n\n"
    << "[[calibration.parameters]]\n"
    << "key = " << quoted("sectors[" + leading + "].demand_growth") << "\n"
    << "lower = 0.0\nupper = 0.5\n"
    << "meaning = \"growth of the leading sector's national market (MODEL.md 3.2)\"\n";
  o << "\n[[calibration.parameters]]\n"
    << "key = " << quoted("counties[" + counties.front() + "].exogenous_gdp_growth") << "\n"
    << "lower = 0.0\nupper = 0.1\n"
    << "meaning = \"trend growth of agriculture and services not modelled (MODEL.md 3.2)\"\n";
  if (has_cluster)
    o << "\n[[calibration.parameters]]\n"
      << "key = " << quoted("sectors[" + sectors[1] + "].demand_growth") << "\n"
      << "lower = 0.0\nupper = 0.5\n"
      << "meaning = \"growth of the national market of the clustered sector (MODEL.md 3.2)\"\n";
  if (has_services)
    o << "\n[[calibration.parameters]]\n"
      << "key = " << quoted("sectors[" + sectors.back() + "].local_demand_growth") << "\n"
      << "lower = 0.0\nupper = 0.3\n"
      << "meaning = \"growth of local demand for services beyond incomes (MODEL.md 3.2)\"\n";
  return o.str();
}

}  // namespace

std::string new_plan_text(const NewPlanArgs& args) {
  check_plan_name(args.name);
  NewPlanArgs a = args;
  if (a.counties.empty()) a.counties = {"东县", "西县"};
  if (a.sectors.empty()) a.sectors = {"装备制造", "农产品加工", "商贸服务"};
  check_list(a.counties, "--counties", 50);
  check_list(a.sectors, "--sectors", 30);
  std::set<std::string> platforms;
  for (const auto& c : a.counties) platforms.insert(park_name(c));
  if (a.sectors.size() >= 3 && platforms.count(a.counties.front() + a.sectors[1] + "集聚区"))
    throw std::invalid_argument("--counties/--sectors: two platforms would be named '" +
                                a.counties.front() + a.sectors[1] + "集聚区'");
  std::string text = skeleton(a);
  // The skeleton must be a scenario as it stands: parse it (errors would be regsim's own).
  scenario::parse_scenario_text(text, a.name + ".toml");
  return text;
}

int run_new_plan(const NewPlanArgs& args) {
  const std::string text = new_plan_text(args);
  const fs::path out = args.output.empty() ? fs::path(args.name + ".toml") : fs::path(args.output);
  std::error_code ec;
  if (fs::is_directory(out, ec))
    throw std::invalid_argument("-o " + out.string() + ": is a directory, expected a file path");
  if (fs::exists(out, ec) && !args.force)
    throw std::invalid_argument(out.string() + " exists; use --force to overwrite");
  experiment::CreatedDirectories dirs(out.parent_path());
  experiment::write_text_atomically(out, text);
  dirs.keep();
  std::cout << "wrote " << out.string() << ": plan '" << args.name << "', " << kFirstYear << "–"
            << kLastYear << "\nnext: regsim validate " << out.string() << "\n      regsim run "
            << out.string() << " -o runs/" << args.name << "\n      regsim calibrate "
            << out.string() << " -o "
            << (out.parent_path() / (args.name + "-baseline.toml")).string() << "\n";
  return 0;
}

}  // namespace regsim::cli
