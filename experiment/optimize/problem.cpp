#include "experiment/optimize/problem.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>

#include "engine/observe/targets.hpp"
#include "engine/scenario/parse.hpp"
#include "experiment/design.hpp"
#include "experiment/search.hpp"

namespace regsim::optimize {

namespace {

namespace fs = std::filesystem;
using scenario::Comparator;
using scenario::Reach;

/// The margin of a row without a simulated value: far outside any bound.
constexpr double kMissingMargin = -1e3;
/// What NLopt sees for a mix the scenario rejects: worse than any mix that runs.
constexpr double kInvalidObjective = 1e3;
constexpr double kInvalidConstraint = 1e3;
/// COBYLA's first trust-region radius on the [0, 1]-scaled variables; each restart halves it,
/// and below kSmallestStep a restart looks wider again (kFirstStep) if the last cycle improved.
constexpr double kFirstStep = 0.25;
constexpr double kSmallestStep = 0.03;
constexpr double kXtol = 1e-2;
/// Scaled values this close to a bound are the bound.
constexpr double kSnap = 1e-9;

/// What one replicate yields for the evaluation.
struct ReplicateMeasures {
  double cost = 0, spending = 0;
  std::vector<double> budget_spending;
  std::vector<double> simulated;  ///< per constrained row
};

double region_sum(const RunResult& r, const char* variable, std::size_t y) {
  const Series* s = r.region.find(variable);
  return s ? s->values[y] : 0.0;
}

/// What one replicate of a mix yields for its evaluation.
ReplicateMeasures measure(const scenario::OptimizeSpec& spec, const scenario::Scenario& base,
                          const std::vector<std::size_t>& rows, const RunResult& r) {
  ReplicateMeasures m;
  for (std::size_t y = 1; y < r.years.size(); ++y) {
    const double spent = region_sum(r, "policy_spending", y) + region_sum(r, "finance_spending", y);
    m.spending += spent;
    m.cost += spent * std::pow(1.0 + spec.discount_rate, -static_cast<double>(y));
  }
  const Series* policy = r.payer.find("policy_spending");
  const Series* finance = r.payer.find("finance_spending");
  const std::size_t n_payers = r.payer.entities.size();
  for (const auto& b : spec.budgets) {
    const std::size_t p = r.payer.entity_index(b.payer);
    double sum = 0;
    for (std::size_t y = 1; y < r.years.size() && p < n_payers; ++y)
      sum += (policy ? policy->at(y, p, n_payers) : 0.0) +
             (finance ? finance->at(y, p, n_payers) : 0.0);
    m.budget_spending.push_back(sum);
  }
  for (const std::size_t t : rows) m.simulated.push_back(simulated_value(r, base.targets[t]));
  return m;
}

}  // namespace

double margin(const scenario::Target& t, double s, Reach reach) {
  if (std::isnan(s)) return kMissingMargin;
  const double scale = t.value != 0 ? std::fabs(t.value) : 1.0;
  switch (t.comparator) {
    case Comparator::eq:
      return reach == Reach::band ? t.tolerance - std::fabs(s - t.value) / scale
                                  : (s - (t.value - t.tolerance * std::fabs(t.value))) / scale;
    case Comparator::ge:
      return (s - t.value) / scale;
    case Comparator::le:
      return (t.value - s) / scale;
  }
  return kMissingMargin;
}

double kth_largest(std::vector<double> values, int k) {
  if (k < 1) throw std::invalid_argument("kth_largest: k must be >= 1");
  if (static_cast<std::size_t>(k) > values.size()) return -std::numeric_limits<double>::infinity();
  std::nth_element(values.begin(), values.begin() + (k - 1), values.end(), std::greater<>());
  return values[static_cast<std::size_t>(k - 1)];
}

namespace {

/// Whether simulated value `s` attains `t` under `reach`: attainment() (what `regsim run`
/// prints) for "band" and inequalities, the floor value - tolerance for "=" under "floor".
bool attains(const scenario::Target& t, double s, Reach reach) {
  if (reach == Reach::floor && t.comparator == Comparator::eq)
    return !std::isnan(s) && s >= t.value - t.tolerance * std::fabs(t.value);
  return attainment(t, s) == 1;
}

}  // namespace

Problem::Problem(const scenario::OptimizeSpec& spec, const scenario::Scenario& base, int threads)
    : Problem(spec, base, std::make_unique<experiment::Runner>(threads), nullptr) {}

Problem::Problem(const scenario::OptimizeSpec& spec, const scenario::Scenario& base,
                 experiment::Runner& runner)
    : Problem(spec, base, nullptr, &runner) {}

Problem::~Problem() = default;

Problem::Problem(const scenario::OptimizeSpec& spec, const scenario::Scenario& base,
                 std::unique_ptr<experiment::Runner> own_runner, experiment::Runner* runner)
    : spec_(spec),
      base_(base),
      own_runner_(std::move(own_runner)),
      runner_(runner ? runner : own_runner_.get()) {
  scenario::check_optimize_spec(spec, base);
  for (std::size_t i = 0; i < base.targets.size(); ++i) {
    const auto& t = base.targets[i];
    if (t.out_of_scope) continue;
    const bool id = spec.targets.empty() ||
                    std::find(spec.targets.begin(), spec.targets.end(), t.id) != spec.targets.end();
    const bool year = spec.years.empty() ||
                      std::find(spec.years.begin(), spec.years.end(), t.year) != spec.years.end();
    if (id && year) rows_.push_back(i);
  }
  required_ = required_for(spec.replicates);
  for (const auto& v : spec.variables) {
    const auto value = scenario::key_value(base.resolved_text, v.path);
    plan_written_.push_back(value.has_value());
    plan_mix_.push_back(std::clamp(value.value_or(0.5 * (v.min + v.max)), v.min, v.max));
  }
}

std::string Problem::overlay(std::span<const double> x, const std::string& extends,
                             const std::string& top) const {
  std::vector<scenario::KeySetting> settings;
  for (std::size_t j = 0; j < spec_.variables.size(); ++j)
    settings.push_back({&spec_.variables[j].path, x[j], false});
  return scenario::overlay_scenario(extends, settings, top);
}

scenario::Scenario Problem::scenario_at(std::span<const double> x) const {
  return scenario::parse_scenario_text(overlay(x, spec_.base.string()),
                                       spec_.base.string() + " (optimisation mix)",
                                       spec_.base.parent_path());
}

experiment::Job Problem::job(const experiment::Plan& plan) const {
  experiment::Job job;
  job.plan = &plan;
  job.scenario = [this, &plan](std::size_t point) { return scenario_at(plan.points[point]); };
  return job;
}

Evaluation Problem::evaluate(std::span<const double> x, int first, int count) const {
  Evaluation e;
  e.x.assign(x.begin(), x.end());
  std::optional<scenario::Scenario> sc;
  try {
    sc.emplace(scenario_at(x));
  } catch (const scenario::ScenarioError& error) {
    e.valid = false;
    e.why_invalid = error.what();
    return e;
  }
  const std::size_t reps = static_cast<std::size_t>(count);
  const int required = required_for(count);
  // The mix's replicates, one job of the runner (on every rank under mpirun).
  const experiment::Plan plan = experiment::Plan::replicates({e.x}, count, sc->seed, first);
  experiment::MemorySink<ReplicateMeasures> sink(
      plan.runs.size(), [this](const RunResult& r) { return measure(spec_, base_, rows_, r); });
  experiment::Job job = this->job(plan);
  job.scenario = [&sc](std::size_t) { return *sc; };  // parsed already (the other ranks: job())
  job.all = &sink;
  runner_->run(job);
  const std::vector<ReplicateMeasures>& per = sink.values();

  // Reduced in replicate order: the same bits however the replicates were scheduled.
  const double n = static_cast<double>(reps);
  e.cost = e.spending = 0;
  e.budget_spending.assign(spec_.budgets.size(), 0.0);
  for (const auto& m : per) {
    e.cost += m.cost / n;
    e.spending += m.spending / n;
    for (std::size_t b = 0; b < m.budget_spending.size(); ++b)
      e.budget_spending[b] += m.budget_spending[b] / n;
  }
  std::vector<double> least(reps, std::numeric_limits<double>::infinity());
  std::vector<bool> all_attained(reps, true);
  for (std::size_t k = 0; k < rows_.size(); ++k) {
    const scenario::Target& t = base_.targets[rows_[k]];
    std::vector<double> margins(reps);
    int attained = 0;
    for (std::size_t rep = 0; rep < reps; ++rep) {
      const double s = per[rep].simulated[k];
      margins[rep] = margin(t, s, spec_.reach);
      least[rep] = std::min(least[rep], margins[rep]);
      const bool hit = attains(t, s, spec_.reach);
      attained += hit;
      all_attained[rep] = all_attained[rep] && hit;
    }
    e.row_attained.push_back(attained);
    e.row_margin.push_back(kth_largest(margins, required));
  }
  e.plan_attained = static_cast<int>(std::count(all_attained.begin(), all_attained.end(), true));
  e.plan_margin = kth_largest(least, required);
  return e;
}

int Problem::required_for(int replicates) const {
  // ceil(p R), with a little slack so that p = 0.8, R = 10 asks for 8 (not 9 by rounding).
  return std::max(1, static_cast<int>(std::ceil(spec_.probability * replicates - 1e-9)));
}

bool Problem::feasible(const Evaluation& e, int replicates) const {
  if (!e.valid) return false;
  const int required = required_for(replicates > 0 ? replicates : spec_.replicates);
  if (spec_.probability_of == scenario::ProbabilityOf::plan) {
    if (e.plan_attained < required) return false;
  } else {
    for (const int a : e.row_attained)
      if (a < required) return false;
  }
  for (std::size_t b = 0; b < spec_.budgets.size(); ++b)
    if (e.budget_spending[b] > spec_.budgets[b].max_yi) return false;
  return true;
}

double Problem::probability(const Evaluation& e, int replicates) const {
  if (!e.valid) return kNaN;
  const int n = replicates > 0 ? replicates : spec_.replicates;
  const double r = n;
  if (spec_.probability_of == scenario::ProbabilityOf::plan) return e.plan_attained / r;
  int least = n;
  for (const int a : e.row_attained) least = std::min(least, a);
  return least / r;
}

std::size_t Problem::constraint_count() const {
  return (spec_.probability_of == scenario::ProbabilityOf::plan ? 1 : rows_.size()) +
         spec_.budgets.size();
}

std::vector<double> Problem::constraints(const Evaluation& e) const {
  std::vector<double> c;
  c.reserve(constraint_count());
  if (!e.valid) return std::vector<double>(constraint_count(), kInvalidConstraint);
  if (spec_.probability_of == scenario::ProbabilityOf::plan)
    c.push_back(-e.plan_margin);
  else
    for (const double m : e.row_margin) c.push_back(-m);
  for (std::size_t b = 0; b < spec_.budgets.size(); ++b) {
    const double cap = spec_.budgets[b].max_yi;
    // A ceiling of 0: any spending violates it by that much (亿元).
    c.push_back(cap > 0 ? e.budget_spending[b] / cap - 1 : e.budget_spending[b]);
  }
  for (double& v : c)
    if (!std::isfinite(v)) v = kInvalidConstraint;
  return c;
}

std::vector<FrontPoint> trade_off_front(const Problem& problem,
                                        const std::vector<Evaluation>& history) {
  const auto& spec = problem.spec();
  const auto within_budgets = [&](const Evaluation& e) {
    for (std::size_t b = 0; b < spec.budgets.size(); ++b)
      if (e.budget_spending[b] > spec.budgets[b].max_yi) return false;
    return true;
  };
  // Cheapest mix per attained level, from the highest level down; a level keeps its mix only
  // when it is cheaper than every mix of a higher level (else that one dominates it).
  std::vector<FrontPoint> front;
  double cheapest_above = std::numeric_limits<double>::infinity();
  for (int j = spec.replicates; j >= 0; --j) {
    const double q = static_cast<double>(j) / spec.replicates;
    std::size_t best = history.size();
    for (std::size_t i = 0; i < history.size(); ++i) {
      const Evaluation& e = history[i];
      if (!e.valid || !within_budgets(e) || problem.probability(e) < q - 1e-12) continue;
      if (best == history.size() || e.cost < history[best].cost) best = i;
    }
    if (best == history.size() || !(history[best].cost < cheapest_above)) continue;
    cheapest_above = history[best].cost;
    front.push_back({problem.probability(history[best]), history[best].cost, best});
  }
  std::reverse(front.begin(), front.end());
  // Two levels reached by the same mix: keep it once, at its probability.
  front.erase(std::unique(front.begin(), front.end(),
                          [](const FrontPoint& a, const FrontPoint& b) {
                            return a.evaluation == b.evaluation;
                          }),
              front.end());
  return front;
}

namespace {

/// The search's state, shared with NLopt's C callbacks.
struct Search {
  const Problem* problem = nullptr;
  const Options* options = nullptr;
  int max_evaluations = 0;
  double cost_scale = 1;
  Result result;
  std::map<std::vector<double>, std::size_t> seen;  ///< mix (natural units) -> history index

  std::vector<double> natural(std::span<const double> u) const {
    const auto& vars = problem->spec().variables;
    std::vector<double> x(vars.size());
    for (std::size_t j = 0; j < x.size(); ++j) {
      // COBYLA ends on a bound only to rounding (4.6e-35 for 0): a bound is a bound.
      double v = std::clamp(u[j], 0.0, 1.0);
      if (v < kSnap) v = 0;
      if (v > 1 - kSnap) v = 1;
      x[j] = vars[j].min + (vars[j].max - vars[j].min) * v;
    }
    return x;
  }
  std::vector<double> scaled(std::span<const double> x) const {
    const auto& vars = problem->spec().variables;
    std::vector<double> u(vars.size());
    for (std::size_t j = 0; j < u.size(); ++j)
      u[j] = (x[j] - vars[j].min) / (vars[j].max - vars[j].min);
    return u;
  }
  bool spent() const { return static_cast<int>(result.history.size()) >= max_evaluations; }

  /// The history index of the mix at scaled `u`, evaluating it when new.
  std::size_t at(std::span<const double> u, const char* phase) {
    std::vector<double> x = natural(u);
    if (const auto it = seen.find(x); it != seen.end()) return it->second;
    result.history.push_back(options->evaluate ? options->evaluate(x) : problem->evaluate(x));
    result.phase.emplace_back(phase);
    const std::size_t index = result.history.size() - 1;
    seen.emplace(std::move(x), index);
    if (options->progress) {
      Progress p;
      p.evaluation = static_cast<int>(result.history.size());
      p.max_evaluations = max_evaluations;
      const std::size_t b = best();
      if (problem->feasible(result.history[b])) {
        p.best_cost = result.history[b].cost;
        p.probability = problem->probability(result.history[b]);
      }
      options->progress(p);
    }
    return index;
  }

  double violation(const Evaluation& e) const {
    double sum = 0;
    for (const double c : problem->constraints(e)) sum += std::max(0.0, c);
    return sum;
  }

  /// The cheapest feasible mix so far (earliest on ties), else the least violating.
  std::size_t best() const {
    const auto& h = result.history;
    std::size_t best = 0;
    bool best_feasible = problem->feasible(h[0]);
    for (std::size_t i = 1; i < h.size(); ++i) {
      const bool f = problem->feasible(h[i]);
      if (f && (!best_feasible || h[i].cost < h[best].cost)) {
        best = i;
        best_feasible = true;
      } else if (!f && !best_feasible && violation(h[i]) < violation(h[best])) {
        best = i;
      }
    }
    return best;
  }
};

}  // namespace

Result search(const Problem& problem, const Options& options) {
  Search s;
  s.problem = &problem;
  s.options = &options;
  s.max_evaluations = problem.spec().max_evaluations;
  const std::size_t n = problem.size();

  // 1. The plan's own mix, then the Latin-hypercube mixes.
  s.at(s.scaled(problem.plan_mix()), "plan");
  const auto initial = static_cast<std::size_t>(problem.spec().initial_points);
  if (initial > 0) {
    const sweep::Design d = sweep::latin_hypercube(initial, n, problem.spec().seed);
    for (std::size_t p = 0; p < d.points && !s.spent(); ++p)
      s.at(std::span<const double>(d.values.data() + p * n, n), "initial");
  }
  const Evaluation& plan = s.result.history[0];
  s.cost_scale = plan.valid && plan.cost > 0 ? plan.cost : 1.0;

  // 2. COBYLA from the best mix, restarted from the best with half the step; below the
  // smallest step a cycle starts again with the first step, unless the last cycle left the
  // best mix unchanged.
  experiment::RestartSearch restarts;
  restarts.method = experiment::LocalMethod::cobyla;
  restarts.dimensions = n;
  restarts.first_step = kFirstStep;
  restarts.smallest_step = kSmallestStep;
  restarts.xtol = kXtol;
  restarts.end_idle_cycles = true;
  restarts.objective = [&](std::span<const double> u) {
    const Evaluation& e = s.result.history[s.at(u, "cobyla")];
    return e.valid ? e.cost / s.cost_scale : kInvalidObjective;
  };
  restarts.constraint_count = problem.constraint_count();
  restarts.constraints = [&](std::span<const double> u, std::span<double> out) {
    const auto it = s.seen.find(s.natural(u));
    // COBYLA asks for the objective first; a mix not yet evaluated (the budget ran out) is
    // reported as violating.
    const std::vector<double> c = it != s.seen.end()
                                      ? problem.constraints(s.result.history[it->second])
                                      : std::vector<double>(out.size(), kInvalidConstraint);
    std::copy(c.begin(), c.end(), out.begin());
  };
  restarts.finished = [&] { return s.spent(); };
  restarts.run_budget = [&] { return s.max_evaluations; };  // s.spent() stops it first
  restarts.start = [&](int) {
    std::vector<double> u = s.scaled(s.result.history[s.best()].x);
    for (double& v : u) v = std::clamp(v, 0.0, 1.0);
    return u;
  };
  restarts.best_point = [&] { return s.best(); };
  const int runs = experiment::restart_search(restarts);
  s.result.restarts = std::max(0, runs - 1);
  s.result.best = s.best();
  s.result.feasible = problem.feasible(s.result.history[s.result.best]);
  s.result.front = trade_off_front(problem, s.result.history);

  // 3. The plan's mix and the best one on fresh replicates.
  const int validation = problem.spec().validation_replicates;
  if (validation > 0) {
    auto& v = s.result.validation;
    v.first_replicate = problem.spec().replicates;
    v.replicates = validation;
    v.plan = problem.evaluate(s.result.history[0].x, v.first_replicate, validation);
    v.best = problem.evaluate(s.result.history[s.result.best].x, v.first_replicate, validation);
  }
  return std::move(s.result);
}

}  // namespace regsim::optimize
