#include "tools/cli/optimize.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include "engine/observe/attainment.hpp"
#include "engine/observe/targets.hpp"
#include "experiment/cluster.hpp"
#include "experiment/optimize/optimize.hpp"
#include "tools/cli/progress_line.hpp"

namespace regsim::cli {

namespace {

using optimize::Evaluation;

std::string num(double v, const char* f = "%.4g") {
  if (!std::isfinite(v)) return "-";
  char buf[64];
  std::snprintf(buf, sizeof buf, f, v);
  return buf;
}

/// "[min, max]" (GCC 12 warns falsely about chains of string + on temporaries).
std::string bounds_text(double min, double max) {
  char buf[96];
  std::snprintf(buf, sizeof buf, "[%s, %s]", num(min, "%.5g").c_str(), num(max, "%.5g").c_str());
  return buf;
}

/// "FS-01 2020 output_value (platform_kind:industrial_park) = 1234"
std::string row_text(const scenario::Target& t) {
  const char* cmp = scenario::to_string(t.comparator);
  std::string s = t.id;
  s += ' ';
  s += std::to_string(t.year);
  s += ' ';
  s += variable_label(t);
  s += " (";
  s += t.entity;
  s += ") ";
  s += cmp;
  s += ' ';
  s += num(t.value, "%.4g");
  if (t.comparator == scenario::Comparator::eq) {
    s += " ± ";
    s += num(100 * t.tolerance, "%.3g");
    s += '%';
  }
  return s;
}

std::string share_text(int attained, int replicates) {
  const auto w = attainment_probability(attained, replicates);
  char buf[96];
  std::snprintf(buf, sizeof buf, "%d/%d = %.2f [%.2f, %.2f]", attained, replicates, w.p, w.low,
                w.high);
  return buf;
}

}  // namespace

int run_optimize(const OptimizeArgs& a) {
  optimize::Request request;
  request.spec = a.spec;
  request.output = a.output;
  request.threads = a.threads;
  request.max_evaluations = a.max_evaluations;
  request.max_memory = a.max_memory;
  if (experiment::cluster::world().rank != 0) return optimize::serve(request);
  ProgressLine progress(a.quiet);
  request.progress = [&](const optimize::Progress& p, int replayed) {
    char line[200];
    std::snprintf(line, sizeof line,
                  "optimize: evaluation %d/%d (%d replayed)  best feasible cost %s 亿元  P %s",
                  p.evaluation, p.max_evaluations, replayed, num(p.best_cost).c_str(),
                  num(p.probability, "%.2f").c_str());
    progress.update(p.evaluation, line);
  };
  request.notice = [&](const std::string& line) {
    if (!a.quiet) std::cerr << line << "\n";
  };
  const optimize::Outcome out = optimize::run(request);
  progress.finish();
  const scenario::OptimizeSpec& spec = *out.spec;
  const scenario::Scenario& base = *out.base;
  const optimize::Problem& problem = *out.problem;
  const optimize::Result& result = out.result;
  const optimize::Validation& validation = result.validation;
  const int V = validation.replicates;
  const Evaluation& plan = result.history.front();
  const Evaluation& best = result.history[result.best];
  const int R = spec.replicates;
  const double change =
      plan.valid && plan.cost > 0 ? 100 * (best.cost - plan.cost) / plan.cost : optimize::kNaN;
  const auto& h5 = out.h5;
  const auto& best_toml = out.best_toml;

  // The report on stdout.
  std::printf(
      "\nregsim optimize %s: %zu evaluations (%d replayed from %s), %d COBYLA restarts, "
      "%s\n",
      a.spec.c_str(), result.history.size(), out.replayed, out.cache_file.filename().c_str(),
      result.restarts, clock_text(out.seconds).c_str());
  std::printf(
      "constraint: %s attained in at least %d of %d replicates (p = %.2f, reach = %s)%s\n",
      spec.probability_of == scenario::ProbabilityOf::plan ? "every row at once" : "each row",
      problem.required(), R, spec.probability, scenario::to_string(spec.reach),
      spec.budgets.empty() ? "" : ", and the payers' budgets");
  std::printf("\n%-60s %12s %12s %24s\n", "variable", "plan", result.feasible ? "best" : "closest",
              "bounds");
  for (std::size_t j = 0; j < spec.variables.size(); ++j)
    std::printf("%-60s %12s %12s %24s\n", spec.variables[j].key.c_str(),
                (num(problem.plan_mix()[j], "%.5g") + (problem.plan_written(j) ? "" : "*")).c_str(),
                num(best.x[j], "%.5g").c_str(),
                bounds_text(spec.variables[j].min, spec.variables[j].max).c_str());
  std::printf("%-60s %12s %12s\n", "cost, 亿元 (policy + finance spending)", num(plan.cost).c_str(),
              num(best.cost).c_str());
  for (std::size_t b = 0; b < spec.budgets.size(); ++b)
    std::printf("%-60s %12s %12s %24s\n", ("spending of " + spec.budgets[b].payer).c_str(),
                num(plan.valid ? plan.budget_spending[b] : optimize::kNaN).c_str(),
                num(best.valid ? best.budget_spending[b] : optimize::kNaN).c_str(),
                ("<= " + num(spec.budgets[b].max_yi)).c_str());
  bool unwritten = false;
  for (std::size_t j = 0; j < spec.variables.size(); ++j) unwritten |= !problem.plan_written(j);
  if (unwritten) std::printf("* not written in the scenario: the middle of the bounds\n");

  std::printf("\nattaining replicates, share and 95%% Wilson interval\n%-72s %26s %26s\n",
              "target row", "plan's mix", result.feasible ? "best mix" : "closest mix");
  for (std::size_t k = 0; k < problem.rows().size(); ++k) {
    const scenario::Target& t = base.targets[problem.rows()[k]];
    std::printf("%-72s %26s %26s\n", row_text(t).c_str(),
                plan.valid ? share_text(plan.row_attained[k], R).c_str() : "-",
                best.valid ? share_text(best.row_attained[k], R).c_str() : "-");
  }
  std::printf("%-72s %26s %26s\n", "every row in the same replicate",
              plan.valid ? share_text(plan.plan_attained, R).c_str() : "-",
              best.valid ? share_text(best.plan_attained, R).c_str() : "-");

  std::printf("\ntrade-off: the cheapest evaluated mix reaching each probability (%s)\n",
              spec.probability_of == scenario::ProbabilityOf::plan ? "of every row at once"
                                                                   : "of the least likely row");
  std::printf("%12s %14s %12s\n", "probability", "cost, 亿元", "evaluation");
  for (const auto& f : result.front)
    std::printf("%12s %14s %12zu\n", num(f.probability, "%.2f").c_str(), num(f.cost).c_str(),
                f.evaluation);

  if (V > 0) {
    std::printf(
        "\nvalidation: both mixes again on replicates %d..%d, which the search never saw "
        "(the search keeps the mix whose %d replicates happened to attain, so its own "
        "shares are biased up)\n%-72s %26s %26s\n",
        validation.first_replicate, validation.first_replicate + V - 1, R, "target row",
        "plan's mix", result.feasible ? "best mix" : "closest mix");
    const Evaluation& vp = validation.plan;
    const Evaluation& vb = validation.best;
    for (std::size_t k = 0; k < problem.rows().size(); ++k)
      std::printf("%-72s %26s %26s\n", row_text(base.targets[problem.rows()[k]]).c_str(),
                  vp.valid ? share_text(vp.row_attained[k], V).c_str() : "-",
                  vb.valid ? share_text(vb.row_attained[k], V).c_str() : "-");
    std::printf("%-72s %26s %26s\n", "every row in the same replicate",
                vp.valid ? share_text(vp.plan_attained, V).c_str() : "-",
                vb.valid ? share_text(vb.plan_attained, V).c_str() : "-");
    std::printf("%-72s %26s %26s\n", "cost, 亿元", num(vp.cost).c_str(), num(vb.cost).c_str());
    std::printf("%-72s %26s %26s\n", "every constraint met on these replicates",
                problem.feasible(vp, V) ? "yes" : "no", problem.feasible(vb, V) ? "yes" : "no");
  }

  if (result.feasible) {
    std::printf(
        "\nbest mix: evaluation %zu, cost %s 亿元, %s%% against the plan's own mix "
        "(%s 亿元)%s\n",
        result.best, num(best.cost).c_str(), num(change, "%+.1f").c_str(), num(plan.cost).c_str(),
        problem.feasible(plan) ? "" : "; the plan's own mix does not meet the constraint");
    std::printf("wrote %s and %s\n", h5.c_str(), best_toml.c_str());
    return 0;
  }
  // Infeasible: the evidence, row by row: the most any evaluated mix attained.
  std::printf(
      "\nNO EVALUATED MIX MEETS EVERY CONSTRAINT. Per row, the most replicates any of "
      "the %zu evaluated mixes attains (%d needed):\n",
      result.history.size(), problem.required());
  for (std::size_t k = 0; k < problem.rows().size(); ++k) {
    int most = -1;
    std::size_t where = 0;
    for (std::size_t i = 0; i < result.history.size(); ++i)
      if (result.history[i].valid && result.history[i].row_attained[k] > most) {
        most = result.history[i].row_attained[k];
        where = i;
      }
    if (most >= problem.required()) continue;
    std::printf("  %-72s at most %d of %d (evaluation %zu)\n",
                row_text(base.targets[problem.rows()[k]]).c_str(), most, R, where);
  }
  if (spec.probability_of == scenario::ProbabilityOf::plan) {
    int most = 0;
    for (const Evaluation& e : result.history) most = std::max(most, e.valid ? e.plan_attained : 0);
    std::printf("  %-72s at most %d of %d\n", "every row in the same replicate", most, R);
  }
  for (std::size_t b = 0; b < spec.budgets.size(); ++b) {
    double least = optimize::kNaN;
    for (const Evaluation& e : result.history)
      if (e.valid && !(e.budget_spending[b] >= least)) least = e.budget_spending[b];
    std::printf("  spending of %s: at least %s 亿元 in any evaluated mix (ceiling %s)\n",
                spec.budgets[b].payer.c_str(), num(least).c_str(),
                num(spec.budgets[b].max_yi).c_str());
  }
  std::printf("wrote %s (no best.toml)\n", h5.c_str());
  std::cerr << "\nregsim optimize: no evaluated mix meets every constraint (see the rows above): "
               "widen the bounds, add instruments, lower 'probability' or constrain fewer "
               "'targets'\n";
  return out.exit_code;
}

}  // namespace regsim::cli
