#include "engine/behaviour/listing.hpp"

#include <algorithm>

#include "engine/behaviour/firm.hpp"
#include "engine/core/random.hpp"
#include "engine/policy/effects.hpp"

namespace regsim {

void list_firms(World& w) {
  auto& f = w.firms;
  const auto& fiscal = w.scenario->fiscal;
  const auto& book = w.policies;
  const auto year = static_cast<std::int16_t>(w.year);
  auto& block_sums = w.work.ledger_block;
  block_sums.assign(w.work.payments.size(), 0.0);
  policy::FirmFlows listing;
  listing.listed = true;
  w.work.sums.reduce(
      f.size(), block_sums.size(), block_sums,
      [&](std::size_t begin, std::size_t end, std::span<double> ledger) {
        for (std::size_t i = begin; i < end; ++i) {
          const auto id = static_cast<FirmId>(i);
          // Every active firm has produced this year (this year's entrants come later).
          if (!f.active(id) || f.listed_year[i] != 0 ||
              f.revenue_wan[i] < fiscal.listing_min_revenue_wan || f.profit_wan[i] <= 0)
            continue;
          const double award = book.quote<policy::ListingAward>(
              w.year, f.county[i], f.platform[i], f.sector[i], f.size_class[i], listing);
          const double hazard = fiscal.listing_hazard * (1.0 + award / fiscal.listing_cost_wan);
          RandomStream rng(w.seed, w.replicate, static_cast<std::uint64_t>(w.year), f.stream_key[i],
                           Purpose::listing);
          if (rng.uniform() >= hazard) continue;
          f.listed_year[i] = year;
          const double received = book.pay(w.year, f.county[i], f.platform[i], f.sector[i],
                                           f.size_class[i], listing, ledger);
          // The award is taxable income like settle's payments (the CIT it adds).
          const double tax_before = subsidy_cit_wan(w, id);
          f.policy_received_wan[i] += received;
          const double tax_on_award = subsidy_cit_wan(w, id) - tax_before;
          // Equity raised and the award are cash; as in settle, a surplus repays debt first.
          double cash = f.cash_wan[i] + fiscal.listing_equity_ratio * f.capital_wan[i] + received -
                        tax_on_award;
          const double repaid = std::min(cash, f.debt_wan[i]);
          f.debt_wan[i] -= repaid;
          f.cash_wan[i] = cash - repaid;
        }
      });
  w.work.payments.add(block_sums);
}

}  // namespace regsim
