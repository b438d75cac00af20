#pragma once
/// @brief Firms as a struct of arrays, one row per firm ever created (exited firms keep their
/// row, so ids are stable). Money is in 万元, land in m², labour in persons.

#include <cstddef>
#include <cstdint>
#include <vector>

#include "engine/state/ids.hpp"

namespace regsim {

/// No fund (guarantor / equity_fund columns).
inline constexpr std::uint16_t kNoFund = 0xFFFF;

enum class FirmStatus : std::uint8_t { exited = 0, active = 1 };

/// Values a new firm starts with (FirmTable::add and FirmTable::set_row write each of them).
struct FirmInit {
  SectorId sector = 0;
  CountyId county = 0;
  PlatformId platform = kNoPlatform;
  std::uint32_t cell = 0;
  std::uint64_t stream_key = 0;
  SizeClass size_class = SizeClass::micro;
  std::int16_t birth_year = 0;
  double log_productivity = 0;
  double capital_wan = 0;
  double cash_wan = 0;
  double debt_wan = 0;
  double land_m2 = 0;
  double labour_wedge = 1;
  std::uint8_t above_scale_before = 0;
  double intensity_wan_per_mu = 300;
};

struct FirmTable {
  // Identity and location (cold).
  std::vector<SectorId> sector;
  std::vector<CountyId> county;
  std::vector<PlatformId> platform;
  std::vector<std::uint32_t> cell;  ///< (county, platform, sector) cell index, see World
  /// Key of the firm's random streams: its base-year id, or entrant_stream_key(cell, k) for the
  /// k-th entrant of an entry cell. Unlike the row id it does not depend on other cells' entry.
  std::vector<std::uint64_t> stream_key;
  std::vector<std::int16_t> birth_year;
  std::vector<std::int16_t> exit_year;  ///< 0 while active
  std::vector<FirmStatus> status;
  std::vector<std::uint8_t> loss_years;  ///< consecutive years with negative profit
  /// Size class for policy eligibility this year: set once a year from last year's revenue, so
  /// that a firm's decisions and its payments see the same eligibility.
  std::vector<SizeClass> size_class;
  /// 1 once the firm has had revenue >= the above-scale threshold (or entered at that size):
  /// upgrade awards (小升规) pay the year it first gets there. Updated in settle.
  std::vector<std::uint8_t> above_scale_before;
  std::vector<std::int16_t> listed_year;  ///< year the firm listed on a stock exchange; 0 = never

  // Stocks.
  std::vector<double> log_productivity;
  std::vector<double> capital_wan;
  std::vector<double> cash_wan;  ///< liquid assets (a surplus repays debt first)
  std::vector<double> debt_wan;
  std::vector<double> land_m2;
  /// Firm-specific labour wedge phi (Hsieh-Klenow): the firm hires as if the wage were w * phi.
  /// 1 for synthetic firms and entrants; set from a registry so base employment is reproduced.
  std::vector<double> labour_wedge;
  /// Land leases (land_lease, lease_then_sell): the leased part of land_m2, its yearly rent per
  /// list price, the year the lease began (0: none) and the year it is bought (0: never).
  std::vector<double> land_leased_m2;
  std::vector<double> lease_rent_rate;
  std::vector<std::int16_t> lease_start_year;
  std::vector<std::int16_t> lease_buy_year;
  std::vector<std::uint8_t> idle_years;  ///< consecutive years with idle land (revocation)
  /// The firm's own investment intensity (capital per mu of land): its sector's for base-year
  /// firms, drawn around it for entrants.
  std::vector<double> intensity_wan_per_mu;
  std::vector<double> floor_m2;  ///< standard-factory floor rented (tenants hold no land)

  // Flows of the current year.
  std::vector<double> labour;
  std::vector<double> revenue_wan;
  std::vector<double> value_added_wan;
  std::vector<double> profit_wan;  ///< before CIT
  std::vector<double> vat_wan;
  std::vector<double> cit_wan;
  std::vector<double> investment_wan;
  std::vector<double> policy_received_wan;
  std::vector<double> loan_loss_wan;  ///< lenders' loss when the firm exits: debt - cash - recovery
  std::vector<double> land_claim_m2;  ///< extra land asked for this year
  std::vector<double> land_rent_wan;  ///< rent paid for leased land (a cost in profit)
  std::vector<double> floor_rent_wan;  ///< rent paid for standard-factory floor (in profit)

  // Finance (engine/market/credit.*). Every debt is bank debt; part of it may be guaranteed.
  std::vector<double> guaranteed_wan;    ///< guaranteed part of debt (falls pro rata on repayment)
  std::vector<std::uint16_t> guarantor;  ///< policy index of the guarantee fund, kNoFund if none
  std::vector<double> new_lending_wan;   ///< borrowed this year
  std::vector<double> desired_investment_wan;  ///< planned investment before the credit limit
  std::vector<double> financeable_wan;         ///< most investment the credit limit allows
  std::vector<double> credit_slope;            ///< extra borrowing per 万元 of extra investment
  /// Split of loan_loss_wan (sums to it): banks, guarantee fund, re-guarantor, government.
  std::vector<double> loss_bank_wan, loss_guarantor_wan, loss_reguarantor_wan, loss_government_wan;
  std::vector<std::uint16_t> equity_fund;  ///< policy index of the guidance fund, kNoFund if none
  std::vector<std::int16_t> equity_fund_year;  ///< year the fund invested
  std::vector<double> equity_fund_share;       ///< fund's share of the firm's book equity
  std::vector<double> equity_fund_wan;         ///< what the fund paid for it

  std::size_t size() const { return sector.size(); }
  void reserve(std::size_t n);
  FirmId add(const FirmInit& init);
  /// Appends n rows, each a copy of the row add(FirmInit{}) appends (every column that
  /// for_each_column lists grows, the columns in parallel, their new pages faulted in one call
  /// each); returns the first new id. Callers then set the rows' FirmInit values with set_row,
  /// rows in parallel (enter_firms).
  FirmId append_rows(std::size_t n);
  /// Sets row i's FirmInit values as add() does.
  void set_row(FirmId i, const FirmInit& init);
  bool active(FirmId i) const { return status[i] == FirmStatus::active; }
  /// Net worth: capital + cash - debt (land purchases are expensed).
  double equity_wan(FirmId i) const { return capital_wan[i] + cash_wan[i] - debt_wan[i]; }
};

}  // namespace regsim
