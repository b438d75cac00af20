#pragma once
/// @brief Index types for agents. Ids are positions in their tables and never change.

#include <cstdint>

namespace regsim {

using FirmId = std::uint32_t;
using SectorId = std::uint16_t;
using CountyId = std::uint16_t;
using PlatformId = std::int32_t;  ///< kNoPlatform for firms outside any platform
inline constexpr PlatformId kNoPlatform = -1;

/// Firm size classes for policy eligibility (工信部联企业〔2011〕300号, industry), by revenue.
enum class SizeClass : std::uint8_t { micro = 0, small = 1, medium = 2, large = 3 };
inline SizeClass size_class(double revenue_wan) {
  if (revenue_wan < 300) return SizeClass::micro;
  if (revenue_wan < 2000) return SizeClass::small;
  if (revenue_wan < 40000) return SizeClass::medium;
  return SizeClass::large;
}

inline constexpr double kM2PerMu = 10000.0 / 15.0;  ///< 1 mu = 666.67 m²
inline constexpr double kM2PerHa = 10000.0;
inline constexpr double kWanPerYi = 10000.0;  ///< 1 亿元 = 10,000 万元

}  // namespace regsim
