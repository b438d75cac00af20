#pragma once
/// @brief Plausible ranges of the parameters a plan's baseline is fitted with (MODEL.md 3.8,
/// "Plausible ranges"): the values an economist would accept for a Chinese county economy,
/// with their source. They are separate from a [calibration] parameter's hard bounds (where the
/// optimiser may search) and from the parser's sanity bounds (what it refuses): a fit outside
/// its plausible range is reported and flagged, never refused.
///
/// A [calibration] parameter may declare its own (`plausible = [lo, hi]`, `plausible_source`);
/// otherwise it gets the default for its kind, the last field of its key path
/// (`sectors[X].demand_growth` is a `demand_growth`).

#include <optional>
#include <string>
#include <string_view>

#include "engine/scenario/scenario.hpp"

namespace regsim::scenario {

struct PlausibleRange {
  double lower = 0;
  double upper = 0;
  std::string source;  ///< where the range comes from (MODEL.md names it)
};

/// The default plausible range for a parameter key path, by its last field; none for a kind
/// MODEL.md does not declare one for.
std::optional<PlausibleRange> default_plausible_range(std::string_view key_path);

/// A calibration parameter's plausible range: its own, else the default for its kind.
std::optional<PlausibleRange> plausible_range(const CalibrationParameter& parameter);

}  // namespace regsim::scenario
