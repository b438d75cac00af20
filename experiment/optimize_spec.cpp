#include "experiment/optimize_spec.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <set>
#include <string_view>

#include "engine/scenario/sha256.hpp"
#include "engine/scenario/spec_reader.hpp"
#include "engine/scenario/suggest.hpp"
#include "engine/scenario/toml_helpers.hpp"

namespace regsim::scenario {

namespace {

namespace fs = std::filesystem;
using detail::fmt;
using detail::location;
using detail::SpecReader;
using detail::squote;
using detail::type_name;

/// Evaluations of the search: each runs `replicates` simulations.
constexpr std::int64_t kMaxEvaluations = 100000;
constexpr std::int64_t kMaxReplicates = 10000;

/// One of `names`, by its text at `key` of `t` (absent: `fallback`).
template <class E, std::size_t N>
E choice(const SpecReader& r, const toml::table& t, std::string_view key,
         const std::array<std::pair<std::string_view, E>, N>& names, E fallback) {
  const auto text = r.string(t, key, "[optimize]");
  if (!text) return fallback;
  std::array<std::string_view, N> known{};
  for (std::size_t i = 0; i < N; ++i) {
    if (names[i].first == *text) return names[i].second;
    known[i] = names[i].first;
  }
  std::string message = "unknown " + std::string(key) + " " + squote(*text) + " in [optimize]";
  if (auto m = did_you_mean(*text, known)) message += "; did you mean '" + *m + "'?";
  message += " (expected ";
  for (std::size_t i = 0; i < N; ++i)
    message += (i ? (i + 1 == N ? " or " : ", ") : "") + squote(known[i]);
  r.fail(*t.get(key), message + ")");
}

/// The array of tables at `key` of `t` (empty when absent); each element must be a table.
const toml::array* tables(const SpecReader& r, const toml::table& t, std::string_view key) {
  const toml::node* n = t.get(key);
  if (!n) return nullptr;
  const toml::array* a = n->as_array();
  if (!a || a->empty() ||
      !std::all_of(a->begin(), a->end(), [](const toml::node& e) { return e.is_table(); }))
    r.fail(*n, "expected [[optimize." + std::string(key) + "]] tables (at least one), got " +
                   type_name(*n));
  return a;
}

}  // namespace

const char* to_string(Reach r) {
  return r == Reach::band ? "band" : "floor";
}
const char* to_string(ProbabilityOf p) {
  return p == ProbabilityOf::rows ? "rows" : "plan";
}

OptimizeSpec load_optimize_spec(const fs::path& file) {
  OptimizeSpec spec;
  spec.file = file.string();
  const toml::table doc = detail::read_spec_document(
      spec.file, "optimisation spec", "optimize",
      "an optimisation spec has [optimize] and [[optimize.variables]]", spec.text, spec.sha256);
  const SpecReader r(spec.file);
  const toml::node* node = doc.get("optimize");
  const toml::table& s = *node->as_table();
  spec.where = location(s.source(), spec.file);
  static constexpr std::array<std::string_view, 15> kKeys{
      "base",        "description",    "replicates",      "validation_replicates",
      "probability", "probability_of", "reach",           "targets",
      "years",       "discount_rate",  "max_evaluations", "initial_points",
      "seed",        "variables",      "budgets"};
  r.check_keys(s, kKeys, "[optimize]");

  const auto base = r.string(s, "base", "[optimize]");
  if (!base || base->empty())
    r.fail(s, "missing 'base' in [optimize] (the base scenario, relative to the spec file)");
  std::error_code ec;
  spec.base = fs::absolute(file.parent_path() / fs::path(*base), ec).lexically_normal();
  if (ec || !detail::text_file_exists(spec.base))
    r.fail(*s.get("base"),
           "cannot find the base scenario " + squote(*base) + " (" + spec.base.string() + ")");
  r.string(s, "description", "[optimize]");

  spec.replicates = static_cast<int>(
      r.integer(s, "replicates", "[optimize]", 1, kMaxReplicates).value_or(spec.replicates));
  spec.validation_replicates =
      static_cast<int>(r.integer(s, "validation_replicates", "[optimize]", 0, kMaxReplicates)
                           .value_or(2 * spec.replicates));
  if (const toml::node* p = s.get("probability")) {
    spec.probability = r.number(*p, "'probability' in [optimize]");
    if (!(spec.probability > 0 && spec.probability <= 1))
      r.fail(*p, "'probability' in [optimize] must be in (0, 1], got " + fmt(spec.probability));
  }
  spec.probability_of = choice(r, s, "probability_of",
                               std::array{std::pair{std::string_view("rows"), ProbabilityOf::rows},
                                          std::pair{std::string_view("plan"), ProbabilityOf::plan}},
                               ProbabilityOf::rows);
  spec.reach = choice(r, s, "reach",
                      std::array{std::pair{std::string_view("band"), Reach::band},
                                 std::pair{std::string_view("floor"), Reach::floor}},
                      Reach::band);
  if (const toml::node* d = s.get("discount_rate")) {
    spec.discount_rate = r.number(*d, "'discount_rate' in [optimize]");
    if (!(spec.discount_rate >= 0 && spec.discount_rate < 1))
      r.fail(*d, "'discount_rate' in [optimize] must be in [0, 1), got " + fmt(spec.discount_rate));
  }
  spec.max_evaluations =
      static_cast<int>(r.integer(s, "max_evaluations", "[optimize]", 1, kMaxEvaluations)
                           .value_or(spec.max_evaluations));
  spec.initial_points =
      static_cast<int>(r.integer(s, "initial_points", "[optimize]", 0, kMaxEvaluations)
                           .value_or(spec.initial_points));
  spec.seed = static_cast<std::uint64_t>(
      r.integer(s, "seed", "[optimize]", 0, std::numeric_limits<std::int64_t>::max()).value_or(0));

  if (const toml::node* t = s.get("targets")) {
    const toml::array* list = t->as_array();
    if (!list || list->empty())
      r.fail(*t,
             "expected a non-empty array of target ids for 'targets' in [optimize] (e.g. "
             "[\"FS-01\", \"FS-02\"]), got " +
                 std::string(list ? "an empty array" : type_name(*t)));
    for (const toml::node& e : *list) {
      if (!e.is_string())
        r.fail(e, "expected a target id (a string) in 'targets', got " + std::string(type_name(e)));
      const std::string id = e.as_string()->get();
      if (std::find(spec.targets.begin(), spec.targets.end(), id) != spec.targets.end())
        r.fail(e, "target " + squote(id) + " is given twice in 'targets'");
      spec.targets.push_back(id);
      spec.target_where.push_back(location(e.source(), spec.file));
    }
  }

  if (const toml::node* y = s.get("years")) {
    const toml::array* list = y->as_array();
    if (!list || list->empty())
      r.fail(*y,
             "expected a non-empty array of years for 'years' in [optimize] (e.g. [2020]), "
             "got " +
                 std::string(list ? "an empty array" : type_name(*y)));
    for (const toml::node& e : *list) {
      if (!e.is_integer())
        r.fail(e, "expected a year (an integer) in 'years', got " + std::string(type_name(e)));
      const std::int64_t year = e.as_integer()->get();
      if (year < 1900 || year > 2200)
        r.fail(e, "year " + std::to_string(year) + " in 'years' is not in 1900..2200");
      if (std::find(spec.years.begin(), spec.years.end(), year) != spec.years.end())
        r.fail(e, "year " + std::to_string(year) + " is given twice in 'years'");
      spec.years.push_back(static_cast<int>(year));
      spec.year_where.push_back(location(e.source(), spec.file));
    }
  }

  const toml::array* variables = tables(r, s, "variables");
  if (!variables) r.fail(s, "missing [[optimize.variables]] (at least one decision variable)");
  static constexpr std::array<std::string_view, 3> kVariableKeys{"key", "min", "max"};
  std::set<std::string> keys;
  for (std::size_t j = 0; j < variables->size(); ++j) {
    const toml::table& v = *variables->get(j)->as_table();
    const std::string where = "[[optimize.variables]] #" + std::to_string(j + 1);
    r.check_keys(v, kVariableKeys, where);
    OptimizeVariable var;
    const auto key = r.string(v, "key", where);
    if (!key) r.fail(v, "missing 'key' in " + where + " (a scenario key to choose)");
    const toml::node& key_node = *v.get("key");
    var.key = *key;
    var.where = location(key_node.source(), spec.file);
    std::string key_error;
    var.path = parse_key_path(var.key, key_error);
    if (var.path.empty()) r.fail(key_node, "malformed variable key" + key_error.substr(13));
    if (!keys.insert(var.key).second)
      r.fail(key_node, "variable " + squote(var.key) + " is given twice");
    const toml::node* min = v.get("min");
    const toml::node* max = v.get("max");
    if (!min || !max)
      r.fail(v, "missing " + std::string(min ? "'max'" : "'min'") + " in " + where +
                    " (a variable's bounds)");
    var.min = r.number(*min, "'min' in " + where);
    var.max = r.number(*max, "'max' in " + where);
    if (!(var.min < var.max))
      r.fail(*max,
             "'max' (" + fmt(var.max) + ") must be above 'min' (" + fmt(var.min) + ") in " + where);
    spec.variables.push_back(std::move(var));
  }

  if (const toml::array* budgets = tables(r, s, "budgets")) {
    static constexpr std::array<std::string_view, 2> kBudgetKeys{"payer", "max"};
    for (std::size_t j = 0; j < budgets->size(); ++j) {
      const toml::table& b = *budgets->get(j)->as_table();
      const std::string where = "[[optimize.budgets]] #" + std::to_string(j + 1);
      r.check_keys(b, kBudgetKeys, where);
      OptimizeBudget budget;
      const auto payer = r.string(b, "payer", where);
      if (!payer || payer->empty())
        r.fail(b, "missing 'payer' in " + where + " (a county's name, 'upper' or 'province')");
      budget.payer = *payer;
      budget.where = location(b.get("payer")->source(), spec.file);
      for (const auto& other : spec.budgets)
        if (other.payer == budget.payer)
          r.fail(*b.get("payer"), "payer " + squote(budget.payer) + " has two budgets");
      const toml::node* max = b.get("max");
      if (!max) r.fail(b, "missing 'max' in " + where + " (亿元 over the simulated years)");
      budget.max_yi = r.number(*max, "'max' in " + where);
      if (!(budget.max_yi >= 0))
        r.fail(*max, "'max' in " + where + " must be >= 0 (亿元), got " + fmt(budget.max_yi));
      spec.budgets.push_back(std::move(budget));
    }
  }
  return spec;
}

void check_optimize_spec(const OptimizeSpec& spec, const Scenario& base) {
  for (const OptimizeVariable& v : spec.variables) {
    const std::array<double, 2> bounds{v.min, v.max};
    check_key_values(spec.base, base.resolved_text, v.path, false, bounds,
                     spec.file + ": variable " + v.key, [&](const std::string& message) {
                       std::string m = "variable " + squote(v.key) + ": " + message;
                       if (m.find("expected an integer") != std::string::npos)
                         m += " (decision variables are continuous: choose a rate, points or an "
                              "amount, not a year or a count)";
                       throw ScenarioError(v.where, m);
                     });
  }
  std::vector<std::string> ids;
  for (const Target& t : base.targets)
    if (!t.out_of_scope && std::find(ids.begin(), ids.end(), t.id) == ids.end())
      ids.push_back(t.id);
  if (ids.empty())
    throw ScenarioError(spec.where,
                        "the base scenario " + base.name + " has no modelled target row to attain");
  for (std::size_t i = 0; i < spec.targets.size(); ++i) {
    if (std::find(ids.begin(), ids.end(), spec.targets[i]) != ids.end()) continue;
    const bool out_of_scope = std::any_of(base.targets.begin(), base.targets.end(),
                                          [&](const Target& t) { return t.id == spec.targets[i]; });
    std::string message = "target " + squote(spec.targets[i]) +
                          (out_of_scope ? " is out of scope in " : " is not a target of ") +
                          base.name;
    std::vector<std::string_view> known(ids.begin(), ids.end());
    if (!out_of_scope)
      if (auto m = did_you_mean(spec.targets[i], known)) message += "; did you mean '" + *m + "'?";
    message += " (modelled targets: ";
    for (std::size_t k = 0; k < ids.size(); ++k) message += (k ? ", " : "") + ids[k];
    throw ScenarioError(spec.target_where[i], message + ")");
  }
  for (std::size_t i = 0; i < spec.years.size(); ++i) {
    const auto selected = [&](const Target& t) {
      return !t.out_of_scope && t.year == spec.years[i] &&
             (spec.targets.empty() ||
              std::find(spec.targets.begin(), spec.targets.end(), t.id) != spec.targets.end());
    };
    if (std::none_of(base.targets.begin(), base.targets.end(), selected))
      throw ScenarioError(spec.year_where[i],
                          "no selected modelled target row of " + base.name + " is for year " +
                              std::to_string(spec.years[i]) +
                              " (its years: " + std::to_string(base.first_year + 1) + ".." +
                              std::to_string(base.last_year) + ")");
  }
  std::vector<std::string> payers;
  for (const auto& c : base.counties) payers.push_back(c.name);
  payers.emplace_back("upper");
  payers.emplace_back("province");
  for (const OptimizeBudget& b : spec.budgets) {
    if (std::find(payers.begin(), payers.end(), b.payer) != payers.end()) continue;
    std::string message = "payer " + squote(b.payer) + " is not a payer of " + base.name +
                          " (its counties, 'upper' or 'province')";
    std::vector<std::string_view> known(payers.begin(), payers.end());
    if (auto m = did_you_mean(b.payer, known)) message += "; did you mean '" + *m + "'?";
    throw ScenarioError(b.where, message);
  }
}

}  // namespace regsim::scenario
