#include "tools/cli/attribute.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include "experiment/attribute.hpp"
#include "experiment/cluster.hpp"
#include "experiment/input_checks.hpp"

namespace regsim::cli {

namespace {

std::string fmt(double v, const char* f = "%.4f") {
  if (!std::isfinite(v)) return "-";
  char buf[64];
  std::snprintf(buf, sizeof buf, f, v);
  return buf;
}

}  // namespace

int run_attribute(const AttributeArgs& a) {
  experiment::AttributeRequest request;
  request.scenario = a.scenario;
  request.replicates = a.replicates;
  request.by = a.by;
  request.rules = a.rules;
  request.exact_max = a.exact_max;
  request.permutations = a.permutations;
  request.threads = a.threads;
  request.max_memory = a.max_memory;
  if (a.json) request.outputs.push_back({*a.json, "--json"});
  if (experiment::cluster::world().rank != 0) return experiment::serve_attribute(request);
  request.notice = [](const std::string& line) { std::cerr << line << "\n"; };
  const experiment::Attribution r = experiment::attribute(request);

  // The table.
  const auto& none = r.none;
  const auto& all = r.all;
  const auto& phi = r.value;
  const auto& se = r.standard_error;
  const std::size_t k = r.players.size();
  std::printf(
      "\nShapley attribution of %s: none -> all of its %zu %ss, %d common-random-number "
      "replicates (%s)\n",
      r.scenario_name.c_str(), k, a.by.c_str(), r.replicates,
      r.exact ? "exact" : ("sampled orders, ± standard error"));
  std::printf("%-56s %11s %11s %11s %11s %11s %9s %11s\n", "player", "spending", "output", "tax",
              "employment", "GDP last yr", "P(plan)", "output/亿");
  for (std::size_t i = 0; i < k; ++i) {
    std::printf("%-56s %11s %11s %11s %11s %11s %9s %11s\n", r.players[i].c_str(),
                fmt(phi[4][i], "%.3f").c_str(), fmt(phi[0][i], "%.3f").c_str(),
                fmt(phi[1][i], "%.3f").c_str(), fmt(phi[2][i], "%.0f").c_str(),
                fmt(phi[3][i], "%.3f").c_str(), fmt(phi[5][i], "%.3f").c_str(),
                fmt(phi[4][i] > 1e-6 ? phi[0][i] / phi[4][i] : NAN, "%.3f").c_str());
    if (!r.exact)
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
      r.first_year + 1, r.last_year);

  if (a.json) {
    const std::string text = experiment::attribution_json(r);
    if (*a.json == "-")
      std::cout << text;
    else
      experiment::write_text_atomically(*a.json, text);
  }
  return 0;
}

}  // namespace regsim::cli
