#include "tools/bench/synthetic_province.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "engine/policy/registry.hpp"
#include "engine/scenario/sha256.hpp"

namespace regsim::bench {

namespace {

constexpr int kCounties = 24;
constexpr std::int64_t kFirmsPerCell = 1000;

struct SectorShape {
  const char* name;
  double capital_elasticity;
  double labour_elasticity;
  double value_added_share;
  double demand_growth;
};

constexpr std::array<SectorShape, 6> kSectors{{{"装备制造", 0.30, 0.50, 0.30, 0.08},
                                               {"农产品加工", 0.25, 0.55, 0.25, 0.05},
                                               {"精细化工", 0.35, 0.45, 0.28, 0.06},
                                               {"新材料", 0.32, 0.48, 0.32, 0.10},
                                               {"纺织服装", 0.22, 0.58, 0.22, 0.03},
                                               {"电子信息", 0.30, 0.52, 0.26, 0.09}}};

/// A policy with every parameter the caller did not set at its registered default (the parser
/// does this for scenario files).
scenario::PolicySpec make_policy(scenario::PolicyFamily family, const std::string& instrument,
                                 const std::string& name, const std::string& payer,
                                 std::map<std::string, double> params) {
  const auto* info = policy::find_instrument(instrument);
  if (info == nullptr) throw std::logic_error("synthetic province: no instrument " + instrument);
  for (const auto& p : info->params) params.emplace(p.name, p.default_value);
  scenario::PolicySpec s;
  s.family = family;
  s.instrument = instrument;
  s.name = name;
  s.payer = payer;
  s.params = std::move(params);
  return s;
}

}  // namespace

scenario::Scenario synthetic_province(const ProvinceSize& size) {
  using namespace scenario;
  if (size.firms < 1) throw std::invalid_argument("synthetic province: firms must be at least 1");
  if (size.years < 1) throw std::invalid_argument("synthetic province: years must be at least 1");

  Scenario sc;
  sc.name = "synthetic-province-" + std::to_string(size.firms);
  sc.description = "synthetic province built in code by regsim bench";
  sc.first_year = 2020;
  sc.last_year = sc.first_year + size.years;
  sc.seed = size.seed;

  for (const auto& s : kSectors) {
    Sector sector;
    sector.name = s.name;
    sector.capital_elasticity = s.capital_elasticity;
    sector.labour_elasticity = s.labour_elasticity;
    sector.value_added_share = s.value_added_share;
    sector.demand_growth = s.demand_growth;
    sc.sectors.push_back(sector);
  }

  // Cells: (place, sector, county) in round-robin order, place fastest; place 0 is the county's
  // park, 1 its agri-processing cluster, 2 outside any platform.
  const std::int64_t cells = std::max<std::int64_t>(1, size.firms / kFirmsPerCell);
  constexpr int kPlaces = 3;
  struct Load {
    double firms = 0;
    double revenue_yi = 0;
  };
  std::vector<Load> county_load(kCounties), platform_load(2 * kCounties);
  for (std::int64_t c = 0; c < cells; ++c) {
    const auto place = static_cast<int>(c % kPlaces);
    const auto sector = static_cast<std::size_t>((c / kPlaces) % 6);
    const auto county = static_cast<std::size_t>((c / (kPlaces * 6)) % kCounties);
    const std::int64_t firms = size.firms / cells + (c < size.firms % cells ? 1 : 0);
    if (firms == 0) continue;
    // Average revenue per firm: larger firms in parks.
    const double revenue_per_firm_yi = place == 0 ? 0.3 : place == 1 ? 0.15 : 0.1;
    const double revenue_yi = static_cast<double>(firms) * revenue_per_firm_yi;
    const std::string county_name = "县" + std::to_string(county + 1);
    InitialCell cell;
    cell.county = county_name;
    if (place == 0) cell.platform = county_name + "经济开发区";
    if (place == 1) cell.platform = county_name + "农产品加工集聚区";
    cell.sector = kSectors[sector].name;
    cell.firms = firms;
    cell.revenue_yi = revenue_yi;
    sc.initial.cells.push_back(cell);
    sc.sectors[sector].base_demand_yi = -1;  // marks a sector with base-year firms
    county_load[county].firms += static_cast<double>(firms);
    county_load[county].revenue_yi += revenue_yi;
    if (place < 2) {
      auto& load = platform_load[2 * county + static_cast<std::size_t>(place)];
      load.firms += static_cast<double>(firms);
      load.revenue_yi += revenue_yi;
    }
  }

  // A sector without base-year firms (small N) needs its base-year demand given.
  for (auto& s : sc.sectors) s.base_demand_yi = s.base_demand_yi < 0 ? 0.0 : 10.0;

  for (std::size_t k = 0; k < static_cast<std::size_t>(kCounties); ++k) {
    const std::string name = "县" + std::to_string(k + 1);
    County county;
    county.name = name;
    county.kind = k % 3 == 0 ? CountyKind::district : CountyKind::county;
    county.labour_force = 20000 + 60 * county_load[k].firms + 400 * county_load[k].revenue_yi;
    county.wage_wan = 4.5 + 0.1 * static_cast<double>(k % 5);
    county.exogenous_gdp_yi = 20 + 0.5 * county_load[k].revenue_yi;
    county.transfers_yi = 1 + 0.01 * county_load[k].revenue_yi;
    sc.counties.push_back(county);

    for (int place = 0; place < 2; ++place) {
      const auto& load = platform_load[2 * k + static_cast<std::size_t>(place)];
      Platform p;
      p.county = name;
      p.name = name + (place == 0 ? "经济开发区" : "农产品加工集聚区");
      p.kind = place == 0 ? PlatformKind::industrial_park : PlatformKind::agri_processing_cluster;
      p.level = place == 0 && k % 4 == 0 ? PlatformLevel::provincial : PlatformLevel::county;
      p.leading_sectors =
          place == 0 ? std::vector<std::string>{kSectors[k % 6].name, kSectors[(k + 3) % 6].name}
                     : std::vector<std::string>{kSectors[1].name};
      // Serviced land with room to grow; planned land twice that.
      const double serviced_ha = 20 + 2 * load.firms + 10 * load.revenue_yi;
      p.land = {2 * serviced_ha, serviced_ha, 0.05 * serviced_ha, place == 0 ? 20.0 : 12.0,
                place == 0 ? 12.0 : 8.0};
      sc.platforms.push_back(p);
    }
  }

  // The policy mix: province-wide SME credit support, park investment and land incentives.
  std::vector<std::string> parks;
  for (const auto& p : sc.platforms)
    if (p.kind == PlatformKind::industrial_park) parks.push_back(p.name);
  auto interest = make_policy(PolicyFamily::subsidy, "interest_subsidy", "SME interest subsidy",
                              "upper", {{"points", 0.02}, {"cap_wan", 50.0}});
  interest.scope.size_classes = {"micro", "small", "medium"};
  auto investment = make_policy(PolicyFamily::subsidy, "investment_subsidy", "park project fund",
                                "county", {{"rate", 0.08}, {"cap_wan", 500.0}});
  investment.scope.platforms = parks;
  auto land = make_policy(PolicyFamily::land, "land_price_discount", "park land discount", "county",
                          {{"rate", 0.3}, {"floor_wan_per_mu", 12.0}});
  land.scope.platforms = parks;
  auto guarantee =
      make_policy(PolicyFamily::finance, "guarantee_fund", "provincial guarantee fund", "upper",
                  {{"capital_yi", std::max(1.0, 1e-4 * static_cast<double>(size.firms))}});
  guarantee.scope.size_classes = {"micro", "small"};
  sc.policies = {interest, investment, land, guarantee};
  for (auto& p : sc.policies) {
    p.start_year = sc.first_year + 1;
    p.end_year = sc.last_year;
  }
  sc.resolved_text = "# synthetic province built in code by regsim bench\n";
  sc.resolved_sha256 = scenario::sha256_hex(sc.resolved_text);
  return sc;
}

}  // namespace regsim::bench
