#include "engine/policy/policy_book.hpp"

#include <algorithm>
#include <concepts>
#include <stdexcept>
#include <utility>

namespace regsim {

namespace {

template <std::size_t I = 0>
Instrument make_instrument(const scenario::PolicySpec& spec) {
  if constexpr (I < std::variant_size_v<Instrument>) {
    using T = std::variant_alternative_t<I, Instrument>;
    if (T::info().name == spec.instrument) return T::from_params(spec.params);
    return make_instrument<I + 1>(spec);
  } else {
    throw std::invalid_argument("unknown policy instrument '" + spec.instrument + "'");
  }
}

/// The instrument's own payer split, if it has one (instruments funded by several levels).
template <class T>
concept SplitsPayers = requires(const T& t) {
  { t.payer_shares() } -> std::convertible_to<std::vector<PayerShare>>;
};

template <class Names, class Find>
std::vector<bool> mask(std::size_t n, const Names& names, Find find) {
  std::vector<bool> in(n, names.empty());
  for (const auto& name : names) in.at(find(name)) = true;
  return in;
}

}  // namespace

PolicyBook resolve_policies(const scenario::Scenario& sc) {
  PolicyBook book;
  book.n_counties = sc.counties.size();
  for (const auto& spec : sc.policies) {
    ResolvedPolicy p{make_instrument(spec),
                     spec.name,
                     {},
                     spec.start_year,
                     spec.end_year,
                     {},
                     {},
                     true,
                     {},
                     0xF};
    if (p.start_year == 0) p.start_year = sc.first_year + 1;
    if (p.end_year == 0) p.end_year = sc.last_year;
    std::int32_t payer = Payer::kHostCounty;
    if (spec.payer == "upper")
      payer = Payer::kUpper;
    else if (spec.payer == "province")
      payer = Payer::kProvince;
    else if (spec.payer != "county" && !spec.payer.empty())
      payer = static_cast<std::int32_t>(scenario::index_by_name(sc.counties, spec.payer, "county"));
    p.payers = std::visit(
        [&](const auto& instrument) -> std::vector<PayerShare> {
          if constexpr (SplitsPayers<std::decay_t<decltype(instrument)>>)
            return instrument.payer_shares();
          else
            return {PayerShare{payer, 1.0}};
        },
        p.instrument);
    const auto& scope = spec.scope;
    p.county_in = mask(sc.counties.size(), scope.counties, [&](const std::string& n) {
      return scenario::index_by_name(sc.counties, n, "county");
    });
    p.platform_in = mask(sc.platforms.size(), scope.platforms, [&](const std::string& n) {
      return scenario::index_by_name(sc.platforms, n, "platform");
    });
    p.outside_in = scope.platforms.empty();
    p.sector_in = mask(sc.sectors.size(), scope.sectors, [&](const std::string& n) {
      return scenario::index_by_name(sc.sectors, n, "sector");
    });
    if (!scope.size_classes.empty()) {
      p.size_mask = 0;
      for (const auto& c : scope.size_classes) {
        static const char* names[] = {"micro", "small", "medium", "large"};
        const auto it = std::find(std::begin(names), std::end(names), c);
        if (it == std::end(names)) throw std::invalid_argument("unknown size class '" + c + "'");
        p.size_mask |= static_cast<std::uint8_t>(1u << (it - std::begin(names)));
      }
    }
    book.policies.push_back(std::move(p));
  }
  book.index_policies();
  return book;
}

void PolicyBook::index_policies() {
  index_ = {};
  if (policies.empty() || policies.size() > 64) return;
  auto& x = index_;
  const auto& first = policies.front();
  x.county.assign(first.county_in.size(), 0);
  x.place.assign(first.platform_in.size() + 1, 0);
  x.sector.assign(first.sector_in.size(), 0);
  int last_year = first.end_year;
  x.first_year = first.start_year;
  for (const auto& p : policies) {
    x.first_year = std::min(x.first_year, p.start_year);
    last_year = std::max(last_year, p.end_year);
  }
  x.year.assign(static_cast<std::size_t>(std::max(0, last_year - x.first_year + 1)), 0);
  for (std::size_t k = 0; k < policies.size(); ++k) {
    const auto& p = policies[k];
    if (p.county_in.size() != x.county.size() || p.platform_in.size() + 1 != x.place.size() ||
        p.sector_in.size() != x.sector.size()) {
      index_ = {};  // inconsistent masks: no index, eligible() decides
      return;
    }
    const std::uint64_t bit = std::uint64_t{1} << k;
    for (int y = p.start_year; y <= p.end_year; ++y)
      x.year[static_cast<std::size_t>(y - x.first_year)] |= bit;
    for (std::size_t c = 0; c < x.county.size(); ++c)
      if (p.county_in[c]) x.county[c] |= bit;
    for (std::size_t j = 0; j + 1 < x.place.size(); ++j)
      if (p.platform_in[j]) x.place[j] |= bit;
    if (p.outside_in) x.place.back() |= bit;
    for (std::size_t s = 0; s < x.sector.size(); ++s)
      if (p.sector_in[s]) x.sector[s] |= bit;
    for (unsigned z = 0; z < 4; ++z)
      if ((p.size_mask >> z) & 1u) x.size[z] |= bit;
    policy::DecisionTerms probe;
    std::visit([&](const auto& instrument) { instrument.shape(probe); }, p.instrument);
    if (probe.wage_rate != 0 || probe.electricity_rate != 0) x.hiring |= bit;
  }
  x.policies = policies.size();
}

bool PolicyBook::eligible(std::size_t k, int year, CountyId county, PlatformId platform,
                          SectorId sector, SizeClass size) const {
  const auto& p = policies[k];
  return year >= p.start_year && year <= p.end_year && p.county_in[county] &&
         (platform == kNoPlatform ? p.outside_in : p.platform_in[platform]) &&
         p.sector_in[sector] && ((p.size_mask >> static_cast<unsigned>(size)) & 1u);
}

void PolicyBook::charge(std::size_t k, CountyId firm_county, double amount_wan,
                        std::span<double> ledger) const {
  if (amount_wan == 0) return;
  for_each_share(k, firm_county, amount_wan,
                 [&](std::size_t at, double share_wan, bool) { ledger[at] += share_wan; });
  if (amount_wan > 0) ledger[recipients_index(k)] += 1.0;
}

double PolicyBook::pay(int year, CountyId county, PlatformId platform, SectorId sector,
                       SizeClass size, const policy::FirmFlows& flows,
                       std::span<double> ledger) const {
  double received = 0;
  for_eligible(year, county, platform, sector, size, [&](std::size_t k, const auto& instrument) {
    const double amount = instrument.payment_wan(flows);
    received += amount;
    charge(k, county, amount, ledger);
  });
  return received;
}

}  // namespace regsim
