#pragma once
/// @brief Counter-based random streams (Random123 Philox4x32-10).
///
/// A stream is keyed by (run seed, replicate) and addressed by (year, agent, purpose): the same
/// address always yields the same numbers, whichever thread asks and in whatever order. There is
/// no shared generator state anywhere in the engine.

#include <Random123/philox.h>

#include <cmath>
#include <cstdint>
#include <numbers>

namespace regsim {

/// What a stream is used for; part of the counter so different uses never share numbers.
enum class Purpose : std::uint32_t {
  synthesis_size = 1,
  synthesis_tail = 2,
  productivity_shock = 3,
  entry_count = 4,
  entrant_size = 5,
  entrant_order = 6,
  entrant_location = 7,
  land_order = 8,
};

class RandomStream {
 public:
  /// seed: the run seed; replicate: replicate index; then the address of the stream.
  RandomStream(std::uint64_t seed, std::uint32_t replicate, std::uint32_t year, std::uint32_t agent,
               Purpose purpose) {
    key_ = {{static_cast<std::uint32_t>(seed),
             static_cast<std::uint32_t>(seed >> 32) ^ (replicate * 0x9E3779B9u)}};
    ctr_ = {{year, agent, static_cast<std::uint32_t>(purpose), 0}};
  }

  /// 32 uniform random bits.
  std::uint32_t next_u32() {
    if (used_ == 4) refill();
    return block_.v[used_++];
  }

  /// Uniform on the open interval (0, 1), 53 bits.
  double uniform() {
    const std::uint64_t hi = next_u32() >> 5;  // 27 bits
    const std::uint64_t lo = next_u32() >> 6;  // 26 bits
    return (static_cast<double>((hi << 26) | lo) + 0.5) * (1.0 / 9007199254740992.0);
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

  r123::Philox4x32 philox_;
  r123::Philox4x32::ctr_type ctr_{};
  r123::Philox4x32::key_type key_{};
  r123::Philox4x32::ctr_type block_{};
  int used_ = 4;
};

}  // namespace regsim
