#include "engine/observe/targets.hpp"

#include "engine/observe/attainment.hpp"

#include <cmath>
#include <limits>
#include <sstream>
#include <stdexcept>

namespace regsim {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::size_t year_index(const RunResult& r, int year) {
  for (std::size_t i = 0; i < r.years.size(); ++i)
    if (r.years[i] == year) return i;
  throw std::invalid_argument("year " + std::to_string(year) + " is not in the run");
}

/// Values of `variable` at year index y for every entity a selector covers: one entity, all
/// of a level ("county:*"), or the platforms of a kind or level.
std::vector<double> entity_values(const RunResult& r, const std::string& selector,
                                  const std::string& variable, std::size_t y) {
  const auto colon = selector.find(':');
  const std::string kind = selector.substr(0, colon);
  const std::string arg = colon == std::string::npos ? "" : selector.substr(colon + 1);
  auto value_of = [&](const EntityGroup& g, std::size_t e) {
    const Series* s = g.find(variable);
    if (!s) throw std::invalid_argument("no variable '" + variable + "' at level " + g.level);
    return s->at(y, e, g.entities.size());
  };
  if (kind == "region") return {value_of(r.region, 0)};
  if (kind == "county" || kind == "platform" || kind == "sector") {
    const auto& g = *r.group(kind);
    std::vector<double> out;
    if (arg == "*") {
      for (std::size_t e = 0; e < g.entities.size(); ++e) out.push_back(value_of(g, e));
      return out;
    }
    const auto e = g.entity_index(arg);
    if (e == g.entities.size()) throw std::invalid_argument("no " + kind + " named '" + arg + "'");
    return {value_of(g, e)};
  }
  if (kind == "platform_kind" || kind == "platform_level") {
    const std::string label = kind;  // labels are named like the selector
    for (const auto& l : r.labels) {
      if (l.name != label) continue;
      std::vector<double> out;
      for (std::size_t e = 0; e < l.values.size(); ++e)
        if (l.values[e] == arg) out.push_back(value_of(r.platform, e));
      return out;
    }
  }
  throw std::invalid_argument("unknown entity selector '" + selector + "'");
}

double sum_of(const RunResult& r, const std::vector<std::string>& terms,
              const std::string& variable, std::size_t y) {
  double sum = 0;
  for (const auto& term : terms)
    for (const double v : entity_values(r, term, variable, y)) sum += v;
  return sum;
}

/// The target's quantity before any transform: a sum, or a ratio of two sums.
double quantity(const RunResult& r, const scenario::Target& t, std::size_t y) {
  const double numerator = sum_of(r, t.entity_terms, t.variable, y);
  if (t.denominator_terms.empty()) return numerator;
  const double denominator = sum_of(r, t.denominator_terms, t.denominator_variable, y);
  return denominator != 0 ? numerator / denominator : kNaN;
}

}  // namespace

double simulated_value(const RunResult& r, const scenario::Target& t) {
  const std::size_t y = year_index(r, t.year);
  switch (t.transform) {
    case scenario::TargetTransform::level:
      return quantity(r, t, y);
    case scenario::TargetTransform::growth: {
      if (y == 0) return kNaN;
      const double previous = quantity(r, t, y - 1);
      return previous != 0 ? quantity(r, t, y) / previous - 1.0 : kNaN;
    }
    case scenario::TargetTransform::change:
      return quantity(r, t, y) - quantity(r, t, year_index(r, t.since));
    case scenario::TargetTransform::count_above: {
      double count = 0;
      for (const double v : entity_values(r, t.entity_terms.front(), t.variable, y))
        if (v > t.threshold) count += 1;
      return count;
    }
  }
  return kNaN;
}

/// How a target's variable is shown in tables: "output_value", "growth(output_value)",
/// "share(value_added / gdp of region)", "count(gdp > 500)", "change(employment since 2017)".
std::string variable_label(const scenario::Target& t) {
  std::string v = t.variable;
  if (!t.denominator_terms.empty()) {
    std::string den;
    for (const auto& term : t.denominator_terms) den += (den.empty() ? "" : " + ") + term;
    v = "share(" + v + " / " + t.denominator_variable + " of " + den + ")";
  }
  std::ostringstream threshold;
  threshold << t.threshold;
  switch (t.transform) {
    case scenario::TargetTransform::level:
      return v;
    case scenario::TargetTransform::growth:
      return "growth(" + v + ")";
    case scenario::TargetTransform::change:
      return "change(" + v + " since " + std::to_string(t.since) + ")";
    case scenario::TargetTransform::count_above:
      return "count(" + v + " > " + threshold.str() + ")";
  }
  return v;
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
    row.reason = t.finding;
    row.entity = t.entity;
    row.variable = variable_label(t);
    row.year = t.year;
    row.comparator = scenario::to_string(t.comparator);
    row.target = t.value;
    row.simulated = simulated_value(r, t);
    row.attained = attainment(t, row.simulated);
    rows.push_back(row);
  }
  return rows;
}

}  // namespace regsim
