#include "experiment/sweep_spec.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <memory>
#include <set>
#include <sstream>
#include <string_view>
#include <utility>

#include "engine/scenario/parse.hpp"
#include "engine/scenario/sha256.hpp"
#include "engine/scenario/spec_reader.hpp"
#include "engine/scenario/suggest.hpp"
#include "engine/scenario/toml_helpers.hpp"
#include "experiment/design.hpp"

namespace regsim::scenario {

namespace {

namespace fs = std::filesystem;
using detail::fmt;
using detail::location;
using detail::merge_key_of;
using detail::read_text_file;
using detail::SpecReader;
using detail::squote;
using detail::type_name;

/// Run files are named run-NNNNNN.h5: at most a million runs.
constexpr std::size_t kMaxRuns = 1000000;
/// Boost's Sobol tables.
constexpr std::size_t kMaxSobolFactors = 3667;

/// "a.b[NAME].c" -> steps; throws at `key_node` for a malformed key.
std::vector<SweepKeyStep> parse_key(const std::string& key, const SpecReader& r,
                                    const toml::node& key_node) {
  std::string error;
  std::vector<SweepKeyStep> steps = parse_key_path(key, error);
  if (steps.empty())
    r.fail(key_node, "malformed factor key" + error.substr(13));  // "malformed key"
  return steps;
}

/// Dataset name: the key with '.', '[', ']' and spaces replaced by '_' (UTF-8 kept).
std::string sanitise(const std::string& key) {
  std::string out;
  for (const char c : key) {
    const bool sep = c == '.' || c == '[' || c == ']' || c == ' ' || c == '/' ||
                     static_cast<unsigned char>(c) < 0x20;
    if (sep) {
      if (!out.empty() && out.back() != '_') out += '_';
    } else {
      out += c;
    }
  }
  while (!out.empty() && out.back() == '_') out.pop_back();
  return out.empty() ? std::string("factor") : out;
}

std::string point_name(const SweepSpec& spec, std::size_t point) {
  return spec.file + ": point " + std::to_string(point);
}

std::string describe_values(const SweepSpec& spec, std::span<const double> values) {
  std::string out;
  for (std::size_t j = 0; j < spec.factors.size(); ++j) {
    if (std::isnan(values[j])) continue;
    out += (out.empty() ? "" : ", ") + spec.factors[j].key + " = " + fmt(values[j]);
  }
  return out;
}

}  // namespace

const char* to_string(SweepDesignKind d) {
  switch (d) {
    case SweepDesignKind::grid:
      return "grid";
    case SweepDesignKind::lhs:
      return "lhs";
    case SweepDesignKind::sobol:
      return "sobol";
    case SweepDesignKind::saltelli:
      return "saltelli";
    case SweepDesignKind::morris:
      return "morris";
  }
  return "?";
}

sweep::Design unit_design(const SweepSpec& spec, std::size_t factors) {
  switch (spec.design) {
    case SweepDesignKind::lhs:
      return sweep::latin_hypercube(spec.design_size, factors, spec.seed);
    case SweepDesignKind::sobol:
      return sweep::sobol(spec.design_size, factors);
    case SweepDesignKind::saltelli:
      return sweep::saltelli(spec.design_size, factors);
    case SweepDesignKind::morris:
      return sweep::morris(spec.design_size, factors, spec.morris_levels, spec.seed);
    case SweepDesignKind::grid:
      break;
  }
  throw std::invalid_argument("a grid has no unit design");
}

SweepSpec load_sweep_spec(const fs::path& file) {
  SweepSpec spec;
  spec.file = file.string();
  const toml::table doc = detail::read_spec_document(
      spec.file, "sweep spec", "sweep", "a sweep spec has [sweep] and [[sweep.factors]]", spec.text,
      spec.sha256);
  const SpecReader r(spec.file);
  const toml::node* sweep_node = doc.get("sweep");
  const toml::table& s = *sweep_node->as_table();
  spec.where = location(s.source(), spec.file);
  static constexpr std::array<std::string_view, 9> kSweepKeys{
      "base",    "design",      "points",       "replicates", "seed", "common_random_numbers",
      "factors", "description", "morris_levels"};
  r.check_keys(s, kSweepKeys, "[sweep]");

  const auto base = r.string(s, "base", "[sweep]");
  if (!base || base->empty())
    r.fail(s, "missing 'base' in [sweep] (the base scenario, relative to the spec file)");
  std::error_code ec;
  spec.base = fs::absolute(file.parent_path() / fs::path(*base), ec).lexically_normal();
  if (ec || !detail::text_file_exists(spec.base))
    r.fail(*s.get("base"),
           "cannot find the base scenario " + squote(*base) + " (" + spec.base.string() + ")");
  r.string(s, "description", "[sweep]");

  static constexpr std::array<std::string_view, 5> kDesigns{"grid", "lhs", "sobol", "saltelli",
                                                            "morris"};
  const std::string design = r.string(s, "design", "[sweep]").value_or("grid");
  if (design == "grid")
    spec.design = SweepDesignKind::grid;
  else if (design == "lhs")
    spec.design = SweepDesignKind::lhs;
  else if (design == "sobol")
    spec.design = SweepDesignKind::sobol;
  else if (design == "saltelli")
    spec.design = SweepDesignKind::saltelli;
  else if (design == "morris")
    spec.design = SweepDesignKind::morris;
  else {
    std::string message = "unknown design " + squote(design) + " in [sweep]";
    if (auto m = did_you_mean(design, kDesigns)) message += "; did you mean '" + *m + "'?";
    r.fail(*s.get("design"),
           message + " (expected 'grid', 'lhs', 'sobol', 'saltelli' or 'morris')");
  }
  const auto morris_levels = r.integer(s, "morris_levels", "[sweep]", 2, 1000);
  if (morris_levels && spec.design != SweepDesignKind::morris)
    r.fail_key(s, "morris_levels", "'morris_levels' is for 'morris' designs");
  if (morris_levels && *morris_levels % 2 != 0)
    r.fail_key(s, "morris_levels",
               "'morris_levels' must be even (the step is levels / (2 (levels - 1)))");
  spec.morris_levels = static_cast<std::size_t>(morris_levels.value_or(4));
  const bool grid = spec.design == SweepDesignKind::grid;
  const auto points = r.integer(s, "points", "[sweep]", 1, kMaxRuns);
  if (grid && points)
    r.fail_key(s, "points",
               "'points' is for 'lhs' and 'sobol' designs; a grid has the product of its "
               "factors' levels");
  if (!grid && !points)
    r.fail(s, "missing 'points' in [sweep] (" +
                  std::string(spec.design == SweepDesignKind::saltelli
                                  ? "the base samples N of a 'saltelli' design: N x (factors + "
                                    "2) points"
                              : spec.design == SweepDesignKind::morris
                                  ? "the trajectories r of a 'morris' design: r x (factors + 1) "
                                    "points"
                                  : "the number of design points of a '" + design + "' design") +
                  ")");
  spec.replicates =
      static_cast<std::uint32_t>(r.integer(s, "replicates", "[sweep]", 1, kMaxRuns).value_or(1));
  spec.seed = static_cast<std::uint64_t>(
      r.integer(s, "seed", "[sweep]", 0, std::numeric_limits<std::int64_t>::max()).value_or(0));
  spec.common_random_numbers = r.boolean(s, "common_random_numbers", "[sweep]").value_or(true);

  const toml::node* factors_node = s.get("factors");
  if (!factors_node) r.fail(s, "missing [[sweep.factors]] (at least one factor)");
  const toml::array* factors = factors_node->as_array();
  if (!factors || factors->empty() ||
      !std::all_of(factors->begin(), factors->end(),
                   [](const toml::node& n) { return n.is_table(); }))
    r.fail(*factors_node, "expected [[sweep.factors]] tables (at least one)");

  static constexpr std::array<std::string_view, 6> kFactorKeys{"key", "values", "min",
                                                               "max", "levels", "integer"};
  std::set<std::string> keys, names{"run", "point", "replicate", "seed", "scenario_sha256"};
  for (std::size_t j = 0; j < factors->size(); ++j) {
    const toml::table& f = *factors->get(j)->as_table();
    const std::string where = "[[sweep.factors]] #" + std::to_string(j + 1);
    r.check_keys(f, kFactorKeys, where);
    SweepFactor factor;
    const auto key = r.string(f, "key", where);
    if (!key) r.fail(f, "missing 'key' in " + where + " (a scenario key to vary)");
    const toml::node& key_node = *f.get("key");
    factor.key = *key;
    factor.where = location(key_node.source(), spec.file);
    factor.path = parse_key(factor.key, r, key_node);
    if (!keys.insert(factor.key).second)
      r.fail(key_node, "factor " + squote(factor.key) + " is given twice");
    factor.name = sanitise(factor.key);
    for (int k = 2; !names.insert(factor.name).second; ++k)
      factor.name = sanitise(factor.key) + "_" + std::to_string(k);
    factor.integer = r.boolean(f, "integer", where).value_or(false);

    const toml::node* values = f.get("values");
    const toml::node* min = f.get("min");
    const toml::node* max = f.get("max");
    const toml::node* levels = f.get("levels");
    const auto check_integral = [&](const toml::node& n, double v, const std::string& what) {
      if (factor.integer && v != std::floor(v))
        r.fail(n, what + " of factor " + squote(factor.key) +
                      " must be a whole number ('integer = true')");
    };
    if (values) {
      if (!grid)
        r.fail(*values, "'values' is for grid designs; a '" + design +
                            "' design takes 'min' and 'max' in " + where);
      if (min || max || levels)
        r.fail(*(min   ? min
                 : max ? max
                       : levels),
               "give either 'values' or 'min', 'max' and 'levels' in " + where + ", not both");
      const toml::array* list = values->as_array();
      if (!list || list->empty())
        r.fail(*values, "expected a non-empty array of numbers for 'values' in " + where);
      for (std::size_t i = 0; i < list->size(); ++i) {
        const toml::node& n = *list->get(i);
        const double v = r.number(n, "values[" + std::to_string(i) + "] in " + where);
        check_integral(n, v, "values[" + std::to_string(i) + "]");
        if (std::find(factor.levels.begin(), factor.levels.end(), v) != factor.levels.end())
          r.fail(n, "duplicate level " + fmt(v) + " in 'values' of " + where);
        factor.levels.push_back(v);
      }
      factor.min = *std::min_element(factor.levels.begin(), factor.levels.end());
      factor.max = *std::max_element(factor.levels.begin(), factor.levels.end());
    } else {
      if (!min || !max)
        r.fail(f, "missing " + std::string(min ? "'max'" : "'min'") + " in " + where +
                      (grid ? " (give 'values', or 'min', 'max' and 'levels')" : ""));
      factor.min = r.number(*min, "'min' in " + where);
      factor.max = r.number(*max, "'max' in " + where);
      check_integral(*min, factor.min, "'min'");
      check_integral(*max, factor.max, "'max'");
      if (factor.min > factor.max)
        r.fail(*max, "'max' (" + fmt(factor.max) + ") is below 'min' (" + fmt(factor.min) +
                         ") in " + where);
      if (grid) {
        if (!levels) r.fail(f, "missing 'levels' in " + where + " (a grid with 'min' and 'max')");
        const auto n = *r.integer(f, "levels", where, 2, kMaxRuns);
        for (std::int64_t k = 0; k < n; ++k) {
          double v = factor.min + (factor.max - factor.min) * static_cast<double>(k) /
                                      static_cast<double>(n - 1);
          if (k == n - 1) v = factor.max;
          if (factor.integer) v = std::round(v);
          if (!factor.levels.empty() && factor.levels.back() == v)
            r.fail(*levels, std::to_string(n) + " levels of an integer factor between " +
                                fmt(factor.min) + " and " + fmt(factor.max) +
                                " are not all different in " + where);
          factor.levels.push_back(v);
        }
      } else if (levels) {
        r.fail(*levels, "'levels' is for grid designs in " + where);
      }
    }
    spec.factors.push_back(std::move(factor));
  }

  // The design, in the factors' units.
  sweep::Design d;
  const std::size_t k = spec.factors.size();
  if (grid) {
    std::vector<std::vector<double>> levels;
    std::size_t n = 1;
    for (const auto& f : spec.factors) {
      levels.push_back(f.levels);
      n *= f.levels.size();
      if (n > kMaxRuns)
        throw ScenarioError(f.where,
                            "the grid has more than " + std::to_string(kMaxRuns) + " points");
    }
    d = sweep::full_grid(levels);
  } else {
    const auto n = static_cast<std::size_t>(*points);
    if (spec.design == SweepDesignKind::sobol && k > kMaxSobolFactors)
      throw ScenarioError(spec.where, "a Sobol design has at most " +
                                          std::to_string(kMaxSobolFactors) + " factors");
    spec.design_size = n;
    if (spec.design == SweepDesignKind::saltelli && (n < 2 || 2 * k > kMaxSobolFactors))
      r.fail(*s.get("points"), n < 2 ? "a 'saltelli' design needs points >= 2 (base samples)"
                                     : "a 'saltelli' design has at most " +
                                           std::to_string(kMaxSobolFactors / 2) + " factors");
    if (spec.design == SweepDesignKind::morris && n < 2)
      r.fail(*s.get("points"), "a 'morris' design needs points >= 2 (trajectories)");
    if ((spec.design == SweepDesignKind::saltelli ? n * (k + 2) : n * (k + 1)) > kMaxRuns &&
        (spec.design == SweepDesignKind::saltelli || spec.design == SweepDesignKind::morris))
      r.fail(*s.get("points"), "the design has more than " + std::to_string(kMaxRuns) + " points");
    d = unit_design(spec, k);
    for (std::size_t p = 0; p < d.points; ++p) {
      for (std::size_t j = 0; j < k; ++j) {
        const auto& f = spec.factors[j];
        const double u = d.values[p * k + j];
        double v =
            f.integer ? std::floor(f.min + (f.max - f.min + 1) * u) : f.min + (f.max - f.min) * u;
        d.values[p * k + j] = std::clamp(v, f.min, f.max);
      }
    }
  }
  spec.points = d.points;
  spec.values = std::move(d.values);
  if (spec.points * spec.replicates > kMaxRuns)
    r.fail(s, "the sweep has " + std::to_string(spec.points) + " points x " +
                  std::to_string(spec.replicates) + " replicates, more than " +
                  std::to_string(kMaxRuns) + " runs");
  return spec;
}

std::string sweep_overlay(const SweepSpec& spec, std::span<const double> values) {
  std::vector<KeySetting> settings;
  for (std::size_t j = 0; j < spec.factors.size(); ++j)
    if (!std::isnan(values[j]))
      settings.push_back({&spec.factors[j].path, values[j], spec.factors[j].integer});
  return "# sweep " + spec.file + "\n" + overlay_scenario(spec.base.string(), settings);
}

Scenario parse_sweep_point(const SweepSpec& spec, std::size_t point) {
  const std::span<const double> values(spec.values.data() + point * spec.factors.size(),
                                       spec.factors.size());
  return parse_scenario_text(sweep_overlay(spec, values), point_name(spec, point),
                             spec.base.parent_path());
}

void check_sweep_factors(const SweepSpec& spec) {
  // The base scenario itself must be fine; its errors are its own.
  const Scenario base = load_scenario(spec.base);
  for (const SweepFactor& f : spec.factors) {
    const std::array<double, 2> extremes{f.min, f.max};
    check_key_values(spec.base, base.resolved_text, f.path, f.integer, extremes,
                     spec.file + ": factor " + f.key, [&](const std::string& message) {
                       std::string m = "factor " + squote(f.key) + ": " + message;
                       if (!f.integer && m.find("expected an integer") != std::string::npos)
                         m += " (set 'integer = true' in the factor)";
                       throw ScenarioError(f.where, m);
                     });
  }
}

std::vector<SweepPoint> resolve_sweep_points(const SweepSpec& spec) {
  std::vector<SweepPoint> out(spec.points);
  std::optional<Scenario> first;
  const auto names = [](const Scenario& sc) {
    std::vector<std::string> out;
    for (const auto& x : sc.sectors) out.push_back("sector " + x.name);
    for (const auto& x : sc.counties) out.push_back("county " + x.name);
    for (const auto& x : sc.platforms) out.push_back("platform " + x.name);
    for (const auto& x : sc.policies) out.push_back("policy " + x.name);
    for (const auto& x : sc.targets) out.push_back("target " + x.id + std::to_string(x.year));
    return out;
  };
  for (std::size_t p = 0; p < spec.points; ++p) {
    const std::span<const double> values(spec.values.data() + p * spec.factors.size(),
                                         spec.factors.size());
    const auto fail = [&](const std::string& message) {
      throw ScenarioError(spec.where, "point " + std::to_string(p) + " (" +
                                          describe_values(spec, values) + "): " + message);
    };
    std::optional<Scenario> sc;
    try {
      sc.emplace(parse_sweep_point(spec, p));
    } catch (const ScenarioError& e) {
      fail(e.what());
    }
    out[p] = SweepPoint{sc->resolved_sha256, sc->seed};
    if (!first) {
      first = std::move(sc);
      continue;
    }
    if (sc->first_year != first->first_year || sc->last_year != first->last_year)
      fail("its years (" + std::to_string(sc->first_year) + "-" + std::to_string(sc->last_year) +
           ") differ from point 0's; the runs of a sweep must share their years");
    if (names(*sc) != names(*first))
      fail(
          "its entities (sectors, counties, platforms, policies or targets) differ from point "
          "0's; the runs of a sweep must share them");
  }
  return out;
}

}  // namespace regsim::scenario
