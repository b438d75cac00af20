#pragma once
/// @brief Firms as a struct of arrays, one row per firm ever created (exited firms keep their
/// row, so ids are stable). Money is in 万元, land in m², labour in persons. What only a few
/// firms have (guarantees, leases, factory floor, guidance fund stakes, this year's exit losses) is
/// kept off the dense columns, in sparse records.

#include <cstddef>
#include <cstdint>
#include <vector>

#include "engine/state/column.hpp"
#include "engine/state/ids.hpp"
#include "engine/state/sparse_rows.hpp"

namespace regsim {

/// No fund (Guarantee::fund, FundStake::fund).
inline constexpr std::uint16_t kNoFund = 0xFFFF;

/// A guarantee on part of a firm's bank debt (guarantee_fund). Every debt is bank debt.
struct Guarantee {
  double wan = 0;                ///< guaranteed part of debt (falls pro rata on repayment)
  std::uint16_t fund = kNoFund;  ///< policy index of the guarantee fund (a firm keeps one)
};

/// Platform land the firm leases (land_lease, lease_then_sell) instead of buying it.
struct Lease {
  double land_m2 = 0;           ///< the leased part of the firm's land_m2
  double rent_rate = 0;         ///< yearly rent per list price of the land
  double rent_wan = 0;          ///< rent paid this year (a cost in profit)
  std::int16_t start_year = 0;  ///< year the lease began; 0: none
  std::int16_t buy_year = 0;    ///< year the land is bought (lease_then_sell); 0: never
};

/// Standard-factory floor a tenant rents (standard_factory; tenants hold no land).
struct Tenancy {
  double floor_m2 = 0;  ///< floor rented
  double rent_wan = 0;  ///< rent paid this year (a cost in profit)
};

/// A guidance fund's equity stake in the firm (guidance_fund).
struct FundStake {
  std::uint16_t fund = kNoFund;  ///< policy index of the fund; kNoFund: none (or sold)
  std::int16_t year = 0;         ///< year the fund invested
  double share = 0;              ///< fund's share of the firm's book equity
  double wan = 0;                ///< what the fund paid for it
};

/// Lenders' loss on a firm that exited this year (debt - cash - recovery) and its split among
/// banks, the guarantee fund, the re-guarantor and the government (the four sum to it, up to
/// rounding).
struct ExitLoss {
  FirmId firm = 0;
  double loan_loss_wan = 0;
  double bank_wan = 0, guarantor_wan = 0, reguarantor_wan = 0, government_wan = 0;
};

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
  Column<SectorId> sector;
  Column<CountyId> county;
  Column<PlatformId> platform;
  Column<std::uint32_t> cell;  ///< (county, platform, sector) cell index, see World
  /// Key of the firm's random streams: its base-year id, or entrant_stream_key(cell, k) for the
  /// k-th entrant of an entry cell. Unlike the row id it does not depend on other cells' entry.
  Column<std::uint64_t> stream_key;
  Column<std::int16_t> birth_year;
  Column<std::int16_t> exit_year;  ///< 0 while active
  Column<FirmStatus> status;
  Column<std::uint8_t> loss_years;  ///< consecutive years with negative profit
  /// Size class for policy eligibility this year: set once a year from last year's revenue, so
  /// that a firm's decisions and its payments see the same eligibility.
  Column<SizeClass> size_class;
  /// 1 once the firm has had revenue >= the above-scale threshold (or entered at that size):
  /// upgrade awards (小升规) pay the year it first gets there. Updated in settle.
  Column<std::uint8_t> above_scale_before;
  Column<std::int16_t> listed_year;  ///< year the firm listed on a stock exchange; 0 = never

  // Stocks.
  Column<double> log_productivity;
  Column<double> capital_wan;
  Column<double> cash_wan;  ///< liquid assets (settle: a surplus repays debt to a target first)
  Column<double> debt_wan;
  Column<double> land_m2;
  /// Firm-specific labour wedge phi (Hsieh-Klenow): the firm hires as if the wage were w * phi.
  /// 1 for synthetic firms and entrants; set from a registry so base employment is reproduced.
  Column<double> labour_wedge;
  Column<std::uint8_t> idle_years;  ///< consecutive years with idle land (revocation)
  /// The firm's own investment intensity (capital per mu of land): its sector's for base-year
  /// firms, drawn around it for entrants.
  Column<double> intensity_wan_per_mu;

  // Flows of the current year. Value added, VAT and CIT follow from revenue and profit
  // (value_added_wan, vat_wan, cit_wan in engine/behaviour/firm.hpp).
  Column<double> labour;
  Column<double> revenue_wan;
  Column<double> profit_wan;  ///< before CIT
  Column<double> investment_wan;
  Column<double> policy_received_wan;
  Column<double> land_claim_m2;  ///< extra land asked for this year

  // Finance (engine/market/credit.*). Every debt is bank debt; part of it may be guaranteed.
  Column<double> new_lending_wan;  ///< borrowed this year
  Column<double> payout_wan;       ///< paid out to the owners this year (settle)

  // Sparse records (a 4-byte slot per row; a record only for firms that have one). They are
  // added serially (grant_guarantees, allocate_land, enter_firms, invest_guidance_funds) and
  // changed in place by the parallel phases.
  SparseRows<Guarantee> guarantees;
  SparseRows<Lease> leases;
  SparseRows<Tenancy> tenancies;
  SparseRows<FundStake> stakes;
  /// Firms that exited this year (exit_firms, roll_over_loans), in id order, with their
  /// lenders' loss (settle_fund_claims splits it). Replaced each year by exit_firms.
  std::vector<ExitLoss> exits;

  std::size_t size() const { return sector.size(); }
  void reserve(std::size_t n);
  FirmId add(const FirmInit& init);
  /// Appends n rows, each a copy of the row add(FirmInit{}) appends (every column that
  /// for_each_column lists grows, the columns in parallel, their new pages faulted in one call
  /// each); returns the first new id. Callers then set the rows' FirmInit values with set_row,
  /// rows in parallel (enter_firms).
  FirmId append_rows(std::size_t n);
  /// Drops the rows first + k with keep[k] == 0 (k < keep.size(), the table's last rows), moving
  /// the kept ones down in order. Only for rows without sparse records (enter_firms, before it
  /// books them). Returns the new size.
  std::size_t drop_rows(FirmId first, const std::vector<std::uint8_t>& keep);
  /// Sets row i's FirmInit values as add() does.
  void set_row(FirmId i, const FirmInit& init);
  bool active(FirmId i) const { return status[i] == FirmStatus::active; }
  /// This year's exit record of firm i (binary search in exits), nullptr if it did not exit.
  const ExitLoss* exit_loss(FirmId i) const;
  ExitLoss* exit_loss(FirmId i);
  /// Guaranteed part of the firm's debt (0 without a guarantee) and its fund (or kNoFund).
  double guaranteed_wan(FirmId i) const { return guarantees.value_or(i, &Guarantee::wan, 0.0); }
  std::uint16_t guarantor(FirmId i) const {
    return guarantees.value_or(i, &Guarantee::fund, kNoFund);
  }
  /// Leased part of the firm's land, and the rent it paid for it this year (0 without a lease).
  double land_leased_m2(FirmId i) const { return leases.value_or(i, &Lease::land_m2, 0.0); }
  double land_rent_wan(FirmId i) const { return leases.value_or(i, &Lease::rent_wan, 0.0); }
  /// Standard-factory floor the firm rents, and its rent this year (0 for other firms).
  double floor_m2(FirmId i) const { return tenancies.value_or(i, &Tenancy::floor_m2, 0.0); }
  double floor_rent_wan(FirmId i) const { return tenancies.value_or(i, &Tenancy::rent_wan, 0.0); }
  /// Guidance fund holding a stake in the firm, or kNoFund.
  std::uint16_t equity_fund(FirmId i) const {
    return stakes.value_or(i, &FundStake::fund, kNoFund);
  }
  /// Net worth: capital + cash - debt (land purchases are expensed).
  double equity_wan(FirmId i) const { return capital_wan[i] + cash_wan[i] - debt_wan[i]; }
};

}  // namespace regsim
