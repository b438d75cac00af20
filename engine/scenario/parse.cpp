#include "engine/scenario/parse.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <tuple>
#include <utility>
#include <vector>

#include "engine/observe/variables.hpp"
#include "engine/policy/registry.hpp"
#include "engine/scenario/firm_registry_csv.hpp"
#include "engine/scenario/key_path.hpp"
#include "engine/scenario/sha256.hpp"
#include "engine/scenario/suggest.hpp"
#include "engine/scenario/toml_helpers.hpp"

namespace regsim::scenario {

namespace {

namespace fs = std::filesystem;
using detail::fmt;
using detail::location;
using detail::merge_key_of;
using detail::read_text_file;
using detail::squote;
using detail::type_name;

constexpr double kInf = std::numeric_limits<double>::infinity();

// ---------------------------------------------------------------------------------------------
// Small text helpers

/// "'a', 'b' or 'c'"
template <typename Range>
std::string one_of(const Range& names) {
  std::string out;
  const std::size_t n = std::size(names);
  std::size_t i = 0;
  for (const auto& name : names) {
    if (i > 0) out += (i + 1 == n) ? " or " : ", ";
    out += squote(name);
    ++i;
  }
  return out;
}

/// "; did you mean 'x'?" or, for short lists without a close match, "; expected one of ...".
std::string suggestion(std::string_view key, std::span<const std::string_view> known,
                       bool list_when_no_match = true) {
  if (auto s = did_you_mean(key, known)) return "; did you mean '" + *s + "'?";
  if (list_when_no_match && !known.empty() && known.size() <= 12)
    return "; expected " + std::string(known.size() == 1 ? "" : "one of ") + one_of(known);
  return {};
}

std::vector<std::string_view> views(const std::vector<std::string>& v) {
  return {v.begin(), v.end()};
}

// ---------------------------------------------------------------------------------------------
// Loading and merging (`extends`)

bool all_tables(const toml::array& a) {
  return std::all_of(a.begin(), a.end(), [](const toml::node& n) { return n.is_table(); });
}

class Loader {
 public:
  explicit Loader(std::string fallback) : fallback_(std::move(fallback)) {}

  /// Parses one document and, if it extends another, loads the parent and merges this one
  /// onto it. `dir` resolves relative paths written in this document.
  toml::table load(std::string_view text, const std::string& display, const fs::path& dir,
                   bool allow_extends) {
    dirs_[display] = dir;
    toml::table doc = parse_toml(text, display);
    toml::node* ext = doc.get("extends");
    if (!ext) return doc;
    if (!allow_extends)
      fail(*ext,
           "'extends' needs a base directory to resolve the parent scenario; load the scenario "
           "from a file");
    if (!ext->is_string())
      fail(*ext, std::string("expected a string (a path relative to this file) for 'extends', "
                             "got ") +
                     type_name(*ext));
    const std::string rel = ext->as_string()->get();
    if (rel.empty()) fail(*ext, "expected a non-empty path for 'extends'");
    const fs::path parent = dir / fs::path(rel);
    const std::string parent_display = parent.lexically_normal().string();
    std::error_code ec;
    fs::path canonical = fs::weakly_canonical(parent, ec);
    if (ec) canonical = fs::absolute(parent, ec).lexically_normal();
    for (const auto& [c, shown] : chain_) {
      if (c == canonical) {
        std::string cycle;
        for (const auto& link : chain_) cycle += link.second + " -> ";
        fail(*ext, "'extends' cycle: " + cycle + parent_display);
      }
    }
    std::string parent_text, error;
    if (!read_text_file(parent, parent_text, error))
      fail(*ext,
           "cannot read the parent scenario '" + rel + "' (" + parent_display + "): " + error);
    chain_.emplace_back(canonical, parent_display);
    toml::table base = load(parent_text, parent_display, parent.parent_path(), true);
    chain_.pop_back();
    doc.erase("extends");
    merge_tables(base, doc, "");
    return base;
  }

  void push_chain(const fs::path& file, const std::string& display) {
    std::error_code ec;
    fs::path canonical = fs::weakly_canonical(file, ec);
    if (ec) canonical = file.lexically_normal();
    chain_.emplace_back(canonical, display);
  }

  const std::map<std::string, fs::path>& dirs() const { return dirs_; }

 private:
  [[noreturn]] void fail(const toml::node& n, const std::string& message) const {
    throw ScenarioError(location(n.source(), fallback_), message);
  }

  toml::table parse_toml(std::string_view text, const std::string& display) const {
    try {
      return toml::parse(text, std::string_view(display));
    } catch (const toml::parse_error& e) {
      throw ScenarioError(location(e.source(), display),
                          "invalid TOML: " + std::string(e.description()));
    }
  }

  /// Merges `src` (the child) onto `dst` (the parent), moving nodes so that they keep their
  /// source positions.
  void merge_tables(toml::table& dst, toml::table& src, const std::string& path) {
    for (auto&& [key, value] : src) {
      const std::string child_path =
          path.empty() ? std::string(key.str()) : path + "." + std::string(key.str());
      toml::node* d = dst.get(key.str());
      if (d && d->is_table() && value.is_table()) {
        merge_tables(*d->as_table(), *value.as_table(), child_path);
        continue;
      }
      const std::string_view id_key = merge_key_of(child_path);
      if (d && !id_key.empty() && d->is_array() && value.is_array() && all_tables(*d->as_array()) &&
          all_tables(*value.as_array())) {
        merge_elements(*d->as_array(), *value.as_array(), id_key, child_path);
        continue;
      }
      const toml::key k = key;  // keeps the child's key position
      dst.erase(key.str());
      dst.insert(k, std::move(value));
    }
  }

  void merge_elements(toml::array& dst, toml::array& src, std::string_view id_key,
                      const std::string& path) {
    std::set<std::string> seen;
    const std::string where = "[[" + path + "]]";
    for (auto& element : src) {
      toml::table& child = *element.as_table();
      const toml::node* id = child.get(id_key);
      if (!id)
        fail(child, "missing required key '" + std::string(id_key) + "' in " + where +
                        " (an element of a scenario that extends another is matched to the "
                        "parent's elements by its " +
                        std::string(id_key) + ")");
      if (!id->is_string())
        fail(*id, "expected a string for '" + std::string(id_key) + "' in " + where + ", got " +
                      type_name(*id));
      const std::string name = id->as_string()->get();
      if (!seen.insert(name).second)
        fail(*id, "duplicate " + std::string(id_key) + " " + squote(name) + " in " + where);
      bool remove = false;
      const toml::node* remove_node = child.get("remove");
      if (remove_node) {
        if (!remove_node->is_boolean())
          fail(*remove_node, "expected a boolean for 'remove' in " + where + " " + squote(name) +
                                 ", got " + type_name(*remove_node));
        remove = remove_node->as_boolean()->get();
      }
      auto match = std::find_if(dst.begin(), dst.end(), [&](toml::node& n) {
        const toml::node* other = n.as_table()->get(id_key);
        return other && other->is_string() && other->as_string()->get() == name;
      });
      if (remove) {
        if (match == dst.end())
          fail(*remove_node, "'remove = true' in " + where + " " + squote(name) +
                                 ", but the parent scenario has no element with " +
                                 std::string(id_key) + " " + squote(name));
        dst.erase(match);
        continue;
      }
      child.erase("remove");
      if (match != dst.end())
        merge_tables(*match->as_table(), child, path + "[]");
      else
        dst.push_back(std::move(child));
    }
  }

  std::string fallback_;
  std::map<std::string, fs::path> dirs_;
  std::vector<std::pair<fs::path, std::string>> chain_;
};

// ---------------------------------------------------------------------------------------------
// Checking and converting the merged document

struct Range {
  double lo = -kInf;
  double hi = kInf;
  bool lo_open = false;
  bool hi_open = false;

  bool contains(double v) const {
    if (!std::isfinite(v)) return false;
    if (lo_open ? v <= lo : v < lo) return false;
    if (hi_open ? v >= hi : v > hi) return false;
    return true;
  }
  std::string describe() const {
    if (lo == -kInf && hi == kInf) return "a finite number";
    if (hi == kInf) return (lo_open ? "> " : ">= ") + fmt(lo);
    if (lo == -kInf) return (hi_open ? "< " : "<= ") + fmt(hi);
    return std::string("in ") + (lo_open ? "(" : "[") + fmt(lo) + ", " + fmt(hi) +
           (hi_open ? ")" : "]");
  }
};

constexpr Range kAny{};
constexpr Range kShare{0, 1, false, false};
constexpr Range kOpenUnit{0, 1, true, true};
constexpr Range kPositiveShare{0, 1, true, false};
constexpr Range kNonNegative{0, kInf, false, false};
constexpr Range kPositive{0, kInf, true, false};
constexpr Range kGrowth{-1, 10, true, false};  // a yearly rate of change (at most +1000 %)
constexpr Range kDrift{-1, 1, false, false};

template <typename T>
struct NumField {
  std::string_view key;
  double T::*member;
  Range range;
};

constexpr std::array<NumField<FiscalRules>, 28> kFiscalFields{{
    {"vat_rate", &FiscalRules::vat_rate, kShare},
    {"cit_rate", &FiscalRules::cit_rate, kShare},
    {"vat_local_share", &FiscalRules::vat_local_share, kShare},
    {"cit_local_share", &FiscalRules::cit_local_share, kShare},
    {"county_share_of_local", &FiscalRules::county_share_of_local, kShare},
    {"platform_share_of_county", &FiscalRules::platform_share_of_county, kShare},
    {"above_scale_revenue_wan", &FiscalRules::above_scale_revenue_wan, kNonNegative},
    {"bank_rate", &FiscalRules::bank_rate, kShare},
    {"loan_to_capital", &FiscalRules::loan_to_capital, Range{0, 1, false, true}},
    {"collateral_recovery", &FiscalRules::collateral_recovery, kShare},
    {"listing_min_revenue_wan", &FiscalRules::listing_min_revenue_wan, kNonNegative},
    {"listing_hazard", &FiscalRules::listing_hazard, kShare},
    {"listing_cost_wan", &FiscalRules::listing_cost_wan, kPositive},
    {"listing_equity_ratio", &FiscalRules::listing_equity_ratio, kNonNegative},
    {"subsidy_taxable_share", &FiscalRules::subsidy_taxable_share, kShare},
    {"public_works_value_added_share", &FiscalRules::public_works_value_added_share, kShare},
    {"discount_rate", &FiscalRules::discount_rate, kShare},
    {"surcharge_rate", &FiscalRules::surcharge_rate, kShare},
    {"vat_base_share", &FiscalRules::vat_base_share, kShare},
    {"other_tax_rate", &FiscalRules::other_tax_rate, kShare},
    {"other_revenue_rate", &FiscalRules::other_revenue_rate, kShare},
    {"other_revenue_tax_share", &FiscalRules::other_revenue_tax_share, kShare},
    {"transfer_ratio", &FiscalRules::transfer_ratio, Range{0, 20, false, false}},
    {"transfers_growth", &FiscalRules::transfers_growth, kGrowth},
    {"spending_revenue_elasticity", &FiscalRules::spending_revenue_elasticity,
     Range{0, 3, false, false}},
    {"government_bond_rate", &FiscalRules::government_bond_rate, kShare},
    {"land_revenue_spent", &FiscalRules::land_revenue_spent, kShare},
}};

constexpr std::array<NumField<Credit>, 17> kCreditFields{{
    {"premium_micro", &Credit::premium_micro, kNonNegative},
    {"premium_small", &Credit::premium_small, kNonNegative},
    {"premium_medium", &Credit::premium_medium, kNonNegative},
    {"premium_large", &Credit::premium_large, kNonNegative},
    {"young_firm_years", &Credit::young_firm_years, kNonNegative},
    {"young_firm_premium", &Credit::young_firm_premium, kShare},
    {"maturing_share", &Credit::maturing_share, kShare},
    {"refusal_slope", &Credit::refusal_slope, kNonNegative},
    {"refusal_leverage", &Credit::refusal_leverage, kNonNegative},
    {"loan_refusal_micro", &Credit::loan_refusal_micro, kShare},
    {"loan_refusal_small", &Credit::loan_refusal_small, kShare},
    {"loan_refusal_medium", &Credit::loan_refusal_medium, kShare},
    {"loan_refusal_large", &Credit::loan_refusal_large, kShare},
    {"owner_funds_median", &Credit::owner_funds_median, kPositive},
    {"owner_funds_sigma", &Credit::owner_funds_sigma, Range{0, 5}},
    {"target_debt_share", &Credit::target_debt_share, kShare},
    {"cash_buffer_share", &Credit::cash_buffer_share, kShare},
}};

constexpr std::array<NumField<Exit>, 7> kExitFields{{
    {"base_hazard", &Exit::base_hazard, Range{0, 1, false, true}},
    {"loss_year_weight", &Exit::loss_year_weight, kNonNegative},
    {"net_worth_weight", &Exit::net_worth_weight, kNonNegative},
    {"size_elasticity", &Exit::size_elasticity, kNonNegative},
    {"age_elasticity", &Exit::age_elasticity, kNonNegative},
    {"reference_workers", &Exit::reference_workers, kPositive},
    {"reference_age", &Exit::reference_age, kPositive},
}};

constexpr std::array<NumField<LocationChoice>, 7> kLocationChoiceFields{{
    {"land_price", &LocationChoice::land_price, kAny},
    {"infrastructure", &LocationChoice::infrastructure, kAny},
    {"agglomeration", &LocationChoice::agglomeration, kAny},
    {"leading_sector", &LocationChoice::leading_sector, kAny},
    {"platform", &LocationChoice::platform, kAny},
    {"entry_award", &LocationChoice::entry_award, kAny},
    {"zone_entry_response", &LocationChoice::zone_entry_response, kNonNegative},
}};

constexpr std::array<NumField<Sector>, 29> kSectorFields{{
    {"capital_elasticity", &Sector::capital_elasticity, kOpenUnit},
    {"labour_elasticity", &Sector::labour_elasticity, kOpenUnit},
    {"value_added_share", &Sector::value_added_share, kPositiveShare},
    {"capital_output_ratio", &Sector::capital_output_ratio, kPositive},
    {"productivity_drift", &Sector::productivity_drift, kDrift},
    {"productivity_volatility", &Sector::productivity_volatility, kNonNegative},
    {"volatility_size_exponent", &Sector::volatility_size_exponent, kNonNegative},
    {"demand_growth", &Sector::demand_growth, kGrowth},
    {"demand_elasticity", &Sector::demand_elasticity, kPositive},
    {"tradable_share", &Sector::tradable_share, kShare},
    {"market_share_elasticity", &Sector::market_share_elasticity, kPositive},
    {"national_price_growth", &Sector::national_price_growth, kGrowth},
    {"local_demand_growth", &Sector::local_demand_growth, kGrowth},
    {"depreciation", &Sector::depreciation, kShare},
    {"risk_premium", &Sector::risk_premium, kShare},
    {"investment_adjustment", &Sector::investment_adjustment, kShare},
    {"capital_growth", &Sector::capital_growth, Range{0, 1, false, false}},
    {"investment_intensity_wan_per_mu", &Sector::investment_intensity_wan_per_mu, kPositive},
    {"investment_intensity_sigma", &Sector::investment_intensity_sigma, kNonNegative},
    {"entry_rate", &Sector::entry_rate, kNonNegative},
    {"entrant_revenue_median_wan", &Sector::entrant_revenue_median_wan, kPositive},
    {"entrant_revenue_sigma", &Sector::entrant_revenue_sigma, kNonNegative},
    {"entrant_equity_ratio", &Sector::entrant_equity_ratio, kShare},
    {"agglomeration_elasticity", &Sector::agglomeration_elasticity, kNonNegative},
    {"base_demand_yi", &Sector::base_demand_yi, kNonNegative},
    {"fixed_cost_wan", &Sector::fixed_cost_wan, kNonNegative},
    {"electricity_cost_share", &Sector::electricity_cost_share, kShare},
    {"entry_award_elasticity", &Sector::entry_award_elasticity, kNonNegative},
    {"entry_profit_elasticity", &Sector::entry_profit_elasticity, Range{0, 5, false, false}},
}};

constexpr std::array<NumField<Assessment>, 4> kAssessmentFields{{
    {"output_growth", &Assessment::output_growth, kNonNegative},
    {"tax_per_mu", &Assessment::tax_per_mu, kNonNegative},
    {"investment_growth", &Assessment::investment_growth, kNonNegative},
    {"output_per_mu", &Assessment::output_per_mu, kNonNegative},
}};

constexpr std::array<NumField<County>, 26> kCountyFields{{
    {"labour_force", &County::labour_force, kPositive},
    {"labour_force_growth", &County::labour_force_growth, kGrowth},
    {"wage_wan", &County::wage_wan, kPositive},
    {"wage_growth", &County::wage_growth, kGrowth},
    {"exogenous_gdp_yi", &County::exogenous_gdp_yi, kNonNegative},
    {"exogenous_gdp_growth", &County::exogenous_gdp_growth, kGrowth},
    {"exogenous_gdp_local_elasticity", &County::exogenous_gdp_local_elasticity, kNonNegative},
    {"promotion_effort", &County::promotion_effort, kNonNegative},
    {"budget_debt_yi", &County::budget_debt_yi, kAny},
    {"transfers_yi", &County::transfers_yi, kNonNegative},
    {"transfers_growth", &County::transfers_growth, kGrowth},
    {"other_revenue_yi", &County::other_revenue_yi, kNonNegative},
    {"other_spending_yi", &County::other_spending_yi, kNonNegative},
    {"population", &County::population, kNonNegative},
    {"population_growth", &County::population_growth, kGrowth},
    {"urbanisation", &County::urbanisation, kShare},
    {"urban_income_yuan", &County::urban_income_yuan, kNonNegative},
    {"rural_income_yuan", &County::rural_income_yuan, kNonNegative},
    {"urban_income_wage_elasticity", &County::urban_income_wage_elasticity, kNonNegative},
    {"urban_income_growth", &County::urban_income_growth, kGrowth},
    {"rural_income_growth", &County::rural_income_growth, kGrowth},
    {"rural_wage_share", &County::rural_wage_share, kShare},
    {"urbanisation_employment_elasticity", &County::urbanisation_employment_elasticity,
     kNonNegative},
    {"outside_land_vacancy_share", &County::outside_land_vacancy_share, kNonNegative},
    {"outside_land_growth", &County::outside_land_growth, kNonNegative},
    {"outside_land_price_wan_per_mu", &County::outside_land_price_wan_per_mu, kPositive},
}};

constexpr std::array<NumField<PlatformLand>, 5> kLandFields{{
    {"planned_ha", &PlatformLand::planned_ha, kNonNegative},
    {"serviced_ha", &PlatformLand::serviced_ha, kNonNegative},
    {"servicing_ha_per_year", &PlatformLand::servicing_ha_per_year, kNonNegative},
    {"price_wan_per_mu", &PlatformLand::price_wan_per_mu, kPositive},
    {"servicing_cost_wan_per_mu", &PlatformLand::servicing_cost_wan_per_mu, kNonNegative},
}};

constexpr std::array<NumField<OutsideLand>, 4> kOutsideLandFields{{
    {"outside_land_vacancy_share", &OutsideLand::outside_land_vacancy_share, kNonNegative},
    {"outside_land_growth", &OutsideLand::outside_land_growth, kNonNegative},
    {"outside_land_price_wan_per_mu", &OutsideLand::outside_land_price_wan_per_mu, kPositive},
    {"outside_land_price_elasticity", &OutsideLand::outside_land_price_elasticity,
     Range{0, 5, false, false}},
}};

constexpr std::array<NumField<SizeDistribution>, 4> kSizeFields{{
    {"lognormal_sigma", &SizeDistribution::lognormal_sigma, kNonNegative},
    {"tail_exponent", &SizeDistribution::tail_exponent, kPositive},
    {"tail_share", &SizeDistribution::tail_share, kShare},
    {"min_revenue_wan", &SizeDistribution::min_revenue_wan, kPositive},
}};

template <typename T, std::size_t N>
std::vector<std::string_view> keys_of(const std::array<NumField<T>, N>& fields,
                                      std::initializer_list<std::string_view> extra) {
  std::vector<std::string_view> keys(extra);
  for (const auto& f : fields) keys.push_back(f.key);
  return keys;
}

constexpr std::array<std::string_view, 7> kPlatformKindNames{
    "industrial_park", "agri_processing_cluster", "service_cluster",
    "featured_town",   "featured_small_town",     "scenic_area",
    "enclave_park"};
constexpr std::array<std::string_view, 4> kPlatformLevelNames{"national", "provincial", "municipal",
                                                              "county"};
constexpr std::array<std::string_view, 3> kCountyKindNames{"county", "district", "county_city"};
constexpr std::array<std::string_view, 3> kSectorKindNames{"industry", "construction", "services"};
constexpr std::array<std::string_view, 3> kVatClassNames{"general", "reduced", "services"};
constexpr std::array<std::string_view, 2> kPeerGroupNames{"level", "all"};
constexpr std::array<std::string_view, 3> kComparatorNames{"=", ">=", "<="};
constexpr std::array<std::string_view, 4> kTransformNames{"level", "growth", "change",
                                                          "count_above"};
constexpr std::array<std::string_view, 4> kSizeClassNames{"micro", "small", "medium", "large"};
constexpr std::array<std::string_view, 3> kFamilyNames{"subsidy", "land", "finance"};
constexpr std::array<std::string_view, 5> kSelectorPrefixes{"county", "platform", "sector",
                                                            "platform_kind", "platform_level"};

/// Plausibility bounds (docs/SCENARIO_FORMAT.md, "Plausibility bounds"), by key, checked after a
/// key's own range by number_value and int_value wherever the key is read: no real economy has a
/// value outside them, so one is a typo or a unit error.
struct Plausible {
  std::string_view key;
  double lo, hi;
  std::string_view what;
};
constexpr std::string_view kFirmMoney = "万元 of one firm";
constexpr std::string_view kAggregate = "亿元, an aggregate";
constexpr std::string_view kPerMu = "万元 per mu";
constexpr std::string_view kMultiplier = "a multiplier, elasticity or ratio";
constexpr std::string_view kSpread = "the standard deviation of a log";
constexpr std::array<Plausible, 58> kPlausible{{
    {"above_scale_revenue_wan", -kInf, 1e12, kFirmMoney},
    {"listing_min_revenue_wan", -kInf, 1e12, kFirmMoney},
    {"listing_cost_wan", -kInf, 1e12, kFirmMoney},
    {"entrant_revenue_median_wan", -kInf, 1e12, kFirmMoney},
    {"fixed_cost_wan", -kInf, 1e12, kFirmMoney},
    {"min_revenue_wan", -kInf, 1e12, kFirmMoney},
    {"revenue_yi", -kInf, 1e7, kAggregate},
    {"base_demand_yi", -kInf, 1e7, kAggregate},
    {"exogenous_gdp_yi", -kInf, 1e7, kAggregate},
    {"transfers_yi", -kInf, 1e7, kAggregate},
    {"other_spending_yi", -kInf, 1e7, kAggregate},
    {"other_revenue_yi", -kInf, 1e7, kAggregate},
    {"budget_debt_yi", -1e7, 1e7, kAggregate},
    {"price_wan_per_mu", -kInf, 1e6, kPerMu},
    {"servicing_cost_wan_per_mu", -kInf, 1e6, kPerMu},
    {"national_min_price_wan_per_mu", -kInf, 1e6, kPerMu},
    {"outside_land_price_wan_per_mu", -kInf, 1e6, kPerMu},
    {"outside_land_vacancy_share", -kInf, 10,
     "vacant outside land per unit of occupied outside land (10: ten times as much)"},
    {"outside_land_growth", -kInf, 1,
     "yearly addition to outside land per unit of the base-year occupied land"},
    {"investment_intensity_wan_per_mu", -kInf, 1e6, kPerMu},
    {"planned_ha", -kInf, 1e7, "hectares (100 000 km2)"},
    {"serviced_ha", -kInf, 1e7, "hectares (100 000 km2)"},
    {"servicing_ha_per_year", -kInf, 1e7, "hectares (100 000 km2)"},
    {"labour_force", -kInf, 2e9, "persons"},
    {"population", -kInf, 2e9, "persons"},
    {"wage_wan", -kInf, 1e4, "万元 per worker-year"},
    {"urban_income_yuan", -kInf, 1e8, "yuan per person-year"},
    {"rural_income_yuan", -kInf, 1e8, "yuan per person-year"},
    {"firms", -kInf, 1e9, "firms in one cell"},
    {"capital_output_ratio", -kInf, 1e3, kMultiplier},
    {"demand_elasticity", -kInf, 1e3, kMultiplier},
    {"market_share_elasticity", -kInf, 1e3, kMultiplier},
    {"exogenous_gdp_local_elasticity", -kInf, 1e3, kMultiplier},
    {"tail_exponent", -kInf, 1e3, kMultiplier},
    {"promotion_effort", -kInf, 1e3, kMultiplier},
    {"premium_micro", -kInf, 1e3, kMultiplier},
    {"premium_small", -kInf, 1e3, kMultiplier},
    {"premium_medium", -kInf, 1e3, kMultiplier},
    {"premium_large", -kInf, 1e3, kMultiplier},
    {"refusal_slope", -kInf, 1e3, kMultiplier},
    {"refusal_leverage", -kInf, 1e3, kMultiplier},
    {"listing_equity_ratio", -kInf, 1e3, kMultiplier},
    {"volatility_size_exponent", -kInf, 1e3, kMultiplier},
    {"agglomeration_elasticity", -kInf, 1e3, kMultiplier},
    {"urban_income_wage_elasticity", -kInf, 1e3, kMultiplier},
    {"urbanisation_employment_elasticity", -kInf, 1e3, kMultiplier},
    {"loss_year_weight", -kInf, 1e3, kMultiplier},
    {"net_worth_weight", -kInf, 1e3, kMultiplier},
    {"size_elasticity", -kInf, 1e3, kMultiplier},
    {"age_elasticity", -kInf, 1e3, kMultiplier},
    {"reference_workers", -kInf, 1e7, "persons in one firm"},
    {"reference_age", -kInf, 1e3, "years of a firm's age"},
    {"productivity_volatility", -kInf, 10, kSpread},
    {"investment_intensity_sigma", -kInf, 10, kSpread},
    {"entrant_revenue_sigma", -kInf, 10, kSpread},
    {"lognormal_sigma", -kInf, 10, kSpread},
    {"entry_rate", -kInf, 10, "entrants per incumbent per year"},
    {"zone_entry_response", -kInf, 1,
     "the share of a zone's logit pull that is new entry, 1 = all of its odds"},
}};

/// A table being read, with its description for messages ("[[counties]] '抚顺县'").
struct Section {
  const toml::table* table;
  std::string desc;
};

/// Names defined in the scenario (sectors, counties, ...), with where each was defined.
struct NameIndex {
  std::string what;  ///< "sector", "county", ...
  std::string key;   ///< "name" or "id"
  std::vector<std::string> names;
  std::map<std::string, SourceLocation> where;

  bool contains(const std::string& name) const { return where.count(name) > 0; }
};

class Parser {
 public:
  Parser(std::map<std::string, fs::path> dirs, std::string fallback)
      : dirs_(std::move(dirs)), fallback_(std::move(fallback)) {}

  Scenario parse(const toml::table& root);

 private:
  // --- errors and locations
  SourceLocation loc(const toml::node& n) const { return location(n.source(), fallback_); }
  SourceLocation loc(const toml::key& k) const { return location(k.source(), fallback_); }
  [[noreturn]] void fail(const toml::node& n, const std::string& message) const {
    throw ScenarioError(loc(n), message);
  }
  [[noreturn]] void fail(const SourceLocation& where, const std::string& message) const {
    throw ScenarioError(where, message);
  }
  static std::string key_in(const Section& s, std::string_view key) {
    return squote(key) + " in " + s.desc;
  }
  [[noreturn]] void wrong_type(const toml::node& n, std::string_view expected, const Section& s,
                               std::string_view key) const {
    fail(n,
         "expected " + std::string(expected) + " for " + key_in(s, key) + ", got " + type_name(n));
  }
  [[noreturn]] void missing(const Section& s, std::string_view key,
                            std::string_view hint = {}) const {
    fail(*s.table, "missing required key " + key_in(s, key) + std::string(hint));
  }

  // --- readers
  void check_keys(const Section& s, std::span<const std::string_view> known) const;
  const toml::node* find(const Section& s, std::string_view key) const { return s.table->get(key); }
  double number_value(const toml::node& n, const Section& s, std::string_view key,
                      const Range& range) const;
  std::optional<double> opt_number(const Section& s, std::string_view key,
                                   const Range& range) const;
  std::optional<std::int64_t> opt_int(const Section& s, std::string_view key,
                                      const Range& range) const;
  std::int64_t int_value(const toml::node& n, const Section& s, std::string_view key,
                         const Range& range) const;
  /// kPlausible's bound of `key`, if any.
  void check_plausible(const toml::node& n, const Section& s, std::string_view key, double v) const;
  const toml::node* opt_string(const Section& s, std::string_view key, std::string& out,
                               bool non_empty = true) const;
  const toml::node& req_string(const Section& s, std::string_view key, std::string& out) const;
  const toml::table* opt_table(const Section& s, std::string_view key) const;
  std::vector<const toml::table*> tables(const Section& s, std::string_view key) const;
  std::vector<std::pair<std::string, const toml::node*>> strings(const Section& s,
                                                                 std::string_view key) const;
  template <typename T, std::size_t N>
  void read_fields(const Section& s, T& obj, const std::array<NumField<T>, N>& fields) const {
    for (const auto& f : fields)
      if (auto v = opt_number(s, f.key, f.range)) obj.*f.member = *v;
  }
  template <std::size_t N>
  const toml::node* enum_string(const Section& s, std::string_view key,
                                const std::array<std::string_view, N>& names,
                                std::string& out) const;

  // --- names
  void define(NameIndex& index, const toml::node& name_node, const std::string& name) const;
  void require_ref(const NameIndex& index, const toml::node& n, const std::string& name,
                   const std::string& context) const;
  std::string read_name(const Section& s, std::string_view key, NameIndex& index,
                        const std::string& desc_prefix) const;

  // --- sections
  void parse_top(const toml::table& root);
  void parse_sectors(const Section& top);
  void parse_counties(const Section& top);
  void parse_platforms(const Section& top);
  void parse_initial(const Section& top);
  void parse_cells(const std::vector<const toml::table*>& cells);
  void parse_registry(const toml::node& path_node, const std::string& path);
  toml::table load_price_series(const toml::node& path_node, const std::string& path);
  /// A file a scenario names (resolved against the scenario file that wrote it): its path, or
  /// an error at the key naming `what` when it is not a readable regular file.
  fs::path input_file(const toml::node& path_node, const std::string& path,
                      const std::string& what);
  std::vector<std::pair<int, double>> price_path(const toml::table& file, const toml::node& at,
                                                 const std::string& name) const;
  void parse_policies(const Section& top);
  void parse_policy(const toml::table& t, PolicyFamily family, std::size_t index);
  void parse_targets(const Section& top);
  void parse_target(const toml::table& t, std::size_t index);
  void parse_calibration(const Section& top);
  Level parse_selector(const toml::node& n, const std::string& entity, const std::string& context,
                       bool* several = nullptr) const;
  /// An entity selector or an array of them (summed), each checked against `variable`.
  /// `summed` (in): true allows a non-additive variable over several entities (counting);
  /// (out): whether the selectors cover more than one entity.
  std::vector<std::string> parse_selectors(const Section& s, const toml::node& n,
                                           std::string_view key, const std::string& variable,
                                           const toml::node& variable_node, bool* summed) const;
  void check_year(const toml::node& n, std::int64_t year, const Section& s, std::string_view key,
                  bool growth) const;

  std::map<std::string, fs::path> dirs_;
  std::string fallback_;
  Scenario sc_;
  NameIndex sectors_{"sector", "name", {}, {}};
  NameIndex counties_{"county", "name", {}, {}};
  NameIndex platforms_{"platform", "name", {}, {}};
  NameIndex policies_{"policy", "name", {}, {}};
  NameIndex target_ids_{"target", "id", {}, {}};
  std::map<std::string, std::string> host_;  ///< platform -> host county
};

// --- readers --------------------------------------------------------------------------------

void Parser::check_keys(const Section& s, std::span<const std::string_view> known) const {
  const toml::key* first = nullptr;
  for (auto&& [key, value] : *s.table) {
    if (std::find(known.begin(), known.end(), key.str()) != known.end()) continue;
    const auto& a = key.source().begin;
    if (!first || std::tie(a.line, a.column) <
                      std::tie(first->source().begin.line, first->source().begin.column))
      first = &key;
  }
  if (!first) return;
  const std::string_view k = first->str();
  std::string message = "unknown key " + squote(k) + " in " + s.desc;
  if (k == "remove")
    message += " ('remove = true' only drops an element defined by a parent scenario)";
  else if (k == "extends")
    message += " ('extends' is only allowed at the top level)";
  else
    message += suggestion(k, known, false);
  fail(loc(*first), message);
}

double Parser::number_value(const toml::node& n, const Section& s, std::string_view key,
                            const Range& range) const {
  double v = 0;
  if (const auto* i = n.as_integer())
    v = static_cast<double>(i->get());
  else if (const auto* f = n.as_floating_point())
    v = f->get();
  else
    wrong_type(n, "a number", s, key);
  if (!range.contains(v))
    fail(n, key_in(s, key) + " must be " + range.describe() + ", got " + fmt(v));
  check_plausible(n, s, key, v);
  return v;
}

std::optional<double> Parser::opt_number(const Section& s, std::string_view key,
                                         const Range& range) const {
  const toml::node* n = find(s, key);
  if (!n) return std::nullopt;
  return number_value(*n, s, key, range);
}

std::int64_t Parser::int_value(const toml::node& n, const Section& s, std::string_view key,
                               const Range& range) const {
  const auto* i = n.as_integer();
  if (!i) wrong_type(n, "an integer", s, key);
  const std::int64_t v = i->get();
  if (!range.contains(static_cast<double>(v)))
    fail(n, key_in(s, key) + " must be " + range.describe() + ", got " + std::to_string(v));
  check_plausible(n, s, key, static_cast<double>(v));
  return v;
}

void Parser::check_plausible(const toml::node& n, const Section& s, std::string_view key,
                             double v) const {
  for (const Plausible& p : kPlausible) {
    if (p.key != key || (v >= p.lo && v <= p.hi)) continue;
    fail(n, key_in(s, key) + " must be " +
                (p.lo == -kInf ? "<= " + fmt(p.hi) : Range{p.lo, p.hi}.describe()) + " (" +
                std::string(p.what) + "; a plausibility bound), got " + fmt(v));
  }
}

std::optional<std::int64_t> Parser::opt_int(const Section& s, std::string_view key,
                                            const Range& range) const {
  const toml::node* n = find(s, key);
  if (!n) return std::nullopt;
  return int_value(*n, s, key, range);
}

const toml::node* Parser::opt_string(const Section& s, std::string_view key, std::string& out,
                                     bool non_empty) const {
  const toml::node* n = find(s, key);
  if (!n) return nullptr;
  const auto* str = n->as_string();
  if (!str) wrong_type(*n, "a string", s, key);
  out = str->get();
  if (non_empty && out.empty()) fail(*n, "expected a non-empty string for " + key_in(s, key));
  return n;
}

const toml::node& Parser::req_string(const Section& s, std::string_view key,
                                     std::string& out) const {
  const toml::node* n = opt_string(s, key, out);
  if (!n) missing(s, key);
  return *n;
}

const toml::table* Parser::opt_table(const Section& s, std::string_view key) const {
  const toml::node* n = find(s, key);
  if (!n) return nullptr;
  if (!n->is_table()) wrong_type(*n, "a table", s, key);
  return n->as_table();
}

std::vector<const toml::table*> Parser::tables(const Section& s, std::string_view key) const {
  std::vector<const toml::table*> out;
  const toml::node* n = find(s, key);
  if (!n) return out;
  const auto* arr = n->as_array();
  if (!arr) wrong_type(*n, "an array of tables", s, key);
  for (std::size_t i = 0; i < arr->size(); ++i) {
    const toml::node& el = *arr->get(i);
    if (!el.is_table())
      fail(el, "expected a table for element " + std::to_string(i + 1) + " of " + key_in(s, key) +
                   ", got " + type_name(el));
    out.push_back(el.as_table());
  }
  return out;
}

std::vector<std::pair<std::string, const toml::node*>> Parser::strings(const Section& s,
                                                                       std::string_view key) const {
  std::vector<std::pair<std::string, const toml::node*>> out;
  const toml::node* n = find(s, key);
  if (!n) return out;
  const auto* arr = n->as_array();
  if (!arr) wrong_type(*n, "an array of strings", s, key);
  for (std::size_t i = 0; i < arr->size(); ++i) {
    const toml::node& el = *arr->get(i);
    if (!el.is_string())
      fail(el, "expected a string for element " + std::to_string(i + 1) + " of " + key_in(s, key) +
                   ", got " + type_name(el));
    for (const auto& [prev, prev_node] : out)
      if (prev == el.as_string()->get())
        fail(el, "duplicate entry " + squote(prev) + " in " + key_in(s, key));
    out.emplace_back(el.as_string()->get(), &el);
  }
  return out;
}

template <std::size_t N>
const toml::node* Parser::enum_string(const Section& s, std::string_view key,
                                      const std::array<std::string_view, N>& names,
                                      std::string& out) const {
  const toml::node* n = opt_string(s, key, out, false);
  if (!n) return nullptr;
  if (std::find(names.begin(), names.end(), out) == names.end()) {
    std::string message =
        "expected one of " + one_of(names) + " for " + key_in(s, key) + ", got " + squote(out);
    if (auto sug = did_you_mean(out, names)) message += "; did you mean '" + *sug + "'?";
    fail(*n, message);
  }
  return n;
}

// --- names ----------------------------------------------------------------------------------

void Parser::define(NameIndex& index, const toml::node& name_node, const std::string& name) const {
  const auto it = index.where.find(name);
  if (it != index.where.end())
    fail(name_node, "duplicate " + index.what + " " + index.key + " " + squote(name) +
                        " (first defined at " + format_location(it->second) + ")");
  index.where.emplace(name, loc(name_node));
  index.names.push_back(name);
}

void Parser::require_ref(const NameIndex& index, const toml::node& n, const std::string& name,
                         const std::string& context) const {
  if (index.contains(name)) return;
  const auto known = views(index.names);
  fail(n, "unknown " + index.what + " " + squote(name) + " in " + context +
              (known.empty() ? "; no " + index.what + " is defined" : suggestion(name, known)));
}

/// Reads the required `key` (name or id) of an array element and returns the element's
/// description: "PREFIX 'name'".
std::string Parser::read_name(const Section& s, std::string_view key, NameIndex& index,
                              const std::string& desc_prefix) const {
  std::string name;
  const toml::node& n = req_string(s, key, name);
  define(index, n, name);
  return desc_prefix + " " + squote(name);
}

// --- top level ------------------------------------------------------------------------------

Scenario Parser::parse(const toml::table& root) {
  parse_top(root);
  return std::move(sc_);
}

void Parser::parse_top(const toml::table& root) {
  const Section top{&root, "the top-level table"};
  static constexpr std::array<std::string_view, 22> kKeys{
      "format",    "name",        "plan",     "description",     "first_year", "last_year",
      "seed",      "replicates",  "fiscal",   "location_choice", "sectors",    "counties",
      "platforms", "initial",     "policies", "targets",         "assessment", "credit",
      "exit",      "calibration", "land",     "national_prices"};
  check_keys(top, kKeys);

  const toml::node* format = find(top, "format");
  if (!format) missing(top, "format", " (this version reads format = 1)");
  const std::int64_t version = int_value(*format, top, "format", kAny);
  if (version != 1)
    fail(*format,
         "unsupported scenario format " + std::to_string(version) + "; expected 'format = 1'");
  sc_.format = 1;
  req_string(top, "name", sc_.name);
  opt_string(top, "plan", sc_.plan, false);
  opt_string(top, "description", sc_.description, false);

  const Range years{1900, 2200, false, false};
  const toml::node* first = find(top, "first_year");
  if (!first) missing(top, "first_year");
  sc_.first_year = static_cast<int>(int_value(*first, top, "first_year", years));
  const toml::node* last = find(top, "last_year");
  if (!last) missing(top, "last_year");
  sc_.last_year = static_cast<int>(int_value(*last, top, "last_year", years));
  if (sc_.last_year <= sc_.first_year)
    fail(*last, "'last_year' (" + std::to_string(sc_.last_year) +
                    ") must be greater than 'first_year' (" + std::to_string(sc_.first_year) + ")");
  const toml::node* seed = find(top, "seed");
  if (!seed) missing(top, "seed");
  sc_.seed = static_cast<std::uint64_t>(int_value(*seed, top, "seed", kNonNegative));
  if (auto r = opt_int(top, "replicates", Range{1, 1e6, false, false}))
    sc_.replicates = static_cast<int>(*r);

  if (const toml::table* fiscal = opt_table(top, "fiscal")) {
    const Section s{fiscal, "[fiscal]"};
    check_keys(s, keys_of(kFiscalFields, {}));
    read_fields(s, sc_.fiscal, kFiscalFields);
  }
  if (const toml::table* credit = opt_table(top, "credit")) {
    const Section s{credit, "[credit]"};
    check_keys(s, keys_of(kCreditFields, {}));
    read_fields(s, sc_.credit, kCreditFields);
  }
  if (const toml::table* exit = opt_table(top, "exit")) {
    const Section s{exit, "[exit]"};
    check_keys(s, keys_of(kExitFields, {}));
    read_fields(s, sc_.exit, kExitFields);
  }
  if (const toml::table* choice = opt_table(top, "location_choice")) {
    const Section s{choice, "[location_choice]"};
    check_keys(s, keys_of(kLocationChoiceFields, {}));
    read_fields(s, sc_.location_choice, kLocationChoiceFields);
  }
  if (const toml::table* land = opt_table(top, "land")) {
    const Section s{land, "[land]"};
    check_keys(s, keys_of(kOutsideLandFields, {}));
    read_fields(s, sc_.land, kOutsideLandFields);
  }
  if (const toml::table* assessment = opt_table(top, "assessment")) {
    const Section s{assessment, "[assessment]"};
    check_keys(s, keys_of(kAssessmentFields, {"peer_group"}));
    read_fields(s, sc_.assessment, kAssessmentFields);
    std::string group;
    if (enum_string(s, "peer_group", kPeerGroupNames, group))
      sc_.assessment.peer_group_by_level = group == "level";
  }

  parse_sectors(top);
  parse_counties(top);
  parse_platforms(top);
  parse_initial(top);
  parse_policies(top);
  parse_targets(top);
  parse_calibration(top);
}

void Parser::parse_sectors(const Section& top) {
  const auto list = tables(top, "sectors");
  if (list.empty()) missing(top, "sectors", " (at least one [[sectors]] table is needed)");
  const auto known = keys_of(
      kSectorFields, {"name", "kind", "vat_class", "loss_years_to_exit", "national_price_series"});
  std::string prices_path;
  const toml::node* prices_node = opt_string(top, "national_prices", prices_path);
  std::optional<toml::table> prices;
  for (std::size_t i = 0; i < list.size(); ++i) {
    Sector sector;
    std::string prefix = "[[sectors]]";
    const Section first{list[i], "[[sectors]] #" + std::to_string(i + 1)};
    const Section s{list[i], read_name(first, "name", sectors_, prefix)};
    sector.name = sectors_.names.back();
    sector.where = loc(*list[i]);
    check_keys(s, known);
    std::string kind;
    if (enum_string(s, "kind", kSectorKindNames, kind))
      sector.kind = *sector_kind_from_string(kind);
    std::string vat_class;
    if (enum_string(s, "vat_class", kVatClassNames, vat_class))
      sector.vat_class =
          static_cast<VatClass>(std::find(kVatClassNames.begin(), kVatClassNames.end(), vat_class) -
                                kVatClassNames.begin());
    read_fields(s, sector, kSectorFields);
    if (const toml::node* series =
            opt_string(s, "national_price_series", sector.national_price_series)) {
      if (!prices_node)
        fail(*series, "'national_price_series' in " + s.desc +
                          " names a series, but the scenario gives no 'national_prices' file at "
                          "the top level (e.g. national_prices = \"../data/prices/"
                          "national_prices.toml\")");
      if (!prices) prices = load_price_series(*prices_node, prices_path);
      sector.national_price_path = price_path(*prices, *series, sector.national_price_series);
    }
    if (auto v = opt_int(s, "loss_years_to_exit", Range{1, 255, false, false}))
      sector.loss_years_to_exit = static_cast<int>(*v);
    if (sector.capital_elasticity + sector.labour_elasticity >= 1) {
      const toml::node* at = find(s, "labour_elasticity");
      if (!at) at = find(s, "capital_elasticity");
      fail(*at, "'capital_elasticity' + 'labour_elasticity' in " + s.desc +
                    " must be < 1 (decreasing returns to scale), got " +
                    fmt(sector.capital_elasticity) + " + " + fmt(sector.labour_elasticity) + " = " +
                    fmt(sector.capital_elasticity + sector.labour_elasticity));
    }
    sc_.sectors.push_back(std::move(sector));
  }
}

void Parser::parse_counties(const Section& top) {
  const auto list = tables(top, "counties");
  if (list.empty()) missing(top, "counties", " (at least one [[counties]] table is needed)");
  const auto known = keys_of(kCountyFields, {"name", "kind"});
  for (std::size_t i = 0; i < list.size(); ++i) {
    County county;
    std::string prefix = "[[counties]]";
    const Section first{list[i], "[[counties]] #" + std::to_string(i + 1)};
    const Section s{list[i], read_name(first, "name", counties_, prefix)};
    county.name = counties_.names.back();
    county.where = loc(*list[i]);
    check_keys(s, known);
    std::string kind;
    if (enum_string(s, "kind", kCountyKindNames, kind))
      county.kind = *county_kind_from_string(kind);
    county.outside_land_vacancy_share = sc_.land.outside_land_vacancy_share;  // [land] defaults
    county.outside_land_growth = sc_.land.outside_land_growth;
    county.outside_land_price_wan_per_mu = sc_.land.outside_land_price_wan_per_mu;
    read_fields(s, county, kCountyFields);
    sc_.counties.push_back(std::move(county));
  }
}

void Parser::parse_platforms(const Section& top) {
  const auto list = tables(top, "platforms");
  static constexpr std::array<std::string_view, 8> kKeys{"name",
                                                         "kind",
                                                         "level",
                                                         "county",
                                                         "leading_sectors",
                                                         "infrastructure",
                                                         "land",
                                                         "national_min_price_wan_per_mu"};
  const auto land_keys = keys_of(kLandFields, {});
  for (std::size_t i = 0; i < list.size(); ++i) {
    Platform platform;
    std::string prefix = "[[platforms]]";
    const Section first{list[i], "[[platforms]] #" + std::to_string(i + 1)};
    const Section s{list[i], read_name(first, "name", platforms_, prefix)};
    platform.name = platforms_.names.back();
    platform.where = loc(*list[i]);
    check_keys(s, kKeys);
    std::string text;
    if (!enum_string(s, "kind", kPlatformKindNames, text))
      missing(s, "kind", " (expected one of " + one_of(kPlatformKindNames) + ")");
    platform.kind = *platform_kind_from_string(text);
    if (enum_string(s, "level", kPlatformLevelNames, text))
      platform.level = *platform_level_from_string(text);
    const toml::node& county = req_string(s, "county", platform.county);
    require_ref(counties_, county, platform.county, key_in(s, "county"));
    for (auto& [name, node] : strings(s, "leading_sectors")) {
      require_ref(sectors_, *node, name, key_in(s, "leading_sectors"));
      platform.leading_sectors.push_back(name);
    }
    if (auto v = opt_number(s, "infrastructure", kPositive)) platform.infrastructure = *v;
    if (auto v = opt_number(s, "national_min_price_wan_per_mu", kNonNegative))
      platform.national_min_price_wan_per_mu = *v;
    if (const toml::table* land = opt_table(s, "land")) {
      const Section ls{land, "'land' of " + s.desc};
      check_keys(ls, land_keys);
      read_fields(ls, platform.land, kLandFields);
      if (platform.land.serviced_ha > platform.land.planned_ha) {
        const toml::node* at = find(ls, "serviced_ha");
        if (!at) at = find(ls, "planned_ha");
        fail(*at, "'serviced_ha' (" + fmt(platform.land.serviced_ha) +
                      ") must not exceed 'planned_ha' (" + fmt(platform.land.planned_ha) + ") in " +
                      ls.desc);
      }
    }
    host_[platform.name] = platform.county;
    sc_.platforms.push_back(std::move(platform));
  }
}

// --- initial conditions ---------------------------------------------------------------------

void Parser::parse_initial(const Section& top) {
  const toml::table* initial = opt_table(top, "initial");
  if (!initial)
    missing(top, "initial", " (an [initial] table with [[initial.cells]] or 'firm_registry')");
  const Section s{initial, "[initial]"};
  static constexpr std::array<std::string_view, 5> kKeys{"size_distribution", "firm_registry",
                                                         "cells", "revenue_scale", "income_growth"};
  check_keys(s, kKeys);
  if (auto g = opt_number(s, "income_growth", Range{-0.5, 1, false, false}))
    sc_.initial.income_growth = *g;
  if (const toml::table* scale = opt_table(s, "revenue_scale")) {
    const Section ss{scale, "[initial.revenue_scale]"};
    std::vector<std::string_view> kinds(kPlatformKindNames.begin(), kPlatformKindNames.end());
    kinds.push_back("outside");
    check_keys(ss, kinds);
    for (const auto& [key, node] : *scale)
      sc_.initial.revenue_scale[std::string(key.str())] =
          number_value(node, ss, key.str(), kPositive);
  }
  if (const toml::table* size = opt_table(s, "size_distribution")) {
    const Section ss{size, "[initial.size_distribution]"};
    check_keys(ss, keys_of(kSizeFields, {}));
    read_fields(ss, sc_.initial.size, kSizeFields);
  }
  const auto cells = tables(s, "cells");
  std::string registry;
  const toml::node* registry_node = opt_string(s, "firm_registry", registry);
  if (registry_node && !cells.empty())
    fail(*registry_node,
         "'firm_registry' and [[initial.cells]] are mutually exclusive in [initial]; give one");
  if (!registry_node && cells.empty())
    fail(*initial, "[initial] needs either [[initial.cells]] or 'firm_registry'");
  if (registry_node)
    parse_registry(*registry_node, registry);
  else
    parse_cells(cells);
}

void Parser::parse_cells(const std::vector<const toml::table*>& cells) {
  static constexpr std::array<std::string_view, 5> kKeys{"county", "platform", "sector", "firms",
                                                         "revenue_yi"};
  std::map<std::tuple<std::string, std::string, std::string>, SourceLocation> seen;
  for (std::size_t i = 0; i < cells.size(); ++i) {
    const Section s{cells[i], "[[initial.cells]] #" + std::to_string(i + 1)};
    check_keys(s, kKeys);
    InitialCell cell;
    cell.where = loc(*cells[i]);
    const toml::node& sector = req_string(s, "sector", cell.sector);
    require_ref(sectors_, sector, cell.sector, key_in(s, "sector"));
    std::string platform;
    const toml::node* platform_node = opt_string(s, "platform", platform);
    if (platform_node) {
      require_ref(platforms_, *platform_node, platform, key_in(s, "platform"));
      cell.platform = platform;
    }
    const toml::node* county_node = opt_string(s, "county", cell.county);
    if (county_node) {
      require_ref(counties_, *county_node, cell.county, key_in(s, "county"));
      if (platform_node && host_.at(platform) != cell.county)
        fail(*county_node, "county " + squote(cell.county) + " in " + s.desc +
                               " does not host platform " + squote(platform) +
                               " (its host county is " + squote(host_.at(platform)) +
                               "); omit 'county' or correct it");
    } else if (platform_node) {
      cell.county = host_.at(platform);
    } else {
      missing(s, "county", " ('county' may be omitted only when 'platform' is given)");
    }
    const toml::node* firms = find(s, "firms");
    if (!firms) missing(s, "firms");
    cell.firms = int_value(*firms, s, "firms", Range{1, kInf, false, false});
    const toml::node* revenue = find(s, "revenue_yi");
    if (!revenue) missing(s, "revenue_yi");
    cell.revenue_yi = number_value(*revenue, s, "revenue_yi", kPositive);

    const auto [it, inserted] =
        seen.emplace(std::make_tuple(cell.county, platform, cell.sector), cell.where);
    if (!inserted)
      fail(cell.where, "duplicate cell (county " + squote(cell.county) + ", " +
                           (platform_node ? "platform " + squote(platform) : "no platform") +
                           ", sector " + squote(cell.sector) + ") in " + s.desc +
                           "; first defined at " + format_location(it->second));
    sc_.initial.cells.push_back(std::move(cell));
  }
}

fs::path Parser::input_file(const toml::node& path_node, const std::string& path,
                            const std::string& what) {
  const auto& src = path_node.source();
  fs::path dir;
  if (src.path) {
    const auto it = dirs_.find(*src.path);
    dir = it != dirs_.end() ? it->second : fs::path(*src.path).parent_path();
  }
  const fs::path file = (dir / fs::path(path)).lexically_normal();
  std::error_code ec;
  if (!fs::is_regular_file(file, ec))
    fail(path_node, "cannot open the " + what + " " + squote(path) + " (resolved to " +
                        squote(file.string()) +
                        "): " + (fs::exists(file, ec) ? "not a regular file" : "no such file"));
  return file;
}

toml::table Parser::load_price_series(const toml::node& path_node, const std::string& path) {
  const fs::path file = input_file(path_node, path, "national price file");
  sc_.national_prices_file = file.string();
  try {
    return toml::parse_file(file.string());
  } catch (const toml::parse_error& e) {
    const auto& b = e.source().begin;
    throw ScenarioError({file.string(), static_cast<int>(b.line), static_cast<int>(b.column)},
                        std::string(e.description()));
  }
}

std::vector<std::pair<int, double>> Parser::price_path(const toml::table& file,
                                                       const toml::node& at,
                                                       const std::string& name) const {
  const auto where = [&](const toml::node& n) {
    const auto& b = n.source().begin;
    return SourceLocation{sc_.national_prices_file, static_cast<int>(b.line),
                          static_cast<int>(b.column)};
  };
  const toml::array* list = file["series"].as_array();
  std::vector<std::string> names;
  if (list)
    for (const auto& item : *list) {
      const toml::table* t = item.as_table();
      if (!t) throw ScenarioError(where(item), "expected a [[series]] table");
      const auto series_name = (*t)["name"].value<std::string>();
      if (!series_name)
        throw ScenarioError(where(item), "a [[series]] table needs a string 'name'");
      names.push_back(*series_name);
      if (*series_name != name) continue;
      const toml::array* years = (*t)["years"].as_array();
      const toml::array* index = (*t)["index"].as_array();
      if (!years || !index || years->size() != index->size())
        throw ScenarioError(where(item), "series '" + name +
                                             "': expected arrays 'years' and 'index' of the same "
                                             "length");
      std::vector<std::pair<int, double>> path;
      for (std::size_t k = 0; k < years->size(); ++k) {
        const auto y = (*years)[k].value<std::int64_t>();
        const auto v = (*index)[k].value<double>();
        if (!y || !v || !(*v > 0) || !std::isfinite(*v))
          throw ScenarioError(where((*index)[k]),
                              "series '" + name +
                                  "': expected an integer year and a positive index "
                                  "(previous year = 100)");
        if (!path.empty() && *y <= path.back().first)
          throw ScenarioError(where((*years)[k]), "series '" + name +
                                                      "': years must increase, got " +
                                                      std::to_string(*y) + " after " +
                                                      std::to_string(path.back().first));
        path.emplace_back(static_cast<int>(*y), *v / 100.0 - 1.0);
      }
      return path;
    }
  std::vector<std::string_view> known(names.begin(), names.end());
  fail(at, "no national price series " + squote(name) + " in " + squote(sc_.national_prices_file) +
               suggestion(name, known));
}

void Parser::parse_registry(const toml::node& path_node, const std::string& path) {
  const fs::path file = input_file(path_node, path, "firm registry");
  sc_.initial.firm_registry = file.string();
  sc_.initial.registry_firms = read_firm_registry_csv(file);
  const auto check = [&](const NameIndex& index, const RegistryFirm& firm, const std::string& name,
                         std::string_view column) {
    if (index.contains(name)) return;
    fail(firm.where, "unknown " + index.what + " " + squote(name) + " for firm " + squote(firm.id) +
                         " in column '" + std::string(column) + "' of the firm registry" +
                         suggestion(name, views(index.names)));
  };
  for (const RegistryFirm& firm : sc_.initial.registry_firms) {
    check(sectors_, firm, firm.sector, "sector");
    check(counties_, firm, firm.county, "county");
    if (!firm.platform.empty()) {
      check(platforms_, firm, firm.platform, "platform");
      if (host_.at(firm.platform) != firm.county)
        fail(firm.where, "firm " + squote(firm.id) + " is in platform " + squote(firm.platform) +
                             " whose host county is " + squote(host_.at(firm.platform)) + ", not " +
                             squote(firm.county));
    }
  }
}

// --- policies -------------------------------------------------------------------------------

void Parser::parse_policies(const Section& top) {
  const toml::table* policies = opt_table(top, "policies");
  if (!policies) return;
  const Section s{policies, "[policies]"};
  check_keys(s, kFamilyNames);
  for (const PolicyFamily family :
       {PolicyFamily::subsidy, PolicyFamily::land, PolicyFamily::finance}) {
    const auto list = tables(s, to_string(family));
    for (std::size_t i = 0; i < list.size(); ++i) parse_policy(*list[i], family, i);
  }
}

void Parser::parse_policy(const toml::table& t, PolicyFamily family, std::size_t index) {
  static constexpr std::array<std::string_view, 7> kKeys{
      "instrument", "name", "payer", "start_year", "end_year", "scope", "params"};
  const std::string family_name = to_string(family);
  std::string prefix = "[[policies." + family_name + "]]";
  const Section first{&t, prefix + " #" + std::to_string(index + 1)};
  const Section s{&t, read_name(first, "name", policies_, prefix)};
  check_keys(s, kKeys);
  PolicySpec spec;
  spec.family = family;
  spec.name = policies_.names.back();
  spec.where = loc(t);

  const toml::node& instrument = req_string(s, "instrument", spec.instrument);
  const policy::InstrumentInfo* info = policy::find_instrument(spec.instrument);
  if (!info) {
    std::vector<std::string_view> all, same_family;
    for (const auto& i : policy::instrument_registry()) {
      all.push_back(i.name);
      if (i.family == family) same_family.push_back(i.name);
    }
    std::string message = "unknown instrument " + squote(spec.instrument) + " in " + s.desc;
    if (auto sug = did_you_mean(spec.instrument, all))
      message += "; did you mean '" + *sug + "'?";
    else if (same_family.empty())
      message += "; no " + family_name + " instrument is registered";
    else
      message += "; registered " + family_name + " instruments: " + one_of(same_family);
    fail(instrument, message);
  }
  if (info->family != family)
    fail(instrument, "instrument " + squote(info->name) + " in " + s.desc + " is a " +
                         to_string(info->family) + " instrument; put it in [[policies." +
                         to_string(info->family) + "]]");

  spec.payer = "county";
  if (const toml::node* payer = opt_string(s, "payer", spec.payer)) {
    if (info->own_payers)
      fail(*payer, "instrument " + squote(info->name) + " in " + s.desc +
                       " is paid by several levels as its parameters say; remove 'payer'");
    if (spec.payer != "county" && spec.payer != "upper" && spec.payer != "province" &&
        !counties_.contains(spec.payer)) {
      std::vector<std::string_view> known{"county", "upper", "province"};
      for (const auto& c : counties_.names) known.push_back(c);
      fail(*payer, "unknown payer " + squote(spec.payer) + " in " + s.desc +
                       " (expected 'county', 'upper', 'province' or a county name)" +
                       suggestion(spec.payer, known, false));
    }
  }

  const Range years{static_cast<double>(sc_.first_year + 1), static_cast<double>(sc_.last_year),
                    false, false};
  spec.start_year = static_cast<int>(opt_int(s, "start_year", years).value_or(sc_.first_year + 1));
  spec.end_year = static_cast<int>(opt_int(s, "end_year", years).value_or(sc_.last_year));
  if (spec.end_year < spec.start_year) {
    const toml::node* at = find(s, "end_year");
    if (!at) at = find(s, "start_year");
    fail(*at, "'end_year' (" + std::to_string(spec.end_year) + ") is before 'start_year' (" +
                  std::to_string(spec.start_year) + ") in " + s.desc);
  }

  if (const toml::table* scope = opt_table(s, "scope")) {
    const Section ss{scope, "'scope' of " + s.desc};
    static constexpr std::array<std::string_view, 4> kScopeKeys{"counties", "platforms", "sectors",
                                                                "size_classes"};
    check_keys(ss, kScopeKeys);
    for (auto& [name, node] : strings(ss, "counties")) {
      require_ref(counties_, *node, name, key_in(ss, "counties"));
      spec.scope.counties.push_back(name);
    }
    for (auto& [name, node] : strings(ss, "platforms")) {
      require_ref(platforms_, *node, name, key_in(ss, "platforms"));
      spec.scope.platforms.push_back(name);
    }
    for (auto& [name, node] : strings(ss, "sectors")) {
      require_ref(sectors_, *node, name, key_in(ss, "sectors"));
      spec.scope.sectors.push_back(name);
    }
    for (auto& [name, node] : strings(ss, "size_classes")) {
      if (std::find(kSizeClassNames.begin(), kSizeClassNames.end(), name) == kSizeClassNames.end())
        fail(*node, "unknown size class " + squote(name) + " in " + key_in(ss, "size_classes") +
                        suggestion(name, kSizeClassNames));
      spec.scope.size_classes.push_back(name);
    }
  }

  std::vector<std::string_view> param_names;
  for (const auto& p : info->params) param_names.push_back(p.name);
  const toml::table* params = opt_table(s, "params");
  if (params) {
    const Section ps{params, "'params' of " + s.desc + " (instrument " + squote(info->name) + ")"};
    check_keys(ps, param_names);
    for (const auto& p : info->params) {
      if (p.choices.empty()) {
        if (auto v = opt_number(ps, p.name, Range{p.min_value, p.max_value, false, false}))
          spec.params[p.name] = *v;
        continue;
      }
      std::string choice;
      if (const toml::node* at = opt_string(ps, p.name, choice)) {
        const auto it = std::find(p.choices.begin(), p.choices.end(), choice);
        if (it == p.choices.end()) {
          std::vector<std::string_view> names(p.choices.begin(), p.choices.end());
          fail(*at, "unknown value " + squote(choice) + " of " + key_in(ps, p.name) +
                        " (expected " + one_of(names) + ")" + suggestion(choice, names, false));
        }
        spec.params[p.name] = static_cast<double>(it - p.choices.begin());
      }
    }
  }
  for (const auto& p : info->params) {
    if (spec.params.count(p.name)) continue;
    if (p.required)
      fail(params ? loc(*params) : loc(t), "missing required parameter " + squote(p.name) + " (" +
                                               p.description + ") of instrument " +
                                               squote(info->name) + " in " +
                                               (params ? "'params' of " : "") + s.desc);
    spec.params[p.name] = p.default_value;
  }
  if (info->check) {
    const std::string problem = info->check(spec.params);
    if (!problem.empty())
      fail(params ? loc(*params) : loc(t), problem + " in " + (params ? "'params' of " : "") +
                                               s.desc + " (instrument " + squote(info->name) + ")");
  }
  sc_.policies.push_back(std::move(spec));
}

// --- targets --------------------------------------------------------------------------------

void Parser::parse_targets(const Section& top) {
  const auto list = tables(top, "targets");
  for (std::size_t i = 0; i < list.size(); ++i) parse_target(*list[i], i);
}

Level Parser::parse_selector(const toml::node& n, const std::string& entity,
                             const std::string& context, bool* several) const {
  if (several) *several = false;
  if (entity == "region") return Level::region;
  const auto colon = entity.find(':');
  const std::string prefix = entity.substr(0, colon);
  if (colon == std::string::npos || std::find(kSelectorPrefixes.begin(), kSelectorPrefixes.end(),
                                              prefix) == kSelectorPrefixes.end()) {
    std::vector<std::string_view> forms{"region"};
    forms.insert(forms.end(), kSelectorPrefixes.begin(), kSelectorPrefixes.end());
    std::string message = "invalid entity selector " + squote(entity) + " in " + context +
                          "; expected 'region', 'county:NAME', 'platform:NAME', 'sector:NAME' "
                          "(NAME may be '*': all of them), 'platform_kind:KIND' or "
                          "'platform_level:LEVEL'";
    if (auto sug = did_you_mean(prefix, forms))
      message += "; did you mean '" + *sug + (*sug == "region" ? "" : ":") + "'?";
    fail(n, message);
  }
  const std::string name = entity.substr(colon + 1);
  if (name.empty()) fail(n, "missing name after '" + prefix + ":' in " + context);
  const bool all = name == "*";
  if (several) *several = all || prefix == "platform_kind" || prefix == "platform_level";
  if (prefix == "county") {
    if (!all) require_ref(counties_, n, name, context);
    return Level::county;
  }
  if (prefix == "platform") {
    if (!all) require_ref(platforms_, n, name, context);
    return Level::platform;
  }
  if (prefix == "sector") {
    if (!all) require_ref(sectors_, n, name, context);
    return Level::sector;
  }
  if (prefix == "platform_kind") {
    if (!platform_kind_from_string(name))
      fail(n, "unknown platform kind " + squote(name) + " in " + context +
                  suggestion(name, kPlatformKindNames));
    return Level::platform;
  }
  if (!platform_level_from_string(name))
    fail(n, "unknown platform level " + squote(name) + " in " + context +
                suggestion(name, kPlatformLevelNames));
  return Level::platform;
}

std::vector<std::string> Parser::parse_selectors(const Section& s, const toml::node& n,
                                                 std::string_view key, const std::string& variable,
                                                 const toml::node& variable_node,
                                                 bool* summed) const {
  std::vector<std::pair<const toml::node*, std::string>> terms;
  if (const auto* text = n.as_string()) {
    terms.emplace_back(&n, text->get());
  } else if (const auto* list = n.as_array()) {
    if (list->empty()) fail(n, "expected at least one entity selector in " + key_in(s, key));
    for (std::size_t i = 0; i < list->size(); ++i) {
      const toml::node& e = *list->get(i);
      const auto* text_e = e.as_string();
      if (!text_e) wrong_type(e, "a string (an entity selector)", s, std::string(key));
      terms.emplace_back(&e, text_e->get());
    }
  } else {
    wrong_type(n, "a string or an array of strings (entity selectors)", s, std::string(key));
  }
  std::vector<std::string> out;
  bool several = terms.size() > 1;
  for (const auto& [node, text] : terms) {
    bool many = false;
    const Level level = parse_selector(*node, text, key_in(s, key), &many);
    several = several || many;
    const VariableInfo* info = find_variable(level, variable);
    if (!info) {
      std::vector<std::string_view> known;
      for (const auto& v : output_variables(level)) known.push_back(v.name);
      std::string message = "unknown variable " + squote(variable) + " for a " + to_string(level) +
                            "-level entity (" + squote(text) + " in " + key_in(s, key) + ")";
      if (auto sug = did_you_mean(variable, known))
        message += "; did you mean '" + *sug + "'?";
      else
        message += "; " + std::string(to_string(level)) + " variables are " + one_of(known);
      fail(variable_node, message);
    }
    if (several && !info->additive && !(summed && *summed))
      fail(variable_node, "variable " + squote(variable) + " in " + s.desc +
                              " does not add up across " +
                              (level == Level::county   ? "counties"
                               : level == Level::sector ? "sectors"
                                                        : "platforms") +
                              ", so it cannot be summed over " + key_in(s, key) +
                              "; select one entity (e.g. 'platform:NAME')");
    out.push_back(text);
  }
  if (summed) *summed = several;
  return out;
}

void Parser::check_year(const toml::node& n, std::int64_t year, const Section& s,
                        std::string_view key, bool growth) const {
  const int lo = growth ? sc_.first_year + 1 : sc_.first_year;
  if (year < lo || year > sc_.last_year)
    fail(n, "year " + std::to_string(year) + " in " + key_in(s, key) + " must be in [" +
                std::to_string(lo) + ", " + std::to_string(sc_.last_year) + "]" +
                (growth ? " (a growth target needs a year after first_year)"
                        : " (first_year .. last_year)"));
}

void Parser::parse_target(const toml::table& t, std::size_t index) {
  static constexpr std::array<std::string_view, 17> kKeys{"id",
                                                          "description",
                                                          "finding",
                                                          "out_of_scope",
                                                          "entity",
                                                          "variable",
                                                          "transform",
                                                          "year",
                                                          "years",
                                                          "value",
                                                          "values",
                                                          "comparator",
                                                          "tolerance",
                                                          "denominator_entity",
                                                          "threshold",
                                                          "since",
                                                          "denominator_variable"};
  std::string prefix = "[[targets]]";
  const Section first{&t, prefix + " #" + std::to_string(index + 1)};
  const Section s{&t, read_name(first, "id", target_ids_, prefix)};
  check_keys(s, kKeys);
  Target base;
  base.id = target_ids_.names.back();
  base.where = loc(t);
  opt_string(s, "description", base.description, false);
  if (const toml::node* finding = opt_string(s, "finding", base.finding))
    if (find(s, "out_of_scope"))
      fail(*finding, "'finding' is for a modelled row; " + s.desc + " is out of scope");

  if (opt_string(s, "out_of_scope", base.reason)) {
    base.out_of_scope = true;
    for (const std::string_view key :
         {"entity", "variable", "transform", "years", "value", "values", "comparator", "tolerance",
          "denominator_entity", "denominator_variable", "threshold", "since"})
      if (const toml::node* n = find(s, key))
        fail(*n, squote(key) + " is not allowed in " + s.desc +
                     ", which is out of scope ('out_of_scope' is set)");
    if (const toml::node* y = find(s, "year")) {
      const auto year = int_value(*y, s, "year", kAny);
      check_year(*y, year, s, "year", false);
      base.year = static_cast<int>(year);
    }
    sc_.targets.push_back(std::move(base));
    return;
  }

  const toml::node* entity = find(s, "entity");
  if (!entity) missing(s, "entity", " (an entity selector or an array of them)");
  const toml::node& variable = req_string(s, "variable", base.variable);
  std::string text;
  if (enum_string(s, "transform", kTransformNames, text))
    base.transform = text == "growth"        ? TargetTransform::growth
                     : text == "change"      ? TargetTransform::change
                     : text == "count_above" ? TargetTransform::count_above
                                             : TargetTransform::level;
  const bool counting = base.transform == TargetTransform::count_above;
  bool several = counting;
  base.entity_terms = parse_selectors(s, *entity, "entity", base.variable, variable, &several);
  base.entity.clear();
  for (const auto& term : base.entity_terms)
    base.entity += (base.entity.empty() ? "" : " + ") + term;
  if (counting && (base.entity_terms.size() != 1 || !several))
    fail(*entity,
         "a count_above target counts the entities of one selector that covers several "
         "('county:*', 'platform:*', 'sector:*', 'platform_kind:K', "
         "'platform_level:L') in " +
             s.desc);
  if (const auto thr = opt_number(s, "threshold", kAny)) {
    if (!counting)
      fail(*find(s, "threshold"), "'threshold' goes with transform = \"count_above\" in " + s.desc);
    base.threshold = *thr;
  } else if (counting) {
    missing(s, "threshold", " (count_above counts the entities whose value exceeds it)");
  }
  const toml::node* den_entity = find(s, "denominator_entity");
  const toml::node* den_variable = find(s, "denominator_variable");
  if (den_entity || den_variable) {
    if (counting)
      fail(den_entity ? *den_entity : *den_variable,
           "a count_above target cannot be a ratio (no 'denominator_*') in " + s.desc);
    base.denominator_variable = base.variable;
    const toml::node& den_variable_node =
        den_variable ? req_string(s, "denominator_variable", base.denominator_variable) : variable;
    bool den_several = false;
    base.denominator_terms = parse_selectors(
        s, den_entity ? *den_entity : *entity, den_entity ? "denominator_entity" : "entity",
        base.denominator_variable, den_variable_node, &den_several);
  }
  if (const toml::node* since = find(s, "since")) {
    if (base.transform != TargetTransform::change)
      fail(*since, "'since' goes with transform = \"change\" in " + s.desc);
    const auto y = int_value(*since, s, "since", kAny);
    check_year(*since, y, s, "since", false);
    base.since = static_cast<int>(y);
  } else {
    base.since = sc_.first_year;
  }
  if (!enum_string(s, "comparator", kComparatorNames, text))
    missing(s, "comparator", " (expected one of " + one_of(kComparatorNames) + ")");
  base.comparator = *comparator_from_string(text);
  if (auto tol = opt_number(s, "tolerance", kNonNegative)) base.tolerance = *tol;

  const bool growth = base.transform == TargetTransform::growth;
  const toml::node* year = find(s, "year");
  const toml::node* years = find(s, "years");
  const toml::node* value = find(s, "value");
  const toml::node* values = find(s, "values");
  if (year && years) fail(*years, "give either 'year' or 'years' in " + s.desc + ", not both");
  if (year) {
    if (values) fail(*values, "'values' goes with 'years'; with 'year' give 'value' in " + s.desc);
    if (!value) missing(s, "value", " (the target value for 'year')");
    Target target = base;
    const auto y = int_value(*year, s, "year", kAny);
    check_year(*year, y, s, "year", growth);
    target.year = static_cast<int>(y);
    target.value = number_value(*value, s, "value", kAny);
    sc_.targets.push_back(std::move(target));
    return;
  }
  if (!years) fail(t, "missing 'year' (with 'value') or 'years' (with 'values') in " + s.desc);
  if (value) fail(*value, "'value' goes with 'year'; with 'years' give 'values' in " + s.desc);
  if (!values) missing(s, "values", " (one value per entry of 'years')");
  const auto* year_list = years->as_array();
  if (!year_list) wrong_type(*years, "an array of integers", s, "years");
  const auto* value_list = values->as_array();
  if (!value_list) wrong_type(*values, "an array of numbers", s, "values");
  if (year_list->empty()) fail(*years, "expected at least one year in " + key_in(s, "years"));
  if (value_list->size() != year_list->size())
    fail(*values, key_in(s, "values") + " has " + std::to_string(value_list->size()) +
                      " entries but 'years' has " + std::to_string(year_list->size()));
  std::set<std::int64_t> seen;
  for (std::size_t i = 0; i < year_list->size(); ++i) {
    const toml::node& yn = *year_list->get(i);
    const toml::node& vn = *value_list->get(i);
    const std::string ykey = "years[" + std::to_string(i) + "]";
    const std::string vkey = "values[" + std::to_string(i) + "]";
    const auto y = int_value(yn, s, ykey, kAny);
    check_year(yn, y, s, "years", growth);
    if (!seen.insert(y).second)
      fail(yn, "duplicate year " + std::to_string(y) + " in " + key_in(s, "years"));
    Target target = base;
    target.year = static_cast<int>(y);
    target.value = number_value(vn, s, vkey, kAny);
    sc_.targets.push_back(std::move(target));
  }
}

// --- calibration ----------------------------------------------------------------------------

/// `[calibration]` (read by `regsim calibrate`). Keys and bounds are checked here for form only;
/// calibrate::check_calibration tries each bound on the scenario.
void Parser::parse_calibration(const Section& top) {
  const toml::table* table = opt_table(top, "calibration");
  if (!table) return;
  const Section s{table, "[calibration]"};
  static constexpr std::array<std::string_view, 5> kKeys{
      "replicates", "max_evaluations", "holdout_years", "exclude_targets", "parameters"};
  check_keys(s, kKeys);
  Calibration& c = sc_.calibration;
  c.declared = true;
  c.where = loc(*table);
  if (auto r = opt_int(s, "replicates", Range{1, 1e6, false, false}))
    c.replicates = static_cast<int>(*r);
  if (auto m = opt_int(s, "max_evaluations", Range{1, 1e7, false, false}))
    c.max_evaluations = static_cast<int>(*m);

  if (const toml::node* h = find(s, "holdout_years")) {
    const auto* arr = h->as_array();
    if (!arr) wrong_type(*h, "an array of years", s, "holdout_years");
    for (std::size_t i = 0; i < arr->size(); ++i) {
      const toml::node& el = *arr->get(i);
      const auto year = static_cast<int>(int_value(el, s, "holdout_years", Range{1900, 2200}));
      if (std::find(c.holdout_years.begin(), c.holdout_years.end(), year) != c.holdout_years.end())
        fail(el, "duplicate year " + std::to_string(year) + " in " + key_in(s, "holdout_years"));
      if (std::none_of(sc_.targets.begin(), sc_.targets.end(),
                       [&](const Target& t) { return !t.out_of_scope && t.year == year; }))
        fail(el, "no modelled target row has year " + std::to_string(year) + " (" +
                     key_in(s, "holdout_years") + " leaves target years out of the objective)");
      c.holdout_years.push_back(year);
    }
  }

  for (const auto& [name, node] : strings(s, "exclude_targets")) {
    const std::string& id = name;  // clang before 16 cannot capture a structured binding
    if (std::none_of(sc_.targets.begin(), sc_.targets.end(),
                     [&](const Target& t) { return !t.out_of_scope && t.id == id; }))
      fail(*node, "no modelled target " + squote(id) + " (" + key_in(s, "exclude_targets") +
                      " leaves target ids out of the objective)");
    c.exclude_targets.push_back(id);
  }

  const auto list = tables(s, "parameters");
  if (list.empty())
    fail(*table,
         "[calibration] needs at least one [[calibration.parameters]] (key, lower, upper, "
         "meaning)");
  static constexpr std::array<std::string_view, 6> kParamKeys{
      "key", "lower", "upper", "meaning", "plausible", "plausible_source"};
  for (std::size_t i = 0; i < list.size(); ++i) {
    const Section p{list[i], "[[calibration.parameters]] #" + std::to_string(i + 1)};
    check_keys(p, kParamKeys);
    CalibrationParameter param;
    const toml::node& key_node = req_string(p, "key", param.key);
    param.where = loc(key_node);
    std::string error;
    if (parse_key_path(param.key, error).empty()) fail(key_node, error);
    for (const auto& other : c.parameters)
      if (other.key == param.key)
        fail(key_node, "parameter " + squote(param.key) + " is given twice (first at " +
                           format_location(other.where) + ")");
    const toml::node* lower = find(p, "lower");
    if (!lower) missing(p, "lower");
    const toml::node* upper = find(p, "upper");
    if (!upper) missing(p, "upper");
    param.lower = number_value(*lower, p, "lower", kAny);
    param.upper = number_value(*upper, p, "upper", kAny);
    if (!(param.lower < param.upper))
      fail(*upper, "'upper' (" + fmt(param.upper) + ") must be greater than 'lower' (" +
                       fmt(param.lower) + ") in " + p.desc);
    req_string(p, "meaning", param.meaning);
    if (const toml::node* range = find(p, "plausible")) {
      const toml::array* a = range->as_array();
      const auto lo = a && a->size() == 2 ? (*a)[0].value<double>() : std::nullopt;
      const auto hi = a && a->size() == 2 ? (*a)[1].value<double>() : std::nullopt;
      if (!lo || !hi || !(*lo < *hi))
        fail(*range, "'plausible' in " + p.desc +
                         ": expected [lower, upper], two numbers with lower < upper");
      DeclaredPlausible declared{*lo, *hi, {}};
      const toml::node& source = req_string(p, "plausible_source", declared.source);
      (void)source;
      param.plausible = declared;
    } else if (const toml::node* source = find(p, "plausible_source")) {
      fail(*source, "'plausible_source' in " + p.desc + " without 'plausible = [lower, upper]'");
    }
    c.parameters.push_back(std::move(param));
  }

  std::size_t rows = 0;
  for (const Target& t : sc_.targets)
    rows += !t.out_of_scope &&
            std::find(c.holdout_years.begin(), c.holdout_years.end(), t.year) ==
                c.holdout_years.end() &&
            std::find(c.exclude_targets.begin(), c.exclude_targets.end(), t.id) ==
                c.exclude_targets.end();
  if (c.parameters.size() >= rows)
    fail(c.holdout_years.empty() ? static_cast<const toml::node&>(*table)
                                 : *find(s, "holdout_years"),
         std::to_string(c.parameters.size()) + " calibration parameters but only " +
             std::to_string(rows) +
             " modelled target rows in the objective (holdout years excluded): a fit "
             "needs fewer parameters than target rows");
}

std::string serialise(const toml::table& doc) {
  std::ostringstream out;
  out << toml::toml_formatter{doc};
  out << '\n';
  return out.str();
}

}  // namespace

Scenario load_scenario(const std::filesystem::path& file) {
  const std::string display = file.string();
  std::string text, error;
  if (!read_text_file(file, text, error))
    throw ScenarioError(SourceLocation{display, 0, 0}, "cannot read scenario file: " + error);
  Loader loader(display);
  loader.push_chain(file, display);
  toml::table merged = loader.load(text, display, file.parent_path(), true);
  Scenario sc = Parser(loader.dirs(), display).parse(merged);
  sc.source_file = display;
  for (const auto& [shown, dir] : loader.dirs()) sc.input_files.push_back(shown);
  if (sc.initial.firm_registry) sc.input_files.push_back(*sc.initial.firm_registry);
  if (!sc.national_prices_file.empty()) sc.input_files.push_back(sc.national_prices_file);
  sc.resolved_text = serialise(merged);
  sc.resolved_sha256 = sha256_hex(sc.resolved_text);
  return sc;
}

Scenario parse_scenario_text(std::string_view toml_text, const std::string& source_name,
                             const std::filesystem::path& base_dir) {
  Loader loader(source_name);
  toml::table merged = loader.load(toml_text, source_name, base_dir, !base_dir.empty());
  Scenario sc = Parser(loader.dirs(), source_name).parse(merged);
  sc.source_file = source_name;
  sc.resolved_text = serialise(merged);
  sc.resolved_sha256 = sha256_hex(sc.resolved_text);
  return sc;
}

}  // namespace regsim::scenario
