#include "engine/observe/variables.hpp"

#include <array>

namespace regsim {
namespace {

constexpr std::string_view kYi = "亿元 (1e8 CNY)";
constexpr std::string_view kFirms = "firms";

// Variables every firm-hosting level carries (region, county, platform, sector).
#define REGSIM_FIRM_AGGREGATES                                                                    \
  VariableInfo{"output_value", kYi, "gross output value (revenue) of modelled firms", true},      \
      VariableInfo{                                                                               \
          "output_entrants", kYi,                                                                 \
          "of it, firms that entered after the base year (they produce from the year after)",     \
          true},                                                                                  \
      VariableInfo{"value_added", kYi, "value added of modelled firms", true},                    \
      VariableInfo{"employment", "persons", "employment in modelled firms", true},                \
      VariableInfo{"capital_stock", kYi, "capital stock of modelled firms, end of year", true},   \
      VariableInfo{"investment", kYi, "gross fixed investment of modelled firms", true},          \
      VariableInfo{"profit", kYi, "pre-tax profit of modelled firms", true},                      \
      VariableInfo{"tax_vat", kYi, "value-added tax paid", true},                                 \
      VariableInfo{"tax_cit", kYi, "corporate income tax paid", true},                            \
      VariableInfo{"tax_other", kYi,                                                              \
                   "surcharges on VAT and other taxes on firms (property, land use, stamp, ...)", \
                   true},                                                                         \
      VariableInfo{"tax_total", kYi, "all taxes firms pay: VAT, corporate income tax and other",  \
                   true},                                                                         \
      VariableInfo{"policy_received", kYi, "policy payments received by firms", true},            \
      VariableInfo{"firms_active", kFirms, "active firms at the end of the year", true},          \
      VariableInfo{"firms_entered", kFirms, "firms that entered during the year", true},          \
      VariableInfo{"firms_exited", kFirms, "firms that exited during the year", true},            \
      VariableInfo{"loan_defaults", kYi, "debt of firms that exited during the year", true},      \
      VariableInfo{"loan_losses", kYi, "lenders' losses on it after cash and collateral", true},  \
      VariableInfo{"firms_listed", kFirms, "firms that listed on a stock exchange this year",     \
                   true},                                                                         \
      VariableInfo{"firms_listed_total", kFirms, "active listed firms at the end of the year",    \
                   true},                                                                         \
      VariableInfo{"loans_outstanding", kYi, "bank debt of active firms, end of year", true},     \
      VariableInfo{"new_lending", kYi, "bank loans taken out during the year", true},             \
      VariableInfo{"guarantees_outstanding", kYi, "guaranteed bank debt, end of year", true},     \
      VariableInfo{"losses_bank", kYi, "banks' share of loan losses", true},                      \
      VariableInfo{"losses_guarantor", kYi, "guarantee funds' share of loan losses", true},       \
      VariableInfo{"losses_reguarantor", kYi, "re-guarantor's share of loan losses", true},       \
      VariableInfo{"losses_government", kYi, "government's share of loan losses", true},          \
      VariableInfo{"firms_above_scale", kFirms,                                                   \
                   "active firms with revenue >= the above-scale threshold", true},               \
      VariableInfo{"firms_credit_bound", kFirms,                                                  \
                   "firms whose planned investment the credit limit cut (after guarantee and "    \
                   "guidance funds)",                                                             \
                   true},                                                                         \
      VariableInfo{"credit_shortfall", kYi,                                                       \
                   "planned investment the credit limit cut, after the funds", true},             \
      VariableInfo{"firms_loan_refused", kFirms,                                                  \
                   "firms whose plan needed new loans and the bank refused (before the funds)",   \
                   true},                                                                         \
      VariableInfo{"entrants_unfinanced", kFirms,                                                 \
                   "would-be entrants whose owners' funds, loans and guarantees did not cover "   \
                   "their capital (they did not enter; 0 at platforms: no location chosen)",      \
                   true},                                                                         \
      VariableInfo {                                                                              \
    "owner_payout", kYi, "paid out to owners: surplus cash beyond debt target and buffer", true   \
  }

// Land outside platforms, per county and for the region.
#define REGSIM_OUTSIDE_LAND                                                                 \
  VariableInfo{"land_outside_vacant", "ha",                                                 \
               "vacant industrial land outside platforms, end of year", true},              \
      VariableInfo{"land_outside_occupied", "ha",                                           \
                   "industrial land of active firms outside platforms, end of year", true}, \
      VariableInfo {                                                                        \
    "land_outside_rationed", "ha",                                                          \
        "land outside platforms asked for by firms and entrants but not available", true    \
  }

constexpr std::array kRegion{
    REGSIM_FIRM_AGGREGATES,
    VariableInfo{"gdp", kYi,
                 "GDP: value added of modelled firms, exogenous sectors and public works' local "
                 "construction",
                 true},
    VariableInfo{"exogenous_gdp", kYi, "agriculture and non-modelled services", true},
    VariableInfo{"public_works", kYi,
                 "public works: land servicing and standard factories built (all payers)", true},
    VariableInfo{"land_serviced", "ha", "serviced land in platforms", true},
    VariableInfo{"land_occupied", "ha", "land occupied by firms in platforms", true},
    REGSIM_OUTSIDE_LAND,
    VariableInfo{"budget_revenue", kYi,
                 "county budget revenue (retained taxes, land sales, transfers)", true},
    VariableInfo{"budget_spending", kYi, "county budget spending (policies, land servicing, other)",
                 true},
    VariableInfo{"policy_spending", kYi, "spending on policy instruments, all payers", true},
    VariableInfo{"government_debt", kYi, "county government debt, end of year", true},
    VariableInfo{"population", "persons", "resident population of counties with households", true},
    VariableInfo{"urbanisation", "1 (share)", "urban share of the population (population-weighted)",
                 false},
    VariableInfo{"urban_income", "yuan per person per year",
                 "urban per-capita disposable income (weighted by urban population)", false},
    VariableInfo{"rural_income", "yuan per person per year",
                 "rural per-capita disposable income (weighted by rural population)", false},
    VariableInfo{"platform_debt", kYi, "net debt of platforms' development budgets, end of year",
                 true},
    VariableInfo{"finance_spending", kYi,
                 "budget spending on finance instruments, all payers (loss shares, pool top-ups, "
                 "fund co-investment)",
                 true},
    VariableInfo{"fiscal_balance", kYi,
                 "local governments' balance (counties, platforms, upper level, province): taxes "
                 "kept below the centre, land sales and rent, minus all their spending",
                 true},
    VariableInfo{"fiscal_balance_npv", kYi,
                 "fiscal_balance summed from the first simulated year to this one, discounted to "
                 "the base year at fiscal.discount_rate",
                 false},
};

constexpr std::array kCounty{
    REGSIM_FIRM_AGGREGATES,
    VariableInfo{"gdp", kYi,
                 "GDP: value added of modelled firms, exogenous sectors and public works' local "
                 "construction",
                 true},
    VariableInfo{"exogenous_gdp", kYi, "agriculture and non-modelled services", true},
    VariableInfo{"public_works", kYi,
                 "public works: land servicing and standard factories built (all payers)", true},
    VariableInfo{"wage", "万元 per worker per year", "market wage", false},
    VariableInfo{"labour_force", "persons", "labour force available to modelled firms", true},
    VariableInfo{"tax_retained", kYi, "taxes kept by the county (after sharing)", true},
    VariableInfo{"land_sales", kYi,
                 "revenue from selling serviced land to firms (incl. leases bought at term)", true},
    VariableInfo{"transfers", kYi, "transfers received from the upper levels", true},
    VariableInfo{"other_revenue", kYi,
                 "own revenue of the non-modelled economy (its taxes and non-tax revenue)", true},
    VariableInfo{"own_revenue", kYi,
                 "general budget own revenue (一般公共预算收入): retained taxes + other revenue + "
                 "land rent",
                 true},
    VariableInfo{"tax_revenue", kYi,
                 "its tax part: retained taxes + the tax share of other revenue", true},
    VariableInfo{"budget_revenue", kYi,
                 "retained taxes + other revenue + land sales and rent + transfers + awards", true},
    VariableInfo{"land_servicing_cost", kYi, "cost of turning planned land into serviced land",
                 true},
    VariableInfo{"land_rent", kYi, "rent from firms on leased land and standard-factory floor",
                 true},
    VariableInfo{"policy_spending", kYi, "spending on policy instruments paid by the county", true},
    VariableInfo{"finance_spending", kYi,
                 "county spending on finance instruments (guarantee loss share, pool top-ups, "
                 "fund co-investment)",
                 true},
    VariableInfo{"general_spending", kYi,
                 "general spending (public services, education, ...), following the year's own "
                 "revenue and transfers",
                 true},
    VariableInfo{"interest", kYi, "interest on last year's government debt", true},
    VariableInfo{"urban_construction", kYi,
                 "land sales net of servicing spent on urban construction (fund budget; public "
                 "works)",
                 true},
    VariableInfo{"budget_spending", kYi,
                 "policy + finance + land servicing + urban construction + general + interest + "
                 "other spending",
                 true},
    VariableInfo{"budget_balance", kYi, "budget revenue minus budget spending", true},
    VariableInfo{"government_debt", kYi, "debt, end of year (previous debt minus balance)", true},
    VariableInfo{"award", kYi, "ranking awards received (budget revenue)", true},
    VariableInfo{"platform_debt", kYi,
                 "net debt of its platforms' development budgets (the county is liable)", true},
    VariableInfo{"population", "persons", "resident population", true},
    VariableInfo{"urbanisation", "1 (share)", "urban share of the population", false},
    VariableInfo{"urban_income", "yuan per person per year", "urban per-capita disposable income",
                 false},
    VariableInfo{"rural_income", "yuan per person per year", "rural per-capita disposable income",
                 false},
    VariableInfo{"land_quota_granted", "ha",
                 "construction-land quota granted to the county (its platforms and outside) this "
                 "year",
                 true},
    VariableInfo{"land_quota_used", "ha",
                 "construction-land quota used to service land (platforms and outside)", true},
    REGSIM_OUTSIDE_LAND,
    VariableInfo{"land_outside_added", "ha",
                 "industrial land outside platforms added to the vacant stock this year", true},
    VariableInfo{"land_outside_price", "万元 per mu", "price of industrial land outside platforms",
                 false},
    VariableInfo{"land_outside_sold", "ha",
                 "industrial land outside platforms sold to firms and entrants this year", true},
    VariableInfo{"entrants_without_land", kFirms,
                 "would-be entrants that found no land at any location of the county", true},
};

constexpr std::array kPlatform{
    REGSIM_FIRM_AGGREGATES,
    VariableInfo{"land_planned", "ha", "planned land", true},
    VariableInfo{"land_serviced", "ha", "serviced land, end of year", true},
    VariableInfo{"land_occupied", "ha", "land occupied by firms, end of year", true},
    VariableInfo{"land_sold", "ha", "serviced land sold to firms during the year", true},
    VariableInfo{"land_released", "ha", "land returned to the platform by firms that exited", true},
    VariableInfo{"land_price", "万元 per mu", "industrial land price", false},
    VariableInfo{"output_per_mu", "万元 per mu", "output value per mu of occupied land", false},
    VariableInfo{"land_rationed", "ha", "land asked for by firms but not available", true},
    VariableInfo{"tax_retained", kYi, "platform's share of the host county's taxes from its firms",
                 true},
    VariableInfo{"status", "code", "platform status: 0 active, 1 promoted, 2 delisted", false},
    VariableInfo{"level", "code",
                 "administrative level: 0 national, 1 provincial, 2 municipal, 3 county "
                 "(promotion raises it)",
                 false},
    VariableInfo{"score", "1 (standardised)", "comprehensive assessment score", false},
    VariableInfo{"rank", "1 = best", "rank of the assessment score in its peer group", false},
    VariableInfo{"award", kYi, "ranking awards received (development budget revenue)", true},
    VariableInfo{"bond_issued", kYi, "platform bonds issued (financing)", true},
    VariableInfo{"interest", kYi, "interest paid by the development budget", true},
    VariableInfo{"land_servicing_cost", kYi, "land servicing paid by the development budget", true},
    VariableInfo{"budget_revenue", kYi, "development budget revenue: tax share + awards", true},
    VariableInfo{"budget_spending", kYi, "development budget spending: land servicing + interest",
                 true},
    VariableInfo{"debt", kYi, "net debt of the development budget (bonds included), end of year",
                 true},
    VariableInfo{"land_quota_used", "ha", "construction-land quota used to service land", true},
    VariableInfo{"land_leased", "ha", "serviced land leased to firms during the year (not sold)",
                 true},
    VariableInfo{"land_leased_stock", "ha", "land held by active firms on lease, end of year",
                 true},
    VariableInfo{"land_converted", "ha",
                 "leased land bought by its firm at the end of a lease-then-sell lease", true},
    VariableInfo{"land_idle", "ha",
                 "land of firms under idle-land revocation beyond what their capital needs", true},
    VariableInfo{"land_revoked", "ha", "idle land taken back from firms during the year", true},
    VariableInfo{"floor_built", "m2", "standard-factory floor built, end of year", true},
    VariableInfo{"floor_occupied", "m2", "standard-factory floor rented by active tenants", true},
    VariableInfo{"floor_vacant", "m2", "standard-factory floor not rented, end of year", true},
    VariableInfo{"floor_rent", kYi, "rent from standard-factory tenants (to the host county)",
                 true},
};

constexpr std::array kSector{
    REGSIM_FIRM_AGGREGATES,
    VariableInfo{"price", "1 (base year = 1)", "sector output price that clears demand", false},
    VariableInfo{"demand_shift", "1 (base year = 1)",
                 "national market of the tradable part, (1 + demand_growth)^t", false},
    VariableInfo{"national_price", "1 (base year = 1)",
                 "national price of the sector's output, (1 + national_price_growth)^t", false},
};

constexpr std::array kPolicy{
    VariableInfo{"spending", kYi, "paid by the instrument's payer(s) to firms", true},
    VariableInfo{"recipients", "entities",
                 "entities that received a payment from the instrument: firms, or platforms and "
                 "counties for ranking awards",
                 true},
    VariableInfo{"fund_capital", kYi,
                 "finance funds: guarantee fund capital, pool balance or guidance fund cash, end "
                 "of year",
                 true},
    VariableInfo{"fund_granted", kYi,
                 "guarantees granted (guarantee fund) or equity invested (guidance fund)", true},
    VariableInfo{"fund_outstanding", kYi,
                 "guarantees outstanding (guarantee fund) or stakes held at cost (guidance fund), "
                 "end of year",
                 true},
    VariableInfo{"fund_fees", kYi, "guarantee fees received by the fund", true},
    VariableInfo{"fund_losses", kYi,
                 "fund's share of defaults, pool compensation paid, or stakes written off", true},
    VariableInfo{"fund_proceeds", kYi, "guidance fund stakes sold", true},
    VariableInfo{"fund_top_ups", kYi, "paid into the pool by its payer", true},
    VariableInfo{"fund_reguarantor_losses", kYi,
                 "re-guarantor's (province) share of defaults on the fund's guarantees", true},
    VariableInfo{"fund_government", kYi,
                 "government's share of defaults on the fund's guarantees, or county "
                 "co-investment (guidance fund)",
                 true},
};

constexpr std::array kPayer{
    VariableInfo{"policy_spending", kYi, "paid for policy instruments by this payer", true},
    VariableInfo{"awards_paid", kYi, "ranking awards paid (part of policy_spending)", true},
    VariableInfo{"transfers_paid", kYi, "transfers paid to counties (by the upper level)", true},
    VariableInfo{"finance_spending", kYi,
                 "paid for finance instruments by this payer (loss shares, top-ups, co-investment)",
                 true},
    VariableInfo{"spending", kYi, "policy spending plus finance spending plus transfers paid",
                 true},
};

constexpr std::array kPolicyPayer{
    VariableInfo{"spending", kYi, "paid by this payer for this policy", true},
};

#undef REGSIM_FIRM_AGGREGATES
#undef REGSIM_OUTSIDE_LAND

}  // namespace

std::span<const VariableInfo> output_variables(Level level) {
  switch (level) {
    case Level::region:
      return kRegion;
    case Level::county:
      return kCounty;
    case Level::platform:
      return kPlatform;
    case Level::sector:
      return kSector;
    case Level::policy:
      return kPolicy;
    case Level::payer:
      return kPayer;
    case Level::policy_payer:
      return kPolicyPayer;
  }
  return {};
}

const VariableInfo* find_variable(Level level, std::string_view name) {
  for (const auto& v : output_variables(level))
    if (v.name == name) return &v;
  return nullptr;
}

const char* to_string(Level level) {
  switch (level) {
    case Level::region:
      return "region";
    case Level::county:
      return "county";
    case Level::platform:
      return "platform";
    case Level::sector:
      return "sector";
    case Level::policy:
      return "policy";
    case Level::payer:
      return "payer";
    case Level::policy_payer:
      return "policy_payer";
  }
  return "?";
}

}  // namespace regsim
