#pragma once
/// @brief `regsim new plan NAME [--counties A,B] [--sectors X,Y] [-o FILE] [--force]`: writes a
/// small, valid, commented plan scenario to start a plan of one's own from (docs/NEW_PLAN.md):
/// counties with an industrial park each, sectors, base-year cells, a few instruments, one
/// target row of each kind (level, growth, share, count, change, per mu, out of scope) and a
/// `[calibration]` table, such that it validates, runs and calibrates as written.

#include <string>
#include <vector>

namespace regsim::cli {

struct NewPlanArgs {
  std::string name;                   ///< the scenario's name (default file: NAME.toml)
  std::vector<std::string> counties;  ///< default: 东县, 西县
  std::vector<std::string> sectors;   ///< default: 装备制造, 农产品加工, 商贸服务
  std::string output;                 ///< default: NAME.toml in the working directory
  bool force = false;                 ///< overwrite an existing file
};

/// The scenario text for `args` (names checked; throws std::invalid_argument naming the bad
/// argument). The text is parsed before it is returned, so it is a valid scenario.
std::string new_plan_text(const NewPlanArgs& args);

/// Writes new_plan_text(args) to args.output (atomically; missing directories are created).
/// Throws std::invalid_argument (exit code 2) for a bad name or list, or when the file exists
/// and !force. Returns the exit code.
int run_new_plan(const NewPlanArgs& args);

}  // namespace regsim::cli
