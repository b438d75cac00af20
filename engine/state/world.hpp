#pragma once
/// @brief All agent state of one run: firms (SoA), sectors, counties, platforms, and the
/// (county, platform, sector) cells that firms are aggregated by. Built from a Scenario by
/// `build_world`; changed only by the yearly phases in engine/schedule.cpp.

#include <algorithm>
#include <cstdint>
#include <utility>
#include <vector>

#include "engine/core/parallel.hpp"
#include "engine/policy/policy_book.hpp"
#include "engine/scenario/scenario.hpp"
#include "engine/state/finance.hpp"
#include "engine/state/firm_table.hpp"
#include "engine/state/ids.hpp"

namespace regsim {

/// Per-sector state (index = SectorId).
struct SectorTable {
  std::vector<double> price;               ///< clears demand; base year = 1
  std::vector<double> demand_shift;        ///< national market (1+g)^t: base year = 1
  std::vector<double> demand_base;         ///< D0: base-year real output (demand at price 1)
  std::vector<double> national_price;      ///< national price (1+pi)^t: base year = 1
  std::vector<double> local_demand_shift;  ///< local demand beyond incomes (1+g_L)^t
  std::vector<double> vat_rate;            ///< this year's VAT rate (vat_rate_of)
  /// 1 for industry, whose firms outside platforms use the county's industrial land; 0 for
  /// construction and services, which use commercial space (MODEL.md 3.7, land by use).
  std::vector<std::uint8_t> industrial_land;
  /// Base-year capital / desired capital of the sector's firms (set with the base year; 1 for a
  /// sector without base-year firms): desired capital is this times alpha v R / u, so the base
  /// year is a steady state of the sector in the aggregate (MODEL.md 3.2, Investment).
  std::vector<double> capital_wedge;
};

/// The region's local economy (engine/behaviour/local_economy.hpp): what local demand and the
/// county's local services follow. Money in 亿元.
struct LocalEconomy {
  std::vector<double> exogenous_gdp_trend_yi;  ///< [county] exogenous GDP before local response
  std::vector<double> value_added_base_yi;     ///< [county] modelled firms' value added, base year
  std::vector<double> value_added_last_yi;     ///< [county] the same, last year
  std::vector<double> public_works_yi;     ///< [county] this year: land servicing, factories built
  std::vector<double> county_gdp_last_yi;  ///< [county] GDP last year (county ranking awards)
  double gdp_base_yi = 0;                  ///< region GDP, base year
  double income_growth = 0;                ///< initial.income_growth: the base year's growth
  double gdp_last_yi = 0;                  ///< region GDP, last year
  /// Local income index of this year's local demand: last year's region GDP / base year's.
  /// On the base year's growth path, last year's income of the base year is gdp_base / (1 + g).
  double income_index() const {
    return gdp_base_yi > 0 ? gdp_last_yi / gdp_base_yi * (1.0 + income_growth) : 1.0;
  }
};

/// Price of industrial land outside platforms in a county without platforms, unless the scenario
/// sets one (万元 per mu; the reference price of the location logit, MODEL.md 3.7).
inline constexpr double kDefaultOutsideLandPriceWanPerMu = 20.0;

/// Per-county state (index = CountyId). Money in 亿元 unless the name says otherwise.
struct CountyTable {
  std::vector<double> wage_wan;              ///< market wage this year
  std::vector<double> reservation_wage_wan;  ///< floor of the market wage
  std::vector<std::uint8_t> leads_sector;    ///< [county * n_sectors + sector]: a platform leads it
  std::vector<double> labour_force;
  std::vector<double> exogenous_gdp_yi;
  std::vector<double> debt_yi;
  // Flows of the current year.
  std::vector<double> tax_retained_yi;
  std::vector<double> land_sales_yi;
  std::vector<double> land_servicing_cost_yi;
  std::vector<double> land_rent_yi;  ///< rent on leased platform land
  std::vector<double> policy_spending_yi;
  std::vector<double> budget_revenue_yi;
  std::vector<double> budget_spending_yi;
  std::vector<double> award_yi;  ///< ranking awards received this year (budget revenue)
  // The rest of the county budget (MODEL.md 3.2, budgets): this year's flows, and the base year's
  // levels they grow from (set with the base year, init_county_budgets).
  std::vector<double> other_revenue_yi;       ///< own revenue of the non-modelled economy
  std::vector<double> transfers_yi;           ///< from the upper levels
  std::vector<double> general_spending_yi;    ///< general public services, education, ...
  std::vector<double> interest_yi;            ///< on last year's debt
  std::vector<double> urban_construction_yi;  ///< land revenue spent on urban construction
  std::vector<double> resources_last_yi;      ///< last year's own revenue + transfers
  std::vector<double> resources_base_yi;      ///< the same, base year
  std::vector<double> other_revenue_base_yi;
  std::vector<double> transfers_base_yi;
  std::vector<double> general_spending_base_yi;
  // Industrial land outside platforms (engine/market/land.hpp). Land in m².
  std::vector<double> outside_land_price_wan_per_mu;       ///< what firms pay for it (this year)
  std::vector<double> outside_land_price_base_wan_per_mu;  ///< base year's price
  std::vector<double> outside_land_vacancy_base;  ///< base year's vacant / supplied outside land
  std::vector<double> outside_land_growth_m2;     ///< yearly addition planned (base-year set)
  std::vector<double> outside_land_supplied_m2;   ///< stock: base-year land + all additions
  std::vector<double> outside_land_occupied_m2;   ///< stock: land of active outside firms
  std::vector<double> outside_land_added_m2;      ///< flow: added to the vacant stock
  std::vector<double> outside_land_sold_m2;       ///< flow: sold to firms and entrants
  std::vector<double> outside_land_rationed_m2;   ///< flow: claims and entrant needs unserved
  std::vector<double> entrants_without_land;      ///< flow: entrants no option had land for
  /// vacant outside land: supplied but not occupied
  double outside_land_vacant_m2(std::size_t c) const {
    return std::max(0.0, outside_land_supplied_m2[c] - outside_land_occupied_m2[c]);
  }
  // Assessment and households (engine/behaviour/ranking.cpp, households.cpp).
  std::vector<double> employment;     ///< modelled employment, last year
  std::vector<double> wage_prev_wan;  ///< last year's market wage (income growth)
  std::vector<double> population;
  std::vector<double> urbanisation;
  std::vector<double> urban_income_yuan;
  std::vector<double> rural_income_yuan;
};

/// Platform status after its assessment (stored as uint8; output as this code).
enum class PlatformStatus : std::uint8_t { active = 0, promoted = 1, delisted = 2 };

/// Per-platform state (index = PlatformId). Land in m².
struct PlatformTable {
  std::vector<CountyId> county;
  std::vector<double> land_planned_m2;
  std::vector<double> land_serviced_m2;
  std::vector<double> land_occupied_m2;
  std::vector<double> servicing_m2_per_year;
  std::vector<double> price_wan_per_mu;
  std::vector<double> servicing_cost_wan_per_mu;
  std::vector<double> infrastructure;
  std::vector<std::vector<bool>> leads_sector;  ///< [platform][sector]: a leading sector
  /// [platform][sector]: the platform admits entrants of the sector (MODEL.md 3.7, land by use):
  /// it leads the sector, its kind hosts the sector's kind, or it had base-year firms of it.
  std::vector<std::vector<bool>> admits_sector;
  // Flows of the current year.
  std::vector<double> land_sold_m2;
  std::vector<double> land_rationed_m2;
  std::vector<double> land_leased_m2;        ///< leased to firms this year (not sold)
  std::vector<double> land_converted_m2;     ///< leased land bought at the end of its lease
  std::vector<double> land_leased_stock_m2;  ///< stock: land of active firms held on lease
  std::vector<double> land_idle_m2;     ///< stock: idle land (above need) of firms under revocation
  std::vector<double> land_revoked_m2;  ///< idle land taken back this year
  // Standard factories: floor built (stock), rented by tenants (stock), its terms, rent (flow).
  std::vector<double> floor_built_m2;
  std::vector<double> floor_occupied_m2;
  std::vector<double> floor_rent_yuan_per_m2;
  std::vector<double> floor_per_land;
  std::vector<double> floor_rent_yi;
  std::vector<double> tax_retained_yi;  ///< platform's share of county taxes
  // Assessment (engine/behaviour/ranking.cpp).
  std::vector<std::uint8_t> status;         ///< PlatformStatus
  std::vector<double> score;                ///< comprehensive assessment score this year
  std::vector<double> rank;                 ///< rank in its peer group (1 = best)
  std::vector<double> output_prev_wan;      ///< last year's output (growth indicator)
  std::vector<double> investment_prev_wan;  ///< last year's investment (NaN in the base year)
  std::vector<std::uint8_t> level;          ///< scenario::PlatformLevel; promotion raises it
  std::vector<std::uint8_t> rule_years;     ///< [rule * n_platforms + platform] years running
  // Development budget (融资平台; engine/behaviour/platform_budget.cpp).
  std::vector<std::uint8_t> pays_servicing;  ///< its budget, not the county's, pays servicing
  std::vector<double> land_servicing_cost_yi;
  std::vector<double> award_yi;
  std::vector<double> bond_issued_yi;
  std::vector<double> interest_yi;
  std::vector<double> budget_revenue_yi;   ///< tax share + awards (bonds are financing)
  std::vector<double> budget_spending_yi;  ///< servicing + interest
  std::vector<double> debt_yi;             ///< net debt, bonds included
  std::vector<double> bonds_outstanding_yi;
  struct Bond {
    PlatformId platform;
    int due_year;
    double amount_yi;
    double coupon;
  };
  std::vector<Bond> bonds;  ///< outstanding platform bonds

  bool delisted(std::size_t i) const {
    return status[i] == static_cast<std::uint8_t>(PlatformStatus::delisted);
  }
};

/// Construction-land quotas (land_quota policies): what each platform may still service, and
/// the year's grants and use. Platforms not under any quota this year service freely.
struct LandQuotaTable {
  std::vector<std::uint8_t> bound;        ///< [platform] under a land quota this year
  std::vector<double> available_m2;       ///< [platform] quota left: carried over + granted
  std::vector<double> granted_m2;         ///< [platform] granted this year
  std::vector<double> used_m2;            ///< [platform] used for servicing this year
  std::vector<double> county_granted_m2;  ///< [county] granted this year
  std::vector<double> county_used_m2;     ///< [county] used this year
  /// [county] a covered county's quota for its land outside platforms: carried over + granted
  std::vector<double> outside_available_m2;
  std::vector<std::uint8_t> outside_bound;  ///< [county] its outside land is under a quota
  std::vector<std::uint8_t> outside_carry;  ///< [county] its unused outside quota carries over
};

/// Firms are aggregated by cell: a county, a platform in it or none, and a sector.
/// cell = slot * n_sectors + sector, where a county's slots are "outside any platform"
/// followed by its platforms.
struct CellIndex {
  std::size_t n_sectors = 0;
  std::vector<std::uint32_t> outside_slot;   ///< [county] slot of firms outside platforms
  std::vector<std::uint32_t> platform_slot;  ///< [platform] slot
  std::vector<CountyId> slot_county;         ///< [slot]
  std::vector<PlatformId> slot_platform;     ///< [slot] (kNoPlatform for outside slots)

  std::size_t n_slots() const { return slot_county.size(); }
  /// A county's slots are contiguous: [first_slot(c), end_slot(c)).
  std::uint32_t first_slot(CountyId c) const { return outside_slot[c]; }
  std::uint32_t end_slot(CountyId c) const {
    return c + 1u < outside_slot.size() ? outside_slot[c + 1u]
                                        : static_cast<std::uint32_t>(n_slots());
  }
  std::size_t n_cells() const { return n_slots() * n_sectors; }
  std::uint32_t cell(CountyId c, PlatformId p, SectorId s) const {
    const std::uint32_t slot = p == kNoPlatform ? outside_slot[c] : platform_slot[p];
    return slot * static_cast<std::uint32_t>(n_sectors) + s;
  }
  CountyId county_of(std::uint32_t cell) const { return slot_county[cell / n_sectors]; }
  PlatformId platform_of(std::uint32_t cell) const { return slot_platform[cell / n_sectors]; }
  SectorId sector_of(std::uint32_t cell) const { return static_cast<SectorId>(cell % n_sectors); }
};

/// An entrant drawn this year, before it has a row: its entry cell, stream key and order key.
struct EntrantDraw {
  CountyId county;
  SectorId sector;
  std::uint64_t stream_key;  ///< entrant_stream_key(entry cell, rank in the cell)
  std::uint64_t order_key;   ///< position in the drawn service order
  // Finance (screen_entrant_finance): the bank's answer, the capital that owners' funds and the
  // loan leave unfinanced (gap) and what the equity rule leaves to loans (room), and a guarantee
  // that covers the gap.
  bool bank_refused = false;
  SizeClass size = SizeClass::micro;
  double capital_wan = 0;
  double gap_wan = 0;
  double room_wan = 0;
  std::uint16_t guarantee_fund = kNoFund;  ///< policy index of the guarantor, or kNoFund
  double guaranteed_wan = 0;
};

/// An entrant's own draws (enter_firms draws a batch of entrants' in parallel).
struct EntrantPlan {
  double revenue_wan;  ///< size: revenue at entry
  double intensity;    ///< investment intensity, 万元 per mu
  double location_u;   ///< uniform for the logit location choice
};

/// A location alternative of an entrant (enter_firms), as far as it does not change while
/// entrants are served: logit utilities at the land price and at the floor price (the latter
/// counts when the entrant rents standard-factory floor there), land needed there (plot-ratio
/// standards), and whether admission standards let the entrant in; and what serving it there
/// on its own land needs (so that serving, in drawn order per county, does not ask the policies
/// again): the plot-ratio standard, its land price after discounts and the discount rate, and
/// whether it would lease the land.
struct EntryOption {
  PlatformId id;  ///< kNoPlatform: outside any platform
  double utility_land;
  double utility_floor;
  double land_need_m2;
  bool admitted;
  bool leases;                   ///< its land terms have a lease rent (land_lease, lease_then_sell)
  double land_saving;            ///< plot-ratio standard's m (1: none)
  double premium;                ///< plot-ratio standard's construction premium
  double land_price_wan_per_mu;  ///< effective land price (policy::effective_land_price)
  double land_discount_rate;     ///< its land terms' discount rate
};

/// A served entrant's row values (enter_firms): written by its county's task, then copied to the
/// firm table in row order (rows in parallel, each thread writing whole cache lines).
struct EntrantRow {
  FirmInit firm;
  double received_wan;  ///< policy payments received at entry
  bool entered = true;  ///< false: no option of its county had land for it (its row is dropped)
};

/// A policy's payment to an entrant charged to a payer that entrants of several counties may
/// share (an upper-level, provincial or named payer): enter_firms books these in the drawn order
/// once the counties are served.
struct EntryCharge {
  std::uint32_t entrant;  ///< index in the batch
  std::uint32_t at;       ///< index in the payment ledger (PolicyLedger layout)
  double amount_wan;
};

/// One county's scratch for serving its entrants (enter_firms serves counties in parallel,
/// each county's entrants in their drawn order); cache-line aligned, so that counties served on
/// different threads do not share a line.
struct alignas(64) EntryCounty {
  struct Lease {
    FirmId firm;
    double m2;
    policy::DecisionTerms terms;
  };
  std::vector<double> utility;       ///< an entrant's logit utilities
  std::vector<EntryCharge> charges;  ///< the batch's payments to shared payers, in drawn order
  std::size_t next_charge = 0;       ///< first charge not yet booked
  std::vector<double> recipients;    ///< [policy] this year's entrants paid (a count)
  std::vector<Lease> leases;         ///< this year's entrants' leases (book_lease), in drawn order
  std::vector<std::pair<FirmId, double>> floors;  ///< this year's tenants' floor, in drawn order
};

/// A firm claiming land this year, with its drawn order key (allocate_land). Its location is
/// its platform, or n_platforms + county outside platforms (land_location).
struct LandClaim {
  std::uint64_t key;
  FirmId firm;
  std::uint32_t location;
};

/// Land a claimant was granted on lease, booked after allocate_land's parallel service.
struct PendingLease {
  FirmId firm = 0;
  double m2 = 0;
  double rent_rate = 0;
  double lease_years = 0;
};

/// Scratch buffers reused every year (no allocation in the yearly loop once warmed up).
struct Workspace {
  BlockSums sums;
  std::vector<double> cell_totals;  ///< [cell * width]
  std::vector<double> cell_scale;   ///< [2 * cell]: output and labour weights (market clearing)
  std::vector<double> cell_firms;   ///< [cell] active firms at the start of the year
  /// [cell] would-be entrants this year that could not finance their capital (at the county's
  /// outside cell: they never chose a location)
  std::vector<double> cell_entrants_unfinanced;
  /// [cell] agglomeration_log_gain of the cell's sector and platform at cell_firms (set with it)
  std::vector<double> cell_log_gain;
  /// [2 * firm]: output and labour weights of supply_scale from market clearing, for produce
  /// (valid in year firm_scale_year; produce releases it, so it is allocated once a year; a
  /// Column, so that its memory goes back to the system then)
  ScratchColumn<double> firm_scale;
  int firm_scale_year = -1;
  /// [cell * 4 + size class]: decision terms of all eligible policies (plan_investment; settle)
  std::vector<policy::DecisionTerms> cell_terms;
  /// [2 * (county * n_sectors + sector)]: (beta v p / w)^(1/(1-beta)) and ^(beta/(1-beta)) at
  /// this year's price and wage (produce: labour and output per unit of supply scale)
  std::vector<double> hiring_factor;
  /// allocate_land's claimants, in service order (allocated and released by each call; a
  /// Column, so that its memory goes back to the system then)
  Column<LandClaim> land_claims;
  std::vector<std::size_t> platform_runs;  ///< allocate_land: where each platform's claimants begin
  PolicyLedger payments;                   ///< policy payments of this year, per policy and payer
  std::vector<double> ledger_block;        ///< settle's block-summed payments (PolicyLedger layout)
  std::vector<EntrantDraw> entrants;       ///< this year's entrants, in service order
  std::vector<std::uint8_t> entrant_kept;  ///< [entrant]: 0 when it found no land (enter_firms)
  std::vector<EntrantPlan> entrant_plans;  ///< a batch of entrants' own draws
  /// A batch's entrants' location alternatives, a fixed number per entrant
  std::vector<EntryOption> entry_table;
  std::vector<EntrantRow> entrant_rows;  ///< [entrant in batch]: its row values
  /// A batch's entrants grouped by county, each county's in drawn order (batch indices), and
  /// where each county's group begins ([county], plus the end).
  std::vector<std::uint32_t> entry_by_county;
  std::vector<std::uint32_t> entry_county_begin;
  std::vector<EntryCounty> entry_counties;  ///< [county]
  std::vector<double> land_idle_block;      ///< revoke_idle_land's per-platform sums
  std::vector<double> land_occupied_block;  ///< recount_occupied_land's per-location sums
  std::vector<double> lease_block;          ///< convert_leases / account_land_leases sums
  BlockLists<FirmId> firm_lists;           ///< a phase's per-block lists of firms (roll_over_loans)
  std::vector<FirmId> short_of_cash;       ///< roll_over_loans: refused firms short of cash, by id
  std::vector<std::size_t> block_offsets;  ///< gather_rows' scratch (exit_firms, allocate_land)
  BlockLists<CreditBound> credit_bound_lists;  ///< plan_investment: each block's credit-bound
  /// allocate_land: per platform run, the leases granted in service order (booked after the
  /// parallel service, since a firm's first lease adds a sparse record)
  std::vector<std::vector<PendingLease>> pending_leases;
};

struct World {
  const scenario::Scenario* scenario = nullptr;
  std::uint64_t seed = 0;
  std::uint32_t replicate = 0;
  int year = 0;  ///< the year being simulated (first_year during set-up)

  FirmTable firms;
  SectorTable sectors;
  CountyTable counties;
  PlatformTable platforms;
  LandQuotaTable land_quota;
  CellIndex cells;
  PolicyBook policies;
  FundTable funds;  ///< finance instruments' funds (engine/market/credit.*)
  LocalEconomy local;
  Workspace work;

  std::size_t n_sectors() const { return sectors.price.size(); }
  std::size_t n_counties() const { return counties.wage_wan.size(); }
  std::size_t n_platforms() const { return platforms.county.size(); }
};

/// Sets up sectors, counties, platforms, cells and policies from the scenario (no firms).
void build_world(World& world, const scenario::Scenario& scenario, std::uint64_t seed,
                 std::uint32_t replicate);

}  // namespace regsim
