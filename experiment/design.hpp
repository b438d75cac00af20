#pragma once
/// @brief Experimental designs for parameter sweeps: full factorial grids, Latin hypercubes and
/// Sobol sequences. Pure functions: the same arguments always give the same points.
///
/// A design is a row-major matrix [point][factor]. Grids hold factor levels; Latin hypercubes
/// and Sobol designs hold points of the unit cube [0, 1)^k, which the caller scales to each
/// factor's [min, max].

#include <cstddef>
#include <cstdint>
#include <vector>

namespace regsim::sweep {

/// @brief Points x factors, row-major.
struct Design {
  std::size_t points = 0;
  std::size_t factors = 0;
  std::vector<double> values;  ///< size points * factors

  double at(std::size_t point, std::size_t factor) const {
    return values[point * factors + factor];
  }
};

/// Full factorial design: the cartesian product of the levels, the last factor varying
/// fastest (point p of factors with n_0 .. n_{k-1} levels has level index
/// (p / (n_1 ... n_{k-1})) mod n_0 for factor 0, ..., p mod n_{k-1} for the last).
/// Throws std::invalid_argument when a factor has no level or the product overflows.
Design full_grid(const std::vector<std::vector<double>>& levels);

/// Latin hypercube of `points` points in [0, 1)^factors: each factor's range is cut into
/// `points` equal strata and every stratum of every factor holds exactly one point, at a drawn
/// position inside the stratum. The strata are matched across factors by independent random
/// permutations (Fisher-Yates). All draws come from counter-based streams keyed by `seed`
/// (RandomStream(seed, 2^64-1, factor, 0 or 1, purpose 0): 0 for the permutation, 1 for the
/// positions), so the design depends only on (points, factors, seed).
Design latin_hypercube(std::size_t points, std::size_t factors, std::uint64_t seed);

/// The first `points` points of the Sobol sequence in `factors` dimensions (Joe and Kuo's
/// direction numbers, Boost.Random's `sobol`, in Gray-code order), without the sequence's point
/// 0 (the origin): the first point is (0.5, ..., 0.5), then (0.75, 0.25, ...), (0.25, 0.75,
/// ...). At most 3667 factors.
Design sobol(std::size_t points, std::size_t factors);

/// Saltelli's design for Sobol indices (Saltelli 2002; Saltelli et al. 2010): `base` rows of two
/// independent matrices A and B in [0, 1)^factors, taken from a Sobol sequence in 2 x factors
/// dimensions (A the first factors columns, B the rest; Saltelli et al. 2010, section 3), from
/// its second point on (the first, all 0.5, would make A and B equal). Row j
/// gives a block of factors + 2 points: A_j, then A_j with column i from B_j (AB^i_j) for
/// i = 0 .. factors-1, then B_j. points = base x (factors + 2). At most 1833 factors.
Design saltelli(std::size_t base, std::size_t factors);

/// Morris's elementary-effects design (Morris 1991) on a grid of `levels` levels (even, >= 2)
/// in [0, 1]: `trajectories` blocks of factors + 1 points. A trajectory starts at a drawn grid
/// point and moves one factor at a time, in a drawn order, by delta = levels / (2 (levels - 1)):
/// up when that stays inside [0, 1], else down. Draws from RandomStream(seed, 2^64-1,
/// trajectory, 2, purpose 0). points = trajectories x (factors + 1).
Design morris(std::size_t trajectories, std::size_t factors, std::size_t levels,
              std::uint64_t seed);

/// SplitMix64's finaliser (Steele, Lea and Flood 2014): a bijective 64-bit mix.
constexpr std::uint64_t mix64(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

/// Model seed of run (point, replicate) of a sweep without common random numbers:
/// mix64(mix64(mix64(design_seed) ^ point) ^ replicate).
constexpr std::uint64_t independent_seed(std::uint64_t design_seed, std::uint64_t point,
                                         std::uint64_t replicate) {
  return mix64(mix64(mix64(design_seed) ^ point) ^ replicate);
}

}  // namespace regsim::sweep
