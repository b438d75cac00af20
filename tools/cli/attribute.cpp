#include "tools/cli/attribute.hpp"

#include <tbb/info.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "engine/observe/attainment.hpp"
#include "engine/policy/registry.hpp"
#include "engine/scenario/parse.hpp"
#include "engine/simulation.hpp"
#include "engine/sweep/shapley.hpp"
#include "experiment/input_checks.hpp"
#include "experiment/runner.hpp"
#include "tools/cli/json_text.hpp"
#include "tools/cli/sweep.hpp"

namespace regsim::cli {

namespace {

namespace fs = std::filesystem;

/// What each subset's runs are measured by (replicate means).
struct Measure {
  const char* name;
  const char* units;
};
constexpr Measure kMeasures[] = {
    {"output_value", "亿元, summed over the simulated years"},
    {"tax_total", "亿元, summed over the simulated years"},
    {"employment", "person-years"},
    {"gdp_last_year", "亿元"},
    {"spending", "亿元 of policy + finance spending, summed"},
    {"plan_attained", "share of replicates attaining every modelled row"},
};
constexpr std::size_t kMeasureCount = std::size(kMeasures);

/// The measures of one run.
std::array<double, kMeasureCount> measure(const RunResult& r) {
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

std::string fmt(double v, const char* f = "%.4f") {
  if (!std::isfinite(v)) return "-";
  char buf[64];
  std::snprintf(buf, sizeof buf, f, v);
  return buf;
}

}  // namespace

int run_attribute(const AttributeArgs& a) {
  if (a.by != "instrument" && a.by != "family")
    throw std::invalid_argument("--by: expected 'instrument' or 'family', got '" + a.by + "'");
  const scenario::Scenario sc = scenario::load_scenario(a.scenario);
  if (a.json && *a.json != "-")
    experiment::refuse_output_onto_inputs(*a.json, "--json", experiment::scenario_inputs(sc));
  const int replicates = a.replicates.value_or(std::max(1, sc.replicates));
  const int threads = a.threads > 0 ? a.threads : tbb::info::default_concurrency();
  experiment::check_memory(sc, threads, a.max_memory);

  // The players: instruments (or families) of the scenario, rules and standards kept unless
  // --rules. Each policy is in at most one player.
  std::vector<std::string> players;
  std::vector<int> player_of(sc.policies.size(), -1);
  for (std::size_t p = 0; p < sc.policies.size(); ++p) {
    const auto& spec = sc.policies[p];
    if (!a.rules && policy::is_rule_or_standard(spec.instrument)) continue;
    const std::string name =
        a.by == "family" ? std::string(scenario::to_string(spec.family)) : spec.name;
    auto at = std::find(players.begin(), players.end(), name);
    if (at == players.end()) at = players.insert(players.end(), name);
    player_of[p] = static_cast<int>(at - players.begin());
  }
  const std::size_t k = players.size();
  if (k == 0)
    throw std::invalid_argument(a.scenario + ": no instrument to attribute (" +
                                (sc.policies.empty()
                                     ? std::string("the scenario has no policies")
                                     : "only rules and standards; --rules counts them") +
                                ")");
  if (k > 62) throw std::invalid_argument("more than 62 players: use --by family");
  const bool exact = k <= static_cast<std::size_t>(a.exact_max) && k <= 20;

  // The subsets to run: all of them, or every prefix of the sampled orders.
  std::vector<std::vector<std::size_t>> orders;
  std::vector<std::uint64_t> masks;
  if (exact) {
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
  const std::size_t n_runs = masks.size() * static_cast<std::size_t>(replicates);
  std::cerr << "attribute: " << k << " players (" << a.by << "), "
            << (exact ? "exact over all " : "sampled: ") << masks.size() << " subsets"
            << (exact ? "" : " (" + std::to_string(orders.size()) + " orders)") << " x "
            << replicates << " replicates = " << n_runs << " runs on " << threads << " threads\n";

  // Every (subset, replicate), in parallel; a run depends on its subset, seed and replicate.
  std::vector<std::array<double, kMeasureCount>> per_run(n_runs);
  experiment::keep_freed_memory_for_next_runs();
  for_each_run(n_runs, threads, [&](std::size_t run, int run_threads) {
    const std::uint64_t mask = masks[run / static_cast<std::size_t>(replicates)];
    scenario::Scenario variant = sc;
    variant.policies.clear();
    for (std::size_t p = 0; p < sc.policies.size(); ++p)
      if (player_of[p] < 0 || (mask >> player_of[p] & 1))
        variant.policies.push_back(sc.policies[p]);
    RunOptions options;
    options.threads = run_threads;
    options.seed = sc.seed;
    options.replicate = static_cast<std::uint32_t>(run % static_cast<std::size_t>(replicates));
    per_run[run] = measure(regsim::run(variant, options));
  });
  // v(mask) per measure: the replicate mean, in replicate order.
  std::map<std::uint64_t, std::array<double, kMeasureCount>> v;
  for (std::size_t s = 0; s < masks.size(); ++s) {
    std::array<double, kMeasureCount> mean{};
    for (int r = 0; r < replicates; ++r)
      for (std::size_t m = 0; m < kMeasureCount; ++m)
        mean[m] +=
            per_run[s * static_cast<std::size_t>(replicates) + static_cast<std::size_t>(r)][m] /
            replicates;
    v[masks[s]] = mean;
  }
  const std::uint64_t full = (std::uint64_t{1} << k) - 1;

  // Shapley values of each measure.
  std::vector<std::vector<double>> phi(kMeasureCount), se(kMeasureCount);
  for (std::size_t m = 0; m < kMeasureCount; ++m) {
    if (exact) {
      std::vector<double> values(masks.size());
      for (std::size_t s = 0; s < masks.size(); ++s) values[masks[s]] = v[masks[s]][m];
      phi[m] = sweep::shapley_exact(values, k);
      se[m].assign(k, 0.0);
    } else {
      const auto e =
          sweep::shapley_sampled(orders, [&](std::uint64_t mask) { return v.at(mask)[m]; });
      phi[m] = e.value;
      se[m] = e.standard_error;
    }
  }

  // The table.
  const auto& none = v.at(0);
  const auto& all = v.at(full);
  std::printf(
      "\nShapley attribution of %s: none -> all of its %zu %ss, %d common-random-number "
      "replicates (%s)\n",
      sc.name.c_str(), k, a.by.c_str(), replicates,
      exact ? "exact" : ("sampled orders, ± standard error"));
  std::printf("%-56s %11s %11s %11s %11s %11s %9s %11s\n", "player", "spending", "output", "tax",
              "employment", "GDP last yr", "P(plan)", "output/亿");
  for (std::size_t i = 0; i < k; ++i) {
    std::printf("%-56s %11s %11s %11s %11s %11s %9s %11s\n", players[i].c_str(),
                fmt(phi[4][i], "%.3f").c_str(), fmt(phi[0][i], "%.3f").c_str(),
                fmt(phi[1][i], "%.3f").c_str(), fmt(phi[2][i], "%.0f").c_str(),
                fmt(phi[3][i], "%.3f").c_str(), fmt(phi[5][i], "%.3f").c_str(),
                fmt(phi[4][i] > 1e-6 ? phi[0][i] / phi[4][i] : NAN, "%.3f").c_str());
    if (!exact)
      std::printf("%-56s %11s %11s %11s %11s %11s %9s\n", "  ± standard error",
                  fmt(se[4][i], "%.3f").c_str(), fmt(se[0][i], "%.3f").c_str(),
                  fmt(se[1][i], "%.3f").c_str(), fmt(se[2][i], "%.0f").c_str(),
                  fmt(se[3][i], "%.3f").c_str(), fmt(se[5][i], "%.3f").c_str());
  }
  double largest_gap = 0;
  std::printf("%-56s", "all - none (= the sum of the values)");
  for (const std::size_t m : {4, 0, 1, 2, 3, 5}) {
    double sum = 0;
    for (const double x : phi[m]) sum += x;
    const double total = all[m] - none[m];
    largest_gap = std::max(largest_gap, std::fabs(sum - total) / std::max(1.0, std::fabs(total)));
    std::printf(" %*s", m == 5 ? 9 : 11, fmt(total, m == 2 ? "%.0f" : "%.3f").c_str());
  }
  std::printf("\n%-56s", "without any of them");
  for (const std::size_t m : {4, 0, 1, 2, 3, 5})
    std::printf(" %*s", m == 5 ? 9 : 11, fmt(none[m], m == 2 ? "%.0f" : "%.3f").c_str());
  std::printf("\nthe values add up to all - none within %.1e (relative)\n", largest_gap);
  std::printf(
      "units: output, tax, spending 亿元 summed over %d-%d; employment person-years; "
      "P(plan) the share of replicates attaining every modelled row; output/亿: output "
      "per 亿元 of the player's own share of spending\n",
      sc.first_year + 1, sc.last_year);

  if (a.json) {
    std::ostringstream j;
    j << "{\n  \"scenario\": " << json_string(sc.name) << ", \"by\": " << json_string(a.by)
      << ", \"replicates\": " << replicates << ", \"exact\": " << (exact ? "true" : "false")
      << ", \"subsets\": " << masks.size() << ",\n  \"measures\": {";
    for (std::size_t m = 0; m < kMeasureCount; ++m) {
      j << (m ? "," : "") << "\n    " << json_string(kMeasures[m].name)
        << ": {\"units\": " << json_string(kMeasures[m].units)
        << ", \"none\": " << json_num(none[m]) << ", \"all\": " << json_num(all[m])
        << ", \"players\": {";
      for (std::size_t i = 0; i < k; ++i)
        j << (i ? ", " : "") << json_string(players[i]) << ": {\"value\": " << json_num(phi[m][i])
          << ", \"standard_error\": " << json_num(se[m][i]) << "}";
      j << "}}";
    }
    j << "\n  }\n}\n";
    const std::string text = j.str();
    if (*a.json == "-") {
      std::cout << text;
    } else {
      experiment::CreatedDirectories created(fs::path(*a.json).parent_path());
      std::ofstream f(*a.json);
      f << text;
      if (!f) throw std::runtime_error("cannot write " + *a.json);
      created.keep();
    }
  }
  return 0;
}

}  // namespace regsim::cli
