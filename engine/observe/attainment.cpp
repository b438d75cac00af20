#include "engine/observe/attainment.hpp"

#include <boost/math/special_functions/erf.hpp>

#include <algorithm>
#include <cmath>
#include <limits>

namespace regsim {

int attainment(const scenario::Target& t, double simulated) {
  if (std::isnan(simulated)) return -1;
  switch (t.comparator) {
    case scenario::Comparator::eq:
      return std::fabs(simulated - t.value) <= t.tolerance * std::fabs(t.value) ? 1 : 0;
    case scenario::Comparator::ge:
      return simulated >= t.value ? 1 : 0;
    case scenario::Comparator::le:
      return simulated <= t.value ? 1 : 0;
  }
  return -1;
}

AttainmentProbability attainment_probability(int attained, int applicable, double confidence) {
  AttainmentProbability a;
  a.attained = attained;
  a.applicable = applicable;
  if (applicable <= 0) {
    a.p = a.low = a.high = std::numeric_limits<double>::quiet_NaN();
    return a;
  }
  const double n = applicable;
  const double p = attained / n;
  // z = Phi^-1(1/2 + confidence/2), the two-sided normal quantile: sqrt(2) erf^-1(confidence).
  const double z = std::sqrt(2.0) * boost::math::erf_inv(confidence);
  const double z2 = z * z;
  const double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const double half = z / (1 + z2 / n) * std::sqrt(p * (1 - p) / n + z2 / (4 * n * n));
  a.p = p;
  a.low = std::max(0.0, centre - half);
  a.high = std::min(1.0, centre + half);
  return a;
}

int plan_attained(const std::vector<int>& attained) {
  int applicable = 0;
  for (const int a : attained) {
    if (a == 0) return 0;
    applicable += a == 1;
  }
  return applicable > 0 ? 1 : -1;
}

int plan_attained(const std::vector<TargetResult>& targets) {
  std::vector<int> rows;
  for (const TargetResult& t : targets)
    if (t.status == "modelled") rows.push_back(t.attained);
  return plan_attained(rows);
}

}  // namespace regsim
