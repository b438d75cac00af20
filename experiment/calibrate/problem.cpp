#include "experiment/calibrate/problem.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "engine/observe/attainment.hpp"
#include "engine/observe/targets.hpp"
#include "engine/scenario/parse.hpp"
#include "experiment/search.hpp"

namespace regsim::calibrate {

namespace {

namespace fs = std::filesystem;
using scenario::Comparator;
using scenario::Target;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
/// Objective contribution of an in-sample row without a simulated value.
constexpr double kMissingPenalty = 1e3;
/// First BOBYQA step on the [0, 1]-scaled parameters; each restart halves it, and below
/// kSmallestStep it starts again from kFirstStep (a wider look around the best point).
constexpr double kFirstStep = 0.2;
constexpr double kSmallestStep = 0.01;
/// BOBYQA stops a run when a step changes no scaled parameter by more than this.
constexpr double kXtol = 1e-4;

/// Distance of `s` from `t` on a log scale when both are positive, else relative.
double log_gap(double s, double t) {
  if (s > 0 && t > 0) return std::log(s / t);
  return (s - t) / std::max(std::fabs(t), 1e-12);
}

}  // namespace

void check_calibration(const scenario::Scenario& sc) {
  if (!sc.calibration.declared) return;
  const fs::path file = fs::absolute(sc.source_file);
  for (const auto& p : sc.calibration.parameters) {
    std::string error;
    const auto path = scenario::parse_key_path(p.key, error);
    if (path.empty()) throw scenario::ScenarioError(p.where, error);
    const double bounds[2] = {p.lower, p.upper};
    scenario::check_key_values(
        file, sc.resolved_text, path, false, bounds,
        file.string() + ": calibration parameter " + p.key, [&](const std::string& message) {
          throw scenario::ScenarioError(p.where, "calibration parameter " + p.key + ": " + message);
        });
  }
}

Problem::Problem(const scenario::Scenario& sc, int replicates, int threads)
    : Problem(sc, replicates, std::make_unique<experiment::Runner>(threads), nullptr) {}

Problem::Problem(const scenario::Scenario& sc, int replicates, experiment::Runner& runner)
    : Problem(sc, replicates, nullptr, &runner) {}

Problem::~Problem() = default;

Problem::Problem(const scenario::Scenario& sc, int replicates,
                 std::unique_ptr<experiment::Runner> own_runner, experiment::Runner* runner)
    : sc_(sc),
      replicates_(std::max(1, replicates)),
      own_runner_(std::move(own_runner)),
      runner_(runner ? runner : own_runner_.get()),
      file_(fs::absolute(sc.source_file).lexically_normal()) {
  for (const auto& p : sc.calibration.parameters) {
    std::string error;
    paths_.push_back(scenario::parse_key_path(p.key, error));
    if (paths_.back().empty()) throw scenario::ScenarioError(p.where, error);
    const auto v = scenario::key_value(sc.resolved_text, paths_.back());
    written_.push_back(v.has_value());
    start_.push_back(std::clamp(v.value_or(0.5 * (p.lower + p.upper)), p.lower, p.upper));
  }
}

std::string Problem::overlay(std::span<const double> values, const std::string& extends,
                             const std::string& top) const {
  std::vector<scenario::KeySetting> settings;
  for (std::size_t j = 0; j < paths_.size(); ++j)
    settings.push_back({&paths_[j], values[j], false});
  return scenario::overlay_scenario(extends, settings, top);
}

scenario::Scenario Problem::scenario_at(std::span<const double> values) const {
  return scenario::parse_scenario_text(overlay(values, file_.string()),
                                       file_.string() + " (calibration overlay)",
                                       file_.parent_path());
}

std::vector<double> Problem::target_values(const RunResult& result) const {
  std::vector<double> values(sc_.targets.size(), kNaN);
  for (std::size_t t = 0; t < sc_.targets.size(); ++t)
    if (!sc_.targets[t].out_of_scope) values[t] = simulated_value(result, sc_.targets[t]);
  return values;
}

experiment::Job Problem::job(const experiment::Plan& plan) const {
  experiment::Job job;
  job.plan = &plan;
  job.scenario = [this, &plan](std::size_t point) { return scenario_at(plan.points[point]); };
  return job;
}

std::vector<double> Problem::mean(const std::vector<std::vector<double>>& per_replicate) const {
  // The mean in replicate order, as `regsim run --replicates` computes it.
  std::vector<double> means(sc_.targets.size(), kNaN);
  for (std::size_t t = 0; t < sc_.targets.size(); ++t) {
    if (sc_.targets[t].out_of_scope) continue;
    double sum = 0;
    for (const auto& values : per_replicate) sum += values[t];
    means[t] = sum / static_cast<double>(per_replicate.size());
  }
  return means;
}

std::vector<std::vector<double>> Problem::per_replicate(std::span<const double> values, int first,
                                                        int count) const {
  const experiment::Plan plan = experiment::Plan::replicates(
      {std::vector<double>(values.begin(), values.end())}, count, sc_.seed, first);
  experiment::MemorySink<std::vector<double>> sink(
      plan.runs.size(), [this](const RunResult& r) { return target_values(r); });
  experiment::Job job = this->job(plan);
  job.all = &sink;
  runner_->run(job);
  return sink.values();
}

std::vector<double> Problem::simulate(std::span<const double> values) const {
  const experiment::Plan plan = experiment::Plan::replicates(
      {std::vector<double>(values.begin(), values.end())}, replicates_, sc_.seed);
  experiment::MemorySink<std::vector<double>> per_replicate(
      plan.runs.size(), [this](const RunResult& r) { return target_values(r); });
  experiment::Job job = this->job(plan);
  job.all = &per_replicate;
  runner_->run(job);
  return mean(per_replicate.values());
}

bool Problem::holdout(const Target& t) const {
  const auto& h = sc_.calibration.holdout_years;
  return std::find(h.begin(), h.end(), t.year) != h.end() || excluded(t);
}

bool Problem::excluded(const Target& t) const {
  const auto& x = sc_.calibration.exclude_targets;
  return std::find(x.begin(), x.end(), t.id) != x.end();
}

double Problem::objective(std::span<const double> means) const {
  double sum = 0;
  for (std::size_t i = 0; i < sc_.targets.size(); ++i) {
    const Target& t = sc_.targets[i];
    if (t.out_of_scope || holdout(t)) continue;
    const double s = means[i];
    if (std::isnan(s)) {
      sum += kMissingPenalty;
      continue;
    }
    const double margin = kInequalityMargin * std::fabs(t.value);
    double gap = 0;
    switch (t.comparator) {
      case Comparator::eq:
        gap = log_gap(s, t.value);
        break;
      case Comparator::ge:
        gap = s < t.value + margin ? log_gap(s, t.value + margin) : 0;
        break;
      case Comparator::le:
        gap = s > t.value - margin ? log_gap(s, t.value - margin) : 0;
        break;
    }
    sum += gap * gap;
  }
  return sum;
}

std::vector<RowFit> Problem::rows(std::span<const double> means) const {
  std::vector<RowFit> out;
  for (std::size_t i = 0; i < sc_.targets.size(); ++i) {
    const Target& t = sc_.targets[i];
    if (t.out_of_scope) continue;
    RowFit row;
    row.target = i;
    row.holdout = holdout(t);
    row.excluded = excluded(t);
    row.simulated = means[i];
    row.deviation = (means[i] - t.value) / std::fabs(t.value);
    row.met = attainment(t, means[i]);
    out.push_back(row);
  }
  return out;
}

bool Problem::standard_met(std::span<const double> means, bool margin) const {
  for (std::size_t i = 0; i < sc_.targets.size(); ++i) {
    const Target& t = sc_.targets[i];
    if (t.out_of_scope || holdout(t)) continue;
    const double s = means[i];
    if (std::isnan(s)) return false;
    if (!margin) {
      if (attainment(t, s) != 1) return false;
      continue;
    }
    const double m = kInequalityMargin * std::fabs(t.value);
    const bool ok =
        t.comparator == Comparator::eq
            ? std::fabs(s - t.value) <= kEqualAimShare * t.tolerance * std::fabs(t.value)
        : t.comparator == Comparator::ge ? s >= t.value + m
                                         : s <= t.value - m;
    if (!ok) return false;
  }
  return true;
}

namespace {

/// Objective of a parameter point at which the scenario is invalid (every row missing adds
/// 1000, so this is above any point that runs).
constexpr double kInfeasibleObjective = 1e9;

struct Search {
  const Problem* problem = nullptr;
  const Options* options = nullptr;
  std::vector<double> lower, width;
  int evaluations = 0;
  double best = std::numeric_limits<double>::infinity();
  std::vector<double> best_x;  ///< scaled
  std::vector<double> best_means;
  bool done = false;  ///< the standard is met with margin
  int in_sample = 0;

  std::vector<double> natural(std::span<const double> x) const {
    std::vector<double> v(lower.size());
    for (std::size_t j = 0; j < v.size(); ++j)
      v[j] = lower[j] + width[j] * std::clamp(x[j], 0.0, 1.0);
    return v;
  }

  double evaluate(std::span<const double> x) {
    std::vector<double> means;
    try {
      const std::vector<double> point = natural(x);
      means = options->simulate ? options->simulate(point) : problem->simulate(point);
    } catch (const scenario::ScenarioError&) {
      // The point makes the scenario invalid (e.g. base-year firms beyond their platform's
      // serviced land at a high revenue scale): infeasible, a value above any feasible one.
      ++evaluations;
      return kInfeasibleObjective;
    }
    const double f = problem->objective(means);
    ++evaluations;
    if (f < best) {
      best = f;
      best_x.assign(x.begin(), x.end());
      best_means = means;
      done = problem->standard_met(means, true);
    }
    if (options->progress) {
      Progress p;
      p.evaluation = evaluations;
      p.max_evaluations = options->max_evaluations;
      p.best = best;
      p.rows = in_sample;
      for (const RowFit& r : problem->rows(best_means)) p.within += !r.holdout && r.met == 1;
      options->progress(p);
    }
    return f;
  }
};

}  // namespace

Fit fit(const Problem& problem, const Options& options) {
  const auto& params = problem.scenario().calibration.parameters;
  const std::size_t n = problem.size();
  if (n == 0) throw std::invalid_argument("the scenario has no [calibration] parameters");
  Search s;
  s.problem = &problem;
  s.options = &options;
  for (const auto& p : params) {
    s.lower.push_back(p.lower);
    s.width.push_back(p.upper - p.lower);
  }
  for (const auto& t : problem.scenario().targets)
    s.in_sample += !t.out_of_scope && !problem.holdout(t);
  Fit out;
  std::vector<double> x(n);
  for (std::size_t j = 0; j < n; ++j) {
    out.start.push_back(problem.start(j));
    x[j] = (problem.start(j) - s.lower[j]) / s.width[j];
  }
  experiment::RestartSearch search;
  // BOBYQA needs two dimensions at least: a single parameter is searched by Subplex.
  search.method = n >= 2 ? experiment::LocalMethod::bobyqa : experiment::LocalMethod::subplex;
  search.dimensions = n;
  search.first_step = kFirstStep;
  search.smallest_step = kSmallestStep;
  search.xtol = kXtol;
  search.objective = [&](std::span<const double> u) { return s.evaluate(u); };
  // Stops as soon as the standard is met with margin.
  search.finished = [&] { return s.evaluations >= options.max_evaluations || s.done; };
  search.run_budget = [&] { return options.max_evaluations - s.evaluations; };
  search.start = [&](int run) { return run == 0 ? x : s.best_x; };
  const int runs = experiment::restart_search(search);
  out.restarts = std::max(0, runs - 1);
  out.evaluations = s.evaluations;
  out.objective = s.best;
  out.fitted = s.natural(s.best_x);
  out.means = s.best_means;
  out.standard_met = problem.standard_met(out.means, false);
  return out;
}

}  // namespace regsim::calibrate
