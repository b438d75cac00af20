#pragma once
/// @brief Promotion rule (营口: 2022年年底前,推动营口辽河经济开发区、站前区核翼经济开发区 …
/// 晋升省级 开发区): a platform in scope ranked in the first `top_n` places of its peer group for
/// `years_running` years running is promoted: its status becomes promoted and its level rises
/// one step (county → municipal → provincial → national), so from the next year it is assessed
/// among the platforms of its new level. The criterion is an assumption (the plan names the
/// zones to promote, not the rule). A land-family rule; it pays nothing.

#include "engine/policy/government_rule.hpp"
#include "engine/policy/registry.hpp"

namespace regsim::policy {

struct PromotionRule : NoFirmEffect {
  double top_n = 1;
  double years_running = 2;

  static InstrumentInfo info();
  static PromotionRule from_params(const std::map<std::string, double>& p) {
    return {{}, p.at("top_n"), p.at("years_running")};
  }
};

}  // namespace regsim::policy
