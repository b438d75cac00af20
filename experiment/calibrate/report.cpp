#include "experiment/calibrate/report.hpp"

#include <cmath>
#include <cstdio>
#include <sstream>

#include "experiment/text.hpp"
#include "output/timestamp.hpp"

namespace regsim::calibrate {

namespace {

using experiment::pad;

std::string num(double v, int significant = 6) {
  if (std::isnan(v)) return "-";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*g", significant, v);
  return buf;
}

std::string fixed(double v, int decimals) {
  if (std::isnan(v)) return "-";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

}  // namespace

std::vector<std::string> report(const Problem& problem, const Fit& fit, const RunInfo& info,
                                const Diagnostics* diagnostics) {
  const scenario::Scenario& sc = problem.scenario();
  const auto rows = problem.rows(fit.means);
  std::size_t in_sample = 0, holdout = 0, met = 0, holdout_met = 0, excluded = 0, excluded_met = 0;
  for (const auto& r : rows) {
    if (r.excluded) {
      excluded += 1;
      excluded_met += r.met == 1;
      continue;
    }
    (r.holdout ? holdout : in_sample) += 1;
    if (r.met == 1) (r.holdout ? holdout_met : met) += 1;
  }
  std::vector<std::string> out;
  out.push_back("regsim calibrate " + info.scenario_file + " (regsim " + REGSIM_VERSION + ", " +
                output::utc_now_iso8601() + ")");
  const bool implausible = diagnostics && diagnostics->any_implausible();
  out.push_back("standard: " +
                std::string(fit.standard_met ? (implausible ? "REACHED WITH IMPLAUSIBLE PARAMETERS "
                                                              "(see the diagnostics)"
                                                            : "REACHED")
                                             : "NOT REACHED") +
                " (replicate mean; every in-sample '=' row within its tolerance, every "
                "inequality met): " +
                std::to_string(met) + " of " + std::to_string(in_sample) + " in-sample rows met" +
                (holdout ? "; holdout " + std::to_string(holdout_met) + " of " +
                               std::to_string(holdout) + " met"
                         : "") +
                (excluded ? "; excluded " + std::to_string(excluded_met) + " of " +
                                std::to_string(excluded) + " met"
                          : ""));
  out.push_back("evaluations " + std::to_string(fit.evaluations) + " (budget " +
                std::to_string(info.max_evaluations) + ", " + std::to_string(fit.restarts) +
                " restarts), objective " + num(fit.objective) + ", wall time " +
                fixed(info.seconds, 1) + " s on " +
                (info.ranks > 1 ? std::to_string(info.ranks) + " ranks x " : std::string()) +
                std::to_string(info.threads) + " threads");
  out.push_back("replicates " + std::to_string(problem.replicates()) + " (0 .. " +
                std::to_string(problem.replicates() - 1) + " of seed " + std::to_string(sc.seed) +
                ", common random numbers); simulated = replicate mean");
  out.push_back(
      std::to_string(problem.size()) + " parameters fitted against " + std::to_string(in_sample) +
      " target rows" +
      (holdout ? " (" + std::to_string(holdout) + " holdout rows out of sample)" : "") +
      (excluded ? " (" + std::to_string(excluded) + " excluded rows out of the objective)" : ""));
  out.push_back("");
  out.push_back(pad("parameter", 44) + pad("lower", 10, true) + pad("upper", 10, true) +
                pad("start", 12, true) + pad("fitted", 12, true) + "  meaning");
  for (std::size_t j = 0; j < problem.size(); ++j) {
    const auto& p = sc.calibration.parameters[j];
    out.push_back(pad(p.key, 44) + pad(num(p.lower), 10, true) + pad(num(p.upper), 10, true) +
                  pad(num(fit.start[j]) + (problem.start_written(j) ? "" : "*"), 12, true) +
                  pad(num(fit.fitted[j]), 12, true) + "  " + p.meaning);
  }
  bool any_default = false;
  for (std::size_t j = 0; j < problem.size(); ++j) any_default |= !problem.start_written(j);
  if (any_default)
    out.push_back("* not written in the scenario: started from the middle of the bounds");
  out.push_back("");
  out.push_back(pad("id", 8) + pad("entity", 40) + pad("variable", 22) + pad("year", 6) +
                pad("cmp", 4) + pad("target", 11, true) + pad("simulated", 12, true) +
                pad("dev %", 9, true) + "  " + pad("sample", 10) + "met");
  for (const auto& r : rows) {
    const scenario::Target& t = sc.targets[r.target];
    const std::string variable =
        t.transform == scenario::TargetTransform::level
            ? t.variable
            : std::string(scenario::to_string(t.transform)) + "(" + t.variable + ")";
    out.push_back(pad(t.id, 8) + pad(t.entity, 40) + pad(variable, 22) +
                  pad(std::to_string(t.year), 6) + pad(scenario::to_string(t.comparator), 4) +
                  pad(num(t.value), 11, true) + pad(num(r.simulated), 12, true) +
                  pad(fixed(100 * r.deviation, 2), 9, true) + "  " +
                  pad(r.excluded  ? "excluded"
                      : r.holdout ? "holdout"
                                  : "in-sample",
                      10) +
                  (r.met == 1   ? "yes"
                   : r.met == 0 ? "no"
                                : "n/a"));
  }
  if (diagnostics) {
    out.push_back("");
    for (auto& line : diagnostics_lines(problem, fit, *diagnostics)) out.push_back(std::move(line));
  }
  return out;
}

std::string overlay_text(const Problem& problem, const Fit& fit,
                         const std::vector<std::string>& report, const std::string& extends,
                         int replicates, const Diagnostics* diagnostics) {
  std::ostringstream text;
  for (const auto& line : report) text << (line.empty() ? "#" : "# " + line) << "\n";
  text << "#\n# Fitted by regsim calibrate; [calibration] is inherited unchanged.\n";
  text << problem.overlay(fit.fitted, extends,
                          "format = 1\nreplicates = " + std::to_string(replicates) + "\n");
  if (diagnostics) {
    const auto quoted = [](const std::string& s) {
      std::string q = "\"";
      for (const char c : s) {
        if (c == '"' || c == '\\') q += '\\';
        q += c;
      }
      return q + "\"";
    };
    for (const auto& f : findings(problem, fit, *diagnostics))
      text << "\n[[targets]]\nid = " << quoted(f.id) << "\nfinding = " << quoted(f.text) << "\n";
  }
  return text.str();
}

}  // namespace regsim::calibrate
