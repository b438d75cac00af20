// Entry (engine/behaviour/entry.cpp): counties are served in parallel, so the rows, the payments
// to payers that several counties share and guidance funds' equity must not depend on the thread
// count; FirmTable::append_rows + set_row give the rows add() gives.

#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>
#include <map>
#include <string>

#include "engine/policy/registry.hpp"
#include "engine/simulation.hpp"
#include "engine/state/firm_table.hpp"
#include "fixtures.hpp"

using namespace regsim;

namespace {

FirmInit init_of(std::size_t k) {
  FirmInit f;
  f.sector = static_cast<SectorId>(k % 3);
  f.county = static_cast<CountyId>(k % 2);
  f.platform = k % 4 == 0 ? kNoPlatform : static_cast<PlatformId>(k % 5);
  f.cell = static_cast<std::uint32_t>(7 * k);
  f.stream_key = 1000 + k;
  f.size_class = static_cast<SizeClass>(k % 4);
  f.birth_year = static_cast<std::int16_t>(2000 + k % 20);
  f.log_productivity = 0.1 * static_cast<double>(k);
  f.capital_wan = 3.0 + static_cast<double>(k);
  f.cash_wan = 0.5 * static_cast<double>(k);
  f.debt_wan = 0.25 * static_cast<double>(k);
  f.land_m2 = 100.0 + static_cast<double>(k);
  f.labour_wedge = 1.0 + 0.01 * static_cast<double>(k);
  f.above_scale_before = static_cast<std::uint8_t>(k % 2);
  f.intensity_wan_per_mu = 250.0 + static_cast<double>(k);
  return f;
}

/// Bitwise equality of two columns (std::vector or Column of the same element type).
template <class C>
bool same_column(const C& a, const C& b) {
  return a.size() == b.size() &&
         std::memcmp(a.data(), b.data(), a.size() * sizeof(typename C::value_type)) == 0;
}

scenario::PolicySpec policy_spec(scenario::PolicyFamily family, const std::string& instrument,
                                 const std::string& payer, std::map<std::string, double> params) {
  scenario::PolicySpec p;
  p.family = family;
  p.instrument = instrument;
  p.name = instrument + " paid by " + payer;
  p.payer = payer;
  for (const auto& param : policy::find_instrument(instrument)->params)
    p.params[param.name] = param.default_value;
  for (const auto& [k, v] : params) p.params[k] = v;
  return p;
}

bool bitwise_equal(const EntityGroup& a, const EntityGroup& b) {
  if (a.series.size() != b.series.size()) return false;
  for (std::size_t k = 0; k < a.series.size(); ++k)
    if (!same_column(a.series[k].values, b.series[k].values)) return false;
  return true;
}

double total(const EntityGroup& g, const char* var) {
  const Series* s = g.find(var);
  REQUIRE(s != nullptr);
  double sum = 0;
  for (const double v : s->values)
    if (!std::isnan(v)) sum += v;
  return sum;
}

/// Sum over years of entity e's values of `var`.
double entity_total(const EntityGroup& g, const char* var, std::size_t e) {
  const Series* s = g.find(var);
  REQUIRE(s != nullptr);
  const std::size_t years = s->values.size() / g.entities.size();
  double sum = 0;
  for (std::size_t y = 0; y < years; ++y) {
    const double v = s->at(y, e, g.entities.size());
    if (!std::isnan(v)) sum += v;
  }
  return sum;
}

}  // namespace

TEST_CASE("appended rows set with set_row equal rows added with add", "[entry][state]") {
  // Start from a few rows so that appending grows (reallocates) the columns.
  FirmTable added, appended;
  for (std::size_t k = 0; k < 3; ++k) {
    added.add(init_of(k));
    appended.add(init_of(k));
  }
  constexpr std::size_t kNew = 5000;
  for (std::size_t k = 3; k < 3 + kNew; ++k) added.add(init_of(k));
  const FirmId first = appended.append_rows(kNew);
  REQUIRE(first == 3);
  REQUIRE(appended.size() == 3 + kNew);
  for (std::size_t k = 3; k < 3 + kNew; ++k) appended.set_row(static_cast<FirmId>(k), init_of(k));
  CHECK(appended.append_rows(0) == 3 + kNew);
  CHECK(same_column(added.sector, appended.sector));
  CHECK(same_column(added.county, appended.county));
  CHECK(same_column(added.platform, appended.platform));
  CHECK(same_column(added.cell, appended.cell));
  CHECK(same_column(added.stream_key, appended.stream_key));
  CHECK(same_column(added.birth_year, appended.birth_year));
  CHECK(same_column(added.exit_year, appended.exit_year));
  CHECK(same_column(added.status, appended.status));
  CHECK(same_column(added.size_class, appended.size_class));
  CHECK(same_column(added.above_scale_before, appended.above_scale_before));
  CHECK(same_column(added.log_productivity, appended.log_productivity));
  CHECK(same_column(added.capital_wan, appended.capital_wan));
  CHECK(same_column(added.cash_wan, appended.cash_wan));
  CHECK(same_column(added.debt_wan, appended.debt_wan));
  CHECK(same_column(added.land_m2, appended.land_m2));
  CHECK(same_column(added.labour_wedge, appended.labour_wedge));
  CHECK(same_column(added.intensity_wan_per_mu, appended.intensity_wan_per_mu));
  CHECK(same_column(added.investment_wan, appended.investment_wan));
  CHECK(same_column(added.loss_years, appended.loss_years));
  CHECK(same_column(added.listed_year, appended.listed_year));
  CHECK(same_column(added.idle_years, appended.idle_years));
  CHECK(same_column(added.new_lending_wan, appended.new_lending_wan));
  // No sparse records: every new row's slot says "none".
  CHECK(same_column(added.guarantees.slots(), appended.guarantees.slots()));
  CHECK(same_column(added.leases.slots(), appended.leases.slots()));
  CHECK(same_column(added.tenancies.slots(), appended.tenancies.slots()));
  CHECK(same_column(added.stakes.slots(), appended.stakes.slots()));
}

TEST_CASE("entry payments to shared payers and guidance-fund equity do not depend on threads",
          "[entry][determinism]") {
  using scenario::PolicyFamily;
  auto sc = test::small_scenario(200);
  // Entry awards paid by the upper level (shared by both counties), a land discount paid by a
  // named county (its slot charged by both counties' entrants), a host-county investment
  // subsidy, and a small provincial guidance fund (limited cash, entrants funded in drawn order).
  sc.policies.push_back(policy_spec(PolicyFamily::subsidy, "entry_award", "upper",
                                    {{"amount_wan", 5.0}, {"min_investment_wan", 0.0}}));
  sc.policies.push_back(
      policy_spec(PolicyFamily::land, "land_price_discount", "新抚区", {{"rate", 0.3}}));
  sc.policies.push_back(policy_spec(PolicyFamily::finance, "guidance_fund", "province",
                                    {{"size_yi", 0.5}, {"equity_share", 0.2}}));
  for (auto& p : sc.policies) {
    p.start_year = sc.first_year + 1;
    p.end_year = sc.last_year;
  }
  const auto one = run(sc, {.threads = 1, .seed = {}});
  const auto four = run(sc, {.threads = 4, .seed = {}});
  for (const char* level : {"region", "county", "platform", "sector", "policy", "payer"}) {
    INFO(level);
    CHECK(bitwise_equal(*one.group(level), *four.group(level)));
  }
  CHECK(bitwise_equal(one.policy_payer, four.policy_payer));
  // Each path was taken: entry awards and named-county land discounts paid, to recipients.
  for (const std::size_t k : {2u, 3u}) {
    CHECK(entity_total(one.policy, "spending", k) > 0);
    CHECK(entity_total(one.policy, "recipients", k) > 0);
  }
  CHECK(total(one.policy, "fund_granted") > 0);
}
