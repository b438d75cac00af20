#pragma once
/// @brief What firms do each year, as functions over the firm table. Each runs in parallel over
/// fixed blocks of firms and writes only the rows of the firm it is computing.
///
/// Reads / writes (besides the firm's own row):
///   productivity_shock   reads sector parameters, last year's revenue
///   produce              reads sector prices, county wages, cell firm counts
///   exit_firms           reads this year's profit, balance sheet, loss history
///   plan_investment      reads policies, fiscal rules; writes investment_wan, land_claim_m2
///   settle               reads granted land; writes policy payments into per-payer totals
/// In every function i ranges over the firm table; inactive rows are skipped.

#include <algorithm>

#include "engine/state/world.hpp"

namespace regsim {

/// Value added, VAT and CIT of the firm's production this year (produce): derived from its
/// revenue and profit by the same expressions produce uses, so they are the values it computed
/// (the table keeps no column for them).
inline double value_added_wan(const World& w, FirmId i) {
  return w.scenario->sectors[w.firms.sector[i]].value_added_share * w.firms.revenue_wan[i];
}
/// VAT on value added `value_added_wan` of a firm of sector s: the year's rate on the base share
/// of value added (consumption-type VAT deducts equipment purchases).
inline double vat_of(const World& w, SectorId s, double value_added_wan) {
  return w.sectors.vat_rate[s] * (w.scenario->fiscal.vat_base_share * value_added_wan);
}
inline double vat_wan(const World& w, FirmId i) {
  return vat_of(w, w.firms.sector[i], value_added_wan(w, i));
}
/// Taxes besides VAT and CIT (MODEL.md 3.2, budgets): surcharges on VAT and other taxes on
/// revenue, a cost in profit (税金及附加).
inline double other_tax_wan(const World& w, FirmId i) {
  const auto& fiscal = w.scenario->fiscal;
  return fiscal.surcharge_rate * vat_wan(w, i) + fiscal.other_tax_rate * w.firms.revenue_wan[i];
}
inline double cit_wan(const World& w, FirmId i) {
  return w.scenario->fiscal.cit_rate * std::max(0.0, w.firms.profit_wan[i]);
}
/// CIT on the policy payments the firm received this year (settle): the taxable share of them
/// is income (fiscal.subsidy_taxable_share), taxed with this year's profit, so a loss absorbs
/// part of it. 0 before settle has paid the year's payments.
inline double subsidy_cit_wan(const World& w, FirmId i) {
  const auto& fiscal = w.scenario->fiscal;
  const double profit = w.firms.profit_wan[i];
  const double taxable = fiscal.subsidy_taxable_share * w.firms.policy_received_wan[i];
  return fiscal.cit_rate * (std::max(0.0, profit + taxable) - std::max(0.0, profit));
}

/// The credit limit (debt / capital) under a firm's policy terms: loan_to_capital plus credit
/// expansion, at most 0.95.
inline double credit_limit(const World& w, const policy::DecisionTerms& terms) {
  return std::min(w.scenario->fiscal.loan_to_capital + terms.loan_to_capital_points, 0.95);
}

/// Hall-Jorgenson user cost of capital, per 万元 a year (MODEL.md 3.2, Investment): the loan
/// rate net of the interest subsidy on the debt-financed share of capital (the subsidy pays
/// points on debt, so it lowers the cost of that share only), plus depreciation, times the share
/// of the capital price the firm bears (investment subsidy); at least 0.001.
inline double user_cost_of_capital(double loan_rate, double depreciation, double debt_share,
                                   const policy::DecisionTerms& terms) {
  const double rate = std::max(0.0, loan_rate - terms.interest_points * debt_share);
  return std::max((rate + depreciation) * std::max(0.0, 1.0 - terms.investment_rate), 1e-3);
}

/// Each firm's size class for this year's policy eligibility, from last year's revenue
/// (entrants keep the class of their drawn size until they have produced).
void classify_sizes(World& world);

/// log A += drift + sigma * (size / 1e4 万元)^-b * Laplace: Gibrat growth with tent-shaped
/// rates whose spread falls with size.
void productivity_shock(World& world);

/// The firm's weights in its cell's supply and labour demand at given price and wage:
/// a_i phi_i^(-beta/(1-beta)) and a_i phi_i^(-1/(1-beta)), with a_i = (A_eff K^alpha)^(1/(1-beta))
/// and phi_i the labour wedge.
struct SupplyScale {
  double output = 0;
  double labour = 0;
};
SupplyScale supply_scale(const World& world, FirmId i);

/// Labour from the first-order condition at the cleared price and wage; output, revenue,
/// value added, profit before tax, VAT and CIT.
void produce(World& world);

/// What the exit hazard reads of a firm in its year (MODEL.md 3.2, Exit).
struct ExitSignals {
  int loss_years = 0;          ///< consecutive years with negative profit, this year included
  double net_worth_ratio = 1;  ///< net worth after the year's profit / capital
  double workers = 0;          ///< this year's employment
  double age = 1;              ///< years since entry (the year minus the birth year)
};

/// The yearly exit probability of a solvent firm: logistic in its distress (consecutive loss
/// years, up to loss_years_to_exit, and thin net worth), size and age, with the [exit] table's
/// coefficients. 0 when base_hazard is 0.
double exit_probability(const scenario::Exit& exit, int loss_years_to_exit,
                        const ExitSignals& firm);

/// Firms whose net worth after this year's profit would be negative exit; every other active
/// firm exits with its exit_probability, drawn from its own stream (Purpose::exit). Their
/// capital is liquidated and lenders lose debt - cash - collateral_recovery * capital. Replaces
/// FirmTable::exits with this year's exits (in id order) and their lenders' loss.
void exit_firms(World& world);

/// Firm `id` exits this year (a firm whose maturing loan cannot be repaid), with the same
/// accounting as exit_firms: appends its ExitLoss to FirmTable::exits. Serial; the caller puts
/// exits back in id order once it has added all of its exits.
void exit_firm(World& world, FirmId id);

/// Base year (after produce): each sector's capital wedge, its firms' capital over their desired
/// capital alpha v R / (r_i + d) without policies, so that the base year is a steady state of
/// the sector in the aggregate (investment = replacement on average).
void set_capital_wedges(World& world);

/// The base year's net investment on its growth path (sector capital_growth g): each firm's
/// capital and debt grow by g at the end of the base year, so the first simulated year produces
/// with the capital the base year's investment built (MODEL.md 3.2, Investment). Nothing
/// changes where g = 0.
void realise_base_year_investment(World& world);

/// Desired capital from the user cost of capital (moved by policies that act at the margin),
/// investment toward it under the credit limit (debt <= loan_to_capital * capital, cash and
/// cash flow first, land paid for), and the land the new capital needs (a platform claim).
void plan_investment(World& world);

/// After land is granted: capital accumulation, policy payments (charged to payers in
/// world.work.payer_totals), cash and debt (a shortfall is borrowed, a surplus repays debt).
void settle(World& world);

}  // namespace regsim
