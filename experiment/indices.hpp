#pragma once
/// @brief Global sensitivity indices from the outputs of a Saltelli or Morris design
/// (design.hpp). Pure functions: the same arguments always give the same numbers.
///
/// Sobol indices (Saltelli et al. 2010, Table 2): with f_A, f_B, f_ABi the outputs at the rows
/// of A, B and AB^i, and V the variance of all f_A and f_B,
///   first order  S_i  = mean((f_B - m) (f_ABi - f_A)) / V      (Saltelli et al. 2010, (b);
///                       centred on m, the mean of the f_A and f_B, as SALib does)
///   total        ST_i = mean((f_A - f_ABi)^2) / (2 V)          (Jansen 1999, (f))
/// with percentile bootstrap intervals over the base rows (resampled with replacement).
/// Morris (Morris 1991; Campolongo, Cariboni & Saltelli 2007): the elementary effect of factor
/// i on a trajectory is (f(x + delta e_i) - f(x)) / delta in the unit cube; mu* is the mean of
/// their absolute values, mu their mean, sigma their standard deviation (divisor r - 1).

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "experiment/design.hpp"

namespace regsim::sweep {

struct SobolIndex {
  double first = 0, first_low = 0, first_high = 0;
  double total = 0, total_low = 0, total_high = 0;
};

struct SobolResult {
  double variance = 0;  ///< V, of the f_A and f_B
  std::vector<SobolIndex> factors;
};

/// `y` holds one output per point of saltelli(base, factors), in its order. `bootstrap`
/// resamples (0: no intervals, NaN bounds) drawn from RandomStream(seed, 2^64-1, resample, 3,
/// purpose 0), intervals at
/// `confidence`. Throws std::invalid_argument when y's size is not base x (factors + 2).
SobolResult sobol_indices(std::span<const double> y, std::size_t factors, std::size_t bootstrap,
                          std::uint64_t seed, double confidence);

struct MorrisIndex {
  double mu_star = 0, mu = 0, sigma = 0;
};

/// `y` holds one output per point of `design` (a morris() design), in its order; the factor
/// moved at each step and the step's sign are read from the design.
std::vector<MorrisIndex> morris_indices(std::span<const double> y, const Design& design);

}  // namespace regsim::sweep
