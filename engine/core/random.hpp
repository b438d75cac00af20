#pragma once
/// @brief Counter-based random streams (Random123 Philox4x64-10).
///
/// A stream is keyed by (run seed, replicate) and addressed by (year, agent, purpose): the same
/// address always yields the same numbers, whichever thread asks and in whatever order. There is
/// no shared generator state anywhere in the engine. Agents are 64-bit stable keys (a firm's
/// `stream_key`, an entry cell, an entrant's (cell, rank) key), never table positions that could
/// shift when something else changes.

#include <Random123/philox.h>

#include <cmath>
#include <cstdint>
#include <numbers>

namespace regsim {

/// What a stream is used for; part of the counter so different uses never share numbers.
enum class Purpose : std::uint64_t {
  synthesis_size = 1,
  synthesis_age = 2,
  productivity_shock = 3,
  entry_count = 4,
  entrant_size = 5,
  entrant_order = 6,
  entrant_location = 7,
  land_order = 8,
  loss_history = 9,
  // 10..19: subsidies
  listing = 10,
  // 40..49: government (rankings, platforms, upper level).
  peer_platform_score = 40,  ///< scores of a ranking's peers outside the scenario
  // 30..39: finance (engine/market/credit.cpp)
  guarantee_order = 30,
  guidance_fund_order = 31,
  rollover = 32,
  bridge_order = 33,
  loan_application = 34,  ///< the bank's answer to a firm asking for new loans (plan_investment)
  entrant_finance = 35,   ///< an entrant's owners' funds and the bank's answer (enter_firms)
  // 20..29: land
  entrant_intensity = 20,
  // 50..59: firm dynamics
  exit = 50,  ///< a solvent firm's yearly exit draw (behaviour/firm.cpp, exit_firms)
};

/// Stream key of the k-th entrant of an entry cell (county, sector) in a year: independent of
/// what happens in other cells.
constexpr std::uint64_t entrant_stream_key(std::uint64_t entry_cell, std::uint64_t k) {
  return (std::uint64_t{1} << 63) | (entry_cell << 32) | k;
}

class RandomStream {
 public:
  RandomStream(std::uint64_t seed, std::uint64_t replicate, std::uint64_t year, std::uint64_t agent,
               Purpose purpose) {
    key_ = {{seed, replicate}};
    ctr_ = {{year, agent, static_cast<std::uint64_t>(purpose), 0}};
  }

  /// 64 uniform random bits.
  std::uint64_t next_u64() {
    if (used_ == 4) refill();
    return block_.v[used_++];
  }

  /// Uniform on the open interval (0, 1), 53 bits.
  double uniform() {
    return (static_cast<double>(next_u64() >> 11) + 0.5) * (1.0 / 9007199254740992.0);
  }

  /// Standard normal (Box-Muller; one draw per call, the partner is discarded so that the
  /// n-th normal of a stream does not depend on earlier calls of other kinds).
  double normal() {
    const double u1 = uniform();
    const double u2 = uniform();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
  }

  /// Laplace with mean 0 and standard deviation 1 (scale 1/sqrt(2)): tent-shaped log growth.
  double laplace() {
    const double u = uniform() - 0.5;
    const double b = 1.0 / std::numbers::sqrt2;
    return u < 0 ? b * std::log(1.0 + 2.0 * u) : -b * std::log(1.0 - 2.0 * u);
  }

  /// Poisson with the given mean: inversion for small means, PTRS (Hörmann 1993) otherwise.
  std::int64_t poisson(double mean);

 private:
  void refill() {
    block_ = philox_(ctr_, key_);
    ctr_.v[3] += 1;
    used_ = 0;
  }

  r123::Philox4x64 philox_;
  r123::Philox4x64::ctr_type ctr_{};
  r123::Philox4x64::key_type key_{};
  r123::Philox4x64::ctr_type block_{};
  int used_ = 4;
};

}  // namespace regsim
