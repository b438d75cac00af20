#pragma once
/// @brief Ranking award to platforms (安康: 年度考核进入前五名的 ... 给予奖励): each year the
/// `top_n` best-assessed active platforms in scope receive `award_yi` each from the payer. The
/// award is revenue of the platform's development budget and funds extra land servicing that
/// year (award / servicing cost per mu, within the plan). Charged in the PolicyLedger; its
/// recipients are platforms.

#include "engine/policy/government_rule.hpp"
#include "engine/policy/registry.hpp"

namespace regsim::policy {

struct RankingAward : NoFirmEffect {
  double top_n = 5;
  double award_yi = 0;

  static InstrumentInfo info();
  static RankingAward from_params(const std::map<std::string, double>& p) {
    return {{}, p.at("top_n"), p.at("award_yi")};
  }
};

}  // namespace regsim::policy
