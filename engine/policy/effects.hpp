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

/// Terms the firm's investment decision uses; instruments add to them.
struct DecisionTerms {
  double interest_points = 0;  ///< reduction of the loan rate
  double investment_rate = 0;  ///< share of investment refunded
};

/// A firm's flows after it has decided, for computing payments.
struct FirmFlows {
  double debt_wan = 0;
  double investment_wan = 0;
};

}  // namespace regsim::policy
