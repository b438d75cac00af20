#include "engine/observe/attainment.hpp"

#include <cmath>

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

}  // namespace regsim
