#pragma once
/// @brief Delisting rule (营口: 省相关部门对连续两年全省排名在后3位的省级开发区将予以摘牌): a
/// platform in scope ranked in the last `bottom_n` of its ranking for `years_running` years
/// running is delisted. The ranking is its peer group plus `peer_platforms` zones of the
/// province that are not in the scenario, whose scores are drawn each year from a normal
/// distribution fitted to the scenario's own platforms' scores. A delisted platform services no
/// more land, admits no entrants, and platform-scoped policies no longer apply to its firms.
/// A land-family rule: it withdraws the zone's land and admission status; it pays nothing.

#include "engine/policy/government_rule.hpp"
#include "engine/policy/registry.hpp"

namespace regsim::policy {

struct DelistingRule : NoFirmEffect {
  double bottom_n = 3;
  double years_running = 2;
  double peer_platforms = 0;

  static InstrumentInfo info();
  static DelistingRule from_params(const std::map<std::string, double>& p) {
    return {{}, p.at("bottom_n"), p.at("years_running"), p.at("peer_platforms")};
  }
};

}  // namespace regsim::policy
