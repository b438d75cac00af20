#pragma once
/// @brief The interface between instruments and firm behaviour.
///
/// Each instrument type has two member functions, called for every eligible firm:
///   void shape(DecisionTerms&) const;          // how it changes the firm's decision
///   double payment_wan(const FirmFlows&) const;  // what the firm receives, once flows are known
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
