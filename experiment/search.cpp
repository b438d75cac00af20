#include "experiment/search.hpp"

#include <nlopt.h>

#include <algorithm>
#include <exception>
#include <limits>
#include <memory>
#include <stdexcept>

namespace regsim::experiment {

namespace {

/// What NLopt's C callbacks see.
struct Run {
  const RestartSearch* search = nullptr;
  nlopt_opt opt = nullptr;
  std::exception_ptr error;
  int calls = 0;  ///< objective calls of this run
};

/// Returned to NLopt for a point it asked for after the search stopped (NLopt stops at once and
/// keeps nothing of it).
constexpr double kStopped = std::numeric_limits<double>::infinity();

double objective(unsigned n, const double* u, double* grad, void* data) {
  auto& run = *static_cast<Run*>(data);
  if (grad) std::fill(grad, grad + n, 0.0);  // derivative-free: never asked for
  if (run.error) {
    nlopt_force_stop(run.opt);
    return kStopped;
  }
  try {
    if (run.search->finished()) {
      nlopt_force_stop(run.opt);
      return kStopped;
    }
    ++run.calls;
    const double f = run.search->objective({u, n});
    if (run.search->finished()) nlopt_force_stop(run.opt);
    return f;
  } catch (...) {
    run.error = std::current_exception();
    nlopt_force_stop(run.opt);
    return kStopped;
  }
}

void constraints(unsigned m, double* out, unsigned n, const double* u, double* grad, void* data) {
  auto& run = *static_cast<Run*>(data);
  if (grad) std::fill(grad, grad + static_cast<std::size_t>(m) * n, 0.0);
  try {
    run.search->constraints({u, n}, {out, m});
  } catch (...) {
    if (!run.error) run.error = std::current_exception();
    nlopt_force_stop(run.opt);
  }
}

nlopt_algorithm algorithm(LocalMethod method) {
  switch (method) {
    case LocalMethod::bobyqa:
      return NLOPT_LN_BOBYQA;
    case LocalMethod::subplex:
      return NLOPT_LN_SBPLX;
    case LocalMethod::cobyla:
      return NLOPT_LN_COBYLA;
  }
  throw std::logic_error("unknown local method");
}

}  // namespace

int restart_search(const RestartSearch& s) {
  const auto n = static_cast<unsigned>(s.dimensions);
  double step = s.first_step;
  std::size_t best_at_cycle_start = s.best_point ? s.best_point() : 0;
  int runs = 0;
  while (!s.finished()) {
    std::unique_ptr<nlopt_opt_s, decltype(&nlopt_destroy)> opt(nlopt_create(algorithm(s.method), n),
                                                               &nlopt_destroy);
    if (!opt) throw std::runtime_error("NLopt: cannot create the optimiser");
    Run run;
    run.search = &s;
    run.opt = opt.get();
    nlopt_set_lower_bounds1(run.opt, 0.0);
    nlopt_set_upper_bounds1(run.opt, 1.0);
    nlopt_set_min_objective(run.opt, objective, &run);
    if (s.constraint_count > 0) {
      const std::vector<double> tolerances(s.constraint_count, 0.0);
      nlopt_add_inequality_mconstraint(run.opt, static_cast<unsigned>(s.constraint_count),
                                       constraints, &run, tolerances.data());
    }
    nlopt_set_xtol_abs1(run.opt, s.xtol);
    nlopt_set_initial_step1(run.opt, step);
    nlopt_set_maxeval(run.opt, s.run_budget());
    std::vector<double> u = s.start(runs);
    double f = 0;
    nlopt_optimize(run.opt, u.data(), &f);
    if (run.error) std::rethrow_exception(run.error);
    ++runs;
    if (run.calls == 0) break;  // NLopt refused to start: nothing more to gain
    step /= 2;
    if (step < s.smallest_step) {
      if (s.end_idle_cycles) {
        const std::size_t best = s.best_point();
        if (best == best_at_cycle_start) break;
        best_at_cycle_start = best;
      }
      step = s.first_step;
    }
  }
  return runs;
}

}  // namespace regsim::experiment
