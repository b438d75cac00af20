#pragma once
/// @brief The creation time stamped on regsim's outputs (HDF5 `created_utc`, calibration
/// reports).

#include <string>

namespace regsim::output {

/// The current time as "YYYY-MM-DDTHH:MM:SSZ" (UTC).
std::string utc_now_iso8601();

}  // namespace regsim::output
