#pragma once
/// @brief A scenario as plain data: what the parser produces and the engine consumes.
///
/// No TOML types appear here. Units are in the field names: `_wan` is 万元 (1e4 CNY),
/// `_yi` is 亿元 (1e8 CNY), `_ha` hectares, `_m2` square metres, `_mu` mu (666.67 m²);
/// rates are fractions per year unless stated.

#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <variant>
#include <vector>

namespace regsim::scenario {

/// Where a value came from, for error messages raised after parsing (e.g. by the engine's
/// consistency checks). Line and column are 1-based; 0 means unknown.
struct SourceLocation {
  std::string file;
  int line = 0;
  int column = 0;
};

/// Thrown for every problem in a scenario or registry file, and by the engine when a scenario
/// is inconsistent in a way only the model can see (an infeasible base year): then the location
/// is that of the entity concerned.
/// what() is "FILE:LINE:COL: error: MESSAGE" (":LINE:COL" omitted when unknown).
class ScenarioError : public std::runtime_error {
 public:
  ScenarioError(SourceLocation where, std::string message);
  const SourceLocation& where() const { return where_; }
  const std::string& message() const { return message_; }

 private:
  SourceLocation where_;
  std::string message_;
};

/// "FILE:LINE:COL" (or "FILE:LINE", or "FILE" when unknown).
std::string format_location(const SourceLocation& where);

/// @brief Tax rates and the fiscal sharing rules between levels of government.
struct FiscalRules {
  /// VAT on value added. Unset (NaN): the statutory rate of the year for the sector's VAT class
  /// (vat_rate_of, MODEL.md 3.2, budgets): 17/16/13% for goods on the dates they changed.
  double vat_rate = std::numeric_limits<double>::quiet_NaN();
  double cit_rate = 0.25;              ///< corporate income tax on positive profit
  double vat_local_share = 0.5;        ///< share of VAT kept below the centre (2016 reform)
  double cit_local_share = 0.4;        ///< share of CIT kept below the centre
  double county_share_of_local = 0.5;  ///< of the local share, what the county keeps
  double platform_share_of_county =
      0.0;  ///< of the county's share from park firms, kept by the park
  double above_scale_revenue_wan = 2000;  ///< "规模以上" threshold: revenue >= 20 million yuan
  double bank_rate = 0.0435;              ///< one-year loan prime rate
  double loan_to_capital = 0.5;           ///< collateral limit: debt <= loan_to_capital * capital
  double collateral_recovery = 0.5;  ///< share of an exiting firm\'s capital its lenders recover
  double listing_min_revenue_wan = 30000;  ///< revenue a firm needs to list (3亿元; assumption)
  double listing_hazard = 0.03;    ///< yearly listing probability of an eligible firm (assumption)
  double listing_cost_wan = 1500;  ///< sponsor, audit and legal fees of a listing (assumption)
  double listing_equity_ratio = 0.25;  ///< equity raised at listing / capital (assumption)
  /// Share of policy payments that is taxable income (财税〔2008〕151号: fiscal funds are income
  /// unless 财税〔2011〕70号's conditions for non-taxable special funds are met).
  double subsidy_taxable_share = 1.0;
  /// Value added of local construction per yuan of public works (land servicing, standard
  /// factories): it counts in county GDP.
  double public_works_value_added_share = 0.25;
  /// Discount rate of the fiscal net present value (MODEL.md 3.5).
  double discount_rate = 0.04;
  /// Taxes besides VAT and CIT (MODEL.md 3.2, budgets): surcharges on VAT (城市维护建设税 7%,
  /// 教育费附加 3%, 地方教育附加 2%) and other taxes firms pay (property, land use, stamp,
  /// ...) as a share of revenue. Both are local taxes.
  double surcharge_rate = 0.12;
  /// VAT is consumption-type since 2009 (财税〔2008〕170号): purchases of equipment are deducted,
  /// so the base is this share of value added (MODEL.md 3.2, budgets).
  double vat_base_share = 0.7;
  double other_tax_rate = 0.003;
  /// County budgets (MODEL.md 3.2, budgets): revenue of the non-modelled economy per unit of
  /// exogenous GDP; base-year transfers per unit of own revenue, and their growth; the elasticity
  /// of general spending to last year's resources; the yield of local government bonds.
  double other_revenue_rate = 0.06;
  /// Tax share of that revenue (the rest is non-tax revenue: fees, fines, state assets).
  double other_revenue_tax_share = 0.75;
  double transfer_ratio = 0.7;
  double transfers_growth = 0.06;
  double spending_revenue_elasticity = 1.0;
  double government_bond_rate = 0.035;
  /// Government fund budgets spend what they raise (以收定支, Budget Law 2014 art. 9): this share
  /// of the year's land sales net of the servicing the county pays goes to urban construction the
  /// same year (public works in county GDP).
  double land_revenue_spent = 1.0;
};

/// The year's statutory VAT rate of a VAT class (year-weighted where it changed during the
/// year): general 17% to 2018-04, 16% to 2019-03, 13% after (财税〔2018〕32号; 2019年第39号公告);
/// reduced 11/10/9% on the same dates; services 6%.
enum class VatClass { general, reduced, services };
double statutory_vat_rate(VatClass vat_class, int year);

/// @brief The credit market: a firm's loan rate is bank_rate + sector risk_premium * the size
/// class's multiplier, plus young_firm_premium while the firm is younger than young_firm_years.
/// Defaults follow the PBoC/CBIRC stylized fact that small and micro firms' loan rates exceed
/// large firms' by about 1-3 percentage points.
struct Credit {
  double premium_micro = 1.6;  ///< multiplier of the sector risk premium, micro firms
  double premium_small = 1.3;
  double premium_medium = 1.0;
  double premium_large = 0.8;
  double young_firm_years = 3;       ///< firms younger than this (years) pay the add-on
  double young_firm_premium = 0.01;  ///< add-on to the loan rate for young firms
  /// Loan rollover: maturing_share of a firm's debt matures each year; the bank refuses to roll
  /// it over with probability min(1, refusal_slope * max(0, debt / capital - refusal_leverage)).
  double maturing_share = 0.3;
  double refusal_slope = 0.5;
  double refusal_leverage = 0.5;
  /// Bank rationing of new credit (MODEL.md 3.6): a firm whose planned investment needs new bank
  /// loans, or an entrant that asks for one, is refused with its size class's probability (times
  /// 1 - coverage of a risk compensation pool with money that it is eligible for).
  double loan_refusal_micro = 0.2;
  double loan_refusal_small = 0.1;
  double loan_refusal_medium = 0.05;
  double loan_refusal_large = 0.02;
  /// Entrants' owners' liquid funds relative to the project's capital: lognormal with this
  /// median and log standard deviation. A would-be entrant whose owners' funds and bank loan do
  /// not cover its capital does not enter (unless a guarantee covers the gap).
  double owner_funds_median = 1.0;
  double owner_funds_sigma = 0.8;
  /// Owners' payout: a cash surplus repays debt down to target_debt_share of the firm's credit
  /// limit, keeps cash_buffer_share of capital as cash, and goes to the owners beyond that.
  double target_debt_share = 0.5;
  double cash_buffer_share = 0.05;
};

/// @brief Firm exit (MODEL.md 3.2, Exit): a firm whose net worth after the year would be negative
/// exits; every other active firm exits with a yearly probability p from a logistic hazard,
///   logit p = logit(base_hazard) + loss_year_weight min(loss years, loss_years_to_exit)
///     + net_worth_weight (1 - clamp(net worth / capital, 0, 1))
///     - size_elasticity ln(workers / reference_workers) - age_elasticity ln(age / reference_age).
struct Exit {
  double base_hazard = 0.005;     ///< yearly exit probability of the reference firm (no losses,
                                  ///< no net debt, reference_workers workers, reference_age years)
  double loss_year_weight = 1.2;  ///< log odds per consecutive loss year (up to the sector's cap)
  double net_worth_weight = 1.5;  ///< log odds at zero net worth relative to net worth = capital
  double size_elasticity = 0.6;   ///< log odds fall by this per log point of employment
  double age_elasticity = 0.3;    ///< log odds fall by this per log point of age
  double reference_workers = 10;  ///< workers of the reference firm
  double reference_age = 5;       ///< age (years) of the reference firm
};

/// @brief One production sector (e.g. 装备制造, 农产品加工, 旅游).
/// What a sector is, for the statistics it is held against and the land it uses (MODEL.md 3.2):
/// industry (manufacturing, mining, utilities, agri-processing) builds on industrial land;
/// construction; services (trade, logistics, tourism and other services) use commercial space.
enum class SectorKind { industry, construction, services };

struct Sector {
  std::string name;
  SectorKind kind = SectorKind::industry;
  /// VAT class (`vat_class`); unset: general for industry, reduced for construction, services
  /// for services (trade sells goods at the general rate: set it).
  std::optional<VatClass> vat_class;
  double capital_elasticity = 0.3;         ///< alpha in Y = A K^alpha L^beta
  double labour_elasticity = 0.5;          ///< beta; alpha + beta < 1 (decreasing returns)
  double value_added_share = 0.3;          ///< value added / gross output
  double capital_output_ratio = 0.8;       ///< base-year K / revenue, used to build firms
  double productivity_drift = 0.01;        ///< mean yearly change of log A
  double productivity_volatility = 0.08;   ///< scale of the Laplace shock to log A
  double volatility_size_exponent = 0.17;  ///< sigma ~ (revenue / 1e4 wan)^-exponent
  double demand_growth = 0.05;             ///< growth of the national market for the tradable part
  double demand_elasticity = 1.5;          ///< price elasticity of local demand (non-tradable part)
  /// Open economy (MODEL.md 3.2, goods markets): the base-year share of the sector's output
  /// sold outside the region at the national price, the elasticity of the region's market share
  /// to its price relative to the national one, the growth of the national price, and the
  /// growth of local demand beyond local incomes.
  double tradable_share = 0.8;
  double market_share_elasticity = 5.0;
  double national_price_growth = 0.0;
  /// A named national price index (`national_price_series`, read from the scenario's
  /// `national_prices` file): the sector's national price grows by index/100 - 1 in each year the
  /// series covers, by national_price_growth in the others. Sorted by year.
  std::string national_price_series;
  std::vector<std::pair<int, double>> national_price_path;  ///< (year, growth) from the series
  double local_demand_growth = 0.0;
  double depreciation = 0.08;
  double fixed_cost_wan = 5;   ///< yearly overhead independent of output (rent, administration)
  double risk_premium = 0.02;  ///< over the bank rate, for the user cost of capital
  double investment_adjustment = 0.1;  ///< share of the capital gap closed per year
  /// Net growth of the sector's capital in the base year (investment beyond replacement, per
  /// unit of capital): the base year is on its growth path, not at rest (MODEL.md 3.2,
  /// Investment). 0: investment starts at replacement.
  double capital_growth = 0.0;
  double investment_intensity_wan_per_mu = 300;  ///< capital per mu of land (投资强度)
  double investment_intensity_sigma = 0.3;       ///< lognormal spread of entrants' own intensity
  double entry_rate = 0.1;  ///< expected would-be entrants per incumbent per year (before finance)
  double entrant_revenue_median_wan = 300;
  double entrant_revenue_sigma = 1.0;  ///< lognormal spread of entrant size
  double entrant_equity_ratio = 0.5;   ///< entrant's equity / capital
  double agglomeration_elasticity =
      0.02;  ///< productivity gain per log(1 + same-sector firms in park)
  /// Consecutive loss years at which the exit hazard's loss signal stops rising (MODEL.md 3.2,
  /// Exit); base-year loss-makers draw 0 .. this - 1 earlier loss years.
  int loss_years_to_exit = 3;
  double base_demand_yi = 0;             ///< base-year demand at price 1, only for a sector without
                                         ///< base-year firms (otherwise it is their output)
  double electricity_cost_share = 0.03;  ///< electricity bill / revenue (assumption: 2-5%)
  double entry_award_elasticity = 1.0;   ///< entry rises by this times award / entrant capital
  /// Elasticity of expected entry to a new firm's expected real profit relative to the base
  /// year (MODEL.md 3.2, entry).
  double entry_profit_elasticity = 1.0;
  SourceLocation where;
};

/// A sector's VAT rate in `year`: fiscal.vat_rate when the scenario sets it (every sector, every
/// year), else the statutory rate of the sector's VAT class.
double vat_rate_of(const FiscalRules& fiscal, const Sector& sector, int year);

enum class CountyKind { county, district, county_city };

const char* to_string(SectorKind k);
std::optional<SectorKind> sector_kind_from_string(std::string_view s);

/// @brief A county-level unit: county (县), district (区) or county-level city (县级市).
struct County {
  std::string name;
  CountyKind kind = CountyKind::county;
  double labour_force = 100000;  ///< persons available to modelled firms
  double labour_force_growth = 0.0;
  double wage_wan = 5.0;        ///< base-year annual wage per worker (floor of the market wage)
  double wage_growth = 0.05;    ///< growth of the reservation wage
  double exogenous_gdp_yi = 0;  ///< agriculture + non-modelled services, base year
  double exogenous_gdp_growth = 0.04;
  /// d ln(exogenous GDP) / d ln(modelled firms' value added of the county, last year): local
  /// services follow local industry (MODEL.md 3.2, local demand).
  double exogenous_gdp_local_elasticity = 0.25;
  double promotion_effort = 1.0;  ///< multiplies expected entry (investment promotion)
  double budget_debt_yi = 0;      ///< initial government debt
  /// Base-year transfers from the upper levels (general and earmarked), growing at
  /// transfers_growth. Unset (NaN): fiscal.transfer_ratio times the base year's own revenue.
  double transfers_yi = std::numeric_limits<double>::quiet_NaN();
  double transfers_growth = std::numeric_limits<double>::quiet_NaN();  ///< unset: fiscal's
  /// Base-year own revenue from the non-modelled economy (its taxes and non-tax revenue),
  /// growing with exogenous GDP. Unset (NaN): fiscal.other_revenue_rate * exogenous_gdp_yi.
  double other_revenue_yi = std::numeric_limits<double>::quiet_NaN();
  double other_spending_yi = 0;  ///< yearly non-modelled spending beyond general spending
  // Households (0 population: not modelled; income outputs are NaN).
  double population = 0;                            ///< resident persons, base year
  double population_growth = 0;                     ///< per year
  double urbanisation = 0;                          ///< urban share of the population, base year
  double urban_income_yuan = 0;                     ///< per-capita disposable income, base year
  double rural_income_yuan = 0;                     ///< per-capita disposable income, base year
  double urban_income_wage_elasticity = 0.8;        ///< d ln urban income / d ln market wage
  double urban_income_growth = 0;                   ///< urban income growth besides wages
  double rural_income_growth = 0.06;                ///< rural income growth besides wages
  double rural_wage_share = 0.4;                    ///< wage income share of rural income
  double urbanisation_employment_elasticity = 0.3;  ///< d ln urban share / d ln (jobs / population)
  // Industrial land outside platforms (MODEL.md 3.7, "Land outside platforms"); defaults from
  // [land] (OutsideLand).
  /// vacant outside land in the base year, per unit of the outside firms' land then
  double outside_land_vacancy_share = 0.1;
  /// yearly addition to vacant outside land, per unit of the outside firms' base-year land
  double outside_land_growth = 0.03;
  /// price of outside land; NaN: the mean list price of the county's platforms (20 without)
  double outside_land_price_wan_per_mu = std::numeric_limits<double>::quiet_NaN();
  SourceLocation where;
};

enum class PlatformKind {
  industrial_park,
  agri_processing_cluster,
  service_cluster,
  featured_town,
  featured_small_town,
  scenic_area,
  enclave_park
};
enum class PlatformLevel { national, provincial, municipal, county };

/// @brief Land of a platform. Planned >= serviced >= occupied at all times.
struct PlatformLand {
  double planned_ha = 0;                  ///< total area in the platform's plan
  double serviced_ha = 0;                 ///< base-year serviced (通平) land
  double servicing_ha_per_year = 0;       ///< planned land turned into serviced land per year
  double price_wan_per_mu = 20;           ///< industrial land price
  double servicing_cost_wan_per_mu = 10;  ///< development cost borne by the host county
};

/// @brief A platform: park, cluster, town or scenic area hosting firms.
struct Platform {
  std::string name;
  PlatformKind kind = PlatformKind::industrial_park;
  PlatformLevel level = PlatformLevel::county;
  std::string county;  ///< host county name
  std::vector<std::string> leading_sectors;
  PlatformLand land;
  double infrastructure = 1.0;  ///< index, 1 = ordinary
  /// 全国工业用地出让最低价标准 for the platform's land grade (万元 per mu; 0 = none): discounted
  /// land is never sold below it, or below 70% of it to the platform's leading sectors.
  double national_min_price_wan_per_mu = 0;
  SourceLocation where;
};

/// @brief Coefficients of entrants' multinomial-logit location choice among the platforms of
/// their county and "outside any platform" (utility 0 plus agglomeration).
/// @brief [land]: the region's defaults of the counties' keys for industrial land outside
/// platforms (a county's own key overrides them; MODEL.md 3.7, "Land outside platforms").
struct OutsideLand {
  double outside_land_vacancy_share = 0.1;                                          ///< see County
  double outside_land_growth = 0.03;                                                ///< see County
  double outside_land_price_wan_per_mu = std::numeric_limits<double>::quiet_NaN();  ///< see County
  /// The outside price rises as vacant land grows scarce: price = base price * (base vacancy
  /// share / vacancy share)^elasticity, within [0.5, 4] times the base (MODEL.md 3.7).
  double outside_land_price_elasticity = 0.5;
};

struct LocationChoice {
  double land_price = -1.0;     ///< per log(price / 20 万元 per mu)
  double infrastructure = 1.0;  ///< per log(infrastructure index)
  double agglomeration = 0.5;   ///< per log(1 + same-sector firms at the location)
  double leading_sector = 1.5;  ///< when the entrant's sector is a leading sector of the platform
  double platform = 0.5;        ///< constant for being in any platform (services, status)
  double entry_award = 2.0;     ///< per unit of entry award / the entrant's initial capital
  /// theta: a listed platform's contribution to the entry pool is weighted by
  /// exp(theta * (V_platform - V_outside)) (MODEL.md 3.2, Entry); 0 = location choice only.
  double zone_entry_response = 0.1;
};

/// @brief Weights of the platforms' yearly comprehensive assessment (综合考核): the score is the
/// weighted sum of indicators standardised within the peer group.
struct Assessment {
  double output_growth = 0.3;       ///< weight of output growth
  double tax_per_mu = 0.3;          ///< weight of tax per mu of occupied land
  double investment_growth = 0.2;   ///< weight of investment growth
  double output_per_mu = 0.2;       ///< weight of output per mu of occupied land
  bool peer_group_by_level = true;  ///< rank among platforms of the same level (else all)
};

/// @brief Size distribution used to synthesise firms: lognormal body with a Pareto tail.
struct SizeDistribution {
  double lognormal_sigma = 1.2;  ///< spread of log revenue in the body
  double tail_exponent = 1.1;    ///< Pareto alpha of the upper tail (CCDF ~ s^-alpha)
  double tail_share = 0.1;       ///< fraction of firms drawn from the tail
  double min_revenue_wan = 10;   ///< no synthetic firm is smaller
};

/// @brief Base-year aggregate for one (county, platform or none, sector) cell.
struct InitialCell {
  std::string county;                   ///< may be empty when platform is set (host county used)
  std::optional<std::string> platform;  ///< empty: firms outside any platform
  std::string sector;
  std::int64_t firms = 0;
  double revenue_yi = 0;  ///< total base-year revenue of the cell
  SourceLocation where;
};

/// @brief One firm of a firm registry (CSV) used in place of synthesis.
struct RegistryFirm {
  std::string id;
  std::string sector;
  std::string county;
  std::string platform;  ///< empty: outside any platform
  double revenue_wan = 0;
  double employment = 0;
  double capital_wan = 0;
  double land_m2 = 0;
  SourceLocation where;  ///< CSV file and line
};

struct InitialConditions {
  SizeDistribution size;
  std::vector<InitialCell> cells;
  /// Base-year revenue multiplier of the cells, by platform kind ("industrial_park", ...) or
  /// "outside" (firms outside any platform); kinds not listed keep 1. A structural unknown that
  /// calibration may fit where a plan gives no base-year figures.
  std::map<std::string, double> revenue_scale;
  /// Nominal growth of the region's incomes (GDP, modelled value added) in the base year: local
  /// demand in the first simulated year follows it, and local services respond to modelled value
  /// added beyond that path (MODEL.md 3.2, local economy). NaN (unset): the counties'
  /// exogenous_gdp_growth weighted by their base-year exogenous GDP, the trend the economy
  /// around the modelled firms was on; 0 states a base year at rest.
  double income_growth = std::numeric_limits<double>::quiet_NaN();
  std::optional<std::string> firm_registry;  ///< CSV path (resolved against the scenario file)
  std::vector<RegistryFirm> registry_firms;  ///< filled when firm_registry is set
};

enum class PolicyFamily { subsidy, land, finance };

/// @brief Who an instrument applies to. Empty lists mean "all".
struct PolicyScope {
  std::vector<std::string> counties;
  std::vector<std::string> platforms;
  std::vector<std::string> sectors;
  std::vector<std::string> size_classes;  ///< "micro", "small", "medium", "large"
};

/// @brief A policy instrument as written: its registered name, payer, scope, years and
/// parameters. The policy registry (engine/policy) checks the instrument name and parameters.
struct PolicySpec {
  PolicyFamily family = PolicyFamily::subsidy;
  std::string instrument;  ///< registered instrument name, e.g. "interest_subsidy"
  std::string name;        ///< the planner's label, unique within the scenario
  std::string payer;       ///< "county" (host county), "upper", or a county name
  PolicyScope scope;
  int start_year = 0;                    ///< 0: from the first simulated year
  int end_year = 0;                      ///< 0: to the last year
  std::map<std::string, double> params;  ///< instrument parameters (numbers only)
  SourceLocation where;
};

enum class Comparator { eq, ge, le };
enum class TargetTransform { level, growth, change, count_above };

/// @brief A plan target. Either modelled (entity, variable, year, comparator, value) or
/// out of scope with a reason. One row per (id, year).
struct Target {
  std::string id;  ///< e.g. "FS-01" (from TARGETS.md)
  std::string description;
  bool out_of_scope = false;
  std::string reason;  ///< why it is out of scope
  /// A modelled row a plausible economy with the plan's instruments does not reach: what the
  /// calibration found and what the row would need (MODEL.md 3.8). "" for the others.
  std::string finding;
  std::string entity;  ///< as displayed: the selectors joined with " + "
  /// Selectors whose values are summed: region | county:N | platform:N | sector:N |
  /// platform_kind:K | platform_level:L | county:* | platform:* | sector:*
  std::vector<std::string> entity_terms;
  std::string variable;  ///< an output variable name, e.g. "output_value"
  /// Ratio targets (a share): the value is sum(entity_terms, variable) divided by
  /// sum(denominator_terms, denominator_variable) in the same year. Empty: no ratio.
  std::vector<std::string> denominator_terms;
  std::string denominator_variable;
  TargetTransform transform = TargetTransform::level;
  double threshold = 0;  ///< count_above: entities whose value exceeds it are counted
  int since = 0;         ///< change: value(year) - value(since)
  int year = 0;
  Comparator comparator = Comparator::eq;
  double value = 0;
  double tolerance = 0.03;  ///< relative tolerance for "="
  SourceLocation where;
};

/// @brief A free parameter of `regsim calibrate` (docs/SCENARIO_FORMAT.md, `[calibration]`).
/// @brief A plausible range a [calibration] parameter declares for itself (plausible.hpp).
struct DeclaredPlausible {
  double lower = 0;
  double upper = 0;
  std::string source;
};

struct CalibrationParameter {
  std::string key;  ///< a scenario key path, as sweep factor keys: "sectors[NAME].demand_growth"
  double lower = 0;
  double upper = 0;
  std::string meaning;  ///< what the parameter stands for (required)
  /// `plausible = [lo, hi]` with `plausible_source`: overrides the default for its kind.
  std::optional<DeclaredPlausible> plausible;
  SourceLocation where;  ///< of `key`
};

/// @brief `[calibration]`: what `regsim calibrate` fits, and how hard it tries.
struct Calibration {
  bool declared = false;           ///< the scenario has a [calibration] table
  int replicates = 4;              ///< common-random-number replicates per evaluation
  int max_evaluations = 300;       ///< optimiser budget (objective evaluations)
  std::vector<int> holdout_years;  ///< target years left out of the objective
  /// Target ids left out of the objective: rows the plan sets beyond what the model's variables
  /// cover or a plausible economy reaches, which would pull every other row off (MODEL.md 3.8).
  std::vector<std::string> exclude_targets;
  std::vector<CalibrationParameter> parameters;
  SourceLocation where;  ///< of the [calibration] table
};

/// @brief Everything the engine needs for a run.
struct Scenario {
  int format = 1;
  std::string name;
  std::string plan;
  std::string description;
  int first_year = 0;  ///< base year: the initial conditions describe its end
  int last_year = 0;   ///< years first_year+1 .. last_year are simulated
  /// The file of national price index series sectors name (`national_prices`, resolved path).
  std::string national_prices_file;
  std::uint64_t seed = 1;
  int replicates = 1;
  FiscalRules fiscal;
  Credit credit;
  Exit exit;
  LocationChoice location_choice;
  OutsideLand land;  ///< [land]
  Assessment assessment;
  std::vector<Sector> sectors;
  std::vector<County> counties;
  std::vector<Platform> platforms;
  InitialConditions initial;
  std::vector<PolicySpec> policies;
  std::vector<Target> targets;
  Calibration calibration;  ///< not used by a run; read by `regsim calibrate`

  std::string source_file;      ///< the file given on the command line
  std::string resolved_text;    ///< the merged scenario (after `extends`) as TOML, for provenance
  std::string resolved_sha256;  ///< SHA-256 (hex) of resolved_text
  /// Every file read: the scenario, its `extends` parents (load_scenario; commands never write
  /// over them) and the firm registry.
  std::vector<std::string> input_files;
};

/// Index of the entity named `name` in a list of scenario entities (sectors, counties,
/// platforms). The parser has checked every reference, so a missing name is a logic error in the
/// caller: it throws std::invalid_argument naming `what` and the name.
template <class Entity>
std::size_t index_by_name(const std::vector<Entity>& items, std::string_view name,
                          const char* what) {
  for (std::size_t i = 0; i < items.size(); ++i)
    if (items[i].name == name) return i;
  throw std::invalid_argument(std::string("unknown ") + what + " '" + std::string(name) + "'");
}

// Names as written in scenario files ("industrial_park", ...). Defined in scenario.cpp.
const char* to_string(PlatformKind k);
const char* to_string(PlatformLevel l);
const char* to_string(CountyKind k);
const char* to_string(PolicyFamily f);
const char* to_string(Comparator c);
const char* to_string(TargetTransform t);
std::optional<PlatformKind> platform_kind_from_string(std::string_view s);
std::optional<PlatformLevel> platform_level_from_string(std::string_view s);
std::optional<CountyKind> county_kind_from_string(std::string_view s);
std::optional<Comparator> comparator_from_string(std::string_view s);

}  // namespace regsim::scenario
