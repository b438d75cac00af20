#pragma once
/// @brief The interface between instruments and firm behaviour.
///
/// Each instrument type has these member functions, called for every eligible firm:
///   void shape(DecisionTerms&) const;            // how it changes the firm's decision
///   bool marginal(const FirmFlows&) const;       // does it still act at the margin (cap not hit)?
///   double investment_kink_wan() const;          // investment at which its cap starts to bind
///   double payment_wan(const FirmFlows&) const;  // what the firm receives, once flows are known
/// A capped instrument whose cap binds is a lump sum: it no longer changes the decision.
/// The payment is charged to the instrument's payer, so paid == received by construction.

#include <algorithm>

namespace regsim::policy {

/// Terms the firm's decisions use; instruments add to them.
struct DecisionTerms {
  double interest_points = 0;              ///< reduction of the loan rate (investment)
  double investment_rate = 0;              ///< share of investment refunded (investment)
  double wage_rate = 0;                    ///< share of the wage bill paid by the payer (hiring)
  double land_discount_rate = 0;           ///< share of the land price waived (land, location)
  double land_price_floor_wan_per_mu = 0;  ///< the discounted price never goes below this
  double loan_to_capital_points = 0;       ///< added to the credit limit (finance)
  double electricity_rate = 0;             ///< share of the electricity bill paid (hiring)
  double upgrade_award_wan = 0;  ///< award for first reaching above-scale revenue (investment)
  double upgrade_reach = 1;      ///< the award acts on firms with revenue >= reach * threshold
  double lease_rent_rate = 0;    ///< > 0: platform land is leased at this rent / list price a year
  double lease_years = 0;        ///< years until leased land is bought (infinity: never)
  double floor_rent_rate = 0;    ///< share of standard-factory rent paid by a subsidy
  double floor_rent_years = 0;   ///< for this many years after entry
};

/// Price per mu a firm pays for land after discounts: the list price less the discount rates,
/// but never below the discounts' floor nor the land's servicing cost, and never above the list.
inline double effective_land_price(double list_wan_per_mu, double servicing_cost_wan_per_mu,
                                   const DecisionTerms& t) {
  if (t.land_discount_rate <= 0) return list_wan_per_mu;
  const double discounted = list_wan_per_mu * (1.0 - std::min(t.land_discount_rate, 1.0));
  const double floor = std::max(t.land_price_floor_wan_per_mu, servicing_cost_wan_per_mu);
  return std::min(list_wan_per_mu, std::max(discounted, floor));
}

/// A firm's flows, for computing payments (and whether a cap binds).
struct FirmFlows {
  bool entered = false;  ///< the firm entered this year (flows are its entry outlays)
  double debt_wan = 0;
  double investment_wan = 0;
  double wage_bill_wan = 0;
  double taxes_wan = 0;                 ///< VAT + CIT paid this year
  double land_bought_mu = 0;            ///< land bought from a platform this year
  double land_discount_wan_per_mu = 0;  ///< list price minus effective price
  double land_discount_rate = 0;        ///< sum of the discount rates (to split the discount)
  double electricity_bill_wan = 0;      ///< electricity_cost_share * revenue this year
  bool became_above_scale = false;  ///< first year at or above the above-scale revenue threshold
  bool listed = false;              ///< the firm listed on a stock exchange this year
  double floor_rent_wan = 0;        ///< standard-factory rent paid this year
  int years_since_entry = 0;        ///< this year minus the firm's entry year
};

}  // namespace regsim::policy
