#include "tools/cli/optimize.hpp"

#include <tbb/info.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "engine/observe/attainment.hpp"
#include "engine/observe/targets.hpp"
#include "engine/optimize/optimize.hpp"
#include "engine/scenario/optimize_spec.hpp"
#include "engine/scenario/parse.hpp"
#include "experiment/input_checks.hpp"
#include "experiment/runner.hpp"
#include "output/optimize_writer.hpp"
#include "tools/cli/progress_line.hpp"
#include "tools/cli/sweep.hpp"

namespace regsim::cli {

namespace {

namespace fs = std::filesystem;
using optimize::Evaluation;

std::string num(double v, const char* f = "%.4g") {
  if (!std::isfinite(v)) return "-";
  char buf[64];
  std::snprintf(buf, sizeof buf, f, v);
  return buf;
}

std::string hex(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%a", v);
  return buf;
}

/// The evaluations of earlier searches of the same spec and scenario, one line each, so that an
/// interrupted search run again replays them (the search is deterministic: it asks for the same
/// mixes in the same order). A line is written when its evaluation finishes; a line cut short
/// by a kill is dropped when the cache is read.
class EvaluationCache {
 public:
  EvaluationCache(fs::path path, std::string header, const optimize::Problem& problem)
      : path_(std::move(path)), header_(std::move(header)), problem_(problem) {
    std::ifstream in(path_, std::ios::binary);
    std::string line;
    if (in && std::getline(in, line) && line == header_) {
      while (std::getline(in, line) && !in.eof()) {  // the last line must end with '\n'
        Evaluation e;
        if (!parse(line, e)) break;
        lines_.push_back(line);
        entries_.emplace(e.x, std::move(e));
      }
    }
    rewrite();
  }

  std::size_t size() const { return entries_.size(); }
  int replayed() const { return replayed_; }

  /// The cached evaluation of `x`, else nullptr.
  const Evaluation* find(const std::vector<double>& x) const {
    const auto it = entries_.find(x);
    return it == entries_.end() ? nullptr : &it->second;
  }

  /// Forgets every entry (they were made by a different model).
  void clear() {
    entries_.clear();
    lines_.clear();
    rewrite();
  }

  Evaluation evaluate(std::span<const double> x_span) {
    const std::vector<double> x(x_span.begin(), x_span.end());
    if (const Evaluation* e = find(x)) {
      ++replayed_;
      return *e;
    }
    Evaluation e = problem_.evaluate(x);
    add(e);
    return e;
  }

  void add(const Evaluation& e) {
    const std::string line = format(e);
    std::ofstream out(path_, std::ios::binary | std::ios::app);
    out << line << "\n";
    out.flush();
    if (!out) throw std::runtime_error("cannot append to " + path_.string());
    lines_.push_back(line);
    entries_.emplace(e.x, e);
  }

 private:
  std::string format(const Evaluation& e) const {
    std::string s;
    const auto field = [&](const std::string& f) {
      if (!s.empty()) s += '\t';
      s += f;
    };
    for (const double v : e.x) field(hex(v));
    field(e.valid ? "1" : "0");
    field(hex(e.cost));
    field(hex(e.spending));
    for (std::size_t b = 0; b < problem_.spec().budgets.size(); ++b)
      field(hex(e.valid ? e.budget_spending[b] : optimize::kNaN));
    for (std::size_t r = 0; r < problem_.rows().size(); ++r)
      field(std::to_string(e.valid ? e.row_attained[r] : 0));
    for (std::size_t r = 0; r < problem_.rows().size(); ++r)
      field(hex(e.valid ? e.row_margin[r] : optimize::kNaN));
    field(std::to_string(e.plan_attained));
    field(hex(e.plan_margin));
    std::string why = e.why_invalid;
    std::replace_if(
        why.begin(), why.end(), [](char c) { return c == '\t' || c == '\n'; }, ' ');
    field(why.empty() ? "-" : why);
    return s;
  }

  bool parse(const std::string& line, Evaluation& e) const {
    std::vector<std::string> f;
    std::size_t start = 0;
    for (std::size_t tab; (tab = line.find('\t', start)) != std::string::npos; start = tab + 1)
      f.push_back(line.substr(start, tab - start));
    f.push_back(line.substr(start));
    const std::size_t nv = problem_.size(), nb = problem_.spec().budgets.size(),
                      nr = problem_.rows().size();
    if (f.size() != nv + 3 + nb + 2 * nr + 3) return false;
    std::size_t i = 0;
    bool ok = true;
    const auto real = [&]() {
      char* end = nullptr;
      const double v = std::strtod(f[i].c_str(), &end);
      ok = ok && !f[i].empty() && *end == '\0';
      ++i;
      return v;
    };
    const auto integer = [&]() {
      char* end = nullptr;
      const long v = std::strtol(f[i].c_str(), &end, 10);
      ok = ok && !f[i].empty() && *end == '\0';
      ++i;
      return static_cast<int>(v);
    };
    for (std::size_t j = 0; j < nv; ++j) e.x.push_back(real());
    e.valid = integer() == 1;
    e.cost = real();
    e.spending = real();
    for (std::size_t b = 0; b < nb; ++b) e.budget_spending.push_back(real());
    for (std::size_t r = 0; r < nr; ++r) e.row_attained.push_back(integer());
    for (std::size_t r = 0; r < nr; ++r) e.row_margin.push_back(real());
    e.plan_attained = integer();
    e.plan_margin = real();
    e.why_invalid = f[i] == "-" ? "" : f[i];
    if (!e.valid) {
      e.budget_spending.clear();
      e.row_attained.clear();
      e.row_margin.clear();
    }
    return ok;
  }

  void rewrite() {
    std::string text = header_ + "\n";
    for (const auto& l : lines_) text += l + "\n";
    experiment::write_text_atomically(path_, text);
  }

  fs::path path_;
  std::string header_;
  const optimize::Problem& problem_;
  std::vector<std::string> lines_;
  std::map<std::vector<double>, Evaluation> entries_;
  int replayed_ = 0;
};

bool same_evaluation(const Evaluation& a, const Evaluation& b) {
  const auto same = [](double x, double y) { return (std::isnan(x) && std::isnan(y)) || x == y; };
  if (a.valid != b.valid || !same(a.cost, b.cost) || !same(a.spending, b.spending) ||
      a.row_attained != b.row_attained || a.plan_attained != b.plan_attained ||
      a.row_margin.size() != b.row_margin.size())
    return false;
  for (std::size_t r = 0; r < a.row_margin.size(); ++r)
    if (!same(a.row_margin[r], b.row_margin[r])) return false;
  return true;
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
  scenario::OptimizeSpec spec = scenario::load_optimize_spec(a.spec);
  if (a.max_evaluations) spec.max_evaluations = *a.max_evaluations;
  const scenario::Scenario base = scenario::load_scenario(spec.base);
  const int threads = a.threads > 0 ? a.threads : tbb::info::default_concurrency();
  const optimize::Problem problem(spec, base, threads);

  const fs::path out_dir =
      a.output.empty() ? fs::path("runs") / fs::path(a.spec).stem() : fs::path(a.output);
  std::vector<experiment::InputFile> inputs = experiment::scenario_inputs(base);
  inputs.push_back({fs::path(a.spec), "optimisation spec"});
  const fs::path h5 = out_dir / "optimize.h5", best_toml = out_dir / "best.toml",
                 cache_file = out_dir / "evaluations.cache";
  for (const auto& p : {h5, best_toml, cache_file})
    experiment::refuse_output_onto_inputs(p.string(), "-o", inputs);
  std::error_code ec;
  if (fs::exists(out_dir, ec) && !fs::is_directory(out_dir, ec))
    throw std::invalid_argument("-o " + out_dir.string() + ": exists and is not a directory");
  // Replicates run in parallel, each run on the same threads.
  experiment::check_memory(base, std::min(threads, spec.replicates), a.max_memory);
  experiment::keep_freed_memory_for_next_runs();

  experiment::CreatedDirectories created(out_dir);  // removed again if the cache cannot be written
  EvaluationCache cache(cache_file,
                        "regsim-optimize-cache\t1\t" + spec.sha256 + "\t" + base.resolved_sha256,
                        problem);
  created.keep();
  const std::size_t cached_before = cache.size();
  ProgressLine progress(a.quiet);
  optimize::Options options;
  bool first = true;
  options.evaluate = [&](std::span<const double> x) {
    if (!first) return cache.evaluate(x);
    // The plan's mix, always run: a cache written by another build of the model (same spec and
    // scenario, different behaviour) would otherwise be replayed as if it were this one's.
    first = false;
    const std::vector<double> mix(x.begin(), x.end());
    Evaluation e = problem.evaluate(mix);
    if (const Evaluation* old = cache.find(mix); old && !same_evaluation(*old, e)) {
      if (!a.quiet)
        std::cerr << "optimize: " << cache_file.string()
                  << " was written by a different model (the plan's mix evaluates differently): "
                     "starting afresh\n";
      cache.clear();
    }
    if (!cache.find(mix)) cache.add(e);
    return e;
  };
  options.progress = [&](const optimize::Progress& p) {
    char line[200];
    std::snprintf(line, sizeof line,
                  "optimize: evaluation %d/%d (%d replayed)  best feasible cost %s 亿元  P %s",
                  p.evaluation, p.max_evaluations, cache.replayed(), num(p.best_cost).c_str(),
                  num(p.probability, "%.2f").c_str());
    progress.update(p.evaluation, line);
  };
  if (!a.quiet)
    std::cerr << "optimize: " << spec.variables.size() << " variables, " << problem.rows().size()
              << " target rows, " << spec.replicates << " replicates per evaluation (at least "
              << problem.required() << " of " << spec.replicates << " must attain "
              << (spec.probability_of == scenario::ProbabilityOf::plan ? "every row at once"
                                                                       : "each row")
              << "), up to " << spec.max_evaluations << " evaluations on " << threads << " threads"
              << (cached_before
                      ? ", " + std::to_string(cached_before) + " cached from an earlier run"
                      : std::string())
              << "\n";
  const optimize::Result result = optimize::search(problem, options);
  progress.finish();
  const double seconds = progress.elapsed();

  // optimize.h5
  output::OptimizeFileInfo info;
  info.regsim_version = REGSIM_VERSION;
  info.spec_text = spec.text;
  info.spec_sha256 = spec.sha256;
  info.scenario_name = base.name;
  info.scenario_sha256 = base.resolved_sha256;
  info.seed = base.seed;
  info.design_seed = spec.seed;
  info.replicates = spec.replicates;
  info.required_replicates = problem.required();
  info.threads = threads;
  info.probability = spec.probability;
  info.discount_rate = spec.discount_rate;
  info.probability_of = scenario::to_string(spec.probability_of);
  info.reach = scenario::to_string(spec.reach);
  for (std::size_t j = 0; j < spec.variables.size(); ++j) {
    info.variables.push_back(spec.variables[j].key);
    info.variable_min.push_back(spec.variables[j].min);
    info.variable_max.push_back(spec.variables[j].max);
    info.plan_mix.push_back(problem.plan_mix()[j]);
  }
  for (const std::size_t r : problem.rows()) {
    const scenario::Target& t = base.targets[r];
    info.row_id.push_back(t.id);
    info.row_entity.push_back(t.entity);
    info.row_variable.push_back(variable_label(t));
    info.row_comparator.push_back(scenario::to_string(t.comparator));
    info.row_year.push_back(t.year);
    info.row_target.push_back(t.value);
    info.row_tolerance.push_back(t.tolerance);
  }
  for (const auto& b : spec.budgets) {
    info.budget_payer.push_back(b.payer);
    info.budget_max.push_back(b.max_yi);
  }
  for (const Evaluation& e : result.history) {
    info.feasible.push_back(problem.feasible(e));
    info.probability_of_evaluation.push_back(problem.probability(e));
  }
  const optimize::Validation& validation = result.validation;
  const int V = validation.replicates;
  if (V > 0) {
    info.validation_feasible = {problem.feasible(validation.plan, V),
                                problem.feasible(validation.best, V)};
    info.validation_probability = {problem.probability(validation.plan, V),
                                   problem.probability(validation.best, V)};
  }
  output::write_optimize_file(result, info, h5);

  // best.toml: the best mix, when it meets every constraint (else a stale one is removed).
  const Evaluation& plan = result.history.front();
  const Evaluation& best = result.history[result.best];
  const int R = spec.replicates;
  const double change =
      plan.valid && plan.cost > 0 ? 100 * (best.cost - plan.cost) / plan.cost : optimize::kNaN;
  if (result.feasible) {
    const fs::path abs_dir = fs::absolute(out_dir).lexically_normal();
    const std::string extends = fs::relative(spec.base, abs_dir).generic_string();
    std::ostringstream text;
    text << "# The cheapest mix regsim optimize found for " << a.spec << " (regsim "
         << REGSIM_VERSION << "): evaluation " << result.best << " of " << result.history.size()
         << ".\n# Cost " << num(best.cost) << " 亿元 (policy + finance "
         << "spending" << (spec.discount_rate > 0 ? ", discounted" : "") << ", mean of " << R
         << " replicates) against " << num(plan.cost) << " for the plan's own mix ("
         << num(change, "%+.1f")
         << "%).\n# Every constraint met: P = " << num(problem.probability(best), "%.2f")
         << " >= " << num(spec.probability, "%.2f") << " ("
         << scenario::to_string(spec.probability_of) << ", reach "
         << scenario::to_string(spec.reach) << ").\n";
    text << problem.overlay(best.x, extends,
                            "format = 1\nname = \"" + base.name +
                                "-optimised\"\nreplicates = " + std::to_string(R) + "\n");
    experiment::write_text_atomically(best_toml, text.str());
  } else {
    fs::remove(best_toml, ec);
  }

  // The report on stdout.
  std::printf(
      "\nregsim optimize %s: %zu evaluations (%d replayed from %s), %d COBYLA restarts, "
      "%s\n",
      a.spec.c_str(), result.history.size(), cache.replayed(), cache_file.filename().c_str(),
      result.restarts, clock_text(seconds).c_str());
  std::printf(
      "constraint: %s attained in at least %d of %d replicates (p = %.2f, reach = %s)%s\n",
      spec.probability_of == scenario::ProbabilityOf::plan ? "every row at once" : "each row",
      problem.required(), R, spec.probability, scenario::to_string(spec.reach),
      spec.budgets.empty() ? "" : ", and the payers' budgets");
  std::printf("\n%-60s %12s %12s %24s\n", "variable", "plan", result.feasible ? "best" : "closest",
              "bounds");
  for (std::size_t j = 0; j < spec.variables.size(); ++j)
    std::printf(
        "%-60s %12s %12s %24s\n", spec.variables[j].key.c_str(),
        (num(problem.plan_mix()[j], "%.5g") + (problem.plan_written(j) ? "" : "*")).c_str(),
        num(best.x[j], "%.5g").c_str(),
        ("[" + num(spec.variables[j].min, "%.5g") + ", " + num(spec.variables[j].max, "%.5g") + "]")
            .c_str());
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
  return kOptimizeInfeasible;
}

}  // namespace regsim::cli
