#pragma once
/// @brief The scenario's policies resolved against the world: each instrument with its payer,
/// scope masks and years, ready to be asked "what does firm i get this year?".

#include <algorithm>
#include <bit>
#include <cstdint>
#include <span>
#include <string>
#include <type_traits>
#include <variant>
#include <vector>

#include "engine/policy/admission_standard.hpp"
#include "engine/policy/bridge_fund.hpp"
#include "engine/policy/county_ranking_award.hpp"
#include "engine/policy/credit_expansion.hpp"
#include "engine/policy/delisting_rule.hpp"
#include "engine/policy/electricity_subsidy.hpp"
#include "engine/policy/entry_award.hpp"
#include "engine/policy/factory_rent_subsidy.hpp"
#include "engine/policy/guarantee_fund.hpp"
#include "engine/policy/guidance_fund.hpp"
#include "engine/policy/idle_land_revocation.hpp"
#include "engine/policy/interest_subsidy.hpp"
#include "engine/policy/investment_subsidy.hpp"
#include "engine/policy/land_lease.hpp"
#include "engine/policy/land_price_discount.hpp"
#include "engine/policy/land_quota.hpp"
#include "engine/policy/ledger.hpp"
#include "engine/policy/listing_award.hpp"
#include "engine/policy/park_requirement.hpp"
#include "engine/policy/platform_bond.hpp"
#include "engine/policy/plot_ratio_standard.hpp"
#include "engine/policy/promotion_rule.hpp"
#include "engine/policy/ranking_award.hpp"
#include "engine/policy/risk_compensation_pool.hpp"
#include "engine/policy/standard_factory.hpp"
#include "engine/policy/tax_rebate.hpp"
#include "engine/policy/upgrade_award.hpp"
#include "engine/policy/wage_subsidy.hpp"
#include "engine/scenario/scenario.hpp"
#include "engine/state/ids.hpp"

namespace regsim {

/// All instrument types. Adding an instrument: its file, a line here, a line in registry.cpp.
using Instrument =
    std::variant<policy::InterestSubsidy, policy::InvestmentSubsidy, policy::TaxRebate,
                 policy::WageSubsidy, policy::LandPriceDiscount, policy::CreditExpansion,
                 policy::EntryAward, policy::UpgradeAward, policy::ListingAward,
                 policy::ElectricitySubsidy, policy::RankingAward, policy::CountyRankingAward,
                 policy::DelistingRule, policy::PlatformBond, policy::PromotionRule,
                 policy::GuaranteeFund, policy::RiskCompensationPool, policy::GuidanceFund,
                 policy::BridgeFund, policy::LandQuota, policy::LandLease, policy::LeaseThenSell,
                 policy::IdleLandRevocation, policy::AdmissionStandard, policy::StandardFactory,
                 policy::FactoryRentSubsidy, policy::PlotRatioStandard, policy::ParkRequirement>;

struct ResolvedPolicy {
  Instrument instrument;
  std::string name;
  /// Who pays, with shares summing to 1: the scenario's `payer`, or the instrument's own split
  /// for instruments funded by several levels (e.g. listing awards).
  std::vector<PayerShare> payers;
  int start_year = 0;
  int end_year = 0;
  std::vector<bool> county_in;    ///< [county]
  std::vector<bool> platform_in;  ///< [platform], plus firms outside platforms when outside_in
  bool outside_in = true;         ///< firms outside any platform eligible
  std::vector<bool> sector_in;    ///< [sector]
  std::uint8_t size_mask = 0xF;   ///< bit per SizeClass
};

struct PolicyBook {
  std::vector<ResolvedPolicy> policies;
  std::size_t n_counties = 0;

  /// Payer slots for budgets: counties 0..n-1, upper level = n, province = n + 1.
  std::size_t n_payers() const { return n_counties + 2; }
  std::size_t upper_slot() const { return n_counties; }
  std::size_t province_slot() const { return n_counties + 1; }
  /// Slot of a payer code for a firm of `firm_county`.
  std::size_t payer_slot(std::int32_t code, CountyId firm_county) const {
    switch (code) {
      case Payer::kUpper:
        return upper_slot();
      case Payer::kProvince:
        return province_slot();
      case Payer::kHostCounty:
        return firm_county;
      default:
        return static_cast<std::size_t>(code);
    }
  }

  /// Eligibility as bit sets over policies (bit k: policy k), so that a firm's eligible
  /// policies are the AND of five words instead of a test per policy. Valid while `policies`
  /// equals what index_policies() saw (policies == policies.size()).
  struct EligibilityIndex {
    std::size_t policies = 0;  ///< number of policies indexed; 0: no index
    int first_year = 0;
    std::vector<std::uint64_t> year;    ///< [year - first_year]
    std::vector<std::uint64_t> county;  ///< [county]
    std::vector<std::uint64_t> place;   ///< [platform], then [n_platforms]: outside platforms
    std::vector<std::uint64_t> sector;  ///< [sector]
    std::uint64_t size[4] = {};         ///< [SizeClass]
    /// Policies whose shape() sets a hiring term (wage_rate, electricity_rate) of default
    /// DecisionTerms: the others cannot change a firm's hiring terms.
    std::uint64_t hiring = 0;
  };

  /// Whether a policy that can shape hiring terms may apply to a firm at (county, platform,
  /// sector, size) in `year` (true when not indexed).
  bool may_shape_hiring(int year, CountyId county, PlatformId platform, SectorId sector,
                        SizeClass size) const {
    if (index_.policies != policies.size() || policies.empty()) return !policies.empty();
    return (eligible_set(year, county, platform, sector, size) & index_.hiring) != 0;
  }

  /// Bit set of the policies that can shape hiring terms (all bits when not indexed).
  std::uint64_t hiring_policies() const {
    return index_.policies == policies.size() && !policies.empty() ? index_.hiring
                                                                   : ~std::uint64_t{0};
  }

  /// The policies a firm at (county, platform, sector, size) is eligible for in `year`, as a
  /// bit set; only valid when indexed.
  std::uint64_t eligible_set(int year, CountyId county, PlatformId platform, SectorId sector,
                             SizeClass size) const {
    const auto& x = index_;
    const auto y = static_cast<std::size_t>(year - x.first_year);
    if (year < x.first_year || y >= x.year.size()) return 0;
    const std::size_t place = platform == kNoPlatform ? x.place.size() - 1 : platform;
    return x.year[y] & x.county[county] & x.place[place] & x.sector[sector] &
           x.size[static_cast<unsigned>(size) & 3u];
  }

  /// Whether policy k applies to a firm at (county, platform, sector, size) in `year`.
  bool eligible(std::size_t k, int year, CountyId county, PlatformId platform, SectorId sector,
                SizeClass size) const;

  /// Calls fn(k, instrument) for every policy k that a firm at (county, platform, sector, size)
  /// is eligible for in `year`, in scenario order.
  template <class Fn>
  void for_eligible(int year, CountyId county, PlatformId platform, SectorId sector, SizeClass size,
                    Fn&& fn) const {
    for_eligible_among(~std::uint64_t{0}, year, county, platform, sector, size,
                       std::forward<Fn>(fn));
  }

  /// Like for_eligible, skipping policies whose bit in `among` is 0 where that saves work (a
  /// caller passes a set such as hiring_policies() outside which fn would do nothing).
  template <class Fn>
  void for_eligible_among(std::uint64_t among, int year, CountyId county, PlatformId platform,
                          SectorId sector, SizeClass size, Fn&& fn) const {
    if (index_.policies != policies.size() || policies.empty()) {  // not indexed
      for (std::size_t k = 0; k < policies.size(); ++k)
        if (eligible(k, year, county, platform, sector, size))
          std::visit([&](const auto& instrument) { fn(k, instrument); }, policies[k].instrument);
      return;
    }
    // Set bits in ascending order: scenario order, as above.
    for (std::uint64_t set = eligible_set(year, county, platform, sector, size) & among; set != 0;
         set &= set - 1) {
      const auto k = static_cast<std::size_t>(std::countr_zero(set));
      std::visit([&](const auto& instrument) { fn(k, instrument); }, policies[k].instrument);
    }
  }

  /// A delisted platform: policies scoped to platforms no longer apply to its firms (their
  /// platform masks drop it, so eligibility costs nothing more).
  void delist(PlatformId platform) {
    for (auto& p : policies)
      if (!p.outside_in) p.platform_in[platform] = false;
    if (index_.policies == policies.size()) index_policies();
  }

  /// Builds the eligibility index (bit sets over policies, see EligibilityIndex) from
  /// `policies`; resolve_policies and delist call it. Without it, or with more than 64
  /// policies, for_eligible asks eligible() policy by policy (the same answers).
  void index_policies();

  /// Index, in a span laid out as PolicyLedger, of policy k's count of recipients.
  std::size_t recipients_index(std::size_t k) const { return k * (n_payers() + 1) + n_payers(); }

  /// Calls fn(index, amount, own_county) for each payer share of `amount_wan` paid by policy k
  /// to a firm of `firm_county`: the PolicyLedger index the share is charged to, and its
  /// amount. own_county: only firms of `firm_county` ever charge that index for policy k (a
  /// host-county share of a policy that names no county as a payer; a named county's index is
  /// also its host-county index), so firms of different counties may charge such shares in
  /// parallel. charge() adds every share.
  template <class Fn>
  void for_each_share(std::size_t k, CountyId firm_county, double amount_wan, Fn&& fn) const {
    const auto& payers = policies[k].payers;
    const bool names_county =
        std::any_of(payers.begin(), payers.end(), [](const PayerShare& p) { return p.payer >= 0; });
    const std::size_t row = k * (n_payers() + 1);
    for (const auto& share : payers)
      fn(row + payer_slot(share.payer, firm_county), amount_wan * share.share,
         share.payer == Payer::kHostCounty && !names_county);
  }

  /// Charges `amount_wan` paid by policy k to a firm of `firm_county` to the policy's payers,
  /// in a ledger span laid out as PolicyLedger (one recipient is counted when amount > 0).
  void charge(std::size_t k, CountyId firm_county, double amount_wan,
              std::span<double> ledger) const;

  /// Every policy the firm is eligible for pays it what it is owed for `flows`; the payments are
  /// charged to their payers in `ledger`. Returns the total the firm receives.
  double pay(int year, CountyId county, PlatformId platform, SectorId sector, SizeClass size,
             const policy::FirmFlows& flows, std::span<double> ledger) const;

  /// What the eligible policies of instrument type T would pay a firm for `flows`, without
  /// charging anyone: a quote for decisions that weigh a payment before it is made (an
  /// entrant's location, a firm's listing).
  template <class T>
  double quote(int year, CountyId county, PlatformId platform, SectorId sector, SizeClass size,
               const policy::FirmFlows& flows) const {
    double total = 0;
    for_eligible_of<T>(year, county, platform, sector, size, [&](std::size_t, const T& instrument) {
      total += instrument.payment_wan(flows);
    });
    return total;
  }

  /// Like for_eligible, for the instruments of type T only: fn(k, const T&). For rules applied
  /// outside the payment path (standards, revocation), which read their own parameters.
  template <class T, class Fn>
  void for_eligible_of(int year, CountyId county, PlatformId platform, SectorId sector,
                       SizeClass size, Fn&& fn) const {
    for_eligible(year, county, platform, sector, size, [&](std::size_t k, const auto& instrument) {
      if constexpr (std::is_same_v<std::decay_t<decltype(instrument)>, T>) fn(k, instrument);
    });
  }

 private:
  EligibilityIndex index_;
};

/// Resolves the scenario's policy specs (already checked by the parser) against its entities.
PolicyBook resolve_policies(const scenario::Scenario& scenario);

}  // namespace regsim
