#include "engine/policy/guidance_fund.hpp"

namespace regsim::policy {

InstrumentInfo GuidanceFund::info() {
  InstrumentInfo i{
      "guidance_fund",
      scenario::PolicyFamily::finance,
      "industry guidance fund: equity in eligible credit-bound firms (drawn order, while money "
      "lasts), county co-investment, exit at book value after exit_years",
      {{"size_yi", 0.0, 0.0, 1e6, true, "money the fund can invest, 亿元"},
       {"equity_share", 0.3, 0.0, 1.0, false, "fund equity per investee, share of its investment"},
       {"county_matching_ratio", 0.0, 0.0, 10.0, false,
        "host county co-investment per yuan of the fund's (county spending)"},
       {"exit_years", 5.0, 1.0, 30.0, false, "years until the fund sells its stake"},
       per_firm_cap_param()}};
  i.params[4].description = "max fund equity per firm, 万元";
  return i;
}

}  // namespace regsim::policy
