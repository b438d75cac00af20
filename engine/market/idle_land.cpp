#include "engine/market/idle_land.hpp"

#include <algorithm>
#include <type_traits>

#include "engine/policy/idle_land_revocation.hpp"

namespace regsim {

void revoke_idle_land(World& w) {
  auto& f = w.firms;
  auto& p = w.platforms;
  const std::size_t np = w.n_platforms();
  auto& totals = w.work.land_idle_block;  // [idle per platform, revoked per platform]
  totals.assign(2 * np, 0.0);
  w.work.sums.reduce(
      f.size(), 2 * np, totals, [&](std::size_t begin, std::size_t end, std::span<double> acc) {
        for (std::size_t i = begin; i < end; ++i) {
          const auto id = static_cast<FirmId>(i);
          if (!f.active(id) || f.platform[i] == kNoPlatform) continue;
          const policy::IdleLandRevocation* rule = nullptr;
          w.policies.for_eligible_of<policy::IdleLandRevocation>(
              w.year, f.county[i], f.platform[i], f.sector[i], f.size_class[i],
              [&](std::size_t, const policy::IdleLandRevocation& r) {
                if (!rule) rule = &r;
              });
          if (!rule) {
            f.idle_years[i] = 0;
            continue;
          }
          const double need = f.capital_wan[i] / f.intensity_wan_per_mu[i] * kM2PerMu;
          if (f.land_m2[i] <= (1.0 + rule->tolerance) * need) {
            f.idle_years[i] = 0;
            continue;
          }
          f.idle_years[i] = static_cast<std::uint8_t>(std::min(f.idle_years[i] + 1, 255));
          const double excess = f.land_m2[i] - need;
          if (f.idle_years[i] < rule->years) {
            acc[f.platform[i]] += excess;
            continue;
          }
          f.land_m2[i] = need;
          if (auto* lease = f.leases.find(i))
            lease->land_m2 = std::max(0.0, lease->land_m2 - excess);
          f.idle_years[i] = 0;
          acc[np + f.platform[i]] += excess;
        }
      });
  for (std::size_t j = 0; j < np; ++j) {
    p.land_idle_m2[j] = totals[j];
    p.land_revoked_m2[j] = totals[np + j];
    p.land_occupied_m2[j] -= totals[np + j];
  }
}

}  // namespace regsim
