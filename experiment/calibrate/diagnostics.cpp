#include "experiment/calibrate/diagnostics.hpp"

#include <Eigen/SVD>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "experiment/text.hpp"

namespace regsim::calibrate {

namespace {

using experiment::pad;

std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4g", v);
  return buf;
}

std::string percent(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  return buf;
}

/// The change of a row from `a` to `b` in the objective's terms: log where both are positive,
/// else relative to the target.
double row_change(double a, double b, double target) {
  if (a > 0 && b > 0) return std::log(b / a);
  return (b - a) / std::max(std::fabs(target), 1e-12);
}

std::string row_name(const scenario::Target& t) {
  return t.id + " " + std::to_string(t.year);
}

}  // namespace

bool Diagnostics::any_implausible() const {
  return std::find(implausible.begin(), implausible.end(), true) != implausible.end();
}

Diagnostics diagnose(const Problem& problem, const Fit& fit, const DiagnoseOptions& options) {
  const auto& params = problem.scenario().calibration.parameters;
  const std::size_t n = problem.size();
  Diagnostics d;
  d.implausible.assign(n, false);
  d.at_bound.assign(n, 0);
  double largest_move = 0;
  for (std::size_t j = 0; j < n; ++j) {
    const auto& p = params[j];
    const double width = p.upper - p.lower;
    d.plausible.push_back(scenario::plausible_range(p));
    const auto& range = d.plausible.back();
    // A value at a range's end (to rounding) is inside it.
    const double slack = 1e-9 * std::max(1.0, std::fabs(width));
    d.implausible[j] =
        range && (fit.fitted[j] < range->lower - slack || fit.fitted[j] > range->upper + slack);
    if (fit.fitted[j] <= p.lower + kAtBoundShare * width) d.at_bound[j] = -1;
    if (fit.fitted[j] >= p.upper - kAtBoundShare * width) d.at_bound[j] = 1;
    largest_move = std::max(largest_move, std::fabs(fit.fitted[j] - fit.start[j]) / width);
  }
  d.moved = largest_move >= kMovedShare;

  const auto rows = problem.rows(fit.means);
  const auto& targets = problem.scenario().targets;
  for (std::size_t i = 0; i < rows.size(); ++i)
    if (!rows[i].holdout && !std::isnan(rows[i].simulated)) d.sensitivity_rows.push_back(i);

  if (options.sensitivity && options.simulate && n > 0) {
    const std::size_t m = d.sensitivity_rows.size();
    d.sensitivity.assign(m, std::vector<double>(n, 0.0));
    for (std::size_t j = 0; j < n; ++j) {
      const auto& p = params[j];
      const double width = p.upper - p.lower;
      // A step inward from the nearer bound; the other way when that point is invalid (e.g.
      // base-year firms beyond their serviced land); neither: not measured.
      double sign = fit.fitted[j] + kSensitivityStep * width <= p.upper ? 1.0 : -1.0;
      std::vector<double> means;
      for (int attempt = 0; attempt < 2 && means.empty(); ++attempt, sign = -sign) {
        std::vector<double> x = fit.fitted;
        x[j] += sign * kSensitivityStep * width;
        if (x[j] < p.lower || x[j] > p.upper) continue;
        try {
          means = options.simulate(x);
        } catch (const scenario::ScenarioError&) {
          means.clear();
        }
        if (!means.empty()) break;
      }
      if (means.empty()) {
        d.unmeasured.push_back(j);
        continue;
      }
      const auto moved = problem.rows(means);
      for (std::size_t k = 0; k < m; ++k) {
        const std::size_t i = d.sensitivity_rows[k];
        const double target = targets[rows[i].target].value;
        d.sensitivity[k][j] =
            sign * row_change(rows[i].simulated, moved[i].simulated, target) / kSensitivityStep;
      }
    }
    for (std::size_t k = 0; k < m; ++k) {
      double largest = 0;
      for (std::size_t j = 0; j < n; ++j)
        largest = std::max(largest, std::fabs(d.sensitivity[k][j]));
      if (!(largest >= kMovesRow)) d.unmoved_rows.push_back(d.sensitivity_rows[k]);
    }
    std::vector<double> norm(n, 0.0);
    for (std::size_t j = 0; j < n; ++j) {
      double largest = 0;
      for (std::size_t k = 0; k < m; ++k) {
        largest = std::max(largest, std::fabs(d.sensitivity[k][j]));
        norm[j] += d.sensitivity[k][j] * d.sensitivity[k][j];
      }
      norm[j] = std::sqrt(norm[j]);
      const bool measured =
          std::find(d.unmeasured.begin(), d.unmeasured.end(), j) == d.unmeasured.end();
      if (measured && !(largest >= kMovesRow)) d.unidentified.push_back(j);
    }
    for (std::size_t a = 0; a < n; ++a)
      for (std::size_t b = a + 1; b < n; ++b) {
        if (!(norm[a] > 0 && norm[b] > 0)) continue;
        double dot = 0;
        for (std::size_t k = 0; k < m; ++k) dot += d.sensitivity[k][a] * d.sensitivity[k][b];
        if (std::fabs(dot) / (norm[a] * norm[b]) > kConfounded) d.confounded.emplace_back(a, b);
      }
    Eigen::MatrixXd jac(static_cast<Eigen::Index>(m), static_cast<Eigen::Index>(n));
    for (std::size_t k = 0; k < m; ++k)
      for (std::size_t j = 0; j < n; ++j)
        jac(static_cast<Eigen::Index>(k), static_cast<Eigen::Index>(j)) = d.sensitivity[k][j];
    if (m > 0) {
      const Eigen::JacobiSVD<Eigen::MatrixXd> svd(jac);
      const auto& sv = svd.singularValues();
      const double largest = sv.size() > 0 ? sv(0) : 0.0;
      for (Eigen::Index k = 0; k < sv.size(); ++k) d.rank += sv(k) > 1e-2 * largest && sv(k) > 0;
    }
  }

  if (options.recheck_replicates > 0) {
    d.recheck_first = problem.replicates();
    d.recheck_count = std::max(options.recheck_replicates, problem.replicates());
    const auto per = problem.per_replicate(fit.fitted, d.recheck_first, d.recheck_count);
    std::vector<int> attained(rows.size(), 0), applicable(rows.size(), 0);
    int plan = 0, plan_applicable = 0;
    for (const auto& values : per) {
      const auto these = problem.rows(values);
      std::vector<int> met;
      for (std::size_t i = 0; i < these.size(); ++i) {
        if (these[i].met < 0) continue;
        ++applicable[i];
        attained[i] += these[i].met;
        if (!these[i].holdout) met.push_back(these[i].met);
      }
      const int whole = plan_attained(met);
      if (whole >= 0) {
        ++plan_applicable;
        plan += whole;
      }
    }
    for (std::size_t i = 0; i < rows.size(); ++i)
      d.row_probability.push_back(attainment_probability(attained[i], applicable[i]));
    d.plan_probability = attainment_probability(plan, plan_applicable);
  }
  return d;
}

std::vector<Finding> findings(const Problem& problem, const Fit& fit, const Diagnostics& d) {
  const auto& sc = problem.scenario();
  const auto& params = sc.calibration.parameters;
  const auto rows = problem.rows(fit.means);
  std::vector<Finding> out;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    // Unmet in-sample rows, and unmet rows the calibration excluded (they are findings too).
    if ((rows[i].holdout && !rows[i].excluded) || rows[i].met != 0) continue;
    const auto& t = sc.targets[rows[i].target];
    auto it = std::find_if(out.begin(), out.end(), [&](const Finding& f) { return f.id == t.id; });
    if (it != out.end()) continue;  // one finding per target, written from all its years
    Finding f{t.id,
              "not reached by a plausible economy with the plan's instruments (calibrated "
              "within plausible ranges):"};
    std::vector<std::size_t> pinned;
    bool moved = false;  // some fitted parameter moves one of its unmet rows
    for (std::size_t k = 0; k < rows.size(); ++k) {
      const auto& tk = sc.targets[rows[k].target];
      if (tk.id != t.id || (rows[k].holdout && !rows[k].excluded) || rows[k].met != 0) continue;
      f.text += ' ';
      f.text += std::to_string(tk.year);
      f.text += ' ';
      f.text += percent(100 * rows[k].deviation);
      f.text += '%';
      // Parameters that would move the row toward its target but sit at a search bound.
      const auto at = std::find(d.sensitivity_rows.begin(), d.sensitivity_rows.end(), k);
      if (at == d.sensitivity_rows.end()) continue;
      const auto& row = d.sensitivity[static_cast<std::size_t>(at - d.sensitivity_rows.begin())];
      const double needed = rows[k].deviation < 0 ? 1.0 : -1.0;  // the way the row must move
      for (std::size_t j = 0; j < params.size(); ++j)
        moved = moved || std::fabs(row[j]) >= kMovesRow;
      for (std::size_t j = 0; j < params.size(); ++j)
        if (std::fabs(row[j]) >= kMovesRow && d.at_bound[j] != 0 &&
            needed * row[j] * d.at_bound[j] > 0 &&
            std::find(pinned.begin(), pinned.end(), j) == pinned.end())
          pinned.push_back(j);
    }
    f.text += " against the target";
    if (rows[i].excluded) {
      f.text +=
          "; left out of the fit ([calibration] exclude_targets): no plausible economy "
          "with the model's variables reaches it without pulling the other rows off";
    } else if (!pinned.empty()) {
      f.text += "; what moves it is at the end of its plausible range:";
      for (std::size_t n = 0; n < pinned.size(); ++n) {
        f.text += n ? ", " : " ";
        f.text += params[pinned[n]].key;
      }
      f.text +=
          ". It needs growth beyond a plausible market and entry: projects the plan names, or "
          "a lower target";
    } else if (!moved) {
      f.text +=
          "; no fitted parameter moves it: the model's structure and the plan's base year set "
          "it, not a driver the calibration could fit (read it with the growth decomposition in "
          "VALIDATION.md)";
    } else {
      f.text += "; the rows compete (the parameters that move it are needed elsewhere)";
    }
    out.push_back(std::move(f));
  }
  return out;
}

std::vector<std::string> diagnostics_lines(const Problem& problem, const Fit& fit,
                                           const Diagnostics& d) {
  const auto& sc = problem.scenario();
  const auto& params = sc.calibration.parameters;
  const auto rows = problem.rows(fit.means);
  std::vector<std::string> out;
  out.push_back("diagnostics (MODEL.md 3.8):");
  std::size_t implausible = 0;
  for (std::size_t j = 0; j < problem.size(); ++j) {
    const auto& p = params[j];
    const auto& range = d.plausible[j];
    std::string flags;
    if (d.implausible[j])
      flags += "IMPLAUSIBLE: " + num(fit.fitted[j]) + " outside " + num(range->lower) + " .. " +
               num(range->upper) + " (" + range->source + ")";
    if (d.at_bound[j] != 0)
      flags += std::string(flags.empty() ? "" : "; ") + "at its " +
               (d.at_bound[j] < 0 ? "lower" : "upper") + " bound " +
               num(d.at_bound[j] < 0 ? p.lower : p.upper);
    if (!range) flags += std::string(flags.empty() ? "" : "; ") + "no plausible range declared";
    if (flags.empty()) continue;
    implausible += d.implausible[j];
    out.push_back("  " + pad(p.key, 44) + " " + flags);
  }
  if (!d.moved)
    out.push_back("  THE FIT DID NOT MOVE from its start (no parameter moved by " +
                  num(100 * kMovedShare) + "% of its bounds): it reproduces the start, not data");
  if (!d.sensitivity.empty()) {
    out.push_back("  local sensitivity (one step of " + num(100 * kSensitivityStep) +
                  "% of each parameter's bounds): rank " + std::to_string(d.rank) + " of " +
                  std::to_string(problem.size()) + " parameters against " +
                  std::to_string(d.sensitivity_rows.size()) + " rows");
    for (const auto i : d.unmoved_rows) {
      const auto& t = sc.targets[rows[i].target];
      out.push_back("  row " + row_name(t) + " (" + t.entity +
                    "): no parameter moves it; its fit is the model's, not the parameters'");
    }
    for (const auto j : d.unidentified)
      out.push_back("  " + pad(params[j].key, 44) +
                    " UNIDENTIFIED: moves no target row; the rows do not pin it");
    for (const auto j : d.unmeasured)
      out.push_back("  " + pad(params[j].key, 44) +
                    " not measured: a step either way makes the scenario invalid");
    for (const auto& [a, b] : d.confounded)
      out.push_back("  " + params[a].key + " and " + params[b].key +
                    ": CONFOUNDED (the rows move with them alike; only a combination is pinned)");
  }
  if (d.recheck_count > 0) {
    out.push_back("  re-check on replicates " + std::to_string(d.recheck_first) + " .. " +
                  std::to_string(d.recheck_first + d.recheck_count - 1) +
                  " (never seen by the fit): attainment probability, 95% Wilson interval");
    for (std::size_t i = 0; i < rows.size(); ++i) {
      const auto& t = sc.targets[rows[i].target];
      const auto& p = d.row_probability[i];
      if (p.applicable == 0) continue;
      out.push_back("    " + pad(row_name(t), 14) + pad(percent(p.p), 6, true) + " [" +
                    percent(p.low) + ", " + percent(p.high) + "]  " + std::to_string(p.attained) +
                    " of " + std::to_string(p.applicable) + (rows[i].holdout ? "  (holdout)" : ""));
    }
    const auto& whole = d.plan_probability;
    if (whole.applicable > 0)
      out.push_back("    " + pad("whole plan", 14) + pad(percent(whole.p), 6, true) + " [" +
                    percent(whole.low) + ", " + percent(whole.high) + "]  " +
                    std::to_string(whole.attained) + " of " + std::to_string(whole.applicable));
  }
  if (implausible > 0)
    out.push_back("  VERDICT: " + std::to_string(implausible) +
                  " fitted parameter(s) outside their plausible range: the rows they drive are "
                  "met by an economy an economist would not sign; read them as findings (what "
                  "the plan needs), not as a baseline");
  else
    out.push_back("  VERDICT: every fitted parameter with a declared range is inside it");
  return out;
}

}  // namespace regsim::calibrate
