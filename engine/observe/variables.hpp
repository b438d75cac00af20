#pragma once
/// @brief The catalogue of output variables per entity level: name, units, description and
/// whether values add up across entities (so targets on platform kinds can sum them).

#include <span>
#include <string_view>

namespace regsim {

enum class Level { region, county, platform, sector, policy, payer, policy_payer };

/// All levels, in output order.
inline constexpr Level kAllLevels[] = {Level::region,      Level::county, Level::platform,
                                       Level::sector,      Level::policy, Level::payer,
                                       Level::policy_payer};

struct VariableInfo {
  std::string_view name;
  std::string_view units;
  std::string_view long_name;
  bool additive;  ///< true: the sum over entities is meaningful (money, counts, areas)
};

/// Variables written for a level, in output order.
std::span<const VariableInfo> output_variables(Level level);

/// The variable of that name at that level, or nullptr.
const VariableInfo* find_variable(Level level, std::string_view name);

const char* to_string(Level level);

}  // namespace regsim
