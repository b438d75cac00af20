#include "engine/policy/bridge_fund.hpp"

namespace regsim::policy {

InstrumentInfo BridgeFund::info() {
  InstrumentInfo i{
      "bridge_fund",
      scenario::PolicyFamily::finance,
      "loan turnover (bridge) fund: lends eligible firms whose bank refuses to roll over their "
      "maturing loans the amount until renewal, for a fee (drawn order, yearly capacity)",
      {{"size_yi", 0.0, 0.0, 1e6, true, "the fund's money, 亿元"},
       {"turnover_per_year", 10.0, 1.0, 365.0, false,
        "times a year the fund can be lent out (bridge loans last days to weeks)"},
       {"fee_rate", 0.002, 0.0, 0.1, false, "fee, share of the amount bridged"},
       per_firm_cap_param()}};
  i.params[3].description = "max amount bridged per firm and year, 万元";
  return i;
}

}  // namespace regsim::policy
