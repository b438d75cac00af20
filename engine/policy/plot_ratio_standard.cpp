#include "engine/policy/plot_ratio_standard.hpp"

namespace regsim::policy {

InstrumentInfo PlotRatioStandard::info() {
  return {"plot_ratio_standard",
          scenario::PolicyFamily::land,
          "plot-ratio standard (容积率下限): new projects in scope build to at least "
          "min_plot_ratio, needing less land per unit of capital at a construction premium",
          {{"min_plot_ratio", 1.0, 0.1, 10.0, true,
            "minimum floor area / plot area of a new project (工业项目 standards: 0.6 to 1.5 by "
            "industry)"},
           {"typical_plot_ratio", 0.8, 0.1, 10.0, false,
            "plot ratio new projects would build to without the standard"},
           {"cost_premium", 0.1, 0.0, 5.0, false,
            "extra initial outlay per unit of m - 1, as a share of initial capital (m = "
            "min / typical plot ratio)"}}};
}

}  // namespace regsim::policy
