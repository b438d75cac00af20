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

namespace regsim::policy {

/// Terms the firm's decisions use; instruments add to them.
struct DecisionTerms {
  double interest_points = 0;  ///< reduction of the loan rate (investment)
  double investment_rate = 0;  ///< share of investment refunded (investment)
  double wage_rate = 0;        ///< share of the wage bill paid by the payer (hiring)
};

/// A firm's flows, for computing payments (and whether a cap binds).
struct FirmFlows {
  double debt_wan = 0;
  double investment_wan = 0;
  double wage_bill_wan = 0;
  double taxes_wan = 0;  ///< VAT + CIT paid this year
};

}  // namespace regsim::policy
