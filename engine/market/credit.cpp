#include "engine/market/credit.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <type_traits>

#include "engine/behaviour/firm.hpp"
#include "engine/core/random.hpp"
#include "engine/market/land.hpp"

namespace regsim {

namespace {

constexpr std::size_t kNone = std::numeric_limits<std::size_t>::max();

template <class T>
const T* instrument_of(const World& w, std::size_t k) {
  return std::get_if<T>(&w.policies.policies[k].instrument);
}

/// Payer slot of the fund of policy k that serves a firm of `county`.
std::size_t fund_slot(const World& w, std::size_t k, CountyId county) {
  return w.policies.payer_slot(w.policies.policies[k].payers.front().payer, county);
}

/// Whether a policy of type T runs this year.
template <class T>
bool any_running(const World& w) {
  for (std::size_t k = 0; k < w.policies.policies.size(); ++k) {
    const auto& p = w.policies.policies[k];
    if (instrument_of<T>(w, k) && w.year >= p.start_year && w.year <= p.end_year) return true;
  }
  return false;
}

/// The first policy of type T (scenario order) the firm is eligible for this year, or kNone.
template <class T>
std::size_t first_eligible(const World& w, FirmId i) {
  const auto& f = w.firms;
  std::size_t found = kNone;
  w.policies.for_eligible_of<T>(w.year, f.county[i], f.platform[i], f.sector[i], f.size_class[i],
                                [&](std::size_t k, const T&) {
                                  if (found == kNone) found = k;
                                });
  return found;
}

/// Firm i's entry in this year's credit-bound list (it must be there).
CreditBound& credit_bound_entry(World& w, FirmId i) {
  auto& list = w.funds.credit_bound;
  return *std::lower_bound(list.begin(), list.end(), i,
                           [](const CreditBound& c, FirmId id) { return c.firm < id; });
}

/// Extra borrowing (or equity) that would finance the firm's desired investment in full.
double credit_need_wan(const CreditBound& c) {
  return std::max(0.0, c.desired_investment_wan - c.financeable_wan) * c.credit_slope;
}

/// The firm can finance `extra_wan` more (a larger limit or equity): its planned investment and
/// its land claim rise as in plan_investment.
void loosen(World& w, CreditBound& c, double extra_wan) {
  auto& f = w.firms;
  const auto i = c.firm;
  const auto& s = w.scenario->sectors[f.sector[i]];
  c.financeable_wan += extra_wan / c.credit_slope;
  f.investment_wan[i] = std::clamp(c.desired_investment_wan, 0.0, std::max(0.0, c.financeable_wan));
  const double land_needed = ((1.0 - s.depreciation) * f.capital_wan[i] + f.investment_wan[i]) /
                             f.intensity_wan_per_mu[i] * kM2PerMu;
  f.land_claim_m2[i] = std::max(0.0, land_needed - f.land_m2[i]);  // platform or outside
}

/// Applicants of type T's funds this year: active credit-bound firms eligible for one, paired
/// with that policy, in a drawn order (ties by id).
template <class T, class Accept>
void applicants(World& w, Purpose purpose, Accept accept) {
  auto& list = w.funds.applicants;
  list.clear();
  for (const auto& c : w.funds.credit_bound) {
    if (!c.binds()) continue;
    const auto i = c.firm;
    const std::size_t k = first_eligible<T>(w, i);
    if (k == kNone || !accept(i, k)) continue;
    list.push_back(
        {draw_order_key(w, w.firms.stream_key[i], purpose), i, static_cast<std::uint32_t>(k)});
  }
  std::sort(list.begin(), list.end(), [](const FundApplicant& a, const FundApplicant& b) {
    return a.key != b.key ? a.key < b.key : a.firm < b.firm;
  });
}

}  // namespace

double loan_rate(const World& w, SectorId sector, SizeClass size, int age_years) {
  const auto& sc = *w.scenario;
  const auto& c = sc.credit;
  const double multiplier[] = {c.premium_micro, c.premium_small, c.premium_medium, c.premium_large};
  double rate = sc.fiscal.bank_rate +
                sc.sectors[sector].risk_premium * multiplier[static_cast<std::size_t>(size)];
  if (age_years < c.young_firm_years) rate += c.young_firm_premium;
  return rate;
}

double loan_rate(const World& w, FirmId i) {
  const auto& f = w.firms;
  return loan_rate(w, f.sector[i], f.size_class[i], w.year - f.birth_year[i]);
}

double loan_refusal_probability(const World& w, CountyId county, PlatformId platform,
                                SectorId sector, SizeClass size) {
  const auto& c = w.scenario->credit;
  const double by_size[] = {c.loan_refusal_micro, c.loan_refusal_small, c.loan_refusal_medium,
                            c.loan_refusal_large};
  const double p = by_size[static_cast<std::size_t>(size)];
  if (p <= 0) return 0.0;
  std::size_t pool = kNone;
  w.policies.for_eligible_of<policy::RiskCompensationPool>(
      w.year, county, platform, sector, size,
      [&](std::size_t k, const policy::RiskCompensationPool&) {
        if (pool == kNone) pool = k;
      });
  if (pool == kNone ||
      w.funds.at(w.funds.fund(pool, fund_slot(w, pool, county)), kFundCapital) <= 0)
    return p;
  return p * (1.0 - instrument_of<policy::RiskCompensationPool>(w, pool)->coverage);
}

bool guarantee_funds_running(const World& w) {
  return any_running<policy::GuaranteeFund>(w);
}

std::uint16_t guarantee_entrant(World& w, CountyId county, PlatformId platform, SectorId sector,
                                SizeClass size, double capital_wan, double gap_wan,
                                double room_wan) {
  std::size_t k = kNone;
  w.policies.for_eligible_of<policy::GuaranteeFund>(
      w.year, county, platform, sector, size, [&](std::size_t j, const policy::GuaranteeFund&) {
        if (k == kNone) k = j;
      });
  if (k == kNone || gap_wan <= 0) return kNoFund;
  const auto* g = instrument_of<policy::GuaranteeFund>(w, k);
  const auto j = w.funds.fund(k, fund_slot(w, k, county));
  const double capacity =
      std::max(0.0, g->leverage * w.funds.at(j, kFundCapital) - w.funds.at(j, kFundOutstanding));
  if (gap_wan > std::min({g->guarantee_to_capital * capital_wan, g->cap_wan, room_wan, capacity}))
    return kNoFund;
  w.funds.at(j, kFundOutstanding) += gap_wan;
  w.funds.at(j, kFundGranted) += gap_wan;
  return static_cast<std::uint16_t>(k);
}

void cancel_entrant_guarantee(World& w, CountyId county, std::uint16_t fund, double wan) {
  const auto j = w.funds.fund(fund, fund_slot(w, fund, county));
  w.funds.at(j, kFundOutstanding) -= wan;
  w.funds.at(j, kFundGranted) -= wan;
}

double guarantee_fee_wan(const World& w, FirmId i) {
  const auto* g = w.firms.guarantees.find(i);
  if (!g || g->fund == kNoFund) return 0.0;
  return instrument_of<policy::GuaranteeFund>(w, g->fund)->fee_rate * g->wan;
}

void init_funds(World& w) {
  auto& funds = w.funds;
  const auto& book = w.policies;
  funds.n_policies = book.policies.size();
  funds.n_slots = book.n_payers();
  funds.exists.assign(funds.n_policies * funds.n_slots, false);
  funds.values.assign(funds.n_policies * funds.n_slots * kFundVarCount, 0.0);
  funds.payer_spending_wan.assign(funds.n_slots, 0.0);
  for (std::size_t k = 0; k < book.policies.size(); ++k) {
    double start_yi = 0;
    if (const auto* g = instrument_of<policy::GuaranteeFund>(w, k))
      start_yi = g->capital_yi;
    else if (const auto* pool = instrument_of<policy::RiskCompensationPool>(w, k))
      start_yi = pool->size_yi;
    else if (const auto* fund = instrument_of<policy::GuidanceFund>(w, k))
      start_yi = fund->size_yi;
    else if (const auto* bridge = instrument_of<policy::BridgeFund>(w, k))
      start_yi = bridge->size_yi;
    else
      continue;
    const auto payer = book.policies[k].payers.front().payer;
    for (std::size_t c = 0; c < book.n_counties; ++c) {
      if (payer == Payer::kHostCounty && !book.policies[k].county_in[c]) continue;
      const auto j = funds.fund(k, book.payer_slot(payer, static_cast<CountyId>(c)));
      funds.exists[j] = true;
      funds.at(j, kFundCapital) = start_yi * kWanPerYi;
    }
  }
}

void open_fund_year(World& w) {
  auto& funds = w.funds;
  std::fill(funds.payer_spending_wan.begin(), funds.payer_spending_wan.end(), 0.0);
  for (std::size_t j = 0; j < funds.exists.size(); ++j)
    for (std::size_t v = 0; v < kFundVarCount; ++v)
      if (v != kFundCapital && v != kFundOutstanding) funds.at(j, static_cast<FundVar>(v)) = 0.0;
  for (std::size_t k = 0; k < funds.n_policies; ++k) {
    const auto* pool = instrument_of<policy::RiskCompensationPool>(w, k);
    const auto& p = w.policies.policies[k];
    if (!pool || w.year < p.start_year || w.year > p.end_year) continue;
    const double top_up = pool->top_up_yi_per_year * kWanPerYi;
    for (std::size_t slot = 0; slot < funds.n_slots; ++slot) {
      const auto j = funds.fund(k, slot);
      if (!funds.exists[j] || funds.at(j, kFundCapital) > 0 || top_up <= 0) continue;
      funds.at(j, kFundCapital) += top_up;
      funds.at(j, kFundTopUps) += top_up;
      funds.payer_spending_wan[slot] += top_up;
    }
  }
}

void roll_over_loans(World& w) {
  auto& f = w.firms;
  const auto& sc = *w.scenario;
  const auto& credit = sc.credit;
  if (credit.maturing_share <= 0 || credit.refusal_slope <= 0) return;
  auto& funds = w.funds;
  // 1. Per firm, in parallel: the bank's draw, and repayment by firms that can repay; those that
  //    cannot are listed (in id order).
  auto& short_of_cash = w.work.short_of_cash;
  w.work.firm_lists.collect(
      f.size(), short_of_cash, [&](std::size_t begin, std::size_t end, std::vector<FirmId>& found) {
        for (std::size_t i = begin; i < end; ++i) {
          if (!f.active(static_cast<FirmId>(i)) || f.debt_wan[i] <= 0) continue;
          const double leverage = f.capital_wan[i] > 0 ? f.debt_wan[i] / f.capital_wan[i] : 1e9;
          const double p = std::min(
              1.0, credit.refusal_slope * std::max(0.0, leverage - credit.refusal_leverage));
          if (p <= 0) continue;
          RandomStream rng(w.seed, w.replicate, static_cast<std::uint64_t>(w.year), f.stream_key[i],
                           Purpose::rollover);
          if (rng.uniform() >= p) continue;
          // Refused: the maturing debt is repaid from cash and this year's cash flow if they
          // suffice.
          const auto& s = sc.sectors[f.sector[i]];
          const double maturing = credit.maturing_share * f.debt_wan[i];
          const double cash_flow = f.profit_wan[i] - cit_wan(w, static_cast<FirmId>(i)) +
                                   s.depreciation * f.capital_wan[i];
          if (f.cash_wan[i] + cash_flow >= maturing) {
            if (auto* g = f.guarantees.find(i)) g->wan *= 1.0 - credit.maturing_share;
            f.debt_wan[i] -= maturing;
            f.cash_wan[i] -= maturing;  // may go below 0 until settle adds the year's cash flow
          } else {
            found.push_back(static_cast<FirmId>(i));
          }
        }
      });
  // 2. The firms short of cash, in a drawn order: a bridge fund carries them while it can.
  const std::size_t exits_before = f.exits.size();
  auto& refused = funds.applicants;
  refused.clear();
  for (const FirmId i : short_of_cash) {
    const std::size_t k = first_eligible<policy::BridgeFund>(w, i);
    refused.push_back({draw_order_key(w, f.stream_key[i], Purpose::bridge_order), i,
                       static_cast<std::uint32_t>(k == kNone ? kNoFund : k)});
  }
  std::sort(refused.begin(), refused.end(), [](const FundApplicant& a, const FundApplicant& b) {
    return a.key != b.key ? a.key < b.key : a.firm < b.firm;
  });
  for (const auto& a : refused) {
    const auto i = a.firm;
    const double maturing = credit.maturing_share * f.debt_wan[i];
    if (a.policy != kNoFund) {
      // The bridge fund repays the bank, which renews the loan: debt is unchanged.
      const auto* bridge = instrument_of<policy::BridgeFund>(w, a.policy);
      const auto j = funds.fund(a.policy, fund_slot(w, a.policy, f.county[i]));
      const double capacity =
          bridge->turnover_per_year * funds.at(j, kFundCapital) - funds.at(j, kFundGranted);
      if (maturing <= std::min(capacity, bridge->cap_wan)) {
        const double fee = bridge->fee_rate * maturing;
        funds.at(j, kFundGranted) += maturing;
        funds.at(j, kFundFees) += fee;
        funds.at(j, kFundCapital) += fee;
        f.cash_wan[i] -= fee;
        continue;
      }
    }
    // The firm cannot repay: it exits, with the same accounting as exit_firms.
    exit_firm(w, static_cast<FirmId>(i));
  }
  // exit_firm appended those exits in the drawn order: back to id order (in place: a sort
  // allocates nothing, unlike a merge).
  if (f.exits.size() > exits_before)
    std::sort(f.exits.begin(), f.exits.end(),
              [](const ExitLoss& a, const ExitLoss& b) { return a.firm < b.firm; });
}

void settle_fund_claims(World& w) {
  auto& f = w.firms;
  auto& funds = w.funds;
  const auto year = static_cast<std::int16_t>(w.year);
  const std::size_t n_funds = funds.exists.size();
  // Block sums: fund variables, then payer spending, then pool claims per fund.
  const std::size_t spend_at = n_funds * kFundVarCount;
  const std::size_t claims_at = spend_at + funds.n_slots;
  auto& sums = funds.scratch;
  sums.resize(claims_at + n_funds);
  const std::size_t province = w.policies.province_slot();
  w.work.sums.reduce(
      f.size(), sums.size(), sums, [&](std::size_t begin, std::size_t end, std::span<double> acc) {
        for (std::size_t i = begin; i < end; ++i) {
          const auto id = static_cast<FirmId>(i);
          const bool exited_now = !f.active(id) && f.exit_year[i] == year;
          if (!f.active(id) && !exited_now) continue;
          const auto county = f.county[i];
          const auto* guarantee = f.guarantees.find(i);
          if (guarantee && guarantee->fund != kNoFund) {
            const auto k = guarantee->fund;
            acc[funds.fund(k, fund_slot(w, k, county)) * kFundVarCount + kFundFees] +=
                guarantee_fee_wan(w, id);
          }
          if (auto* stake = f.stakes.find(i); stake && stake->fund != kNoFund) {
            const auto k = stake->fund;
            const auto j = funds.fund(k, fund_slot(w, k, county));
            const auto* fund = instrument_of<policy::GuidanceFund>(w, k);
            if (exited_now) {
              acc[j * kFundVarCount + kFundLosses] += stake->wan;  // written off
            } else if (w.year - stake->year >= fund->exit_years) {
              acc[j * kFundVarCount + kFundProceeds] +=
                  stake->share * std::max(0.0, f.equity_wan(id));
            } else {
              continue;
            }
            *stake = FundStake{};
          }
          if (!exited_now) continue;
          auto& exit = *f.exit_loss(id);
          if (exit.loan_loss_wan <= 0) continue;
          // Losses on guaranteed debt (pro rata to the guaranteed share of the debt) are split
          // by the fund's risk shares; the rest of the loss is the banks'.
          const double loss = exit.loan_loss_wan;
          if (guarantee && guarantee->fund != kNoFund && f.debt_wan[i] > 0) {
            const auto k = guarantee->fund;
            const auto* g = instrument_of<policy::GuaranteeFund>(w, k);
            const auto j = funds.fund(k, fund_slot(w, k, county));
            const double guaranteed =
                loss * std::min(guarantee->wan, f.debt_wan[i]) / f.debt_wan[i];
            exit.guarantor_wan = g->guarantor_share * guaranteed;
            exit.reguarantor_wan = g->reguarantor_share * guaranteed;
            exit.government_wan = g->government_share * guaranteed;
            acc[j * kFundVarCount + kFundLosses] += exit.guarantor_wan;
            acc[j * kFundVarCount + kFundReguarantor] += exit.reguarantor_wan;
            acc[j * kFundVarCount + kFundGovernment] += exit.government_wan;
            acc[spend_at + province] += exit.reguarantor_wan;
            acc[spend_at + county] += exit.government_wan;
          }
          exit.bank_wan = loss - exit.guarantor_wan - exit.reguarantor_wan - exit.government_wan;
          const std::size_t p = first_eligible<policy::RiskCompensationPool>(w, id);
          if (p != kNone)
            acc[claims_at + funds.fund(p, fund_slot(w, p, county))] +=
                instrument_of<policy::RiskCompensationPool>(w, p)->coverage * exit.bank_wan;
        }
      });
  // Funds' accounts: guarantee funds gain fees and lose their share of defaults; guidance funds
  // get their exit proceeds back; pools pay claims while they have money (pro rata when short).
  bool any_claims = false;
  for (std::size_t j = 0; j < n_funds; ++j) {
    for (std::size_t v = 0; v < kFundVarCount; ++v)
      if (v != kFundCapital && v != kFundOutstanding)
        funds.at(j, static_cast<FundVar>(v)) += sums[j * kFundVarCount + v];
    const std::size_t k = j / funds.n_slots;
    double& capital = funds.at(j, kFundCapital);
    if (instrument_of<policy::GuaranteeFund>(w, k)) {
      capital += sums[j * kFundVarCount + kFundFees] - sums[j * kFundVarCount + kFundLosses];
    } else if (instrument_of<policy::GuidanceFund>(w, k)) {
      capital += sums[j * kFundVarCount + kFundProceeds];
    } else if (instrument_of<policy::RiskCompensationPool>(w, k)) {
      const double claims = sums[claims_at + j];
      const double paid = std::min(std::max(capital, 0.0), claims);
      sums[claims_at + j] = claims > 0 ? paid / claims : 0.0;  // share of each claim paid
      funds.at(j, kFundLosses) += paid;
      capital = claims >= capital ? 0.0 : capital - paid;
      any_claims = any_claims || paid > 0;
    }
  }
  for (std::size_t s = 0; s < funds.n_slots; ++s) funds.payer_spending_wan[s] += sums[spend_at + s];
  if (!any_claims) return;
  parallel_rows(f.exits.size(), [&](std::size_t begin, std::size_t end) {
    for (std::size_t e = begin; e < end; ++e) {
      auto& exit = f.exits[e];
      if (exit.bank_wan <= 0) continue;
      const std::size_t p = first_eligible<policy::RiskCompensationPool>(w, exit.firm);
      if (p == kNone) continue;
      const double paid = instrument_of<policy::RiskCompensationPool>(w, p)->coverage *
                          exit.bank_wan *
                          sums[claims_at + funds.fund(p, fund_slot(w, p, f.county[exit.firm]))];
      exit.bank_wan -= paid;
      exit.government_wan += paid;
    }
  });
}

void grant_guarantees(World& w) {
  if (!any_running<policy::GuaranteeFund>(w)) return;
  auto& f = w.firms;
  auto& funds = w.funds;
  // Outstanding guarantees of each fund at the start (active firms only: defaults were called).
  for (std::size_t j = 0; j < funds.exists.size(); ++j) funds.at(j, kFundOutstanding) = 0;
  for (FirmId i = 0; i < f.size(); ++i) {
    const auto* g = f.guarantees.find(i);
    if (f.active(i) && g && g->fund != kNoFund)
      funds.at(funds.fund(g->fund, fund_slot(w, g->fund, f.county[i])), kFundOutstanding) += g->wan;
  }
  // A firm keeps one guarantor: it applies to the first eligible fund if it has none, or if
  // that is the one it has.
  applicants<policy::GuaranteeFund>(w, Purpose::guarantee_order, [&](FirmId i, std::size_t k) {
    return f.guarantor(i) == kNoFund || f.guarantor(i) == k;
  });
  for (const auto& a : funds.applicants) {
    const auto i = a.firm;
    auto& credit = credit_bound_entry(w, i);
    const auto* g = instrument_of<policy::GuaranteeFund>(w, a.policy);
    const auto j = funds.fund(a.policy, fund_slot(w, a.policy, f.county[i]));
    const double capacity =
        std::max(0.0, g->leverage * funds.at(j, kFundCapital) - funds.at(j, kFundOutstanding));
    const double headroom =
        std::max(0.0, std::min(g->guarantee_to_capital * f.capital_wan[i], g->cap_wan) -
                          f.guaranteed_wan(i));
    const double granted = std::min({credit_need_wan(credit), headroom, capacity});
    if (granted <= 0) continue;
    auto& guarantee = f.guarantees.get(i);
    guarantee.wan += granted;
    guarantee.fund = static_cast<std::uint16_t>(a.policy);
    funds.at(j, kFundOutstanding) += granted;
    funds.at(j, kFundGranted) += granted;
    loosen(w, credit, granted);
  }
}

namespace {

/// The guidance fund of policy k takes a stake in firm i for `equity` (the host county adds its
/// matching): the firm gets the cash; returns what the firm received.
double take_stake(World& w, FirmId i, std::size_t k, double equity) {
  auto& f = w.firms;
  auto& funds = w.funds;
  const auto* fund = instrument_of<policy::GuidanceFund>(w, k);
  const auto j = funds.fund(k, fund_slot(w, k, f.county[i]));
  const double matching = fund->county_matching_ratio * equity;
  // The fund's stake: its share of the book equity after both injections.
  const double book = f.equity_wan(i) + equity + matching;
  auto& stake = f.stakes.get(i);
  stake.fund = static_cast<std::uint16_t>(k);
  stake.year = static_cast<std::int16_t>(w.year);
  stake.wan = equity;
  stake.share = book > equity ? equity / book : 1.0;
  f.cash_wan[i] += equity + matching;
  funds.at(j, kFundCapital) -= equity;
  funds.at(j, kFundGranted) += equity;
  funds.at(j, kFundGovernment) += matching;
  funds.payer_spending_wan[f.county[i]] += matching;
  return equity + matching;
}

}  // namespace

void fund_entrants(World& w, FirmId first, FirmId end) {
  if (!any_running<policy::GuidanceFund>(w)) return;
  auto& f = w.firms;
  for (FirmId i = first; i < end; ++i) {
    const std::size_t k = first_eligible<policy::GuidanceFund>(w, i);
    if (k == kNone) continue;
    const auto* fund = instrument_of<policy::GuidanceFund>(w, k);
    const double cash = w.funds.at(w.funds.fund(k, fund_slot(w, k, f.county[i])), kFundCapital);
    const double equity = std::min({fund->equity_share * f.investment_wan[i], fund->cap_wan, cash});
    if (equity <= 0) continue;
    take_stake(w, i, k, equity);
    // The equity replaces the entrant's loans; what is left over stays as cash.
    const double repaid = std::min(f.cash_wan[i], f.debt_wan[i]);
    f.debt_wan[i] -= repaid;
    f.cash_wan[i] -= repaid;
    f.new_lending_wan[i] = f.debt_wan[i];
  }
}

void invest_guidance_funds(World& w) {
  if (!any_running<policy::GuidanceFund>(w)) return;
  auto& f = w.firms;
  auto& funds = w.funds;
  applicants<policy::GuidanceFund>(w, Purpose::guidance_fund_order, [&](FirmId i, std::size_t) {
    return f.equity_fund(i) == kNoFund;
  });
  for (const auto& a : funds.applicants) {
    const auto i = a.firm;
    auto& credit = credit_bound_entry(w, i);
    const auto* fund = instrument_of<policy::GuidanceFund>(w, a.policy);
    const auto j = funds.fund(a.policy, fund_slot(w, a.policy, f.county[i]));
    const double equity = std::min({fund->equity_share * credit.desired_investment_wan,
                                    fund->cap_wan, funds.at(j, kFundCapital)});
    if (equity <= 0) continue;
    loosen(w, credit, take_stake(w, i, a.policy, equity));
  }
}

}  // namespace regsim
