#include "engine/population/population.hpp"

#include <cmath>
#include <numeric>
#include <stdexcept>
#include <string>

#include "engine/core/random.hpp"

namespace regsim {

std::vector<double> draw_relative_sizes(const scenario::SizeDistribution& size, std::size_t n,
                                        std::uint64_t seed, std::uint32_t replicate, int year,
                                        FirmId first_id) {
  // The Pareto tail starts at the body's 90th percentile, so the tail continues the body.
  const double tail_start = std::exp(size.lognormal_sigma * 1.2815515655446004);
  std::vector<double> sizes(n);
  for (std::size_t k = 0; k < n; ++k) {
    RandomStream rng(seed, replicate, static_cast<std::uint64_t>(year), std::uint64_t{first_id} + k,
                     Purpose::synthesis_size);
    if (rng.uniform() < size.tail_share)
      sizes[k] = tail_start * std::pow(rng.uniform(), -1.0 / size.tail_exponent);
    else
      sizes[k] = std::exp(size.lognormal_sigma * rng.normal());
  }
  return sizes;
}

void scale_to_total(std::span<double> sizes, double total, double floor) {
  const double n = static_cast<double>(sizes.size());
  if (sizes.empty()) return;
  if (n * floor > total)
    throw std::invalid_argument(std::to_string(sizes.size()) + " firms of at least " +
                                std::to_string(floor) + " 万元 cannot share a total of " +
                                std::to_string(total) + " 万元");
  const double raw = std::accumulate(sizes.begin(), sizes.end(), 0.0);
  const double factor = (total - n * floor) / raw;
  for (auto& s : sizes) s = floor + s * factor;
  // Put the rounding residue on the largest firm so the sum is exact to the last bit possible.
  const double residue = total - std::accumulate(sizes.begin(), sizes.end(), 0.0);
  *std::max_element(sizes.begin(), sizes.end()) += residue;
}

double agglomeration_log_gain(const scenario::Sector& sector, PlatformId platform,
                              double same_sector_firms) {
  if (platform == kNoPlatform) return 0.0;
  return sector.agglomeration_elasticity * std::log1p(same_sector_firms);
}

FirmInit make_firm(const World& w, CountyId county, PlatformId platform, SectorId sector,
                   double revenue_wan, double same_sector_firms, int birth_year) {
  const auto& s = w.scenario->sectors[sector];
  const double price = w.sectors.price[sector];
  const double wage = w.counties.wage_wan[county];
  const double labour = s.labour_elasticity * s.value_added_share * revenue_wan / wage;
  const double capital = s.capital_output_ratio * revenue_wan;
  const double output = revenue_wan / price;
  FirmInit f;
  f.sector = sector;
  f.county = county;
  f.platform = platform;
  f.cell = w.cells.cell(county, platform, sector);
  f.birth_year = static_cast<std::int16_t>(birth_year);
  f.log_productivity = std::log(output) - s.capital_elasticity * std::log(capital) -
                       s.labour_elasticity * std::log(labour) -
                       agglomeration_log_gain(s, platform, same_sector_firms);
  f.capital_wan = capital;
  f.intensity_wan_per_mu = s.investment_intensity_wan_per_mu;
  f.land_m2 = capital / s.investment_intensity_wan_per_mu * kM2PerMu;
  return f;
}

namespace {

// Base-year firms were founded before the base year; ages are geometric with mean 8 years.
int draw_birth_year(const World& w, FirmId id) {
  RandomStream rng(w.seed, w.replicate, static_cast<std::uint64_t>(w.year), id,
                   Purpose::synthesis_age);
  const int age = 1 + static_cast<int>(std::floor(-std::log(rng.uniform()) * 7.5));
  return w.year - std::min(age, 60);
}

/// Adds a base-year firm: its stream key is its id; it uses half of its credit limit and holds
/// no cash (net worth = capital - debt).
void add_base_firm(World& w, FirmInit f) {
  f.stream_key = w.firms.size();
  f.debt_wan = 0.5 * w.scenario->fiscal.loan_to_capital * f.capital_wan;
  f.cash_wan = 0;
  if (!std::isfinite(f.log_productivity))
    throw std::invalid_argument("base-year firm " + std::to_string(w.firms.size()) +
                                " has no finite productivity (zero revenue, capital or labour)");
  w.firms.add(f);
}

void synthesise(World& w) {
  const auto& sc = *w.scenario;
  for (const auto& cell : sc.initial.cells) {
    const auto county =
        static_cast<CountyId>(scenario::index_by_name(sc.counties, cell.county, "county"));
    const auto platform = cell.platform ? static_cast<PlatformId>(scenario::index_by_name(
                                              sc.platforms, *cell.platform, "platform"))
                                        : kNoPlatform;
    const auto sector =
        static_cast<SectorId>(scenario::index_by_name(sc.sectors, cell.sector, "sector"));
    const auto n = static_cast<std::size_t>(cell.firms);
    const auto first = static_cast<FirmId>(w.firms.size());
    auto sizes = draw_relative_sizes(sc.initial.size, n, w.seed, w.replicate, w.year, first);
    const auto scale = sc.initial.revenue_scale.find(
        cell.platform ? scenario::to_string(sc.platforms[platform].kind) : "outside");
    const double revenue_scale = scale == sc.initial.revenue_scale.end() ? 1.0 : scale->second;
    try {
      scale_to_total(sizes, cell.revenue_yi * revenue_scale * kWanPerYi,
                     sc.initial.size.min_revenue_wan);
    } catch (const std::invalid_argument& e) {
      throw scenario::ScenarioError(cell.where,
                                    std::string("initial cell: ") + e.what() +
                                        "; lower firms or min_revenue_wan, or raise revenue_yi");
    }
    for (std::size_t k = 0; k < n; ++k) {
      auto f = make_firm(w, county, platform, sector, sizes[k], static_cast<double>(n),
                         draw_birth_year(w, first + static_cast<FirmId>(k)));
      add_base_firm(w, f);
    }
  }
}

void import_registry(World& w) {
  const auto& sc = *w.scenario;
  // Same-sector counts per platform for the agglomeration term.
  std::vector<double> count(w.cells.n_cells(), 0.0);
  std::vector<std::uint32_t> cell_of(sc.initial.registry_firms.size());
  for (std::size_t i = 0; i < cell_of.size(); ++i) {
    const auto& r = sc.initial.registry_firms[i];
    const auto county =
        static_cast<CountyId>(scenario::index_by_name(sc.counties, r.county, "county"));
    const auto platform = r.platform.empty() ? kNoPlatform
                                             : static_cast<PlatformId>(scenario::index_by_name(
                                                   sc.platforms, r.platform, "platform"));
    cell_of[i] = w.cells.cell(
        county, platform,
        static_cast<SectorId>(scenario::index_by_name(sc.sectors, r.sector, "sector")));
    count[cell_of[i]] += 1;
  }
  for (std::size_t i = 0; i < cell_of.size(); ++i) {
    const auto& r = sc.initial.registry_firms[i];
    const auto cell = cell_of[i];
    const auto county = w.cells.county_of(cell);
    const auto platform = w.cells.platform_of(cell);
    const auto sector = w.cells.sector_of(cell);
    const auto& s = sc.sectors[sector];
    auto f = make_firm(w, county, platform, sector, r.revenue_wan, count[cell],
                       draw_birth_year(w, static_cast<FirmId>(w.firms.size())));
    // Observed inputs replace the constructed ones; productivity is backed out from them, and
    // a labour wedge phi = beta v R / (w L) makes the firm's labour choice reproduce its
    // observed employment at the base wage (phi = 1 when employment is not given).
    if (r.capital_wan > 0) f.capital_wan = r.capital_wan;
    const double optimal_labour =
        s.labour_elasticity * s.value_added_share * r.revenue_wan / w.counties.wage_wan[county];
    const double labour = r.employment > 0 ? r.employment : optimal_labour;
    f.labour_wedge = optimal_labour / labour;
    f.log_productivity = std::log(r.revenue_wan) - s.capital_elasticity * std::log(f.capital_wan) -
                         s.labour_elasticity * std::log(labour) -
                         agglomeration_log_gain(s, platform, count[cell]);
    f.land_m2 =
        r.land_m2 > 0 ? r.land_m2 : f.capital_wan / s.investment_intensity_wan_per_mu * kM2PerMu;
    add_base_firm(w, f);
  }
}

}  // namespace

void populate(World& w) {
  const auto& sc = *w.scenario;
  if (!sc.initial.registry_firms.empty())
    import_registry(w);
  else
    synthesise(w);

  // Base-year feasibility: land and labour.
  auto& p = w.platforms;
  for (FirmId i = 0; i < w.firms.size(); ++i) {
    if (w.firms.platform[i] != kNoPlatform)
      p.land_occupied_m2[w.firms.platform[i]] += w.firms.land_m2[i];
  }
  for (std::size_t pi = 0; pi < w.n_platforms(); ++pi) {
    if (p.land_occupied_m2[pi] > p.land_serviced_m2[pi] * (1 + 1e-9))
      throw scenario::ScenarioError(
          sc.platforms[pi].where,
          "platform '" + sc.platforms[pi].name + "': its base-year firms occupy " +
              std::to_string(p.land_occupied_m2[pi] / kM2PerHa) +
              " ha at their sectors' investment intensity, more than its serviced land (" +
              std::to_string(p.land_serviced_m2[pi] / kM2PerHa) +
              " ha); raise land.serviced_ha or the sectors' investment_intensity_wan_per_mu");
  }
}

}  // namespace regsim
