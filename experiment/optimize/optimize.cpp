#include "experiment/optimize/optimize.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "engine/observe/targets.hpp"
#include "engine/scenario/parse.hpp"
#include "experiment/cluster.hpp"
#include "experiment/input_checks.hpp"
#include "experiment/optimize/writer.hpp"

namespace regsim::optimize {

namespace {

namespace fs = std::filesystem;
namespace cluster = experiment::cluster;

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
  EvaluationCache(fs::path path, std::string header, const Problem& problem)
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
      field(hex(e.valid ? e.budget_spending[b] : kNaN));
    for (std::size_t r = 0; r < problem_.rows().size(); ++r)
      field(std::to_string(e.valid ? e.row_attained[r] : 0));
    for (std::size_t r = 0; r < problem_.rows().size(); ++r)
      field(hex(e.valid ? e.row_margin[r] : kNaN));
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
  const Problem& problem_;
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

void run_here(const Request& a, Outcome& out) {
  out.spec = std::make_unique<scenario::OptimizeSpec>(scenario::load_optimize_spec(a.spec));
  scenario::OptimizeSpec& spec = *out.spec;
  if (a.max_evaluations) spec.max_evaluations = *a.max_evaluations;
  out.base = std::make_unique<scenario::Scenario>(scenario::load_scenario(spec.base));
  const scenario::Scenario& base = *out.base;
  experiment::Runner& runner = *out.runner;
  const int threads = runner.threads();
  out.problem = std::make_unique<Problem>(spec, base, runner);
  const Problem& problem = *out.problem;

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
  experiment::check_memory(base, std::min(runner.slots(), spec.replicates), a.max_memory);
  out.h5 = h5;
  out.best_toml = best_toml;
  out.cache_file = cache_file;

  experiment::CreatedDirectories created(out_dir);  // removed again if the cache cannot be written
  EvaluationCache cache(cache_file,
                        "regsim-optimize-cache\t1\t" + spec.sha256 + "\t" + base.resolved_sha256,
                        problem);
  created.keep();
  const std::size_t cached_before = cache.size();
  const auto start = std::chrono::steady_clock::now();
  Options options;
  bool first = true;
  options.evaluate = [&](std::span<const double> x) {
    if (!first) return cache.evaluate(x);
    // The plan's mix, always run: a cache written by another build of the model (same spec and
    // scenario, different behaviour) would otherwise be replayed as if it were this one's.
    first = false;
    const std::vector<double> mix(x.begin(), x.end());
    Evaluation e = problem.evaluate(mix);
    if (const Evaluation* old = cache.find(mix); old && !same_evaluation(*old, e)) {
      if (a.notice)
        a.notice("optimize: " + cache_file.string() +
                 " was written by a different model (the plan's mix evaluates differently): "
                 "starting afresh");
      cache.clear();
    }
    if (!cache.find(mix)) cache.add(e);
    return e;
  };
  if (a.progress) options.progress = [&](const Progress& p) { a.progress(p, cache.replayed()); };
  if (a.notice)
    a.notice(
        "optimize: " + std::to_string(spec.variables.size()) + " variables, " +
        std::to_string(problem.rows().size()) + " target rows, " + std::to_string(spec.replicates) +
        " replicates per evaluation (at least " + std::to_string(problem.required()) + " of " +
        std::to_string(spec.replicates) + " must attain " +
        (spec.probability_of == scenario::ProbabilityOf::plan ? "every row at once" : "each row") +
        "), up to " + std::to_string(spec.max_evaluations) + " evaluations on " +
        (runner.ranks() > 1 ? std::to_string(runner.ranks()) + " ranks x " : std::string()) +
        std::to_string(threads) + " threads" +
        (cached_before ? ", " + std::to_string(cached_before) + " cached from an earlier run"
                       : std::string()));
  out.result = search(problem, options);
  const Result& result = out.result;
  out.replayed = cache.replayed();
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

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
  const Validation& validation = result.validation;
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
      plan.valid && plan.cost > 0 ? 100 * (best.cost - plan.cost) / plan.cost : kNaN;
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
  out.exit_code = result.feasible ? 0 : kOptimizeInfeasible;
}

}  // namespace

Outcome run(const Request& request) {
  Outcome out;
  out.runner = std::make_unique<experiment::Runner>(request.threads);
  out.runner->stop_when(request.stop);
  try {
    run_here(request, out);
  } catch (...) {
    out.runner->finish(cluster::describe(std::current_exception()).exit_code);
    throw;
  }
  out.runner->finish(out.exit_code);
  return out;
}

int serve(const Request& request) {
  experiment::Runner runner(request.threads);
  std::optional<scenario::OptimizeSpec> spec;
  std::optional<scenario::Scenario> base;
  std::optional<Problem> problem;
  return runner.serve([&](const experiment::Plan& plan) {
    if (!problem) {
      spec.emplace(scenario::load_optimize_spec(request.spec));
      if (request.max_evaluations) spec->max_evaluations = *request.max_evaluations;
      base.emplace(scenario::load_scenario(spec->base));
      problem.emplace(*spec, *base, runner);
    }
    return problem->job(plan);
  });
}

}  // namespace regsim::optimize
