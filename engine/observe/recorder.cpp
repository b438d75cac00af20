#include "engine/observe/recorder.hpp"

#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>

#include "engine/behaviour/local_economy.hpp"
#include "engine/observe/aggregate.hpp"
#include "engine/observe/variables.hpp"

namespace regsim {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

void init_group(EntityGroup& g, Level level, std::vector<std::string> entities,
                std::size_t n_years) {
  g.level = to_string(level);
  g.entities = std::move(entities);
  for (const auto& v : output_variables(level))
    g.series.push_back({std::string(v.name), std::string(v.units), std::string(v.long_name),
                        std::vector<double>(n_years * g.entities.size(), kNaN)});
}

template <class T>
std::vector<std::string> names_of(const std::vector<T>& items) {
  std::vector<std::string> names;
  for (const auto& i : items) names.push_back(i.name);
  return names;
}

/// Writes one year of one group; `set(name, entity, value)`.
class YearWriter {
 public:
  YearWriter(EntityGroup& g, std::size_t year_index) : g_(g), year_(year_index) {}
  void set(const char* name, std::size_t entity, double value) {
    Series* s = g_.find(name);
    if (!s)
      throw std::logic_error(std::string("recorder: no variable '") + name + "' in " + g_.level);
    s->values[year_ * g_.entities.size() + entity] = value;
  }

 private:
  EntityGroup& g_;
  std::size_t year_;
};

/// Sums of the cell columns over a set of cells.
struct Totals {
  double v[kCellVarCount] = {};
  void add(const World& w, std::size_t cell) {
    for (std::size_t k = 0; k < kCellVarCount; ++k)
      v[k] += cell_total(w, cell, static_cast<CellVar>(k));
  }
};

void write_firm_aggregates(YearWriter& out, std::size_t e, const Totals& t, bool base_year) {
  const double yi = 1.0 / kWanPerYi;
  out.set("output_value", e, t.v[kOutput] * yi);
  out.set("output_entrants", e, t.v[kOutputEntrants] * yi);
  out.set("value_added", e, t.v[kValueAdded] * yi);
  out.set("employment", e, t.v[kEmployment]);
  out.set("capital_stock", e, t.v[kCapital] * yi);
  out.set("profit", e, t.v[kProfit] * yi);
  out.set("tax_vat", e, t.v[kVat] * yi);
  out.set("tax_cit", e, t.v[kCit] * yi);
  out.set("tax_other", e, t.v[kTaxOther] * yi);
  out.set("tax_total", e, (t.v[kVat] + t.v[kCit] + t.v[kTaxOther]) * yi);
  out.set("firms_active", e, t.v[kActive]);
  out.set("firms_above_scale", e, t.v[kAboveScale]);
  out.set("firms_listed_total", e, t.v[kListedTotal]);
  out.set("loans_outstanding", e, t.v[kLoansOutstanding] * yi);
  out.set("guarantees_outstanding", e, t.v[kGuaranteesOutstanding] * yi);
  if (base_year) return;
  out.set("new_lending", e, t.v[kNewLending] * yi);
  out.set("losses_bank", e, t.v[kLossesBank] * yi);
  out.set("losses_guarantor", e, t.v[kLossesGuarantor] * yi);
  out.set("losses_reguarantor", e, t.v[kLossesReguarantor] * yi);
  out.set("losses_government", e, t.v[kLossesGovernment] * yi);
  out.set("investment", e, t.v[kInvestment] * yi);
  out.set("policy_received", e, t.v[kPolicyReceived] * yi);
  out.set("firms_entered", e, t.v[kEntered]);
  out.set("firms_exited", e, t.v[kExited]);
  out.set("loan_defaults", e, t.v[kLoanDefaults] * yi);
  out.set("loan_losses", e, t.v[kLoanLosses] * yi);
  out.set("firms_listed", e, t.v[kListed]);
  out.set("firms_credit_bound", e, t.v[kCreditBound]);
  out.set("credit_shortfall", e, t.v[kCreditShortfall] * yi);
  out.set("firms_loan_refused", e, t.v[kLoanRefused]);
  out.set("entrants_unfinanced", e, t.v[kEntrantsUnfinanced]);
  out.set("owner_payout", e, t.v[kPayout] * yi);
}

/// Finance funds' variables per policy (left NaN for other instruments).
void write_funds(YearWriter& out, const World& w) {
  const auto& funds = w.funds;
  const auto& f = w.firms;
  // Outstanding at the end of the year: guaranteed debt, and guidance fund stakes at cost.
  std::vector<double> outstanding(funds.n_policies, 0.0);
  for (FirmId i = 0; i < f.size(); ++i) {
    if (!f.active(i)) continue;
    if (const auto* g = f.guarantees.find(i); g && g->fund != kNoFund)
      outstanding[g->fund] += g->wan;
    if (const auto* s = f.stakes.find(i); s && s->fund != kNoFund) outstanding[s->fund] += s->wan;
  }
  const double yi = 1.0 / kWanPerYi;
  for (std::size_t k = 0; k < funds.n_policies; ++k) {
    bool exists = false;
    for (std::size_t s = 0; s < funds.n_slots; ++s)
      exists = exists || funds.exists[funds.fund(k, s)];
    if (!exists) continue;
    out.set("fund_capital", k, funds.policy_total(k, kFundCapital) * yi);
    out.set("fund_granted", k, funds.policy_total(k, kFundGranted) * yi);
    out.set("fund_outstanding", k, outstanding[k] * yi);
    out.set("fund_fees", k, funds.policy_total(k, kFundFees) * yi);
    out.set("fund_losses", k, funds.policy_total(k, kFundLosses) * yi);
    out.set("fund_proceeds", k, funds.policy_total(k, kFundProceeds) * yi);
    out.set("fund_top_ups", k, funds.policy_total(k, kFundTopUps) * yi);
    out.set("fund_reguarantor_losses", k, funds.policy_total(k, kFundReguarantor) * yi);
    out.set("fund_government", k, funds.policy_total(k, kFundGovernment) * yi);
  }
}

}  // namespace

Recorder::Recorder(const World& w) {
  const auto& sc = *w.scenario;
  const std::size_t n_years = static_cast<std::size_t>(sc.last_year - sc.first_year + 1);
  result_.years.resize(n_years);
  std::iota(result_.years.begin(), result_.years.end(), sc.first_year);
  init_group(result_.region, Level::region, {sc.name}, n_years);
  init_group(result_.county, Level::county, names_of(sc.counties), n_years);
  init_group(result_.platform, Level::platform, names_of(sc.platforms), n_years);
  init_group(result_.sector, Level::sector, names_of(sc.sectors), n_years);
  init_group(result_.policy, Level::policy, names_of(sc.policies), n_years);
  std::vector<std::string> payers = names_of(sc.counties);
  payers.emplace_back("upper");
  payers.emplace_back("province");
  // Every (policy, payer) pair that can pay: a policy paid by the host county can be paid by
  // any county in its scope.
  const auto& book = w.policies;
  EntityLabel pair_policy{"policy_payer", "policy_payer_policy", "policy of the pair", {}};
  EntityLabel pair_payer{"policy_payer", "policy_payer_payer", "payer of the pair", {}};
  std::vector<std::string> pairs;
  for (std::size_t k = 0; k < book.policies.size(); ++k) {
    std::vector<bool> can_pay(book.n_payers(), false);
    for (const auto& share : book.policies[k].payers) {
      if (share.payer != Payer::kHostCounty)
        can_pay[book.payer_slot(share.payer, 0)] = true;
      else
        for (std::size_t c = 0; c < sc.counties.size(); ++c)
          can_pay[c] = can_pay[c] || book.policies[k].county_in[c];
    }
    for (std::size_t slot = 0; slot < can_pay.size(); ++slot) {
      if (!can_pay[slot]) continue;
      policy_payers_.emplace_back(k, slot);
      pairs.push_back(sc.policies[k].name + " / " + payers[slot]);
      pair_policy.values.push_back(sc.policies[k].name);
      pair_payer.values.push_back(payers[slot]);
    }
  }
  init_group(result_.payer, Level::payer, payers, n_years);
  init_group(result_.policy_payer, Level::policy_payer, pairs, n_years);

  EntityLabel kind{"platform", "platform_kind", "kind of platform", {}};
  EntityLabel level{"platform", "platform_level", "administrative level of platform", {}};
  EntityLabel host{"platform", "platform_county", "host county of platform", {}};
  for (const auto& p : sc.platforms) {
    kind.values.emplace_back(scenario::to_string(p.kind));
    level.values.emplace_back(scenario::to_string(p.level));
    host.values.push_back(p.county);
  }
  EntityLabel county_kind{"county", "county_kind", "kind of county-level unit", {}};
  for (const auto& c : sc.counties) county_kind.values.emplace_back(scenario::to_string(c.kind));
  EntityLabel sector_kind{
      "sector", "sector_kind", "kind of sector: industry, construction or services", {}};
  for (const auto& s : sc.sectors) sector_kind.values.emplace_back(scenario::to_string(s.kind));
  EntityLabel instrument{"policy", "policy_instrument", "registered instrument", {}};
  EntityLabel family{"policy", "policy_family", "instrument family: subsidy, land or finance", {}};
  EntityLabel payer{"policy",
                    "policy_payer",
                    "payer(s): county (the firm's host), upper, province or a county; several "
                    "joined by '+' for instruments funded by several levels",
                    {}};
  for (std::size_t k = 0; k < sc.policies.size(); ++k) {
    instrument.values.push_back(sc.policies[k].instrument);
    family.values.emplace_back(scenario::to_string(sc.policies[k].family));
    std::string names;
    for (const auto& share : book.policies[k].payers) {
      if (!names.empty()) names += "+";
      names +=
          share.payer == Payer::kHostCounty ? "county" : payers[book.payer_slot(share.payer, 0)];
    }
    payer.values.push_back(names);
  }
  result_.labels = {kind,       level,  host,  county_kind, sector_kind,
                    instrument, family, payer, pair_policy, pair_payer};
}

void Recorder::record(const World& w) {
  const auto& sc = *w.scenario;
  const std::size_t y = static_cast<std::size_t>(w.year - sc.first_year);
  const bool base = w.year == sc.first_year;
  const auto& cells = w.cells;
  const double ha = 1.0 / kM2PerHa;

  std::vector<Totals> county(w.n_counties()), platform(w.n_platforms()), sector(w.n_sectors());
  Totals region;
  for (std::uint32_t cell = 0; cell < cells.n_cells(); ++cell) {
    county[cells.county_of(cell)].add(w, cell);
    if (cells.platform_of(cell) != kNoPlatform) platform[cells.platform_of(cell)].add(w, cell);
    sector[cells.sector_of(cell)].add(w, cell);
    region.add(w, cell);
  }

  YearWriter sec(result_.sector, y);
  for (std::size_t s = 0; s < w.n_sectors(); ++s) {
    write_firm_aggregates(sec, s, sector[s], base);
    sec.set("price", s, w.sectors.price[s]);
    sec.set("demand_shift", s, w.sectors.demand_shift[s]);
    sec.set("national_price", s, w.sectors.national_price[s]);
  }

  YearWriter plat(result_.platform, y);
  const auto& p = w.platforms;
  for (std::size_t i = 0; i < w.n_platforms(); ++i) {
    write_firm_aggregates(plat, i, platform[i], base);
    plat.set("land_planned", i, p.land_planned_m2[i] * ha);
    plat.set("land_serviced", i, p.land_serviced_m2[i] * ha);
    plat.set("land_occupied", i, p.land_occupied_m2[i] * ha);
    plat.set("land_price", i, p.price_wan_per_mu[i]);
    plat.set("land_leased_stock", i, p.land_leased_stock_m2[i] * ha);
    plat.set("land_idle", i, p.land_idle_m2[i] * ha);
    plat.set("floor_built", i, p.floor_built_m2[i]);
    plat.set("floor_occupied", i, p.floor_occupied_m2[i]);
    plat.set("floor_vacant", i, p.floor_built_m2[i] - p.floor_occupied_m2[i]);
    const double mu = p.land_occupied_m2[i] / kM2PerMu;
    plat.set("output_per_mu", i, mu > 0 ? platform[i].v[kOutput] / mu : kNaN);
    if (!base) {
      plat.set("land_sold", i, p.land_sold_m2[i] * ha);
      plat.set("land_rationed", i, p.land_rationed_m2[i] * ha);
      plat.set("land_released", i, platform[i].v[kLandReleased] * ha);
      plat.set("tax_retained", i, p.tax_retained_yi[i]);
      plat.set("score", i, p.score[i]);
      plat.set("rank", i, p.rank[i]);
      plat.set("award", i, p.award_yi[i]);
      plat.set("bond_issued", i, p.bond_issued_yi[i]);
      plat.set("interest", i, p.interest_yi[i]);
      plat.set("land_servicing_cost", i, p.land_servicing_cost_yi[i]);
      plat.set("budget_revenue", i, p.budget_revenue_yi[i]);
      plat.set("budget_spending", i, p.budget_spending_yi[i]);
      plat.set("land_quota_used", i, w.land_quota.used_m2[i] * ha);
      plat.set("land_leased", i, p.land_leased_m2[i] * ha);
      plat.set("land_converted", i, p.land_converted_m2[i] * ha);
      plat.set("land_revoked", i, p.land_revoked_m2[i] * ha);
      plat.set("floor_rent", i, p.floor_rent_yi[i]);
    }
    plat.set("status", i, p.status[i]);
    plat.set("level", i, p.level[i]);
    plat.set("debt", i, p.debt_yi[i]);
  }

  YearWriter cty(result_.county, y);
  const auto& c = w.counties;
  double exogenous = 0, debt = 0, revenue = 0, spending = 0, region_gdp = 0, public_works = 0;
  double outside_vacant = 0, outside_occupied = 0, outside_rationed = 0;  // m²
  std::vector<double> platform_debt(w.n_counties(), 0.0);
  for (std::size_t i = 0; i < w.n_platforms(); ++i) platform_debt[p.county[i]] += p.debt_yi[i];
  // Households: regional values weight urban income by urban, rural income by rural population.
  double people = 0, urban_people = 0, urban_income = 0, rural_income = 0;
  for (std::size_t i = 0; i < w.n_counties(); ++i) {
    if (!(c.population[i] > 0)) continue;
    const double urban = c.population[i] * c.urbanisation[i];
    cty.set("population", i, c.population[i]);
    cty.set("urbanisation", i, c.urbanisation[i]);
    cty.set("urban_income", i, c.urban_income_yuan[i]);
    cty.set("rural_income", i, c.rural_income_yuan[i]);
    people += c.population[i];
    urban_people += urban;
    urban_income += urban * c.urban_income_yuan[i];
    rural_income += (c.population[i] - urban) * c.rural_income_yuan[i];
  }
  for (std::size_t i = 0; i < w.n_counties(); ++i) {
    cty.set("platform_debt", i, platform_debt[i]);
    write_firm_aggregates(cty, i, county[i], base);
    cty.set("exogenous_gdp", i, c.exogenous_gdp_yi[i]);
    const double gdp =
        county_gdp_yi(w, static_cast<CountyId>(i), county[i].v[kValueAdded] / kWanPerYi);
    cty.set("gdp", i, gdp);
    cty.set("public_works", i, w.local.public_works_yi[i]);
    cty.set("wage", i, c.wage_wan[i]);
    cty.set("labour_force", i, c.labour_force[i]);
    cty.set("government_debt", i, c.debt_yi[i]);
    cty.set("land_outside_vacant", i, c.outside_land_vacant_m2(i) * ha);
    cty.set("land_outside_occupied", i, c.outside_land_occupied_m2[i] * ha);
    cty.set("land_outside_price", i, c.outside_land_price_wan_per_mu[i]);
    outside_vacant += c.outside_land_vacant_m2(i);
    outside_occupied += c.outside_land_occupied_m2[i];
    outside_rationed += c.outside_land_rationed_m2[i];
    exogenous += c.exogenous_gdp_yi[i];
    region_gdp += gdp;
    public_works += w.local.public_works_yi[i];
    debt += c.debt_yi[i];
    if (base) continue;
    cty.set("tax_retained", i, c.tax_retained_yi[i]);
    cty.set("land_sales", i, c.land_sales_yi[i]);
    cty.set("transfers", i, c.transfers_yi[i]);
    cty.set("other_revenue", i, c.other_revenue_yi[i]);
    // General budget own revenue (一般公共预算收入) and its tax part.
    cty.set("own_revenue", i, c.tax_retained_yi[i] + c.other_revenue_yi[i] + c.land_rent_yi[i]);
    cty.set("tax_revenue", i,
            c.tax_retained_yi[i] + sc.fiscal.other_revenue_tax_share * c.other_revenue_yi[i]);
    cty.set("general_spending", i, c.general_spending_yi[i]);
    cty.set("interest", i, c.interest_yi[i]);
    cty.set("urban_construction", i, c.urban_construction_yi[i]);
    cty.set("budget_revenue", i, c.budget_revenue_yi[i]);
    cty.set("land_servicing_cost", i, c.land_servicing_cost_yi[i]);
    cty.set("land_rent", i, c.land_rent_yi[i]);
    cty.set("policy_spending", i, c.policy_spending_yi[i]);
    cty.set("finance_spending", i, w.funds.payer_spending_wan[i] / kWanPerYi);
    cty.set("budget_spending", i, c.budget_spending_yi[i]);
    cty.set("budget_balance", i, c.budget_revenue_yi[i] - c.budget_spending_yi[i]);
    cty.set("award", i, c.award_yi[i]);
    cty.set("land_quota_granted", i, w.land_quota.county_granted_m2[i] * ha);
    cty.set("land_quota_used", i, w.land_quota.county_used_m2[i] * ha);
    cty.set("land_outside_rationed", i, c.outside_land_rationed_m2[i] * ha);
    cty.set("land_outside_added", i, c.outside_land_added_m2[i] * ha);
    cty.set("land_outside_sold", i, c.outside_land_sold_m2[i] * ha);
    cty.set("entrants_without_land", i, c.entrants_without_land[i]);
    revenue += c.budget_revenue_yi[i];
    spending += c.budget_spending_yi[i];
  }

  if (!base) {
    YearWriter pol(result_.policy, y);
    const auto& paid = w.work.payments;
    for (std::size_t k = 0; k < w.policies.policies.size(); ++k) {
      pol.set("spending", k, paid.policy_total(k) / kWanPerYi);
      pol.set("recipients", k, paid.recipients(k));
    }
    YearWriter by_payer(result_.payer, y);
    const double transfers = std::accumulate(c.transfers_yi.begin(), c.transfers_yi.end(), 0.0);
    for (std::size_t slot = 0; slot < w.policies.n_payers(); ++slot) {
      double awards = 0;
      for (std::size_t k = 0; k < w.policies.policies.size(); ++k) {
        const auto& instrument = w.policies.policies[k].instrument;
        if (std::holds_alternative<policy::RankingAward>(instrument) ||
            std::holds_alternative<policy::CountyRankingAward>(instrument))
          awards += paid.paid(k, slot);
      }
      // Counties' transfers come from the upper level.
      const double transfers_paid = slot == w.policies.upper_slot() ? transfers : 0.0;
      by_payer.set("policy_spending", slot, paid.payer_total(slot) / kWanPerYi);
      by_payer.set("awards_paid", slot, awards / kWanPerYi);
      by_payer.set("transfers_paid", slot, transfers_paid);
      const double finance = w.funds.payer_spending_wan[slot] / kWanPerYi;
      by_payer.set("finance_spending", slot, finance);
      by_payer.set("spending", slot, paid.payer_total(slot) / kWanPerYi + finance + transfers_paid);
    }
    write_funds(pol, w);
    YearWriter pairs(result_.policy_payer, y);
    for (std::size_t e = 0; e < policy_payers_.size(); ++e)
      pairs.set("spending", e,
                paid.paid(policy_payers_[e].first, policy_payers_[e].second) / kWanPerYi);
  }

  YearWriter reg(result_.region, y);
  write_firm_aggregates(reg, 0, region, base);
  reg.set("exogenous_gdp", 0, exogenous);
  reg.set("gdp", 0, region_gdp);
  reg.set("public_works", 0, public_works);
  reg.set("land_serviced", 0,
          std::accumulate(p.land_serviced_m2.begin(), p.land_serviced_m2.end(), 0.0) * ha);
  reg.set("land_occupied", 0,
          std::accumulate(p.land_occupied_m2.begin(), p.land_occupied_m2.end(), 0.0) * ha);
  reg.set("land_outside_vacant", 0, outside_vacant * ha);
  reg.set("land_outside_occupied", 0, outside_occupied * ha);
  if (!base) reg.set("land_outside_rationed", 0, outside_rationed * ha);
  reg.set("government_debt", 0, debt);
  reg.set("platform_debt", 0, std::accumulate(p.debt_yi.begin(), p.debt_yi.end(), 0.0));
  if (people > 0) {
    reg.set("population", 0, people);
    reg.set("urbanisation", 0, urban_people / people);
    reg.set("urban_income", 0, urban_people > 0 ? urban_income / urban_people : kNaN);
    reg.set("rural_income", 0,
            people > urban_people ? rural_income / (people - urban_people) : kNaN);
  }
  if (!base) {
    const double all_payers = w.work.payments.total() / kWanPerYi;
    reg.set("budget_revenue", 0, revenue);
    reg.set("budget_spending", 0, spending);
    reg.set("policy_spending", 0, all_payers);
    double finance = 0;
    for (const double v : w.funds.payer_spending_wan) finance += v;
    reg.set("finance_spending", 0, finance / kWanPerYi);
    // Local governments of the region together (counties, platforms, upper level, province):
    // taxes kept below the centre, land sales and rent, minus spending; transfers and awards
    // between them cancel.
    const auto& fiscal = sc.fiscal;
    // The counties' budgets of the non-modelled economy (its own revenue, transfers, general
    // spending and interest) are left out: the balance is that of the flows the model moves.
    const double local_taxes = (fiscal.vat_local_share * region.v[kVat] +
                                fiscal.cit_local_share * region.v[kCit] + region.v[kTaxOther]) /
                               kWanPerYi;
    double balance = (1.0 - fiscal.county_share_of_local) * local_taxes;  // the upper levels'
    for (std::size_t i = 0; i < w.n_counties(); ++i)
      balance += (c.budget_revenue_yi[i] - c.transfers_yi[i] - c.other_revenue_yi[i]) -
                 (c.budget_spending_yi[i] - c.general_spending_yi[i] - c.interest_yi[i]);
    for (std::size_t j = 0; j < w.n_platforms(); ++j)
      balance += p.budget_revenue_yi[j] - p.budget_spending_yi[j];
    for (const std::size_t slot : {w.policies.upper_slot(), w.policies.province_slot()})
      balance -= (w.work.payments.payer_total(slot) + w.funds.payer_spending_wan[slot]) / kWanPerYi;
    fiscal_balance_npv_yi_ +=
        balance / std::pow(1.0 + fiscal.discount_rate, w.year - sc.first_year);
    reg.set("fiscal_balance", 0, balance);
    reg.set("fiscal_balance_npv", 0, fiscal_balance_npv_yi_);
  }
}

}  // namespace regsim
