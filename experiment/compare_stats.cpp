#include "experiment/compare_stats.hpp"

#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace regsim::experiment {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

bool any_nan(const std::vector<double>& x) {
  for (const double v : x)
    if (std::isnan(v)) return true;
  return false;
}

/// delta +- q * se; a zero standard error gives the point interval [delta, delta].
Interval make_interval(double delta, double se, double df, double confidence, bool paired) {
  Interval i{delta, kNaN, kNaN, df, paired};
  if (std::isnan(delta) || std::isnan(se)) return i;
  if (se == 0) {
    i.low = i.high = delta;
    return i;
  }
  const double half = t_quantile(confidence, df) * se;
  i.low = delta - half;
  i.high = delta + half;
  return i;
}
}  // namespace

double mean(const std::vector<double>& x) {
  if (x.empty()) return kNaN;
  double sum = 0;
  for (const double v : x) sum += v;
  return sum / static_cast<double>(x.size());
}

double sample_sd(const std::vector<double>& x) {
  if (x.size() < 2) return kNaN;
  const double m = mean(x);
  double ss = 0;
  for (const double v : x) ss += (v - m) * (v - m);
  return std::sqrt(ss / static_cast<double>(x.size() - 1));
}

double t_quantile(double confidence, double df) {
  if (!(confidence > 0 && confidence < 1))
    throw std::invalid_argument("confidence must be between 0 and 1 (exclusive)");
  if (!(df > 0)) return kNaN;
  const boost::math::students_t dist(df);
  return boost::math::quantile(dist, 0.5 + confidence / 2);
}

Interval paired_interval(const std::vector<double>& base, const std::vector<double>& alt,
                         double confidence) {
  if (base.size() != alt.size())
    throw std::invalid_argument("paired interval: samples of different sizes");
  std::vector<double> d(base.size());
  for (std::size_t i = 0; i < d.size(); ++i) d[i] = alt[i] - base[i];
  const double n = static_cast<double>(d.size());
  const double se = d.size() < 2 ? kNaN : sample_sd(d) / std::sqrt(n);
  return make_interval(mean(d), se, n - 1, confidence, true);
}

Interval welch_interval(const std::vector<double>& base, const std::vector<double>& alt,
                        double confidence) {
  const double delta = mean(alt) - mean(base);
  if (base.size() < 2 || alt.size() < 2 || any_nan(base) || any_nan(alt))
    return Interval{delta, kNaN, kNaN, kNaN, false};
  const double nb = static_cast<double>(base.size()), na = static_cast<double>(alt.size());
  const double vb = std::pow(sample_sd(base), 2) / nb, va = std::pow(sample_sd(alt), 2) / na;
  const double se2 = vb + va;
  const double df = se2 > 0 ? se2 * se2 / (vb * vb / (nb - 1) + va * va / (na - 1)) : kNaN;
  return make_interval(delta, std::sqrt(se2), df, confidence, false);
}

AttainmentProbability attainment_interval(const std::vector<int>& attained, double confidence) {
  int yes = 0, applicable = 0;
  for (const int a : attained) {
    yes += a == 1;
    applicable += a != -1;
  }
  return regsim::attainment_probability(yes, applicable > 0 ? static_cast<int>(attained.size()) : 0,
                                        confidence);
}

double attainment_probability(const std::vector<int>& attained) {
  return attainment_interval(attained, 0.95).p;
}

}  // namespace regsim::experiment
