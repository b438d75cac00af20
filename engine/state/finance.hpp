#pragma once
/// @brief State of the finance instruments' funds (guarantee funds, risk compensation pools,
/// guidance funds), one per (policy, funding payer slot): a fund paid for by the host county is
/// one fund per county in its scope; one paid for by the upper level, the province or a named
/// county is a single fund. Money in 万元.

#include <cstddef>
#include <cstdint>
#include <vector>

#include "engine/state/ids.hpp"

namespace regsim {

/// Per-fund variables, laid out [(policy * n_slots + slot) * kFundVarCount + var].
enum FundVar : std::size_t {
  kFundCapital,      ///< stock: guarantee fund capital, pool balance, guidance fund cash
  kFundOutstanding,  ///< stock: guarantees outstanding (after this year's grants)
  kFundGranted,      ///< flow: guarantees granted; guidance fund equity invested
  kFundFees,         ///< flow: guarantee fees received
  kFundLosses,       ///< flow: fund's share of defaults; pool compensation; stakes written off
  kFundProceeds,     ///< flow: guidance fund stakes sold
  kFundTopUps,       ///< flow: paid in by the payer (pool top-ups)
  kFundReguarantor,  ///< flow: re-guarantor's share of defaults on this fund's guarantees
  kFundGovernment,   ///< flow: government's share of defaults; county co-investment
  kFundVarCount
};

/// A firm asking a fund this year, with its drawn order key.
struct FundApplicant {
  std::uint64_t key;
  std::uint32_t firm;
  std::uint32_t policy;
};

/// A firm whose planned investment the credit limit cut this year (plan_investment), the only
/// firms that finance funds serve (grant_guarantees, invest_guidance_funds).
struct CreditBound {
  FirmId firm;
  double desired_investment_wan;  ///< planned investment before the credit limit
  double financeable_wan;         ///< most investment the credit limit allows (>= 0)
  double credit_slope;            ///< extra borrowing per 万元 of extra investment
  bool refused = false;           ///< the bank refused it new loans: internal funds only

  /// Still credit-bound: the credit limit (perhaps loosened by a fund this year) cuts the planned
  /// investment. Over-indebted firms (financeable < 0) cannot finance any investment and no fund
  /// lends to them.
  bool binds() const { return financeable_wan >= 0 && desired_investment_wan > financeable_wan; }
  /// Planned investment the limit cuts (0 unless it binds).
  double shortfall_wan() const { return binds() ? desired_investment_wan - financeable_wan : 0.0; }
};

struct FundTable {
  std::size_t n_policies = 0;
  std::size_t n_slots = 0;     ///< payer slots (PolicyBook::n_payers)
  std::vector<bool> exists;    ///< [policy * n_slots + slot]: a fund is run there
  std::vector<double> values;  ///< [fund * kFundVarCount + var]
  /// Finance spending of each payer slot this year (budget spending): the government's share of
  /// guaranteed defaults, re-guarantor losses (province), pool top-ups, county co-investment.
  std::vector<double> payer_spending_wan;
  std::vector<double> scratch;            ///< block sums of the yearly passes
  std::vector<FundApplicant> applicants;  ///< this year's applicants, in service order
  /// This year's credit-bound firms, in id order (plan_investment; funds loosen their limit).
  std::vector<CreditBound> credit_bound;

  std::size_t fund(std::size_t policy, std::size_t slot) const { return policy * n_slots + slot; }
  double& at(std::size_t fund, FundVar v) { return values[fund * kFundVarCount + v]; }
  double at(std::size_t fund, FundVar v) const { return values[fund * kFundVarCount + v]; }
  /// A policy's variable summed over its funds.
  double policy_total(std::size_t policy, FundVar v) const {
    double sum = 0;
    for (std::size_t s = 0; s < n_slots; ++s) sum += at(fund(policy, s), v);
    return sum;
  }
};

}  // namespace regsim
