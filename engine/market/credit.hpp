#pragma once
/// @brief The credit market and the finance instruments' funds.
///
/// Every firm's debt is bank debt; part of it may be guaranteed by a guarantee fund. Reads /
/// writes (besides the firm's own row):
///   init_funds             (build_world) each fund's starting capital / pool / cash
///   open_fund_year         fund flows = 0; exhausted pools topped up (payer spending)
///   roll_over_loans        refused rollovers: repaid, bridged (drawn order) or forced exit
///   settle_fund_claims     fees, defaults split bank / guarantor / re-guarantor / government,
///                          pool compensation, guidance fund exits; fund capital
///   grant_guarantees       guarantee capacity, credit-bound eligible firms in a drawn order
///   fund_entrants          (enter_firms) equity for eligible entrants, in entry order
///   invest_guidance_funds  fund cash, credit-bound eligible firms in a drawn order; county
///                          co-investment (payer spending)

#include "engine/state/world.hpp"

namespace regsim {

/// The firm's loan rate: bank_rate + sector risk_premium * size multiplier, plus the young-firm
/// add-on while the firm is younger than young_firm_years ([credit]).
double loan_rate(const World& world, FirmId i);
/// The same for a firm of this sector, size class and age (entrants' expected terms).
double loan_rate(const World& world, SectorId sector, SizeClass size, int age_years);

/// Probability that banks refuse new loans to a firm of this size class at (county, platform,
/// sector) this year ([credit] loan_refusal_<size>): lower by the coverage of the first risk
/// compensation pool it is eligible for there, while that pool has money (banks share losses).
double loan_refusal_probability(const World& world, CountyId county, PlatformId platform,
                                SectorId sector, SizeClass size);

/// A guarantee for a would-be entrant whose owners' funds and bank loan leave `gap_wan` of its
/// capital unfinanced: the first guarantee fund running this year (scenario order) that it is
/// eligible for at `platform` of `county` covers the gap if the gap is within the fund's per-firm
/// headroom (guarantee_to_capital * capital, cap_wan), `room_wan` (what the entrant equity rule
/// leaves to loans) and the fund's capacity; the fund's outstanding and granted guarantees rise
/// by it. Returns the fund's policy index, or kNoFund (nothing granted).
std::uint16_t guarantee_entrant(World& world, CountyId county, PlatformId platform, SectorId sector,
                                SizeClass size, double capital_wan, double gap_wan,
                                double room_wan);

/// A guarantee granted by guarantee_entrant to an entrant that then did not enter (it found no
/// land) goes back: the fund's outstanding and granted guarantees fall by it.
void cancel_entrant_guarantee(World& world, CountyId county, std::uint16_t fund, double wan);

/// Whether a guarantee fund runs this year.
bool guarantee_funds_running(const World& world);

/// Guarantee fee the firm pays this year (fee_rate of its guarantor * guaranteed debt).
double guarantee_fee_wan(const World& world, FirmId i);

void init_funds(World& world);
void open_fund_year(World& world);
/// Loan rollover ([credit]): maturing_share of each firm's debt matures; the bank refuses to
/// renew it with a probability rising in debt / capital (a draw per firm). A refused firm repays
/// from cash and this year's cash flow; if they fall short, an eligible bridge fund with capacity
/// bridges the turnover for a fee (drawn order), otherwise the firm exits as in exit_firms.
void roll_over_loans(World& world);
void settle_fund_claims(World& world);
void grant_guarantees(World& world);
void invest_guidance_funds(World& world);

/// The year's entrants, rows [first, end) (added, their initial investment and loans set), in
/// row order, which is their drawn entry order: each eligible for a guidance fund gets equity
/// for equity_share of its initial investment while the fund has money; the equity repays its
/// loans.
void fund_entrants(World& world, FirmId first, FirmId end);

}  // namespace regsim
