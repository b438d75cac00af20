#include "engine/behaviour/ranking.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <numeric>
#include <variant>

#include "engine/behaviour/local_economy.hpp"
#include "engine/behaviour/platform_budget.hpp"
#include "engine/core/random.hpp"
#include "engine/observe/aggregate.hpp"

namespace regsim {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

bool ranked(const World& w, std::size_t j) {
  return !w.platforms.delisted(j);
}

bool in_scope(const World& w, const ResolvedPolicy& p, std::size_t j) {
  return p.platform_in[j] && p.county_in[w.platforms.county[j]];
}

/// Mean and (population) standard deviation of the scores of a peer group.
std::pair<double, double> score_moments(const World& w, std::uint32_t group) {
  const auto& p = w.platforms;
  double n = 0, sum = 0, sum2 = 0;
  for (std::size_t j = 0; j < w.n_platforms(); ++j) {
    if (!ranked(w, j) || peer_group(w, j) != group) continue;
    n += 1;
    sum += p.score[j];
    sum2 += p.score[j] * p.score[j];
  }
  if (n == 0) return {0.0, 0.0};
  const double mean = sum / n;
  return {mean, std::sqrt(std::max(0.0, sum2 / n - mean * mean))};
}

void apply_delisting(World& w, std::size_t k, const policy::DelistingRule& rule) {
  auto& p = w.platforms;
  const auto& policy = w.policies.policies[k];
  const std::size_t np = w.n_platforms();
  const auto peers = static_cast<std::size_t>(rule.peer_platforms);
  std::vector<std::uint8_t> delist(np, 0);
  for (std::size_t j = 0; j < np; ++j) {
    if (!ranked(w, j) || !in_scope(w, policy, j)) continue;
    const auto group = peer_group(w, j);
    // The province's ranking: the peer group plus the peers outside the scenario.
    std::size_t above = 0, size = 0;
    for (std::size_t i = 0; i < np; ++i) {
      if (!ranked(w, i) || peer_group(w, i) != group) continue;
      ++size;
      if (i != j && (p.score[i] > p.score[j] || (p.score[i] == p.score[j] && i < j))) ++above;
    }
    if (peers > 0) {
      const auto [mean, sd] = score_moments(w, group);
      for (std::size_t m = 0; m < peers; ++m) {
        RandomStream rng(w.seed, w.replicate, static_cast<std::uint64_t>(w.year),
                         (std::uint64_t{group} << 32) | m, Purpose::peer_platform_score);
        if (mean + sd * rng.normal() > p.score[j]) ++above;
      }
      size += peers;
    }
    const double place = static_cast<double>(above + 1);
    auto& years = p.rule_years[k * np + j];
    if (place > static_cast<double>(size) - rule.bottom_n)
      years = static_cast<std::uint8_t>(std::min(255, years + 1));
    else
      years = 0;
    if (years >= rule.years_running) delist[j] = 1;
  }
  for (std::size_t j = 0; j < np; ++j) {
    if (!delist[j]) continue;
    p.status[j] = static_cast<std::uint8_t>(PlatformStatus::delisted);
    w.policies.delist(static_cast<PlatformId>(j));
  }
}

void apply_promotion(World& w, std::size_t k, const policy::PromotionRule& rule) {
  auto& p = w.platforms;
  const auto& policy = w.policies.policies[k];
  const std::size_t np = w.n_platforms();
  for (std::size_t j = 0; j < np; ++j) {
    if (!ranked(w, j) || !in_scope(w, policy, j)) continue;
    auto& years = p.rule_years[k * np + j];
    if (p.rank[j] <= rule.top_n)  // false for NaN (not ranked this year)
      years = static_cast<std::uint8_t>(std::min(255, years + 1));
    else
      years = 0;
    if (years < rule.years_running || p.level[j] == 0) continue;
    p.status[j] = static_cast<std::uint8_t>(PlatformStatus::promoted);
    p.level[j] -= 1;  // national = 0 < provincial < municipal < county
    years = 0;
  }
}

void apply_award(World& w, std::size_t k, const policy::RankingAward& award) {
  auto& p = w.platforms;
  const auto& policy = w.policies.policies[k];
  std::vector<std::size_t> candidates;
  for (std::size_t j = 0; j < w.n_platforms(); ++j)
    if (ranked(w, j) && in_scope(w, policy, j) && std::isfinite(p.score[j]))
      candidates.push_back(j);
  std::sort(candidates.begin(), candidates.end(), [&](std::size_t a, std::size_t b) {
    return p.score[a] != p.score[b] ? p.score[a] > p.score[b] : a < b;
  });
  const auto n = std::min(candidates.size(), static_cast<std::size_t>(award.top_n));
  for (std::size_t r = 0; r < n; ++r) {
    const auto j = candidates[r];
    w.policies.charge(k, p.county[j], award.award_yi * kWanPerYi, w.work.payments.values);
    p.award_yi[j] += award.award_yi;
    service_extra_land(w, j, award.award_yi);
  }
}

void apply_county_award(World& w, std::size_t k, const policy::CountyRankingAward& award) {
  auto& c = w.counties;
  const auto& policy = w.policies.policies[k];
  // GDP growth of each county this year (GDP = firms' value added + exogenous sectors).
  const auto value_added = county_value_added_yi(w);
  std::vector<std::size_t> candidates;
  std::vector<double> growth(w.n_counties(), 0.0);
  for (std::size_t i = 0; i < w.n_counties(); ++i) {
    const double gdp = county_gdp_yi(w, static_cast<CountyId>(i), value_added[i]);
    // Last year's county GDP (remember_local_incomes, at the end of last year).
    const double previous = w.local.county_gdp_last_yi[i];
    growth[i] = previous > 0 ? gdp / previous - 1.0 : 0.0;
    if (policy.county_in[i]) candidates.push_back(i);
  }
  std::sort(candidates.begin(), candidates.end(), [&](std::size_t a, std::size_t b) {
    return growth[a] != growth[b] ? growth[a] > growth[b] : a < b;
  });
  const auto n = std::min(candidates.size(), static_cast<std::size_t>(award.top_n));
  for (std::size_t r = 0; r < n; ++r) {
    const auto i = candidates[r];
    w.policies.charge(k, static_cast<CountyId>(i), award.award_yi * kWanPerYi,
                      w.work.payments.values);
    c.award_yi[i] += award.award_yi;
  }
}

}  // namespace

std::uint32_t peer_group(const World& w, std::size_t platform) {
  if (!w.scenario->assessment.peer_group_by_level) return 0;
  return w.platforms.level[platform];
}

namespace {
void remember_levels(World& w) {
  auto& p = w.platforms;
  std::fill(p.output_prev_wan.begin(), p.output_prev_wan.end(), 0.0);
  std::fill(p.investment_prev_wan.begin(), p.investment_prev_wan.end(), 0.0);
  for (std::uint32_t cell = 0; cell < w.cells.n_cells(); ++cell) {
    const auto j = w.cells.platform_of(cell);
    if (j == kNoPlatform) continue;
    p.output_prev_wan[j] += cell_total(w, cell, kOutput);
    p.investment_prev_wan[j] += cell_total(w, cell, kInvestment);
  }
}
}  // namespace

void init_assessment(World& w) {
  remember_levels(w);
  // Base-year investment is not simulated: investment growth counts from the first simulated
  // year's investment on (the indicator is 0 for everyone in the first year).
  std::fill(w.platforms.investment_prev_wan.begin(), w.platforms.investment_prev_wan.end(), 0.0);
}

void assess_platforms(World& w) {
  const auto& a = w.scenario->assessment;
  auto& p = w.platforms;
  const std::size_t np = w.n_platforms();
  // Indicators from this year's cell totals.
  std::vector<std::array<double, 4>> x(np, {0.0, 0.0, 0.0, 0.0});
  std::vector<double> output(np, 0.0), investment(np, 0.0), tax(np, 0.0);
  for (std::uint32_t cell = 0; cell < w.cells.n_cells(); ++cell) {
    const auto j = w.cells.platform_of(cell);
    if (j == kNoPlatform) continue;
    output[j] += cell_total(w, cell, kOutput);
    investment[j] += cell_total(w, cell, kInvestment);
    tax[j] += cell_total(w, cell, kVat) + cell_total(w, cell, kCit);
  }
  for (std::size_t j = 0; j < np; ++j) {
    const double mu = p.land_occupied_m2[j] / kM2PerMu;
    x[j][0] = p.output_prev_wan[j] > 0 ? output[j] / p.output_prev_wan[j] - 1.0 : 0.0;
    x[j][1] = mu > 0 ? tax[j] / mu : 0.0;
    x[j][2] = p.investment_prev_wan[j] > 0 ? investment[j] / p.investment_prev_wan[j] - 1.0 : 0.0;
    x[j][3] = mu > 0 ? output[j] / mu : 0.0;
  }
  const std::array<double, 4> weight{a.output_growth, a.tax_per_mu, a.investment_growth,
                                     a.output_per_mu};
  // Standardise within peer groups (active platforms only) and rank.
  std::vector<std::size_t> members;
  for (std::size_t j = 0; j < np; ++j) {
    p.score[j] = kNaN;
    p.rank[j] = kNaN;
  }
  for (std::uint32_t group = 0; group <= 3; ++group) {
    members.clear();
    for (std::size_t j = 0; j < np; ++j)
      if (ranked(w, j) && peer_group(w, j) == group) members.push_back(j);
    if (members.empty()) continue;
    const double n = static_cast<double>(members.size());
    for (std::size_t j : members) p.score[j] = 0.0;
    for (std::size_t k = 0; k < 4; ++k) {
      double mean = 0, var = 0;
      for (std::size_t j : members) mean += x[j][k] / n;
      for (std::size_t j : members) var += (x[j][k] - mean) * (x[j][k] - mean) / n;
      const double sd = std::sqrt(var);
      if (!(sd > 1e-12 * std::max(1.0, std::abs(mean)))) continue;  // no spread: no information
      for (std::size_t j : members) p.score[j] += weight[k] * (x[j][k] - mean) / sd;
    }
    std::sort(members.begin(), members.end(), [&](std::size_t i, std::size_t j) {
      return p.score[i] != p.score[j] ? p.score[i] > p.score[j] : i < j;
    });
    for (std::size_t r = 0; r < members.size(); ++r)
      p.rank[members[r]] = static_cast<double>(r + 1);
  }
  apply_ranking_rules(w);
  remember_levels(w);  // next year's growth is measured from this year
}

void apply_ranking_rules(World& w) {
  for (std::size_t k = 0; k < w.policies.policies.size(); ++k) {
    const auto& policy = w.policies.policies[k];
    if (w.year < policy.start_year || w.year > policy.end_year) continue;
    if (const auto* rule = std::get_if<policy::DelistingRule>(&policy.instrument))
      apply_delisting(w, k, *rule);
    else if (const auto* promotion = std::get_if<policy::PromotionRule>(&policy.instrument))
      apply_promotion(w, k, *promotion);
    else if (const auto* award = std::get_if<policy::RankingAward>(&policy.instrument))
      apply_award(w, k, *award);
    else if (const auto* county = std::get_if<policy::CountyRankingAward>(&policy.instrument))
      apply_county_award(w, k, *county);
  }
}

}  // namespace regsim
