#include "experiment/attribute.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <map>
#include <optional>
#include <sstream>
#include <stdexcept>

#include "engine/observe/attainment.hpp"
#include "engine/policy/registry.hpp"
#include "engine/scenario/parse.hpp"
#include "experiment/cluster.hpp"
#include "experiment/input_checks.hpp"
#include "experiment/json_text.hpp"
#include "experiment/runner.hpp"
#include "experiment/shapley.hpp"

namespace regsim::experiment {

namespace {

constexpr std::size_t kMeasureCount = 6;
using Measures = std::array<double, kMeasureCount>;

/// The measures of one run.
Measures measure(const RunResult& r) {
  const auto sum = [&](const char* variable) {
    const Series* s = r.region.find(variable);
    double total = 0;
    if (s)
      for (std::size_t y = 1; y < r.years.size(); ++y) total += s->values[y];
    return total;
  };
  const Series* gdp = r.region.find("gdp");
  return {sum("output_value"),
          sum("tax_total"),
          sum("employment"),
          gdp ? gdp->values.back() : NAN,
          sum("policy_spending") + sum("finance_spending"),
          plan_attained(r.targets) == 1 ? 1.0 : 0.0};
}

/// The players of a scenario: its instruments (or families), rules and standards left out
/// unless `rules`; each policy is in at most one player (player_of, -1: always on).
struct Players {
  std::vector<std::string> names;
  std::vector<int> player_of;
};

Players players_of(const scenario::Scenario& sc, const AttributeRequest& a) {
  Players p;
  p.player_of.assign(sc.policies.size(), -1);
  for (std::size_t i = 0; i < sc.policies.size(); ++i) {
    const auto& spec = sc.policies[i];
    if (!a.rules && policy::is_rule_or_standard(spec.instrument)) continue;
    const std::string name =
        a.by == "family" ? std::string(scenario::to_string(spec.family)) : spec.name;
    auto at = std::find(p.names.begin(), p.names.end(), name);
    if (at == p.names.end()) at = p.names.insert(p.names.end(), name);
    p.player_of[i] = static_cast<int>(at - p.names.begin());
  }
  return p;
}

/// A subset of players as a plan point: the mask's two 32-bit halves (exact in doubles).
std::vector<double> point_of(std::uint64_t mask) {
  return {static_cast<double>(mask & 0xffffffffu), static_cast<double>(mask >> 32)};
}
std::uint64_t mask_of(const std::vector<double>& point) {
  return static_cast<std::uint64_t>(point.at(0)) | static_cast<std::uint64_t>(point.at(1)) << 32;
}

/// The job on every rank: the scenario with only the policies of a point's players (and those
/// of no player).
Job attribute_job(const scenario::Scenario& sc, const Players& players, const Plan& plan) {
  Job job;
  job.plan = &plan;
  job.scenario = [&sc, &players, &plan](std::size_t point) {
    const std::uint64_t mask = mask_of(plan.points[point]);
    scenario::Scenario variant = sc;
    variant.policies.clear();
    for (std::size_t p = 0; p < sc.policies.size(); ++p)
      if (players.player_of[p] < 0 || (mask >> players.player_of[p] & 1))
        variant.policies.push_back(sc.policies[p]);
    return variant;
  };
  return job;
}

void check_by(const AttributeRequest& a) {
  if (a.by != "instrument" && a.by != "family")
    throw std::invalid_argument("--by: expected 'instrument' or 'family', got '" + a.by + "'");
}

Attribution attribute_here(const AttributeRequest& a, Runner& runner) {
  check_by(a);
  const scenario::Scenario sc = scenario::load_scenario(a.scenario);
  for (const auto& [path, option] : a.outputs)
    if (path != "-") refuse_output_onto_inputs(path, option, scenario_inputs(sc));
  const int replicates = a.replicates.value_or(std::max(1, sc.replicates));
  check_memory(sc, runner.slots(), a.max_memory);

  const Players players = players_of(sc, a);
  const std::size_t k = players.names.size();
  if (k == 0)
    throw std::invalid_argument(a.scenario + ": no instrument to attribute (" +
                                (sc.policies.empty()
                                     ? std::string("the scenario has no policies")
                                     : "only rules and standards; --rules counts them") +
                                ")");
  if (k > 62) throw std::invalid_argument("more than 62 players: use --by family");
  Attribution out;
  out.scenario_name = sc.name;
  out.by = a.by;
  out.first_year = sc.first_year;
  out.last_year = sc.last_year;
  out.players = players.names;
  out.replicates = replicates;
  out.exact = k <= static_cast<std::size_t>(a.exact_max) && k <= 20;

  // The subsets to run: all of them, or every prefix of the sampled orders.
  std::vector<std::vector<std::size_t>> orders;
  std::vector<std::uint64_t> masks;
  if (out.exact) {
    for (std::uint64_t m = 0; m < (std::uint64_t{1} << k); ++m) masks.push_back(m);
  } else {
    orders = sweep::shapley_orders(k, static_cast<std::size_t>(a.permutations), sc.seed);
    std::vector<std::uint64_t> all{0};
    for (const auto& o : orders) {
      std::uint64_t m = 0;
      for (const std::size_t i : o) all.push_back(m |= std::uint64_t{1} << i);
    }
    std::sort(all.begin(), all.end());
    all.erase(std::unique(all.begin(), all.end()), all.end());
    masks = all;
  }
  out.subsets = masks.size();
  out.orders = orders.size();
  const std::size_t n_runs = masks.size() * static_cast<std::size_t>(replicates);
  if (a.notice)
    a.notice("attribute: " + std::to_string(k) + " players (" + a.by + "), " +
             (out.exact ? "exact over all " : "sampled: ") + std::to_string(masks.size()) +
             " subsets" + (out.exact ? "" : " (" + std::to_string(orders.size()) + " orders)") +
             " x " + std::to_string(replicates) + " replicates = " + std::to_string(n_runs) +
             " runs on " +
             (runner.ranks() > 1 ? std::to_string(runner.ranks()) + " ranks x " : std::string()) +
             std::to_string(runner.threads()) + " threads");

  // Every (subset, replicate), one job; a run depends on its subset, seed and replicate.
  std::vector<std::vector<double>> points;
  for (const std::uint64_t m : masks) points.push_back(point_of(m));
  const Plan plan = Plan::replicates(std::move(points), replicates, sc.seed);
  MemorySink<Measures> per_run(plan.runs.size(), measure);
  Job job = attribute_job(sc, players, plan);
  job.all = &per_run;
  runner.run(job);
  // v(mask) per measure: the replicate mean, in replicate order.
  std::map<std::uint64_t, Measures> v;
  for (std::size_t s = 0; s < masks.size(); ++s) {
    Measures mean{};
    for (int r = 0; r < replicates; ++r)
      for (std::size_t m = 0; m < kMeasureCount; ++m)
        mean[m] += per_run.values()[s * static_cast<std::size_t>(replicates) +
                                    static_cast<std::size_t>(r)][m] /
                   replicates;
    v[masks[s]] = mean;
  }
  const std::uint64_t full = (std::uint64_t{1} << k) - 1;

  // Shapley values of each measure.
  out.value.resize(kMeasureCount);
  out.standard_error.resize(kMeasureCount);
  for (std::size_t m = 0; m < kMeasureCount; ++m) {
    if (out.exact) {
      std::vector<double> values(masks.size());
      for (std::size_t s = 0; s < masks.size(); ++s) values[masks[s]] = v[masks[s]][m];
      out.value[m] = sweep::shapley_exact(values, k);
      out.standard_error[m].assign(k, 0.0);
    } else {
      const auto e =
          sweep::shapley_sampled(orders, [&](std::uint64_t mask) { return v.at(mask)[m]; });
      out.value[m] = e.value;
      out.standard_error[m] = e.standard_error;
    }
    out.none.push_back(v.at(0)[m]);
    out.all.push_back(v.at(full)[m]);
  }
  return out;
}

}  // namespace

const std::vector<AttributeMeasure>& attribute_measures() {
  static const std::vector<AttributeMeasure> measures{
      {"output_value", "亿元, summed over the simulated years"},
      {"tax_total", "亿元, summed over the simulated years"},
      {"employment", "person-years"},
      {"gdp_last_year", "亿元"},
      {"spending", "亿元 of policy + finance spending, summed"},
      {"plan_attained", "share of replicates attaining every modelled row"},
  };
  return measures;
}

Attribution attribute(const AttributeRequest& request) {
  Runner runner(request.threads);
  runner.stop_when(request.stop);
  Attribution out;
  try {
    out = attribute_here(request, runner);
  } catch (...) {
    runner.finish(cluster::describe(std::current_exception()).exit_code);
    throw;
  }
  runner.finish(0);
  return out;
}

int serve_attribute(const AttributeRequest& request) {
  Runner runner(request.threads);
  std::optional<scenario::Scenario> sc;
  std::optional<Players> players;
  return runner.serve([&](const Plan& plan) {
    if (!sc) {
      check_by(request);
      sc.emplace(scenario::load_scenario(request.scenario));
      players.emplace(players_of(*sc, request));
    }
    return attribute_job(*sc, *players, plan);
  });
}

std::string attribution_json(const Attribution& a) {
  const auto& measures = attribute_measures();
  std::ostringstream j;
  j << "{\n  \"scenario\": " << json_string(a.scenario_name) << ", \"by\": " << json_string(a.by)
    << ", \"replicates\": " << a.replicates << ", \"exact\": " << (a.exact ? "true" : "false")
    << ", \"subsets\": " << a.subsets << ",\n  \"measures\": {";
  for (std::size_t m = 0; m < measures.size(); ++m) {
    j << (m ? "," : "") << "\n    " << json_string(measures[m].name)
      << ": {\"units\": " << json_string(measures[m].units) << ", \"none\": " << json_num(a.none[m])
      << ", \"all\": " << json_num(a.all[m]) << ", \"players\": {";
    for (std::size_t i = 0; i < a.players.size(); ++i)
      j << (i ? ", " : "") << json_string(a.players[i])
        << ": {\"value\": " << json_num(a.value[m][i])
        << ", \"standard_error\": " << json_num(a.standard_error[m][i]) << "}";
    j << "}}";
  }
  j << "\n  }\n}\n";
  return j.str();
}

}  // namespace regsim::experiment
