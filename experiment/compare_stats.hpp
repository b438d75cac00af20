#pragma once
/// @brief The statistics of `regsim compare`: means, confidence intervals of a difference of
/// means (paired Student-t under common random numbers, Welch otherwise) and the probability of
/// attaining a target across replicates. Pure functions, no I/O.

#include <vector>

#include "engine/observe/attainment.hpp"

namespace regsim::experiment {

/// A difference of means alt - base with its confidence interval. `low`/`high` are NaN when
/// either side has fewer than 2 replicates ("no replicates") or a value is NaN.
struct Interval {
  double delta = 0;  ///< mean(alt) - mean(base)
  double low = 0;
  double high = 0;
  double df = 0;  ///< degrees of freedom of the t quantile (NaN when there is none)
  bool paired = false;
};

/// Arithmetic mean; NaN for an empty sample (and when a value is NaN).
double mean(const std::vector<double>& x);

/// Sample standard deviation (divisor n - 1); NaN when n < 2.
double sample_sd(const std::vector<double>& x);

/// Two-sided Student-t quantile: the t with P(|T| <= t) = confidence for `df` degrees of freedom.
double t_quantile(double confidence, double df);

/// Paired interval: d_i = alt_i - base_i (same replicate i, common random numbers), mean(d) +-
/// t_{n-1} sd(d) / sqrt(n). Throws std::invalid_argument when the sizes differ.
Interval paired_interval(const std::vector<double>& base, const std::vector<double>& alt,
                         double confidence);

/// Welch's interval for independent samples: mean(alt) - mean(base) +- t_df se, se^2 =
/// s_b^2/n_b + s_a^2/n_a, df by the Welch-Satterthwaite equation.
Interval welch_interval(const std::vector<double>& base, const std::vector<double>& alt,
                        double confidence);

/// Share of replicates with attained == 1, over all replicates; NaN when there are none or the
/// row is not applicable (-1) in every replicate.
double attainment_probability(const std::vector<int>& attained);

/// The same share with its Wilson score interval at `confidence` (n = all replicates).
AttainmentProbability attainment_interval(const std::vector<int>& attained, double confidence);

}  // namespace regsim::experiment
