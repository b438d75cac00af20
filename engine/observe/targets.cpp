#include "engine/observe/targets.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>

namespace regsim {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::size_t year_index(const RunResult& r, int year) {
  for (std::size_t i = 0; i < r.years.size(); ++i)
    if (r.years[i] == year) return i;
  throw std::invalid_argument("year " + std::to_string(year) + " is not in the run");
}

/// Level value of the selector at a year index: one entity, or a sum over platforms of a
/// kind or level.
double level_value(const RunResult& r, const std::string& selector, const std::string& variable,
                   std::size_t y) {
  const auto colon = selector.find(':');
  const std::string kind = selector.substr(0, colon);
  const std::string arg = colon == std::string::npos ? "" : selector.substr(colon + 1);
  auto value_of = [&](const EntityGroup& g, std::size_t e) {
    const Series* s = g.find(variable);
    if (!s) throw std::invalid_argument("no variable '" + variable + "' at level " + g.level);
    return s->at(y, e, g.entities.size());
  };
  if (kind == "region") return value_of(r.region, 0);
  if (kind == "county" || kind == "platform" || kind == "sector") {
    const auto& g = *r.group(kind);
    const auto e = g.entity_index(arg);
    if (e == g.entities.size()) throw std::invalid_argument("no " + kind + " named '" + arg + "'");
    return value_of(g, e);
  }
  if (kind == "platform_kind" || kind == "platform_level") {
    const std::string label = kind;  // labels are named like the selector
    for (const auto& l : r.labels) {
      if (l.name != label) continue;
      double sum = 0;
      for (std::size_t e = 0; e < l.values.size(); ++e)
        if (l.values[e] == arg) sum += value_of(r.platform, e);
      return sum;
    }
  }
  throw std::invalid_argument("unknown entity selector '" + selector + "'");
}

}  // namespace

double simulated_value(const RunResult& r, const scenario::Target& t) {
  const std::size_t y = year_index(r, t.year);
  const double level = level_value(r, t.entity, t.variable, y);
  if (t.transform == scenario::TargetTransform::level) return level;
  if (y == 0) return kNaN;
  const double previous = level_value(r, t.entity, t.variable, y - 1);
  return previous != 0 ? level / previous - 1.0 : kNaN;
}

std::vector<TargetResult> evaluate_targets(const RunResult& r, const scenario::Scenario& sc) {
  std::vector<TargetResult> rows;
  for (const auto& t : sc.targets) {
    TargetResult row;
    row.id = t.id;
    if (t.out_of_scope) {
      row.status = "out_of_scope";
      row.year = t.year;
      row.target = row.simulated = kNaN;
      row.attained = -1;
      row.reason = t.reason;
      rows.push_back(row);
      continue;
    }
    row.status = "modelled";
    row.entity = t.entity;
    row.variable = t.transform == scenario::TargetTransform::growth ? "growth(" + t.variable + ")"
                                                                    : t.variable;
    row.year = t.year;
    row.comparator = scenario::to_string(t.comparator);
    row.target = t.value;
    row.simulated = simulated_value(r, t);
    if (std::isnan(row.simulated)) {
      row.attained = -1;
    } else {
      switch (t.comparator) {
        case scenario::Comparator::eq:
          row.attained =
              std::fabs(row.simulated - t.value) <= t.tolerance * std::fabs(t.value) ? 1 : 0;
          break;
        case scenario::Comparator::ge:
          row.attained = row.simulated >= t.value ? 1 : 0;
          break;
        case scenario::Comparator::le:
          row.attained = row.simulated <= t.value ? 1 : 0;
          break;
      }
    }
    rows.push_back(row);
  }
  return rows;
}

}  // namespace regsim
