// Prices, entry and budgets of a plausible economy (issue 24; MODEL.md 3.2): statutory VAT rates
// by year and class; national price paths read from named NBS series; expected entry in real
// terms (a common price level leaves it unchanged, a regional price above the national one
// raises it with the elasticity MODEL.md states); county budgets with transfers, other revenue
// and general spending that balance in the base year.

#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>

#include "engine/behaviour/entry.hpp"
#include "engine/behaviour/exogenous.hpp"
#include "engine/scenario/parse.hpp"
#include "fixtures.hpp"

using namespace regsim;
namespace fs = std::filesystem;

namespace {

const fs::path kScenarios = fs::path(REGSIM_TEST_DATA) / "scenarios";

std::string read(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
}

/// A temporary folder with a price file and the minimal scenario naming its series.
struct PriceFixture {
  fs::path dir = fs::temp_directory_path() / ("regsim-prices-" + std::to_string(::getpid()));
  PriceFixture() {
    fs::create_directories(dir);
    std::ofstream(dir / "prices.toml") << "[[series]]\nname = \"PPI_test\"\n"
                                          "years = [2018, 2019, 2020]\n"
                                          "index = [103.5, 99.7, 98.2]\n"
                                          "[[series]]\nname = \"CPI_test\"\n"
                                          "years = [2019]\nindex = [102.9]\n";
  }
  ~PriceFixture() { fs::remove_all(dir); }
  /// The minimal scenario with `national_prices` and the first sector naming `series`.
  scenario::Scenario parse(const std::string& series, const std::string& file = "prices.toml") {
    std::string text = read(kScenarios / "minimal.toml");
    text.replace(text.find("[fiscal]"), 8, "national_prices = \"" + file + "\"\n\n[fiscal]");
    const std::string anchor = "name = \"装备制造\"\n";
    text.replace(text.find(anchor), anchor.size(),
                 anchor + "national_price_series = \"" + series + "\"\n");
    std::ofstream(dir / "s.toml") << text;
    return scenario::load_scenario(dir / "s.toml");
  }
};

}  // namespace

TEST_CASE("statutory VAT rates follow the 2018 and 2019 cuts, weighted by the months in force",
          "[fiscal]") {
  using scenario::VatClass;
  // 17% to April 2018, 16% to March 2019, 13% after (财税〔2018〕32号; 2019年第39号公告).
  CHECK(scenario::statutory_vat_rate(VatClass::general, 2016) == 0.17);
  CHECK(scenario::statutory_vat_rate(VatClass::general, 2018) ==
        Approx((4 * 0.17 + 8 * 0.16) / 12));
  CHECK(scenario::statutory_vat_rate(VatClass::general, 2019) ==
        Approx((3 * 0.16 + 9 * 0.13) / 12));
  CHECK(scenario::statutory_vat_rate(VatClass::general, 2021) == 0.13);
  CHECK(scenario::statutory_vat_rate(VatClass::reduced, 2019) ==
        Approx((3 * 0.10 + 9 * 0.09) / 12));
  CHECK(scenario::statutory_vat_rate(VatClass::services, 2019) == 0.06);
  // Classes by kind unless set; a scenario's flat vat_rate overrides every class and year.
  scenario::Sector trade;
  trade.kind = scenario::SectorKind::services;
  scenario::FiscalRules fiscal;
  CHECK(scenario::vat_rate_of(fiscal, trade, 2020) == 0.06);
  trade.vat_class = VatClass::general;
  CHECK(scenario::vat_rate_of(fiscal, trade, 2020) == 0.13);
  fiscal.vat_rate = 0.1;
  CHECK(scenario::vat_rate_of(fiscal, trade, 2018) == 0.1);
}

TEST_CASE(
    "a named national price series sets the national price path; other years use the "
    "growth rate",
    "[prices]") {
  PriceFixture fx;
  auto sc = fx.parse("PPI_test");
  const auto& s = sc.sectors[0];
  REQUIRE(s.national_price_path.size() == 3);
  CHECK(s.national_price_path[0].first == 2018);
  CHECK(s.national_price_path[0].second == Approx(0.035));
  CHECK(national_price_growth(s, 2019) == Approx(-0.003));
  sc.sectors[0].national_price_growth = 0.01;  // years the series leaves out
  CHECK(national_price_growth(sc.sectors[0], 2021) == 0.01);
  CHECK(std::find(sc.input_files.begin(), sc.input_files.end(), sc.national_prices_file) !=
        sc.input_files.end());
  // The simulated national price is the product of the indices.
  sc.last_year = 2020;
  const auto r = run(sc, {.threads = 1, .seed = {}});
  const Series* p = r.sector.find("national_price");
  REQUIRE(p != nullptr);
  CHECK(p->at(3, 0, r.sector.entities.size()) == Approx(1.035 * 0.997 * 0.982).epsilon(1e-12));
}

TEST_CASE("price series errors are located", "[prices][errors]") {
  PriceFixture fx;
  const auto error = [&](const std::string& series, const std::string& file = "prices.toml") {
    try {
      fx.parse(series, file);
    } catch (const scenario::ScenarioError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  CHECK_THAT(error("PPI_tset"), Catch::Contains("s.toml:") &&
                                    Catch::Contains("no national price series 'PPI_tset'") &&
                                    Catch::Contains("did you mean 'PPI_test'?"));
  CHECK_THAT(error("PPI_test", "missing.toml"),
             Catch::Contains("cannot open the national price file 'missing.toml'"));
  std::ofstream(fx.dir / "bad.toml") << "[[series]]\nname = \"B\"\nyears = [2019, 2018]\n"
                                        "index = [101.0, 102.0]\n";
  CHECK_THAT(error("B", "bad.toml"),
             Catch::Contains("bad.toml:3:") && Catch::Contains("years must increase"));
}

TEST_CASE(
    "expected entry is real: a common price level leaves it unchanged; a regional price "
    "above the national one raises it with elasticity xi / (1 - alpha - beta)",
    "[entry]") {
  auto sc = test::small_scenario(60);
  sc.sectors[0].entry_profit_elasticity = 0.8;
  Simulation sim(sc, sc.seed);
  World w = test::next_year_cleared(sim);
  // A (county, sector) pair with entry.
  CountyId c = 0;
  const SectorId s = 0;
  while (c + 1u < w.n_counties() && !(expected_entrants(w, c, s) > 0)) ++c;
  const double base = expected_entrants(w, c, s);
  REQUIRE(base > 0);
  // Inflation: the regional and the national price both 30% higher.
  w.sectors.price[s] *= 1.3;
  w.sectors.national_price[s] *= 1.3;
  CHECK(expected_entrants(w, c, s) == Approx(base).epsilon(1e-12));
  // A regional price 10% above the national one.
  w.sectors.price[s] *= 1.1;
  const auto& sec = sc.sectors[s];
  const double returns = 1.0 - sec.capital_elasticity - sec.labour_elasticity;
  CHECK(expected_entrants(w, c, s) ==
        Approx(base * std::pow(1.1, sec.entry_profit_elasticity / returns)).epsilon(1e-9));
}

TEST_CASE("an unchanged environment gives a stable entry rate", "[entry][steady]") {
  // No demand or productivity growth, flat national prices, flat reservation wages: entrants
  // per incumbent stay near where they start (no compounding). They drift down a little: exits
  // select the less productive firms, so supply grows and prices ease (about -6% in ten years).
  auto sc = test::without_policies(test::small_scenario(400));
  for (auto& s : sc.sectors) {
    s.demand_growth = 0;
    s.national_price_growth = 0;
    s.productivity_drift = 0;
  }
  for (auto& c : sc.counties) c.wage_growth = 0;
  sc.last_year = 2027;
  const auto r = run(sc, {.threads = 2, .seed = {}});
  const Series* entered = r.region.find("firms_entered");
  const Series* active = r.region.find("firms_active");
  std::vector<double> rate;
  for (std::size_t y = 1; y < r.years.size(); ++y)
    rate.push_back(entered->at(y, 0, 1) / active->at(y - 1, 0, 1));
  const double first = (rate[0] + rate[1]) / 2;
  const double last = (rate[rate.size() - 2] + rate.back()) / 2;
  INFO("entry rate first two years " << first << ", last two " << last);
  CHECK(first > 0.02);
  CHECK(std::fabs(last - first) < 0.25 * first);
  // The same world with 5% inflation in national prices and wages: nominal growth alone does not
  // raise entry (the regional price is compared with the national one, the wage with its
  // reservation level); a nominal profitability term would multiply it by about 1.05^(1/0.2) a
  // year.
  for (auto& s : sc.sectors) s.national_price_growth = 0.05;
  for (auto& c : sc.counties) c.wage_growth = 0.05;
  const auto inflated = run(sc, {.threads = 2, .seed = {}});
  const Series* entered_i = inflated.region.find("firms_entered");
  const Series* active_i = inflated.region.find("firms_active");
  const std::size_t n = r.years.size();
  const double last_inflated = (entered_i->at(n - 1, 0, 1) / active_i->at(n - 2, 0, 1) +
                                entered_i->at(n - 2, 0, 1) / active_i->at(n - 3, 0, 1)) /
                               2;
  INFO("with inflation, last two years " << last_inflated);
  CHECK(std::fabs(last_inflated - last) < 0.25 * last);
}

TEST_CASE("county budgets balance in the base year and grow with their resources", "[fiscal]") {
  auto sc = test::without_policies(test::small_scenario(200));
  sc.counties[1].other_revenue_yi = 3.0;
  const auto r = run(sc, {.threads = 1, .seed = {}});
  const auto& c = r.county;
  const auto value = [&](const char* var, std::size_t y, std::size_t e) {
    return c.find(var)->at(y, e, c.entities.size());
  };
  // County 0 leaves its transfers unset: transfer_ratio times its base-year own revenue, growing
  // at transfers_growth.
  for (std::size_t y = 2; y < r.years.size(); ++y)
    CHECK(value("transfers", y, 0) ==
          Approx(value("transfers", y - 1, 0) * (1.0 + sc.fiscal.transfers_growth)));
  CHECK(value("transfers", 1, 0) > sc.fiscal.transfer_ratio * value("other_revenue", 1, 0));
  for (std::size_t e = 0; e < c.entities.size(); ++e) {
    // Year 1: other revenue follows exogenous GDP from its base-year level.
    const double gdp_growth = value("exogenous_gdp", 1, e) / value("exogenous_gdp", 0, e);
    const double base_other =
        e == 1 ? 3.0 : sc.fiscal.other_revenue_rate * sc.counties[0].exogenous_gdp_yi;
    CHECK(value("other_revenue", 1, e) == Approx(base_other * gdp_growth));
    for (std::size_t y = 1; y < r.years.size(); ++y) {
      // General spending moves with the year's general resources, from a base year where it
      // equals them: spending / resources is the same in every year (elasticity 1).
      const double resources = value("tax_retained", y, e) + value("other_revenue", y, e) +
                               value("land_rent", y, e) + value("transfers", y, e);
      CHECK(value("general_spending", y, e) == Approx(resources));
    }
  }
}
