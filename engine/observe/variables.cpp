#include "engine/observe/variables.hpp"

#include <array>

namespace regsim {
namespace {

constexpr std::string_view kYi = "亿元 (1e8 CNY)";
constexpr std::string_view kFirms = "firms";

// Variables every firm-hosting level carries (region, county, platform, sector).
#define REGSIM_FIRM_AGGREGATES                                                                   \
  VariableInfo{"output_value", kYi, "gross output value (revenue) of modelled firms", true},     \
      VariableInfo{"value_added", kYi, "value added of modelled firms", true},                   \
      VariableInfo{"employment", "persons", "employment in modelled firms", true},               \
      VariableInfo{"capital_stock", kYi, "capital stock of modelled firms, end of year", true},  \
      VariableInfo{"investment", kYi, "gross fixed investment of modelled firms", true},         \
      VariableInfo{"profit", kYi, "pre-tax profit of modelled firms", true},                     \
      VariableInfo{"tax_vat", kYi, "value-added tax paid", true},                                \
      VariableInfo{"tax_cit", kYi, "corporate income tax paid", true},                           \
      VariableInfo{"tax_total", kYi, "VAT plus corporate income tax paid", true},                \
      VariableInfo{"policy_received", kYi, "policy payments received by firms", true},           \
      VariableInfo{"firms_active", kFirms, "active firms at the end of the year", true},         \
      VariableInfo{"firms_entered", kFirms, "firms that entered during the year", true},         \
      VariableInfo{"firms_exited", kFirms, "firms that exited during the year", true},           \
      VariableInfo{"loan_defaults", kYi, "debt of firms that exited during the year", true},     \
      VariableInfo{"loan_losses", kYi, "lenders' losses on it after cash and collateral", true}, \
      VariableInfo {                                                                             \
    "firms_above_scale", kFirms, "active firms with revenue >= the above-scale threshold", true  \
  }

constexpr std::array kRegion{
    REGSIM_FIRM_AGGREGATES,
    VariableInfo{"gdp", kYi, "GDP: value added of modelled firms plus exogenous sectors", true},
    VariableInfo{"exogenous_gdp", kYi, "agriculture and non-modelled services", true},
    VariableInfo{"land_serviced", "ha", "serviced land in platforms", true},
    VariableInfo{"land_occupied", "ha", "land occupied by firms in platforms", true},
    VariableInfo{"budget_revenue", kYi,
                 "county budget revenue (retained taxes, land sales, transfers)", true},
    VariableInfo{"budget_spending", kYi, "county budget spending (policies, land servicing, other)",
                 true},
    VariableInfo{"policy_spending", kYi, "spending on policy instruments, all payers", true},
    VariableInfo{"government_debt", kYi, "county government debt, end of year", true},
};

constexpr std::array kCounty{
    REGSIM_FIRM_AGGREGATES,
    VariableInfo{"gdp", kYi, "GDP: value added of modelled firms plus exogenous sectors", true},
    VariableInfo{"exogenous_gdp", kYi, "agriculture and non-modelled services", true},
    VariableInfo{"wage", "万元 per worker per year", "market wage", false},
    VariableInfo{"labour_force", "persons", "labour force available to modelled firms", true},
    VariableInfo{"tax_retained", kYi, "taxes kept by the county (after sharing)", true},
    VariableInfo{"land_sales", kYi,
                 "revenue from selling serviced land to firms (incl. leases bought at term)", true},
    VariableInfo{"transfers", kYi, "transfers received from the upper level", true},
    VariableInfo{"budget_revenue", kYi, "retained taxes + land sales and rent + transfers", true},
    VariableInfo{"land_servicing_cost", kYi, "cost of turning planned land into serviced land",
                 true},
    VariableInfo{"land_rent", kYi, "rent from firms on leased land and standard-factory floor",
                 true},
    VariableInfo{"policy_spending", kYi, "spending on policy instruments paid by the county", true},
    VariableInfo{"budget_spending", kYi, "policy + land servicing + other spending", true},
    VariableInfo{"budget_balance", kYi, "budget revenue minus budget spending", true},
    VariableInfo{"government_debt", kYi, "debt, end of year (previous debt minus balance)", true},
    VariableInfo{"land_quota_granted", "ha",
                 "construction-land quota granted to the county's platforms this year", true},
    VariableInfo{"land_quota_used", "ha", "construction-land quota used to service land", true},
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
    VariableInfo{"demand_shift", "1 (base year = 1)", "exogenous demand level D0 (1+g)^t", false},
};

constexpr std::array kPolicy{
    VariableInfo{"spending", kYi, "paid by the instrument's payer(s) to firms", true},
    VariableInfo{"recipients", kFirms, "firms that received a payment from the instrument", true},
};

constexpr std::array kPayer{
    VariableInfo{"policy_spending", kYi, "paid for policy instruments by this payer", true},
};

constexpr std::array kPolicyPayer{
    VariableInfo{"spending", kYi, "paid by this payer for this policy", true},
};

#undef REGSIM_FIRM_AGGREGATES

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
