#include "engine/scenario/plausible.hpp"

#include <array>

namespace regsim::scenario {

namespace {

struct Kind {
  std::string_view field;
  double lower, upper;
  std::string_view source;
};

// MODEL.md 3.8 "Plausible ranges" lists the same table with its reasons.
constexpr std::array<Kind, 18> kKinds{{
    {"capital_growth", 0.0, 0.12,
     "net growth of industrial capital in 2015-2019: fixed-asset investment grew 3-8% a year, the "
     "net capital stock about 5-10%"},
    {"demand_growth", -0.05, 0.15,
     "real growth of a branch's national market: NBS industrial value added by branch 2015-2021 "
     "mostly -5% .. +15% a year"},
    {"national_price_growth", -0.10, 0.12,
     "branch producer prices: NBS PPI -5.2% .. +8.1% a year in 2015-2023, branches wider"},
    {"local_demand_growth", 0.0, 0.05,
     "local demand beyond incomes: urbanisation (about +1.2 points a year) and visitors"},
    {"entry_rate", 0.03, 0.25,
     "would-be entrants per incumbent: gross entry of 5-20% a year (4th Economic Census; SAIC)"},
    {"entry_profit_elasticity", 0.5, 2.0,
     "entry responds to expected profit with an elasticity about 1, sluggishly (Geroski 1995)"},
    {"revenue_scale", 0.8, 1.25,
     "an unpublished base-year revenue within 25% of the cells assumed from the plan"},
    {"county_share_of_local", 0.3, 1.0,
     "provincial revenue-sharing rules: counties keep 30-100% of the local share"},
    {"investment_adjustment", 0.05, 0.3,
     "partial-adjustment speeds of investment panels, 0.1-0.3 a year"},
    {"productivity_drift", 0.0, 0.03,
     "TFP growth of Chinese manufacturing 2008-2018 about 0-3% a year"},
    {"base_hazard", 0.01, 0.12,
     "exit of a reference firm: sector exit rates of 5-15% a year (SAIC 2013)"},
    {"wage_growth", 0.03, 0.10, "average wage growth 2015-2021 (NBS), 7-10% nominal"},
    {"exogenous_gdp_growth", 0.0, 0.10,
     "nominal growth of agriculture and non-modelled services in counties, 2015-2021"},
    {"labour_force_growth", -0.03, 0.03, "county labour forces change by at most 3% a year"},
    {"promotion_effort", 0.5, 2.0, "investment promotion at most doubles or halves entry"},
    {"agglomeration_elasticity", 0.0, 0.1,
     "agglomeration elasticities 0.02-0.1 (Combes and Gobillon 2015)"},
    {"transfer_ratio", 0.2, 4.0,
     "transfers per yuan of own revenue: 0.7 nationally in 2018 (MoF), 2-4 in poor counties"},
    {"transfers_growth", 0.0, 0.12, "central transfers to localities grew 6-9% a year 2015-2021"},
}};

}  // namespace

std::optional<PlausibleRange> default_plausible_range(std::string_view key_path) {
  const auto dot = key_path.rfind('.');
  const std::string_view field =
      dot == std::string_view::npos ? key_path : key_path.substr(dot + 1);
  // initial.revenue_scale.KIND: the kind of a revenue scale is its table, not the platform kind.
  const bool revenue_scale = key_path.starts_with("initial.revenue_scale");
  for (const auto& k : kKinds)
    if (k.field == field || (revenue_scale && k.field == "revenue_scale"))
      return PlausibleRange{k.lower, k.upper, std::string(k.source)};
  return std::nullopt;
}

std::optional<PlausibleRange> plausible_range(const CalibrationParameter& parameter) {
  if (parameter.plausible)
    return PlausibleRange{parameter.plausible->lower, parameter.plausible->upper,
                          parameter.plausible->source};
  return default_plausible_range(parameter.key);
}

}  // namespace regsim::scenario
