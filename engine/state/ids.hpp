#pragma once
/// @brief Index types for agents. Ids are positions in their tables and never change.

#include <cstdint>

namespace regsim {

using FirmId = std::uint32_t;
using SectorId = std::uint16_t;
using CountyId = std::uint16_t;
using PlatformId = std::int32_t;  ///< kNoPlatform for firms outside any platform
inline constexpr PlatformId kNoPlatform = -1;

inline constexpr double kM2PerMu = 10000.0 / 15.0;  ///< 1 mu = 666.67 m²
inline constexpr double kM2PerHa = 10000.0;
inline constexpr double kWanPerYi = 10000.0;  ///< 1 亿元 = 10,000 万元

}  // namespace regsim
