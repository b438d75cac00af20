#pragma once
/// @brief Plot-ratio standard (容积率下限, 工业项目建设用地控制指标): new projects in the platforms
/// in scope must build to at least `min_plot_ratio` instead of the `typical_plot_ratio` they
/// would choose (single-storey sheds), i.e. multi-storey plants on less land. Channel: an
/// entrant needs land / m of it, m = max(1, min_plot_ratio / typical_plot_ratio), so its
/// capital per mu is m times its own intensity (more output per mu, less land absorbed), but
/// building up costs `cost_premium` (m - 1) of its initial capital more, a sunk outlay financed
/// like land. Not a payment: applied in enter_firms; incumbents keep their buildings.

#include <algorithm>
#include <limits>

#include "engine/policy/effects.hpp"
#include "engine/policy/registry.hpp"

namespace regsim::policy {

struct PlotRatioStandard {
  double min_plot_ratio = 1.0;
  double typical_plot_ratio = 0.8;
  double cost_premium = 0.1;

  static InstrumentInfo info();
  static PlotRatioStandard from_params(const std::map<std::string, double>& p) {
    return {p.at("min_plot_ratio"), p.at("typical_plot_ratio"), p.at("cost_premium")};
  }
  /// m: how many times less land a new project needs under the standard.
  double land_saving_factor() const { return std::max(1.0, min_plot_ratio / typical_plot_ratio); }
  void shape(DecisionTerms&) const {}
  bool marginal(const FirmFlows&) const { return true; }
  double investment_kink_wan() const { return std::numeric_limits<double>::infinity(); }
  double payment_wan(const FirmFlows&) const { return 0.0; }
};

}  // namespace regsim::policy
