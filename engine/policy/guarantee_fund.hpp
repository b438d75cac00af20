#pragma once
/// @brief Government financing guarantee fund (政府性融资担保): guarantees part of eligible
/// credit-bound firms' bank loans, raising their borrowing limit by up to `guarantee_to_capital`
/// of their capital (at most `cap_wan` of guaranteed debt per firm). The fund's outstanding
/// guarantees never exceed `leverage` * its capital; applications are served in a drawn order.
/// The firm pays `fee_rate` a year on its guaranteed debt to the fund. A default on guaranteed
/// debt is shared by the 4-3-2-1 银担分险 rule: the fund, the provincial re-guarantor, the bank
/// and the host county's government. Mechanics: engine/market/credit.cpp; the firm receives no
/// payment (payment_wan = 0).

#include <limits>

#include "engine/policy/effects.hpp"
#include "engine/policy/registry.hpp"

namespace regsim::policy {

struct GuaranteeFund {
  double capital_yi = 0;              ///< the fund's capital at the start
  double leverage = 5;                ///< max outstanding guarantees / capital
  double fee_rate = 0.01;             ///< per year on the guaranteed amount, paid by the firm
  double guarantee_to_capital = 0.2;  ///< extra borrowing limit, share of the firm's capital
  double cap_wan = 1e12;              ///< max guaranteed debt per firm
  double guarantor_share = 0.4;       ///< shares of a loss on guaranteed debt (sum to 1)
  double reguarantor_share = 0.3;
  double bank_share = 0.2;
  double government_share = 0.1;

  static InstrumentInfo info();
  static GuaranteeFund from_params(const std::map<std::string, double>& p) {
    return {p.at("capital_yi"),           p.at("leverage"),   p.at("fee_rate"),
            p.at("guarantee_to_capital"), p.at("cap_wan"),    p.at("guarantor_share"),
            p.at("reguarantor_share"),    p.at("bank_share"), p.at("government_share")};
  }
  void shape(DecisionTerms&) const {}
  bool marginal(const FirmFlows&) const { return true; }
  double investment_kink_wan() const { return std::numeric_limits<double>::infinity(); }
  double payment_wan(const FirmFlows&) const { return 0.0; }
};

}  // namespace regsim::policy
