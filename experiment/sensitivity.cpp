#include "experiment/sensitivity.hpp"

#include <cmath>
#include <filesystem>
#include <sstream>
#include <stdexcept>

#include "engine/observe/variables.hpp"
#include "experiment/cluster.hpp"
#include "experiment/input_checks.hpp"
#include "experiment/json_text.hpp"
#include "output/hdf5_writer.hpp"
#include "output/sweep_reader.hpp"

namespace regsim::experiment {

namespace {

namespace fs = std::filesystem;
using scenario::SweepDesignKind;

OutputMeasure parse_output_measure_(const std::string& text) {
  const auto bad = [&](const std::string& why) {
    return std::invalid_argument("--measure '" + text + "': " + why +
                                 "; expected [LEVEL:ENTITY:]VARIABLE@YEAR, YEAR a year or 'sum' "
                                 "(e.g. gdp@2020, county:抚顺县:output_value@sum)");
  };
  OutputMeasure o;
  o.text = text;
  const std::size_t at = text.rfind('@');
  if (at == std::string::npos || at + 1 == text.size()) throw bad("no @YEAR");
  const std::string year = text.substr(at + 1), head = text.substr(0, at);
  if (year != "sum") {
    if (year.size() > 5 || year.find_first_not_of("0123456789") != std::string::npos)
      throw bad("'" + year + "' is not a year");
    o.year = std::stoi(year);
  }
  const std::size_t c1 = head.find(':');
  if (c1 == std::string::npos) {
    o.variable = head;
  } else {
    const std::size_t c2 = head.rfind(':');
    if (c2 == c1) throw bad("a level needs an entity (LEVEL:ENTITY:VARIABLE)");
    o.level = head.substr(0, c1);
    o.entity = head.substr(c1 + 1, c2 - c1 - 1);
    o.variable = head.substr(c2 + 1);
  }
  if (o.variable.empty()) throw bad("no variable");
  // Checked against the variable catalogue before any run is made.
  for (const Level level : kAllLevels) {
    if (o.level != to_string(level)) continue;
    for (const auto& v : output_variables(level))
      if (v.name == o.variable) return o;
    throw bad("no variable '" + o.variable + "' at level " + o.level + " (see `regsim variables`)");
  }
  throw bad("no level '" + o.level +
            "' (region, county, platform, sector, policy, payer, policy_payer)");
}

/// Per run, the output's value.
std::vector<double> run_values(const fs::path& sweep_h5, const OutputMeasure& o,
                               std::vector<int>& point_of_run) {
  output::SweepSeries s;
  try {
    s = output::read_sweep_series(sweep_h5, o.level, o.variable);
  } catch (const output::OutputError& e) {
    throw std::invalid_argument("--measure '" + o.text + "': " + e.what());
  }
  std::size_t entity = 0;
  if (o.level != "region") {
    entity = s.entities.size();
    for (std::size_t e = 0; e < s.entities.size(); ++e)
      if (s.entities[e] == o.entity) entity = e;
    if (entity == s.entities.size())
      throw std::invalid_argument("--measure '" + o.text + "': no " + o.level + " '" + o.entity +
                                  "'");
  }
  std::vector<std::size_t> years;
  for (std::size_t y = 0; y < s.years.size(); ++y)
    if (o.year ? s.years[y] == *o.year : y > 0) years.push_back(y);
  if (years.empty())
    throw std::invalid_argument("--measure '" + o.text + "': no year " +
                                std::to_string(o.year.value_or(0)) + " in the sweep (" +
                                std::to_string(s.years.front()) + ".." +
                                std::to_string(s.years.back()) + ")");
  const std::size_t ny = s.years.size(), ne = s.entities.size();
  std::vector<double> v(s.point.size(), 0.0);
  for (std::size_t r = 0; r < v.size(); ++r)
    for (const std::size_t y : years) v[r] += s.values[(r * ny + y) * ne + entity];
  point_of_run = s.point;
  return v;
}

/// The request's checks before any run: the outputs, the confidence, the spec's design, the
/// output files.
std::vector<OutputMeasure> checked(const SensitivityRequest& a, scenario::SweepSpec& spec) {
  if (!(a.confidence > 0 && a.confidence < 1))
    throw std::invalid_argument("--confidence must be between 0 and 1 (exclusive)");
  std::vector<OutputMeasure> outputs;
  for (const auto& t : a.outputs) outputs.push_back(parse_output_measure(t));
  spec = scenario::load_sweep_spec(a.sweep.spec);
  if (spec.design != SweepDesignKind::saltelli && spec.design != SweepDesignKind::morris)
    throw scenario::ScenarioError(
        spec.where,
        "regsim sensitivity needs design = \"saltelli\" (Sobol indices) or \"morris\" "
        "(elementary effects) in [sweep], not '" +
            std::string(scenario::to_string(spec.design)) + "'");
  for (const auto& [path, option] : a.files)
    if (path != "-") refuse_output_onto_inputs(path, option, {{a.sweep.spec, "sweep spec"}});
  return outputs;
}

}  // namespace

OutputMeasure parse_output_measure(const std::string& text) {
  return parse_output_measure_(text);
}

Sensitivity sensitivity(const SensitivityRequest& a) {
  scenario::SweepSpec spec;
  std::vector<OutputMeasure> outputs;
  try {
    outputs = checked(a, spec);
  } catch (...) {
    // The other ranks sit in the sweep's serve(): end them with this failure's code.
    Runner(1).finish(cluster::describe(std::current_exception()).exit_code);
    throw;
  }
  Sensitivity s;
  // 1. The runs: the sweep (resumes; shares the runs between ranks under mpirun).
  s.sweep = run_sweep(a.sweep);
  const fs::path sweep_h5 = *s.sweep.sweep_h5;

  // 2. The indices of each output, on the replicate means of each point.
  s.spec = a.sweep.spec;
  s.design = scenario::to_string(spec.design);
  s.points = spec.points;
  s.replicates = spec.replicates;
  s.confidence = a.confidence;
  for (const auto& f : spec.factors) s.factors.push_back(f.key);
  const std::size_t k = spec.factors.size();
  const sweep::Design unit = scenario::unit_design(spec, k);
  for (std::size_t o = 0; o < outputs.size(); ++o) {
    std::vector<int> point_of_run;
    const std::vector<double> y_run = run_values(sweep_h5, outputs[o], point_of_run);
    std::vector<double> y(spec.points, 0.0);
    std::vector<int> n(spec.points, 0);
    for (std::size_t r = 0; r < y_run.size(); ++r) {
      y[static_cast<std::size_t>(point_of_run[r])] += y_run[r];
      ++n[static_cast<std::size_t>(point_of_run[r])];
    }
    for (std::size_t p = 0; p < y.size(); ++p) y[p] /= n[p];
    // Replicate noise in the point means the indices decompose. Under common random numbers
    // replicate r shares its random streams at every point, so a run is point effect +
    // replicate effect (the same at every point: no effect on the indices) + a residual; the
    // residual's variance (two-way analysis of variance, (P-1)(R-1) degrees of freedom) over R
    // is the noise in a point mean, compared with the variance of the point means. Runs are
    // point-major: run = point x R + replicate.
    const std::size_t reps = spec.replicates, pts = spec.points;
    double noise_share = NAN;
    if (reps > 1) {
      std::vector<double> rep_mean(reps, 0.0);
      double grand = 0;
      for (std::size_t r = 0; r < y_run.size(); ++r) rep_mean[r % reps] += y_run[r] / pts;
      for (const double v : y) grand += v / static_cast<double>(pts);
      double residual = 0, between = 0;
      for (std::size_t r = 0; r < y_run.size(); ++r) {
        const double e = y_run[r] - y[r / reps] - rep_mean[r % reps] + grand;
        residual += e * e;
      }
      for (const double v : y) between += (v - grand) * (v - grand);
      between /= static_cast<double>(pts - 1);
      const double noise_var = residual / static_cast<double>((pts - 1) * (reps - 1));
      if (between > 0) noise_share = noise_var / static_cast<double>(reps) / between;
    }
    SensitivityOutput out;
    out.text = outputs[o].text;
    out.replicate_noise_share = noise_share;
    if (spec.design == SweepDesignKind::saltelli)
      out.sobol = sweep::sobol_indices(y, k, static_cast<std::size_t>(a.bootstrap), spec.seed,
                                       a.confidence);
    else
      out.morris = sweep::morris_indices(y, unit);
    s.outputs.push_back(std::move(out));
  }
  return s;
}

int serve_sensitivity(const SensitivityRequest& a) {
  return serve_sweep(a.sweep);
}

std::string sensitivity_json(const Sensitivity& s) {
  std::ostringstream json;
  json << "{\n  \"spec\": " << json_string(s.spec) << ", \"design\": " << json_string(s.design)
       << ", \"points\": " << s.points << ", \"replicates\": " << s.replicates
       << ", \"confidence\": " << json_num(s.confidence) << ",\n  \"outputs\": [";
  for (std::size_t o = 0; o < s.outputs.size(); ++o) {
    const SensitivityOutput& out = s.outputs[o];
    json << (o ? "," : "") << "\n    {\"output\": " << json_string(out.text)
         << ", \"replicate_noise_share\": " << json_num(out.replicate_noise_share)
         << ", \"factors\": [";
    for (std::size_t i = 0; i < s.factors.size(); ++i) {
      json << (i ? "," : "") << "\n      {\"key\": " << json_string(s.factors[i]);
      if (s.design == "saltelli") {
        const auto& f = out.sobol.factors[i];
        json << ", \"first\": " << json_num(f.first) << ", \"first_ci\": [" << json_num(f.first_low)
             << ", " << json_num(f.first_high) << "], \"total\": " << json_num(f.total)
             << ", \"total_ci\": [" << json_num(f.total_low) << ", " << json_num(f.total_high)
             << "]}";
      } else {
        const auto& m = out.morris[i];
        json << ", \"mu_star\": " << json_num(m.mu_star) << ", \"mu\": " << json_num(m.mu)
             << ", \"sigma\": " << json_num(m.sigma) << "}";
      }
    }
    json << "]}";
  }
  json << "\n  ]\n}\n";
  return json.str();
}

}  // namespace regsim::experiment
