#pragma once
/// @brief Who paid what to whom this year: policy payments per (policy, payer), and the number of
/// firms each policy paid. Payers are the counties, the upper level (the plan's city or
/// province) and the province above a city. Filled by settle (incumbents) and entry (entrants);
/// read by budgets and the recorder.

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace regsim {

/// A party that pays for policies. Codes as written in a resolved policy: a CountyId (>= 0), or
/// one of the constants.
struct Payer {
  static constexpr std::int32_t kUpper = -1;       ///< the plan's level above counties
  static constexpr std::int32_t kHostCounty = -2;  ///< the firm's own county
  static constexpr std::int32_t kProvince = -3;    ///< the province above a city
  std::int32_t code = kHostCounty;
};

/// One payer's share of a policy's payments (shares of a policy sum to 1).
struct PayerShare {
  std::int32_t payer = Payer::kHostCounty;
  double share = 1.0;
};

/// Payments of the year, laid out [policy][payer slot, then recipients] so that a block of firms
/// can sum into a flat span (BlockSums) and blocks add up deterministically.
struct PolicyLedger {
  std::size_t n_policies = 0;
  std::size_t n_payers = 0;  ///< counties, then upper, then province
  std::vector<double> values;

  std::size_t width() const { return n_payers + 1; }
  std::size_t size() const { return n_policies * width(); }
  void reset(std::size_t policies, std::size_t payers) {
    n_policies = policies;
    n_payers = payers;
    values.assign(size(), 0.0);
  }
  double paid(std::size_t policy, std::size_t payer_slot) const {
    return values[policy * width() + payer_slot];
  }
  double recipients(std::size_t policy) const { return values[policy * width() + n_payers]; }
  double policy_total(std::size_t policy) const {
    double sum = 0;
    for (std::size_t s = 0; s < n_payers; ++s) sum += paid(policy, s);
    return sum;
  }
  double payer_total(std::size_t payer_slot) const {
    double sum = 0;
    for (std::size_t k = 0; k < n_policies; ++k) sum += paid(k, payer_slot);
    return sum;
  }
  double total() const {
    double sum = 0;
    for (std::size_t k = 0; k < n_policies; ++k) sum += policy_total(k);
    return sum;
  }
  /// Adds a block's sums (same layout) into the ledger.
  void add(std::span<const double> block) {
    for (std::size_t j = 0; j < values.size(); ++j) values[j] += block[j];
  }
};

}  // namespace regsim
