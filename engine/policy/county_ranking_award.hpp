#pragma once
/// @brief Ranking award to counties (湖北: 5 亿 a year to fast-improving counties; 张掖:
/// 综合考评排名靠前 ... 表彰): each year the `top_n` counties in scope with the highest GDP growth
/// receive `award_yi` each from the payer, as county budget revenue. Charged in the
/// PolicyLedger; its recipients are counties.

#include "engine/policy/government_rule.hpp"
#include "engine/policy/registry.hpp"

namespace regsim::policy {

struct CountyRankingAward : NoFirmEffect {
  double top_n = 1;
  double award_yi = 0;

  static InstrumentInfo info();
  static CountyRankingAward from_params(const std::map<std::string, double>& p) {
    return {{}, p.at("top_n"), p.at("award_yi")};
  }
};

}  // namespace regsim::policy
