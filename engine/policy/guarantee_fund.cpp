#include "engine/policy/guarantee_fund.hpp"

#include <cmath>
#include <string>

namespace regsim::policy {

namespace {
std::string check_shares(const std::map<std::string, double>& p) {
  const double sum = p.at("guarantor_share") + p.at("reguarantor_share") + p.at("bank_share") +
                     p.at("government_share");
  if (std::abs(sum - 1.0) <= 1e-9) return {};
  return "risk shares guarantor_share + reguarantor_share + bank_share + government_share sum "
         "to " +
         std::to_string(sum) + ", not 1 (e.g. the 4-3-2-1 rule: 0.4, 0.3, 0.2, 0.1)";
}
}  // namespace

InstrumentInfo GuaranteeFund::info() {
  InstrumentInfo i{
      "guarantee_fund",
      scenario::PolicyFamily::finance,
      "government financing guarantee fund: guarantees loans of credit-bound eligible firms and "
      "of eligible entrants short of finance, within leverage * capital; defaults shared fund / "
      "re-guarantor / bank / government",
      {{"capital_yi", 0.0, 0.0, 1e6, true, "fund capital at the start, 亿元"},
       {"leverage", 5.0, 0.0, 10.0, false,
        "max outstanding guarantees / capital (legal cap 10 for general guarantees)"},
       {"fee_rate", 0.01, 0.0, 0.1, false, "guarantee fee per year, share of the guaranteed debt"},
       {"guarantee_to_capital", 0.2, 0.0, 1.0, false,
        "extra borrowing limit granted, share of the firm's capital"},
       per_firm_cap_param(),
       {"guarantor_share", 0.4, 0.0, 1.0, false, "fund's share of a loss on guaranteed debt"},
       {"reguarantor_share", 0.3, 0.0, 1.0, false,
        "provincial re-guarantor's share (paid by the province)"},
       {"bank_share", 0.2, 0.0, 1.0, false, "lending bank's share"},
       {"government_share", 0.1, 0.0, 1.0, false, "host county government's share"}}};
  i.params[4].description = "max guaranteed debt per firm, 万元";
  i.check = check_shares;
  return i;
}

}  // namespace regsim::policy
